"""Searches without a match: what is kept is free of personal data, and kept 90 days."""

from datetime import timedelta

import pytest

from alma_widget.help_search.misses import purge_misses, record_miss, scrub, top_misses
from alma_widget.storage.tables import utc_now


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ma cb 4970 1012 3456 7890 refusee", "ma cb [numéro] refusee"),
        ("colis CMD-2024-118 pas recu", "colis [numéro] pas recu"),
        ("appelez moi au 06 12 34 56 78", "appelez moi au [téléphone]"),
        ("+33612345678 rappel", "[téléphone] rappel"),
        ("ecrire a jean.dupont@gmail.com svp", "ecrire a [email] svp"),
        ("mon iban FR76 3000 6000 0112 3456 7890 189", "mon iban [numéro]"),
        ("Remboursement  Klarna", "remboursement klarna"),
        ("paiement 3x", "paiement 3x"),
    ],
)
def test_personal_data_is_taken_out(typed, kept):
    assert scrub(typed) == kept


@pytest.mark.parametrize("typed", ["jean.dupont@gmail.com", "0612345678", "a", "  "])
def test_nothing_left_nothing_kept(typed):
    assert scrub(typed) is None


def test_counted_then_forgotten_after_90_days(session_factory):
    with session_factory() as session:
        for _ in range(2):
            record_miss(session=session, query="klarna remboursement")
        record_miss(session=session, query="facture 2024-118")
        record_miss(session=session, query="vieux", now=utc_now() - timedelta(days=91))
        assert record_miss(session=session, query="jean@exemple.fr") is False
        assert top_misses(session=session) == [
            ("klarna remboursement", 2),
            ("facture [numéro]", 1),
        ]
        assert purge_misses(session=session) == 1
