"""The outbox against a real SMTP server (aiosmtpd): up, down, back, and two workers."""

from datetime import timedelta

import pytest

from alma_widget.delivery import mail
from alma_widget.delivery.outbox import (
    CLAIM_LEASE,
    backoff_seconds,
    claim_due,
    deliver_due,
    deliver_one,
    renew_claim,
)
from alma_widget.metrics import FAILURE_OUTCOMES as OUTCOMES
from alma_widget.settings import Settings
from alma_widget.storage.queries import PageContext
from alma_widget.storage.tables import SupportRequest, as_utc, utc_now
from harness.smtp import SmtpSink, free_port
from tests.support.metrics import counted
from tests.unit.delivery.rows import MESSAGE, make_due, outbox, store_one, two_workers
from tests.unit.delivery.smtp_settings import mail_settings


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


def test_delivers_plain_text_with_no_header_injection(session_factory, sink):
    row = store_one(session_factory)
    assert deliver_due(session_factory, mail_settings(sink.port)) == 1
    [mail] = sink.received()
    assert mail["Subject"] == f"[{row.reference}] Ma commande – Je n'ai pas reçu ma commande"
    assert mail["To"] == "support@alma.test" and mail["Reply-To"] == "client@exemple.fr"
    assert mail["From"] == "widget@alma.test"
    assert mail.get_content_type() == "text/plain"
    assert "piège" not in str(mail["Subject"])
    body = mail.get_payload(decode=True).decode()
    assert "<b>Bonjour</b>" in body and "Subject: piège" in body
    [sent] = outbox(session_factory)
    assert sent.status == "sent" and sent.attempts == 1 and sent.sent_at is not None
    with session_factory() as session:
        assert session.get(SupportRequest, row.id).delivery_status == "sent"
    assert deliver_due(session_factory, mail_settings(sink.port)) == 0
    assert len(sink.received()) == 1


def test_the_team_reads_every_detail_and_a_dash_for_what_was_not_given(session_factory, sink):
    context = PageContext("checkout", "m-42", "Boutique Exemple", "https://boutique.test/panier")
    given = store_one(session_factory, "given", order_reference="CMD-7", context=context)
    bare = store_one(session_factory, "bare")
    deliver_due(session_factory, mail_settings(sink.port))
    bodies = {m["Subject"][1:13]: m.get_content().replace("\r\n", "\n") for m in sink.received()}
    details = (
        "Catégorie : Ma commande\nSujet : Je n'ai pas reçu ma commande\nEmail : client@exemple.fr\n"
    )
    assert bodies[given.reference].endswith(
        details + "Téléphone : +33612345678\nRéférence de commande : CMD-7\nLangue : fr\n"
        "Contexte : checkout\nMarchand : Boutique Exemple (m-42)\n"
        "Page : https://boutique.test/panier\n\nMessage :\n" + MESSAGE.replace("\r\n", "\n") + "\n"
    )
    assert bodies[bare.reference].endswith(
        details + "Téléphone : +33612345678\nRéférence de commande : -\nLangue : fr\n"
        "Contexte : -\nMarchand : - (-)\nPage : -\n\nMessage :\n"
        + MESSAGE.replace("\r\n", "\n")
        + "\n"
    )
    assert bodies[given.reference].startswith(f"Référence : {given.reference}\nReçue le : ")


def test_acknowledgement_goes_to_the_customer(session_factory, sink):
    row = store_one(session_factory, acknowledge=True)
    assert deliver_due(session_factory, mail_settings(sink.port)) == 2
    ack = next(m for m in sink.received() if m["To"] == "client@exemple.fr")
    assert row.reference in ack["Subject"]
    body = ack.get_payload(decode=True).decode()
    assert f"Sa référence : {row.reference}." in body  # what they quote when they write back
    assert MESSAGE not in body


