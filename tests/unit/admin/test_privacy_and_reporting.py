"""Retention purge, erasure, deflection figures and the CSV export (SQLite and PostgreSQL)."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from alma_widget.admin.privacy import Retention, erase, purge
from alma_widget.admin.reporting import deflection, safe_cell, satisfaction_by_category
from alma_widget.contact.attachments import save
from alma_widget.storage.queries import record_flow_event
from alma_widget.storage.replies import add_reply
from alma_widget.storage.satisfaction import add_rating
from alma_widget.storage.tables import (
    Attachment,
    CustomerReply,
    FlowEvent,
    OutboxMessage,
    SatisfactionRating,
    SupportRequest,
    TrackingLink,
    utc_now,
)
from alma_widget.tracking.links import new_link
from tests.support.records import PNG, add_request


def test_purge_applies_each_retention(session_factory, tmp_path):
    old, old_file = add_request(
        session_factory, tmp_path, email="vieux@exemple.fr", key="a", age_days=1200
    )
    middle, middle_file = add_request(
        session_factory, tmp_path, email="moyen@exemple.fr", key="b", age_days=400
    )
    recent, recent_file = add_request(session_factory, tmp_path, email="recent@exemple.fr", key="c")
    with session_factory() as session:
        removed = purge(session=session, retention=Retention(), upload_dir=tmp_path)
    assert (removed.requests, removed.attachments, removed.files) == (1, 2, 2)
    with session_factory() as session:
        ids = {r.id for r in session.exec(select(SupportRequest))}
        assert ids == {middle, recent}
        assert [a.request_id for a in session.exec(select(Attachment))] == [recent]
        assert (
            session.exec(select(OutboxMessage).where(OutboxMessage.request_id == old)).all() == []
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == [recent_file]
    assert not (tmp_path / old_file).exists() and not (tmp_path / middle_file).exists()


def test_purge_removes_the_files_of_forms_never_sent(session_factory, tmp_path):
    _, held_file = add_request(session_factory, tmp_path, email="envoye@exemple.fr", key="h")
    left = save("abandon.png", PNG, tmp_path).stored_name  # added, then the form was left
    fresh = save("en-cours.png", PNG, tmp_path).stored_name  # a customer still typing
    other = tmp_path / "README.txt"  # not ours: never touched
    other.write_text("x")
    day_ago = (utc_now() - timedelta(hours=25)).timestamp()
    for name in (held_file, left):
        os.utime(tmp_path / name, (day_ago, day_ago))
    with session_factory() as session:
        removed = purge(session=session, retention=Retention(), upload_dir=tmp_path)
    assert (removed.unsent_files, removed.files) == (1, 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([held_file, fresh, "README.txt"])
    assert "1 file(s) of forms never sent" in str(removed)


def test_erasure_removes_everything_tied_to_an_email(session_factory, tmp_path):
    add_request(session_factory, tmp_path, email="Efface.Moi@exemple.fr", key="x")
    add_request(session_factory, tmp_path, email="efface.moi@EXEMPLE.fr", key="y")
    kept, kept_file = add_request(session_factory, tmp_path, email="autre@exemple.fr", key="z")
    with session_factory() as session:
        removed = erase(session=session, email="efface.moi@exemple.fr", upload_dir=tmp_path)
    assert (removed.requests, removed.attachments, removed.files, removed.mails) == (2, 2, 2, 2)
    with session_factory() as session:
        assert [r.id for r in session.exec(select(SupportRequest))] == [kept]
    assert [p.name for p in tmp_path.iterdir()] == [kept_file]


def test_erasure_refuses_a_bad_address(session_factory, tmp_path):
    with session_factory() as session, pytest.raises(ValueError):
        erase(session=session, email="pas-une-adresse", upload_dir=tmp_path)


def test_flow_events_are_kept_400_days_by_default(session_factory, tmp_path):
    with session_factory() as session:
        record_flow_event(session=session, topic_id="refund", kind="help_shown")
        # Requests purged after three years are not what the figures follow.
        removed = purge(session=session, now=utc_now() + timedelta(days=399), upload_dir=tmp_path)
        assert removed.flow_events == 0 and len(session.exec(select(FlowEvent)).all()) == 1
        removed = purge(session=session, now=utc_now() + timedelta(days=401), upload_dir=tmp_path)
        assert removed.flow_events == 1 and session.exec(select(FlowEvent)).all() == []


def test_a_form_opened_and_left_is_not_counted_as_helped(session_factory):
    """The issue's case: 42 help shown, 40 forms opened, 2 sent was shown as 95 % deflected."""
    with session_factory() as session:
        for kind, number in (("help_shown", 42), ("form_opened", 40), ("request_sent", 2)):
            for _ in range(number):
                record_flow_event(session=session, topic_id="payment-refused", kind=kind)
        [row] = [r for r in deflection(session=session) if r["topic_id"] == "payment-refused"]
    assert round(row["solved_rate"], 3) == round(2 / 42, 3)
    assert row["yes_rate"] is None


