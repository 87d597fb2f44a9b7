"""A radio group whose legend is the question, used for every choice in the widget."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from alma_widget.state import WidgetState


def radio_group(
    *,
    name: str,
    question: str,
    question_id: str,
    options: list[tuple[str, str]],
    selected: Var,
    on_choose,
    heading_level: str = "h2",
    reveals: str | None = None,
    scope: str = "",
) -> rx.Component:
    """A fieldset of native radios: arrow keys move inside it, each choice has a label.

    `options` are (value, label) pairs; `on_choose` is the event handler called with a value.
    The question is a focusable heading inside the legend, so focus can be sent to it.
    The radios are uncontrolled: a click shows at once, without waiting for the server's
    answer. `selected` only sets the checked radio when the group mounts, and the group is
    remounted (new key) when the flow goes back, so a dropped choice never stays checked.
    `scope` (the category or topic the group belongs to) keeps React from reusing one
    topic's radios, checked, for the next topic's group.
    """
    heading = getattr(rx.el, heading_level)
    return rx.el.fieldset(
        rx.el.legend(
            heading(question, id=question_id, tab_index=-1, class_name="question"),
        ),
        rx.el.div(
            *[
                rx.el.div(
                    rx.el.input(
                        type="radio",
                        name=name,
                        id=f"{name}-{value}",
                        value=value,
                        default_checked=selected == value,
                        on_change=on_choose(value),
                        class_name="choice-input",
                    ),
                    rx.el.label(label, html_for=f"{name}-{value}", class_name="choice-label"),
                    class_name="choice",
                )
                for value, label in options
            ],
            class_name="choices",
        ),
        class_name="choice-group",
        # Enter on a radio moves focus to the part this choice revealed (assets/widget.js).
        custom_attrs={"data-reveals": reveals} if reveals else {},
        key=f"{name}-{scope}-" + WidgetState.generation.to_string(),
    )
