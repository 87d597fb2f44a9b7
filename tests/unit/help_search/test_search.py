"""The help search (search/, run from the bundle the page loads): customers' words find the
right topic, whatever their accents, case, typos and word forms."""

import pytest

from harness.search_accuracy import (
    BARS,
    HELD_OUT,
    PHRASINGS,
    accuracy,
    phrasings,
    rank,
    suggest,
)


def test_the_phrasings_table_is_large_and_bilingual():
    table = phrasings()
    assert len(table) >= 60
    english = [text for text, _ in table if any(w in text.split() for w in ("my", "i", "the"))]
    assert len(english) >= 15


@pytest.mark.parametrize("table", [PHRASINGS, HELD_OUT], ids=["tuning", "held-out"])
def test_accuracy_holds_the_bar(table):
    top1, top3, missed = accuracy(table)
    top1_bar, top3_bar = BARS[table]
    assert top3 >= top3_bar, missed
    assert top1 >= top1_bar, missed


def test_the_held_out_set_covers_every_topic_and_shares_no_phrasing():
    held_out = phrasings(HELD_OUT)
    assert {topic for _, topic in held_out} == {topic for _, topic in phrasings(PHRASINGS)}
    assert not {text for text, _ in held_out} & {text for text, _ in phrasings(PHRASINGS)}


@pytest.mark.parametrize(
    ("queries", "topic"),
    [
        (["échéancier", "echeancier", "ECHEANCIER", "echancier"], "schedule-and-instalments"),
        (["remboursé", "remboursement", "rembourser", "remboursements"], "refund"),
        (["paiement refusé", "payement refuse", "paiment refusee"], "payment-refused"),
        (
            ["prélèvement à décaler", "prelevement a decaler", "décalé un prelevemnt"],
            "postpone-instalment",
        ),
        (["colis", "colis pas reçu", "coli jamais recu"], "order-not-received"),
        (["découvert", "decouvert bancaire"], "payment-difficulties"),
    ],
)
def test_accents_case_typos_and_word_forms_do_not_matter(queries, topic):
    for found in rank(queries):
        assert found[:1] == [topic]


def test_english_words_on_the_french_page_and_the_reverse():
    assert rank(["refund"], "fr")[0][:1] == ["refund"]
    assert rank(["remboursement"], "en")[0][:1] == ["refund"]


def test_nothing_for_nothing():
    assert rank(["", "   ", "xqzwv"]) == [[], [], []]


def test_a_message_about_another_topic_gets_a_suggestion():
    message = "Bonjour, mon colis n'est jamais arrivé, le suivi ne bouge plus depuis 2 semaines"
    assert suggest(message, "payment-refused") == "order-not-received"


def test_a_message_about_the_chosen_topic_gets_none():
    message = "Bonjour, ma carte bancaire est refusée à chaque paiement, je ne comprends pas"
    assert suggest(message, "payment-refused") is None