def test_deflection_per_topic(session_factory):
    with session_factory() as session:
        for kind in (
            ["help_shown"] * 4 + ["helped_yes"] * 2 + ["helped_no", "form_opened", "request_sent"]
        ):
            record_flow_event(session=session, topic_id="refund", kind=kind)
        table = {row["topic_id"]: row for row in deflection(session=session)}
    refund = table["refund"]
    assert (refund["help_shown"], refund["helped_yes"], refund["helped_no"]) == (4, 2, 1)
    assert (refund["form_opened"], refund["request_sent"]) == (1, 1)
    assert refund["solved_rate"] == 0.75  # 1 of the 4 opened the form
    assert refund["yes_rate"] == 2 / 3
    assert table["complaint"]["solved_rate"] is None and table["complaint"]["yes_rate"] is None
    assert len(table) == 16


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33612345678", "'+33612345678"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Bonjour", "Bonjour"),
        (None, ""),
        ("a=b", "a=b"),
    ],
)
def test_csv_cells_never_run_as_formulas(value, cell):
    assert safe_cell(value) == cell


def test_purge_removes_tracking_links_past_their_time(session_factory, tmp_path):
    add_request(session_factory, tmp_path, email="suivi@exemple.fr", key="t")
    with session_factory() as session:
        row = session.exec(select(SupportRequest)).one()
        now = utc_now()
        new_link(
            session=session, reference=row.reference, email=row.email, now=now - timedelta(hours=1)
        )
        new_link(session=session, reference=row.reference, email=row.email, now=now)
        removed = purge(session=session, retention=Retention(), upload_dir=tmp_path)
        assert removed.tracking_links == 1
        assert len(session.exec(select(TrackingLink)).all()) == 1


def _answered(session_factory, upload_dir, request_id, key):
    """An answer from the widget under the request, with a photo."""
    photo = save("reponse.png", PNG, upload_dir)
    with session_factory() as session:
        request = session.get(SupportRequest, request_id)
        add_reply(
            session=session, request=request, message="Voici.", submission_key=key, files=[photo]
        )
    return photo.stored_name


def test_erasure_and_retention_take_the_answers_and_their_files(session_factory, tmp_path):
    erased, _ = add_request(session_factory, tmp_path, email="efface@exemple.fr", key="x")
    _answered(session_factory, tmp_path, erased, "r1")
    kept, kept_file = add_request(session_factory, tmp_path, email="autre@exemple.fr", key="z")
    kept_answer = _answered(session_factory, tmp_path, kept, "r2")
    with session_factory() as session:
        removed = erase(session=session, email="efface@exemple.fr", upload_dir=tmp_path)
    assert (removed.requests, removed.replies, removed.files) == (1, 1, 2)
    with session_factory() as session:
        assert [r.request_id for r in session.exec(select(CustomerReply))] == [kept]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([kept_file, kept_answer])
    # Past its retention, the request goes with its answer (and a follow-up loses the link).
    old, _ = add_request(
        session_factory, tmp_path, email="vieux@exemple.fr", key="o", age_days=1200
    )
    _answered(session_factory, tmp_path, old, "r3")
    with session_factory() as session:
        follow_up = session.get(SupportRequest, kept)
        follow_up.follows_up_id = old
        session.add(follow_up)
        session.commit()
    with session_factory() as session:
        assert purge(session=session, retention=Retention(), upload_dir=tmp_path).replies == 1
    with session_factory() as session:
        assert session.get(SupportRequest, kept).follows_up_id is None


