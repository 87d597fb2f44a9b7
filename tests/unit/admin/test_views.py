"""What the back office shows of stored rows, in the support team's words."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

from alma_widget.admin import views
from alma_widget.storage.tables import Attachment, OutboxMessage, SupportRequest

PARIS_SUMMER = timezone(timedelta(hours=2))


def _request(**fields) -> SupportRequest:
    stored = {
        "reference": "ALM-ABCDEFGH",
        "submission_key": "k",
        "created_at": datetime(2026, 7, 1, 9, 30, tzinfo=PARIS_SUMMER),
        "category_id": "account",
        "topic_id": "customer-area-access",
        "email": "client@example.com",
        "message": "Je n'arrive plus à me connecter.",
    }
    return SupportRequest(**{**stored, **fields})


def test_dates_read_in_utc_and_nothing_for_none():
    assert views.text(datetime(2026, 7, 1, 9, 30, tzinfo=PARIS_SUMMER)) == "2026-07-01 07:30 UTC"
    assert views.text(None) == ""
    assert views.text(12) == "12"


def test_a_list_line_in_the_team_s_words():
    row = views.list_row(_request(status="in_progress", delivery_status="failed"))
    assert row == {
        "reference": "ALM-ABCDEFGH",
        "created_at": "2026-07-01 07:30 UTC",
        "status": "En cours",
        "delivery": "Échec",
        "topic": "Accéder à mon espace client",
        "email": "client@example.com",
        "merchant": "",
    }


def test_the_merchant_by_name_else_by_id():
    assert views.list_row(_request(merchant_name="Boutique", merchant_id="m_1"))["merchant"] == (
        "Boutique"
    )
    assert views.list_row(_request(merchant_id="m_1"))["merchant"] == "m_1"


def test_values_this_version_does_not_know_are_shown_as_stored():
    row = views.list_row(
        _request(status="escalated", delivery_status="bounced", topic_id="gone-topic")
    )
    assert (row["status"], row["delivery"], row["topic"]) == ("escalated", "bounced", "gone-topic")


def test_the_detail_names_every_field_and_leaves_out_an_unknown_ticket():
    rows = dict(views.detail_rows(_request(phone="+33612345678", is_spam=False)))
    assert list(rows)[:3] == ["Référence", "Reçue le", "Statut"]
    assert list(rows)[-1] == "Message"
    assert rows["Statut"] == "Nouvelle"
    assert rows["Remise"] == "En attente"
    assert rows["Téléphone"] == "+33612345678"
    assert rows["Référence de commande"] == ""  # asked, not given
    assert rows["Reçue le"] == "2026-07-01 07:30 UTC"
    assert rows["Piège à robots"] == "False"
    for not_yet in ("Ticket Zendesk", "Statut du ticket", "Statut du ticket au"):
        assert not_yet not in rows


def test_the_ticket_s_status_shows_once_zendesk_told_it():
    told = datetime(2026, 7, 2, 8, 0, tzinfo=UTC)
    rows = dict(
        views.detail_rows(
            _request(zendesk_ticket_id=4242, helpdesk_status="pending", helpdesk_status_at=told)
        )
    )
    assert rows["Ticket Zendesk"] == "4242"
    assert rows["Statut du ticket"] == "En attente du client"
    assert rows["Statut du ticket au"] == "2026-07-02 08:00 UTC"


def test_a_file_and_a_delivery_line():
    file = Attachment(
        request_id=1,
        stored_name="ab12.pdf",
        original_name="facture.pdf",
        content_type="application/pdf",
        size=3,
    )
    assert views.attachment_row(file) == {"stored_name": "ab12.pdf", "name": "facture.pdf"}
    message = OutboxMessage(
        request_id=1, kind="support", status="failed", attempts=3, last_error="SMTPDataError 451"
    )
    assert views.delivery_row(message) == {
        "kind": "Mail à l'équipe",
        "status": "Échec",
        "attempts": "3",
        "error": "SMTPDataError 451",
    }
    waiting = views.delivery_row(OutboxMessage(request_id=1, kind="fax", status="pending"))
    assert (waiting["kind"], waiting["status"], waiting["error"]) == ("fax", "En attente", "")
    # A status this version does not know is shown as stored.
    assert (
        views.delivery_row(OutboxMessage(request_id=1, kind="support", status="bounced"))["status"]
        == "bounced"
    )


def test_a_topic_s_figures_as_counts_and_percents():
    figures = {
        "topic": "Accéder à mon espace client",
        "help_shown": 40,
        "helped_yes": 12,
        "helped_no": 3,
        "form_opened": 5,
        "request_sent": 4,
        "found_by_search": 7,
        "solved_rate": 0.875,
        "yes_rate": 0.8,
        "rated": 0,
        "satisfaction_rate": None,
    }
    assert views.figure_row(figures) == {
        "topic": "Accéder à mon espace client",
        "shown": "40",
        "yes": "12",
        "no": "3",
        "form": "5",
        "sent": "4",
        "search": "7",
        "solved": "88%",
        "yes_rate": "80%",
        "rated": "0",
        "satisfaction": "–",
        "bar": "88%",
    }
    assert views.figure_row({**figures, "solved_rate": None})["bar"] == "0%"
    every = views.figure_row({**figures, "solved_rate": 1.0, "satisfaction_rate": 0.5})
    assert (every["bar"], every["satisfaction"]) == ("100%", "50%")


def test_a_category_s_satisfaction():
    row = {"category": "Mes échéances", "rated": 8, "satisfied": 6, "satisfaction_rate": 0.75}
    assert views.satisfaction_row(row) == {
        "category": "Mes échéances",
        "rated": "8",
        "satisfied": "6",
        "rate": "75%",
    }


def test_the_live_content_is_named_by_its_hash_and_latest_change(tmp_path, monkeypatch):
    french, english = tmp_path / "fr.toml", tmp_path / "en.toml"
    french.write_text("a", encoding="utf-8")
    english.write_text("b", encoding="utf-8")
    os.utime(french, (0, datetime(2026, 5, 1, 10, 0, tzinfo=UTC).timestamp()))
    os.utime(english, (0, datetime(2026, 6, 2, 11, 5, tzinfo=UTC).timestamp()))
    monkeypatch.setattr(views, "content_files", lambda: [english, french])
    version = views.content_version()
    assert version.endswith(" (modifié le 2026-06-02 11:05 UTC)")
    french.write_text("c", encoding="utf-8")  # another text, the same dates
    os.utime(french, (0, datetime(2026, 5, 1, 10, 0, tzinfo=UTC).timestamp()))
    changed = views.content_version()
    assert changed != version and len(changed.split()[0]) == 12
    assert changed.endswith(" (modifié le 2026-06-02 11:05 UTC)")