def test_acknowledgement_in_the_customers_language(session_factory, sink):
    row = store_one(session_factory, acknowledge=True, locale="en")
    deliver_due(session_factory, mail_settings(sink.port))
    ack = next(m for m in sink.received() if m["To"] == "client@exemple.fr")
    assert ack["Subject"] == f"Your request {row.reference} has been received"
    assert "Our teams usually reply within 24 hours." in ack.get_content()


def test_server_down_then_back_delivers_exactly_once(session_factory):
    port = free_port()
    settings = mail_settings(port, outbox_retry_base_seconds=30)
    row = store_one(session_factory)
    assert deliver_due(session_factory, settings) == 0  # nobody listens on the port
    [waiting] = outbox(session_factory)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.last_error == "ConnectionRefusedError"
    assert deliver_due(session_factory, settings) == 0  # not due yet: backoff
    assert outbox(session_factory)[0].attempts == 1
    with SmtpSink(port=port) as sink:
        make_due(session_factory)
        assert deliver_due(session_factory, settings) == 1
        assert deliver_due(session_factory, settings) == 0
        assert [m["Subject"].split("]")[0] for m in sink.received()] == [f"[{row.reference}"]


def test_a_refusal_for_now_is_tried_again_and_its_code_kept(session_factory, sink):
    store_one(session_factory)
    sink.refusal = "451 4.3.0 Mailbox busy"
    assert deliver_due(session_factory, mail_settings(sink.port)) == 0
    [waiting] = outbox(session_factory)
    # What the operator reads: the failure and the server's code, nothing of the mail.
    assert (waiting.status, waiting.last_error) == ("pending", "SMTPDataError 451")
    sink.refusal = None
    make_due(session_factory)
    assert deliver_due(session_factory, mail_settings(sink.port)) == 1
    assert len(sink.received()) == 1


def test_gives_up_after_the_last_attempt(session_factory):
    settings = mail_settings(free_port(), outbox_max_attempts=2)
    store_one(session_factory)
    deliver_due(session_factory, settings)
    make_due(session_factory)
    deliver_due(session_factory, settings)
    assert outbox(session_factory)[0].status == "failed"


def test_two_workers_never_send_the_same_mail(session_factory, sink):
    for index in range(12):
        store_one(session_factory, key=f"k{index}")
    settings = mail_settings(sink.port)
    two_workers(deliver_due, session_factory, settings)
    subjects = [m["Subject"] for m in sink.received()]
    assert len(subjects) == 12 and len(set(subjects)) == 12
    assert all(row.status == "sent" and row.attempts == 1 for row in outbox(session_factory))


def test_a_worker_whose_lease_ran_out_does_not_send_again(session_factory, sink):
    # Worker A claims two rows, then is slow: its lease runs out and worker B claims and
    # delivers them. A, waking up with its old list, must not send them a second time.
    for index in range(2):
        store_one(session_factory, key=f"lease{index}")
    settings = mail_settings(sink.port)
    with session_factory() as session:
        slow = claim_due(session=session, now=utc_now(), kinds=["support"], claim="a" * 32)
    with session_factory() as session:
        later = utc_now() + CLAIM_LEASE + timedelta(seconds=1)
        taken = claim_due(session=session, now=later, kinds=["support"], claim="b" * 32)
    assert slow == taken and len(taken) == 2
    for outbox_id in taken:
        with session_factory() as session:
            assert deliver_one(session=session, outbox_id=outbox_id, cfg=settings, claim="b" * 32)
    for outbox_id in slow:
        with session_factory() as session:
            assert not deliver_one(
                session=session, outbox_id=outbox_id, cfg=settings, claim="a" * 32
            )
    assert len(sink.received()) == 2
    assert all(row.status == "sent" and row.attempts == 1 for row in outbox(session_factory))