def test_satisfaction_by_category_over_a_period(session_factory, tmp_path):
    """Ratings are counted by when they were given: the period's bounds, start included."""
    given = {
        "a": (datetime(2027, 1, 15, tzinfo=UTC), True),
        "b": (datetime(2027, 2, 1, tzinfo=UTC), False),
        "c": (datetime(2027, 3, 1, tzinfo=UTC), True),
    }
    for key, (moment, good) in given.items():
        request_id, _ = add_request(session_factory, tmp_path, email=f"{key}@exemple.fr", key=key)
        with session_factory() as session:
            row = session.get(SupportRequest, request_id)
            assert add_rating(session=session, row=row, good=good, deliver=False)
            rating = session.exec(select(SatisfactionRating)).all()[-1]
            rating.created_at = moment
            session.add(rating)
            session.commit()

    def order(**period):
        with session_factory() as session:
            rows = satisfaction_by_category(session=session, **period)
        [found] = [r for r in rows if r["category"] == "Ma commande"]
        assert all(r["rated"] == 0 for r in rows if r is not found)
        return found["rated"], found["satisfied"], found["satisfaction_rate"]

    february, march = datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    assert order()[:2] == (3, 2)
    assert order(since=february) == (2, 1, 0.5)
    assert order(until=february) == (1, 1, 1.0)
    assert order(since=february, until=march) == (1, 0, 0.0)


def test_deflection_over_a_period_by_topic_and_way_in(session_factory):
    """Steps counted by when they happened, each on its own topic; a help reached by the
    search or the form's suggestion is counted as found by search, whatever else followed."""
    january, february, march = (datetime(2027, month, 10, tzinfo=UTC) for month in (1, 2, 3))
    steps = [
        (january, "refund", "help_shown", "choice"),
        (january, "refund", "help_shown", "choice"),
        (february, "refund", "help_shown", "search"),
        (february, "refund", "help_shown", "suggestion"),
        (february, "refund", "helped_no", "search"),
        (march, "refund", "form_opened", "choice"),
        (february, "complaint", "help_shown", "choice"),
        (february, "complaint", "helped_yes", "choice"),
        (february, "complaint", "helped_no", "choice"),
    ]
    with session_factory() as session:
        for moment, topic, kind, source in steps:
            session.add(FlowEvent(created_at=moment, topic_id=topic, kind=kind, source=source))
        session.commit()

    def table(**period):
        with session_factory() as session:
            return {row["topic_id"]: row for row in deflection(session=session, **period)}

    every = table()
    refund, complaint = every["refund"], every["complaint"]
    assert refund["topic"] == "Mon remboursement"
    assert (refund["help_shown"], refund["found_by_search"], refund["form_opened"]) == (4, 2, 1)
    assert (refund["request_sent"], refund["rated"], refund["satisfied"]) == (0, 0, 0)
    assert refund["solved_rate"] == 0.75 and refund["yes_rate"] == 0.0
    assert (complaint["help_shown"], complaint["yes_rate"], complaint["found_by_search"]) == (
        1,
        0.5,
        0,
    )
    since = table(since=datetime(2027, 2, 1, tzinfo=UTC))["refund"]
    assert (since["help_shown"], since["found_by_search"], since["form_opened"]) == (2, 2, 1)
    until = table(until=datetime(2027, 2, 1, tzinfo=UTC))
    assert (until["refund"]["help_shown"], until["refund"]["found_by_search"]) == (2, 0)
    assert until["complaint"]["help_shown"] == 0
