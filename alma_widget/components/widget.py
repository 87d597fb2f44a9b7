"""The whole widget: every step stacked, each revealed under the previous one."""

import reflex as rx

from alma_widget.catalog import Catalog
from alma_widget.components.category_step import category_step
from alma_widget.components.confirmation_step import confirmation_step
from alma_widget.components.form_step import form_step
from alma_widget.components.help_step import help_step
from alma_widget.components.nav import nav
from alma_widget.components.topic_step import topic_step
from alma_widget.host import HostState
from alma_widget.state import WidgetState


def _host_bridge() -> rx.Component:
    """Hidden: assets/widget.js clicks it to hand a host page's prefill to the backend."""
    return rx.el.button(
        id="alma-prefill",
        type="button",
        hidden=True,
        tab_index=-1,
        on_click=HostState.apply_prefill(rx.Var("(window.__almaPrefill || {})")),
    )


def _accent_style() -> rx.Component:
    """The host's accent colour, already checked to be #rrggbb with enough contrast."""
    return rx.cond(
        WidgetState.accent != "",
        rx.el.style(
            ".widget { --alma-accent: "
            + WidgetState.accent
            + "; --alma-accent-text: "
            + WidgetState.accent
            + "; }"
        ),
    )


def widget(content: Catalog) -> rx.Component:
    """The page body of the widget."""
    return rx.el.main(
        _accent_style(),
        _host_bridge(),
        rx.el.h1(content.ui.title, id="widget-title"),
        # Polite live region: screen readers hear what each choice revealed.
        rx.el.div(
            WidgetState.announcement,
            aria_live="polite",
            role="status",
            class_name="visually-hidden",
            id="announcer",
        ),
        rx.cond(
            WidgetState.step == "sent",
            confirmation_step(content),
            rx.fragment(
                category_step(content),
                topic_step(content),
                help_step(content),
                form_step(content),
                nav(content),
            ),
        ),
        aria_labelledby="widget-title",
        class_name="widget",
        # Tests and the embed wait on this: the page is connected and its state loaded.
        data_hydrated=WidgetState.is_hydrated,
    )