def test_a_claim_holds_its_rows_for_the_lease_and_a_renewal_holds_them_again(session_factory):
    for index in range(3):
        store_one(session_factory, key=f"held{index}")
    ids = [row.id for row in outbox(session_factory)]
    # The instant the last row became due: it is due then, not a moment later.
    due = as_utc(outbox(session_factory)[-1].next_attempt_at)
    second = timedelta(seconds=1)

    def claim(name: str, now, **limit) -> list[int]:
        with session_factory() as session:
            return claim_due(session=session, now=now, kinds=["support"], claim=name, **limit)

    assert claim("a" * 32, due, limit=2) == ids[:2]  # the oldest first, no more than asked
    # Another worker, the same instant: the rows A holds are not offered to it.
    assert claim("b" * 32, due) == ids[2:]
    with session_factory() as session:
        before_the_end = due + CLAIM_LEASE - second
        assert renew_claim(session=session, outbox_id=ids[0], claim="a" * 32, now=before_the_end)
        assert not renew_claim(
            session=session, outbox_id=ids[1], claim="b" * 32, now=before_the_end
        )
    # Once the first leases ran out: what A renewed is still A's, the rest is free.
    assert claim("c" * 32, due + CLAIM_LEASE + second) == ids[1:]


def test_one_odd_row_is_a_failed_attempt_and_the_others_go(session_factory, sink, monkeypatch):
    odd = store_one(session_factory, key="odd")
    store_one(session_factory, key="fine")
    real_message = mail.support_mail

    def breaks_on_the_odd_one(request, *args, **kwargs):
        if request.id == odd.id:
            raise KeyError("a template bug")
        return real_message(request, *args, **kwargs)

    monkeypatch.setattr(mail, "support_mail", breaks_on_the_odd_one)
    settings = mail_settings(sink.port, outbox_max_attempts=2)
    assert deliver_due(session_factory, settings) == 1
    first, second = outbox(session_factory)
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "unexpected KeyError")
    assert (second.status, second.attempts) == ("sent", 1)
    make_due(session_factory)
    deliver_due(session_factory, settings)
    assert outbox(session_factory)[0].status == "failed"  # shown in /admin as failed
    assert len(sink.received()) == 1


def test_without_smtp_requests_wait(session_factory):
    store_one(session_factory)
    assert deliver_due(session_factory, Settings(smtp_host=None)) == 0
    assert outbox(session_factory)[0].status == "pending"


def test_backoff_doubles_and_is_capped():
    settings = Settings(outbox_retry_base_seconds=30, outbox_retry_cap_seconds=600)
    assert [backoff_seconds(n, settings) for n in (1, 2, 3, 4, 5, 6)] == [
        30,
        60,
        120,
        240,
        480,
        600,
    ]


def test_the_operators_see_each_failed_attempt_and_the_delivery(session_factory):
    failures = {"kind": "support", "reason": "unreachable"}
    before = {o: counted("alma_outbox_failures_total", **failures, outcome=o) for o in OUTCOMES}
    delivered = counted("alma_outbox_delivered_total", kind="support")
    waited = counted("alma_outbox_delivery_seconds_count", kind="support")
    port = free_port()
    settings = mail_settings(port, outbox_max_attempts=3)
    store_one(session_factory)
    deliver_due(session_factory, settings)  # nobody listens: a retry
    assert counted("alma_outbox_failures_total", **failures, outcome="retry") == before["retry"] + 1
    with SmtpSink(port=port):
        make_due(session_factory)
        assert deliver_due(session_factory, settings) == 1
    assert counted("alma_outbox_delivered_total", kind="support") == delivered + 1
    assert counted("alma_outbox_delivery_seconds_count", kind="support") == waited + 1
    assert (
        counted("alma_outbox_failures_total", **failures, outcome="given_up") == before["given_up"]
    )


def test_the_last_attempt_is_counted_as_given_up(session_factory):
    labels = {"kind": "support", "reason": "unreachable", "outcome": "given_up"}
    before = counted("alma_outbox_failures_total", **labels)
    settings = mail_settings(free_port(), outbox_max_attempts=1)
    store_one(session_factory)
    deliver_due(session_factory, settings)
    assert counted("alma_outbox_failures_total", **labels) == before + 1
