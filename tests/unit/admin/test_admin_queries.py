"""The back office's list: every filter, search and paging (SQLite and PostgreSQL)."""

from datetime import UTC, datetime, timedelta

from alma_widget.admin.queries import Filters, list_requests, matching_in_batches, set_status
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import PageContext, create_request
from alma_widget.storage.tables import utc_now

ROWS = [
    # email, category, topic, merchant, age in days
    ("a@exemple.fr", "payment", "payment-refused", "Boutique Démo", 0),
    ("b@exemple.fr", "order", "refund", "Chaises & Co", 2),
    ("c@exemple.fr", "order", "sncf-order", "SNCF Connect", 10),
    ("d@exemple.fr", "account", "complaint", None, 40),
]


def seed(session_factory) -> dict[str, str]:
    references = {}
    for index, (email, category, topic, merchant, age) in enumerate(ROWS):
        request_in = ContactRequestIn.model_validate(
            {
                "category_id": category,
                "topic_id": topic,
                "email": email,
                "phone": "0612345678",
                "message": "Une demande pour tester les filtres.",
            }
        )
        with session_factory() as session:
            row, _ = create_request(
                session=session,
                request_in=request_in,
                submission_key=f"f{index}",
                context=PageContext(merchant_name=merchant),
            )
            row.created_at = utc_now() - timedelta(days=age)
            session.add(row)
            session.commit()
            references[email] = row.reference
    return references


def emails(session_factory, **filters) -> list[str]:
    with session_factory() as session:
        rows, total = list_requests(session=session, filters=Filters(**filters))
    assert total == len(rows)
    return [r.email for r in rows]


def test_filters_and_search(session_factory):
    refs = seed(session_factory)
    assert emails(session_factory) == [
        "a@exemple.fr",
        "b@exemple.fr",
        "c@exemple.fr",
        "d@exemple.fr",
    ]
    assert emails(session_factory, category_id="order") == ["b@exemple.fr", "c@exemple.fr"]
    assert emails(session_factory, topic_id="complaint") == ["d@exemple.fr"]
    assert emails(session_factory, merchant="chaises") == ["b@exemple.fr"]
    today = utc_now().date()
    since = (today - timedelta(days=11)).isoformat()
    until = (today - timedelta(days=1)).isoformat()
    assert emails(session_factory, since=since, until=until) == ["b@exemple.fr", "c@exemple.fr"]
    assert emails(session_factory, search=refs["c@exemple.fr"].lower()) == ["c@exemple.fr"]
    assert emails(session_factory, search="D@EXEMPLE") == ["d@exemple.fr"]
    assert emails(session_factory, since="pas une date") == emails(session_factory)
    with session_factory() as session:
        assert set_status(
            session=session, reference=refs["a@exemple.fr"], status="closed", by="support"
        )
        assert not set_status(
            session=session, reference=refs["a@exemple.fr"], status="perdu", by="support"
        )
    assert emails(session_factory, status="closed") == ["a@exemple.fr"]
    assert "a@exemple.fr" not in emails(session_factory, status="new")


def test_paging(session_factory):
    seed(session_factory)
    with session_factory() as session:
        first, total = list_requests(session=session, filters=Filters(), page=1, per_page=3)
        second, _ = list_requests(session=session, filters=Filters(), page=2, per_page=3)
    assert total == 4 and len(first) == 3 and len(second) == 1
    assert {r.id for r in first}.isdisjoint({r.id for r in second})


def test_the_export_reads_every_match_newest_first_a_batch_at_a_time(session_factory):
    seed(session_factory)  # stored oldest last: their ids run the other way
    with session_factory() as session:
        batches = [
            [row.email for row in batch]
            for batch in matching_in_batches(session=session, filters=Filters(), size=3)
        ]
    assert batches == [["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"], ["d@exemple.fr"]]


def _stored(session_factory, key, created_at, **context):
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "account",
            "topic_id": "complaint",
            "email": f"{key}@exemple.fr",
            "message": "Une demande pour tester les bornes.",
        }
    )
    with session_factory() as session:
        row, _ = create_request(
            session=session,
            request_in=request_in,
            submission_key=key,
            context=PageContext(**context),
        )
        row.created_at = created_at
        session.add(row)
        session.commit()


def test_days_are_whole_and_a_merchant_is_found_by_id_or_name(session_factory):
    """« Du 1er au 2 février »: from the first instant of the 1st to the last of the 2nd."""
    _stored(session_factory, "first", datetime(2027, 2, 1, tzinfo=UTC), merchant_id="m_42")
    _stored(session_factory, "last", datetime(2027, 2, 2, 23, 59, 59, tzinfo=UTC))
    _stored(session_factory, "after", datetime(2027, 2, 3, tzinfo=UTC), merchant_name="Chaises")
    _stored(session_factory, "before", datetime(2027, 1, 31, 23, 59, 59, tzinfo=UTC))
    assert emails(session_factory, since="2027-02-01", until="2027-02-02") == [
        "last@exemple.fr",
        "first@exemple.fr",
    ]
    assert emails(session_factory, merchant="m_42") == ["first@exemple.fr"]
    assert emails(session_factory, merchant="chaises") == ["after@exemple.fr"]


def test_the_delivery_filter(session_factory):
    seed(session_factory)
    with session_factory() as session:
        rows, _ = list_requests(session=session, filters=Filters(search="b@exemple.fr"))
        rows[0].delivery_status = "failed"
        session.add(rows[0])
        session.commit()
    assert emails(session_factory, delivery="failed") == ["b@exemple.fr"]
    assert "b@exemple.fr" not in emails(session_factory, delivery="pending")
    assert len(emails(session_factory, delivery="unknown")) == 4  # not a filter: everything
