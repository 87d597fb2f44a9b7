"""The guided flow in a real browser: categories, topics, help texts, back and start over."""

import re

import pytest
from playwright.sync_api import Page, expect

from alma_widget.content.loading import catalog
from tests.support.steps import category_group, choose, topic_group

CONTENT = catalog()
TOPICS = [(c, t) for c in CONTENT.categories for t in c.topics]


def test_first_view_shows_title_question_and_four_categories(widget: Page):
    expect(widget.get_by_role("heading", level=1)).to_have_text("Envoyer une demande")
    radios = category_group(widget).get_by_role("radio")
    expect(radios).to_have_count(4)
    for radio in radios.all():
        expect(radio).not_to_be_checked()
    # Hidden branches are absent, not merely invisible.
    expect(topic_group(widget)).to_have_count(0)
    expect(widget.get_by_role("link", name=re.compile("En savoir plus"))).to_have_count(0)
    expect(widget.get_by_role("button", name="Retour")).to_have_count(0)


@pytest.mark.parametrize(("category", "topic"), TOPICS, ids=[t.id for _, t in TOPICS])
def test_each_topic_shows_its_help_text_and_link(widget: Page, category, topic):
    choose(widget, category_group(widget), category.label)
    expect(topic_group(widget).get_by_role("radio")).to_have_count(len(category.topics))
    choose(widget, topic_group(widget), topic.label)
    help_region = widget.get_by_role("region", name=topic.label)
    expect(help_region.get_by_role("heading", name=topic.label)).to_be_visible()
    paragraphs = help_region.locator("p")
    for index, paragraph in enumerate(topic.help):
        expect(paragraphs.nth(index)).to_have_text(paragraph)
    link = help_region.get_by_role("link", name=re.compile(r"^En savoir plus"))
    expect(link).to_have_attribute("href", topic.faq_url)
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_accessible_name(
        f"En savoir plus (article « {topic.label} » du centre d'aide, ouvre un nouvel onglet)"
    )
    expect(
        help_region.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?")
    ).to_be_visible()
    expect(widget.get_by_role("status")).to_have_text(f"Réponse affichée pour « {topic.label} ».")


def test_changing_the_category_drops_the_stale_topic_and_text(widget: Page):
    choose(widget, category_group(widget), "Mes échéances")
    choose(widget, topic_group(widget), "Je souhaite décaler une échéance")
    expect(
        widget.get_by_text("Sous certaines conditions, vous pouvez décaler").filter(visible=True)
    ).to_be_visible()
    choose(widget, category_group(widget), "Mon compte Alma")
    expect(
        topic_group(widget).get_by_role("radio", name="Accéder à mon espace client")
    ).to_be_visible()
    expect(widget.get_by_role("radio", name="Je souhaite décaler une échéance")).to_have_count(0)
    expect(
        widget.get_by_text("Sous certaines conditions, vous pouvez décaler").filter(visible=True)
    ).to_have_count(0)
    for radio in topic_group(widget).get_by_role("radio").all():
        expect(radio).not_to_be_checked()


def test_changing_the_topic_replaces_the_text(widget: Page):
    choose(widget, category_group(widget), "Mon paiement avec Alma")
    choose(widget, topic_group(widget), "Mon paiement a été refusé")
    choose(widget, topic_group(widget), "Je n'arrive pas à finaliser mon achat")
    expect(widget.get_by_role("region", name="Mon paiement a été refusé")).to_have_count(0)
    expect(
        widget.get_by_role("region", name="Je n'arrive pas à finaliser mon achat")
    ).to_be_visible()


@pytest.mark.parametrize(
    "topic", ["Je n'ai pas reçu ma commande", "Ma commande n'est pas conforme"]
)
def test_order_topics_ask_about_the_merchant_first(widget: Page, topic):
    choose(widget, category_group(widget), "Ma commande")
    choose(widget, topic_group(widget), topic)
    merchant = widget.get_by_role("group", name="Avez-vous déjà contacté le marchand ?")
    contact = widget.get_by_role("button", name="Contacter le service client")
    expect(merchant).to_be_visible()
    expect(contact).to_have_count(0)
    choose(widget, merchant, "Non")
    expect(widget.get_by_text("Contactez d'abord le marchand").filter(visible=True)).to_be_visible()
    expect(contact).to_have_count(0)
    choose(widget, merchant, "Oui")
    expect(widget.get_by_text("Contactez d'abord le marchand").filter(visible=True)).to_have_count(
        0
    )
    contact.click()
    expect(widget.get_by_role("heading", name="Contacter le service client")).to_be_focused()


