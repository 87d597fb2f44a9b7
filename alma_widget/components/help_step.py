"""The help text of the chosen topic, the "did it help?" question and the way to contact us."""

import reflex as rx

from alma_widget.catalog import Catalog, Topic
from alma_widget.components.choices import radio_group
from alma_widget.state import FOCUS_HELP, WidgetState


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


def _yes_no(
    content: Catalog, *, name: str, question: str, selected, on_choose, scope: str
) -> rx.Component:
    return radio_group(
        name=name,
        question=question,
        question_id=f"{name}-question",
        options=[("yes", content.ui.yes), ("no", content.ui.no)],
        selected=selected,
        on_choose=on_choose,
        heading_level="h3",
        scope=scope,
    )


def _contact_button(content: Catalog) -> rx.Component:
    return rx.el.button(
        content.ui.contact_button,
        type="button",
        on_click=WidgetState.open_form,
        class_name="primary",
    )


def _merchant_gate(content: Catalog, topic: Topic) -> rx.Component:
    """On delivery and conformity topics the merchant must be contacted before Alma."""
    return rx.fragment(
        _yes_no(
            content,
            name="merchant",
            question=content.ui.merchant_question,
            selected=WidgetState.merchant_contacted,
            on_choose=WidgetState.answer_merchant_contacted,
            scope=topic.id,
        ),
        rx.match(
            WidgetState.merchant_contacted,
            ("no", rx.el.p(content.ui.merchant_reminder, class_name="notice")),
            ("yes", rx.cond(WidgetState.step == "help", _contact_button(content))),
            rx.fragment(),
        ),
    )


def _topic_help(content: Catalog, topic: Topic) -> rx.Component:
    return rx.el.section(
        rx.el.h2(topic.label, id=FOCUS_HELP, tab_index=-1),
        *[rx.el.p(paragraph) for paragraph in topic.help],
        _faq_link(content, topic),
        _yes_no(
            content,
            name="helped",
            question=content.ui.helped_question,
            selected=WidgetState.helped,
            on_choose=WidgetState.answer_helped,
            scope=topic.id,
        ),
        rx.match(
            WidgetState.helped,
            ("yes", rx.el.p(content.ui.helped_thanks, class_name="notice")),
            ("no", rx.el.p(content.ui.not_helped, class_name="notice")),
            rx.fragment(),
        ),
        _merchant_gate(content, topic)
        if topic.ask_merchant_first
        else rx.cond(WidgetState.step == "help", _contact_button(content)),
        aria_labelledby=FOCUS_HELP,
        class_name="help",
    )


def help_step(content: Catalog) -> rx.Component:
    """The help of the chosen topic; nothing before a topic is chosen."""
    return rx.match(
        WidgetState.topic_id,
        *[(t.id, _topic_help(content, t)) for c in content.categories for t in c.topics],
        rx.fragment(),
    )
