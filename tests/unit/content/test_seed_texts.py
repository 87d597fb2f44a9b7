"""The help texts are the help centre's paragraphs, word for word, in the agreed places."""

from pathlib import Path

import pytest

from alma_widget.content.loading import catalog

SEED = Path(__file__).parents[1] / "data" / "envoyer-une-demande.txt"
SHARED_SEED = Path(__file__).parents[4] / "shared" / "seed" / "envoyer-une-demande.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")

# (category label, topic label, first and last seed line of its help text): from issue 2.
PLACEMENT = [
    ("Mon paiement avec Alma", "Je n'arrive pas à finaliser mon achat", 4, 4),
    ("Mon paiement avec Alma", "Mon paiement a été refusé", 6, 6),
    ("Mon paiement avec Alma", "Autre question sur mon paiement", 8, 8),
    ("Mes échéances", "Je souhaite décaler une échéance", 10, 11),
    ("Mes échéances", "Mon échéancier et mes mensualités", 13, 14),
    ("Mes échéances", "Je souhaite modifier mon moyen de paiement", 16, 17),
    ("Mes échéances", "J'ai des difficultés pour payer mes mensualités", 19, 20),
    ("Mes échéances", "Autre question sur mes échéances", 22, 22),
    ("Ma commande", "Je n'ai pas reçu ma commande", 24, 25),
    ("Ma commande", "Ma commande n'est pas conforme", 27, 28),
    ("Ma commande", "Mon remboursement", 30, 30),
    ("Ma commande", "Ma commande SNCF", 32, 32),
    ("Ma commande", "Autre question sur ma commande", 34, 34),
    ("Mon compte Alma", "Accéder à mon espace client", 36, 37),
    ("Mon compte Alma", "Faire une réclamation", 39, 39),
    ("Mon compte Alma", "Autre question", 41, 41),
]


def seed_lines(first: int, last: int) -> list[str]:
    return LINES[first - 1 : last]


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared/ not beside this checkout")
def test_test_copy_of_the_seed_is_current():
    assert SEED.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_every_topic_has_its_seed_paragraphs_verbatim():
    content = catalog()
    placed = [(c.label, t.label, t.help) for c in content.categories for t in c.topics]
    expected = [(cat, topic, seed_lines(a, b)) for cat, topic, a, b in PLACEMENT]
    assert placed == expected


def test_every_seed_line_is_used():
    content = catalog()
    used = {p for c in content.categories for t in c.topics for p in t.help}
    used |= {content.ui.title, content.intros.purchase, content.intros.account}
    for number, line in enumerate(LINES, start=1):
        assert line in used or line == "En savoir plus", f"seed line {number} unused"


def test_title_and_intros_come_from_the_seed():
    content = catalog()
    assert content.ui.title == LINES[0]
    assert content.intros.purchase == LINES[1]
    assert content.intros.account == LINES[2]
    kinds = {c.id: c.intro for c in content.categories}
    assert kinds == {
        "payment": "purchase",
        "order": "purchase",
        "instalments": "account",
        "account": "account",
    }


def test_merchant_question_only_on_the_two_order_topics():
    content = catalog()
    asking = [t.id for c in content.categories for t in c.topics if t.ask_merchant_first]
    assert asking == ["order-not-received", "order-not-compliant"]