def test_other_topics_do_not_ask_about_the_merchant(widget: Page):
    choose(widget, category_group(widget), "Ma commande")
    choose(widget, topic_group(widget), "Mon remboursement")
    expect(widget.get_by_role("group", name="Avez-vous déjà contacté le marchand ?")).to_have_count(
        0
    )
    expect(widget.get_by_role("button", name="Contacter le service client")).to_be_visible()


def test_helped_answer_is_acknowledged(widget: Page):
    choose(widget, category_group(widget), "Mon compte Alma")
    choose(widget, topic_group(widget), "Faire une réclamation")
    helped = widget.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?")
    choose(widget, helped, "Oui")
    expect(widget.get_by_text("Merci pour votre retour.").filter(visible=True)).to_be_visible()
    choose(widget, helped, "Non")
    expect(widget.get_by_text("Merci pour votre retour.").filter(visible=True)).to_have_count(0)
    expect(
        widget.get_by_text("Désolé que cette réponse ne vous ait pas suffi.").filter(visible=True)
    ).to_be_visible()


def test_contact_form_shows_the_intro_of_its_category(widget: Page):
    choose(widget, category_group(widget), "Mes échéances")
    choose(widget, topic_group(widget), "Autre question sur mes échéances")
    widget.get_by_role("button", name="Contacter le service client").click()
    form = widget.get_by_role("region", name="Contacter le service client")
    expect(form).to_contain_text(CONTENT.intros.account)
    expect(widget.get_by_role("button", name="Contacter le service client")).to_have_count(0)


def test_back_goes_up_one_step_at_a_time(widget: Page):
    choose(widget, category_group(widget), "Mon paiement avec Alma")
    choose(widget, topic_group(widget), "Autre question sur mon paiement")
    widget.get_by_role("button", name="Contacter le service client").click()
    back = widget.get_by_role("button", name="Retour")
    back.click()
    expect(widget.get_by_role("region", name="Contacter le service client")).to_have_count(0)
    expect(widget.get_by_role("heading", name="Autre question sur mon paiement")).to_be_focused()
    back.click()
    expect(widget.get_by_role("region", name="Autre question sur mon paiement")).to_have_count(0)
    expect(widget.get_by_role("heading", name="Précisez votre demande")).to_be_focused()
    for radio in topic_group(widget).get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    back.click()
    expect(topic_group(widget)).to_have_count(0)
    expect(
        widget.get_by_role("heading", name="Quel est l'objet de votre demande ?")
    ).to_be_focused()
    expect(back).to_have_count(0)


def test_start_over_clears_everything(widget: Page):
    choose(widget, category_group(widget), "Ma commande")
    choose(widget, topic_group(widget), "Ma commande SNCF")
    widget.get_by_role("button", name="Recommencer").click()
    expect(topic_group(widget)).to_have_count(0)
    expect(widget.get_by_role("region", name="Ma commande SNCF")).to_have_count(0)
    for radio in category_group(widget).get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    expect(
        widget.get_by_role("heading", name="Quel est l'objet de votre demande ?")
    ).to_be_focused()


def test_answers_do_not_stay_checked_on_the_next_topic(widget: Page):
    choose(widget, category_group(widget), "Ma commande")
    choose(widget, topic_group(widget), "Je n'ai pas reçu ma commande")
    choose(widget, widget.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?"), "Oui")
    choose(widget, widget.get_by_role("group", name="Avez-vous déjà contacté le marchand ?"), "Non")
    choose(widget, topic_group(widget), "Ma commande n'est pas conforme")
    expect(widget.get_by_role("heading", name="Ma commande n'est pas conforme")).to_be_visible()
    for name in ("Cette réponse vous a-t-elle aidé ?", "Avez-vous déjà contacté le marchand ?"):
        for radio in widget.get_by_role("group", name=name).get_by_role("radio").all():
            expect(radio).not_to_be_checked()
    expect(widget.get_by_text("Contactez d'abord le marchand").filter(visible=True)).to_have_count(
        0
    )
