"""The help text of each topic, the "did it help?" question and the way to contact us.

Every topic's help is in the page from the first paint; CSS shows the one whose topic is
checked (components/reveal.py). The notices that answer a radio are shown the same way.
"""

import reflex as rx

from alma_widget.components.choices import radio_group
from alma_widget.content.models import Catalog, Topic
from alma_widget.page_calls import FOCUS_FORM
from alma_widget.page_contract import DATA, ID_PREFIXES, action_attribute


def help_heading_id(topic_id: str) -> str:
    """The heading of a topic's help, focused when the topic is chosen."""
    return ID_PREFIXES["helpHeading"] + topic_id


def _faq_link(content: Catalog, topic: Topic) -> rx.Component:
    hint = content.ui.faq_link_hint.format(topic=topic.label)
    return rx.el.p(
        rx.el.a(
            content.ui.faq_link,
            rx.el.span(f" ({hint})", class_name="visually-hidden"),
            href=topic.faq_url,
            target="_blank",
            rel="noopener noreferrer",
            class_name="faq-link",
        )
    )


def _yes_no(content: Catalog, *, name: str, question: str, topic: Topic) -> rx.Component:
    return radio_group(
        name=f"{name}-{topic.id}",
        action=name,
        question=question,
        question_id=None,  # opened with the help: its heading takes the focus
        id_prefix=None,  # nothing looks its radios up by id
        options=[("yes", content.ui.yes), ("no", content.ui.no)],
        heading_level="h3",
        class_name=f"choice-group {name}",
    )


def _answer_notice(text: str, *, answers: str, value: str) -> rx.Component:
    """A notice shown (by CSS) while the `answers` question is answered `value`."""
    return rx.el.p(text, class_name=f"notice when-{answers}-{value}")


def _contact_button(content: Catalog) -> rx.Component:
    return rx.el.button(
        content.ui.contact_button,
        type="button",
        class_name="primary contact-button",
        custom_attrs={
            **action_attribute("form"),
            DATA["reveals"]: FOCUS_FORM,
            DATA["announce"]: content.ui.announce_form,
        },
    )


def _topic_help(content: Catalog, topic: Topic) -> rx.Component:
    ui = content.ui
    merchant_gate = (
        [
            _yes_no(content, name="merchant", question=ui.merchant_question, topic=topic),
            _answer_notice(ui.merchant_reminder, answers="merchant", value="no"),
        ]
        if topic.ask_merchant_first
        else []
    )
    return rx.el.section(
        rx.el.h2(topic.label, id=help_heading_id(topic.id), tab_index=-1),
        *[rx.el.p(paragraph) for paragraph in topic.help],
        _faq_link(content, topic),
        _yes_no(content, name="helped", question=ui.helped_question, topic=topic),
        _answer_notice(ui.helped_thanks, answers="helped", value="yes"),
        _answer_notice(ui.not_helped, answers="helped", value="no"),
        *merchant_gate,
        _contact_button(content),
        id=ID_PREFIXES["help"] + topic.id,
        aria_labelledby=help_heading_id(topic.id),
        class_name="help merchant-first" if topic.ask_merchant_first else "help",
    )


def help_step(content: Catalog) -> rx.Component:
    """The help of every topic, each shown only while its topic is chosen."""
    return rx.fragment(*[_topic_help(content, t) for c in content.categories for t in c.topics])
