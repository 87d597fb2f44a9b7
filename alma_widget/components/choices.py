"""A radio group whose legend is the question, used for every choice in the widget."""

from __future__ import annotations

import reflex as rx

from alma_widget.flow.snapshot import Action
from alma_widget.page_contract import action_attribute


def _choice(
    *,
    name: str,
    value: str,
    label: str,
    attrs: dict[str, str],
    drawing: rx.Component | None,
    choice_id: str | None,
) -> rx.Component:
    """One choice, a card the whole of which is the target. With an id (what CSS reveals
    and the scripts find), the label names its radio; without one, the label holds it:
    the same card, a few bytes less per choice in a page that repeats « Oui » / « Non »
    under every help."""
    radio = rx.el.input(
        type="radio",
        name=name,
        value=value,
        class_name="choice-input",
        custom_attrs=attrs,
        **({"id": choice_id} if choice_id else {}),
    )
    drawn = [drawing] if drawing is not None else []
    if choice_id is None:
        return rx.el.label(
            radio,
            rx.el.span(*drawn, label, class_name="choice-label"),
            class_name="choice",
            key=f"{name}-{value}",
        )
    return rx.el.div(
        radio,
        rx.el.label(
            *drawn,
            rx.el.span(label, class_name="choice-text"),
            html_for=choice_id,
            class_name="choice-label",
        ),
        class_name="choice",
        # Reconciled by value, never by position.
        key=choice_id,
    )


def radio_group(
    *,
    name: str,
    action: Action,
    question: str,
    question_id: str | None,
    options: list[tuple[str, str]],
    option_attrs: list[dict[str, str]] | None = None,
    option_icons: list[rx.Component] | None = None,
    heading_level: str = "h2",
    id_prefix: str | None = "",
    **group_attrs,
) -> rx.Component:
    """A fieldset of native radios: arrow keys move inside it, each choice has a label.

    `options` are (value, label) pairs; each radio's id is `{id_prefix or name}-{value}`
    (`id_prefix` None: no ids, for choices nothing looks up).
    The radios carry no React state and no handler: the browser's flow
    (assets/client_flow.js) checks them and CSS reveals what a checked radio opens
    (components/reveal.py), so a choice shows in the frame of the click, before the page is
    connected, and even without JavaScript. `data-action` names the customer's action in
    the snapshot sent to the server; `question_id`, the question's heading the flow focuses
    (None: nothing focuses it); `option_attrs` add per-option data (what the choice
    reveals; a question announces its choices with its fieldset's data-announce);
    `option_icons`, a drawing at the start of each label (the
    categories' cards). The question is a focusable heading inside the legend.
    """
    heading = getattr(rx.el, heading_level)
    extra = option_attrs or [{} for _ in options]
    drawings: list[rx.Component | None] = (
        list(option_icons) if option_icons else [None] * len(options)
    )
    return rx.el.fieldset(
        rx.el.legend(
            # Focused by the flow when it opens the question (data-reveals), or no id at all.
            heading(
                question,
                class_name="question",
                **({"id": question_id, "tab_index": -1} if question_id else {}),
            ),
        ),
        rx.el.div(
            *[
                _choice(
                    name=name,
                    value=value,
                    label=label,
                    attrs={**action_attribute(action), **attrs},
                    drawing=drawing,
                    choice_id=None if id_prefix is None else f"{id_prefix or name}-{value}",
                )
                for (value, label), attrs, drawing in zip(options, extra, drawings, strict=True)
            ],
            class_name="choices" + (" cards" if option_icons else ""),
        ),
        **{"class_name": "choice-group", **group_attrs},
    )
