"""The app: `create_app` checks the configuration, then lays out the pages and their routes.

Its states are mapped in alma_widget/state.py. Nothing runs on import: Reflex asks for `app`,
and only then is it built (the module's `__getattr__`)."""

import functools
import sys
from pathlib import Path

import reflex as rx
from pydantic import ValidationError
from reflex.utils.exec import is_prod_mode

from alma_widget import delivery, metrics
from alma_widget.admin.export import request_export
from alma_widget.admin.files import attachment_files
from alma_widget.admin.page import admin_page
from alma_widget.admin.session_endpoint import admin_session_endpoint
from alma_widget.components.widget import widget_page
from alma_widget.content.loading import catalog, check_all
from alma_widget.conversation.files import conversation_files
from alma_widget.customer_request.details import problems as detail_problems
from alma_widget.delivery.outbox import run_worker
from alma_widget.delivery.zendesk_webhook import zendesk_webhook_endpoint
from alma_widget.embedding import loader
from alma_widget.identity.state import identity_secrets
from alma_widget.settings import parse_origins, settings
from alma_widget.state import AdminState, HostState
from alma_widget.storage import database
from alma_widget.web import log_privacy, logs
from alma_widget.web.connection_guard import ConnectionGuard
from alma_widget.web.event_errors import backend_exception_handler
from alma_widget.web.event_metrics import EventTimer, count_connections
from alma_widget.web.first_paint import EMPTY_FOR_REACT, INLINE_SCRIPT, LATER_STYLESHEET
from alma_widget.web.flow_beacon import flow_beacon_endpoint
from alma_widget.web.headers import secure_headers
from alma_widget.web.health import health_endpoint
from alma_widget.web.metrics_endpoint import metrics_endpoint
from alma_widget.web.minify import minified
from alma_widget.web.page_variants import PageVariant, redirect_to_variant, variants
from alma_widget.web.upload_limit import limit_upload_size

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def refuse_to_start_on_bad_configuration() -> None:
    """One readable message for whoever broke the content or the settings, never a traceback."""
    try:
        settings()
    except ValidationError as exc:
        refused = [
            f"ALMA_{str(error['loc'][0]).upper()} : valeur refusée ({error['msg']})"
            for error in exc.errors()
        ]
        print("Le widget ne peut pas démarrer.", *refused, sep="\n", file=sys.stderr)
        raise SystemExit(1) from None
    problems = check_all()
    if not problems:  # the default content read: does it have every detail's words?
        problems += detail_problems(catalog())
    problems += delivery.problems(settings())
    problems += metrics.problems(settings().metrics_token is not None)
    try:
        parse_origins(settings().frame_ancestors)
    except ValueError as exc:
        problems.append(f"ALMA_FRAME_ANCESTORS : {exc}")
    try:
        identity_secrets()
    except ValueError as exc:
        problems.append(f"ALMA_IDENTITY_SECRETS : {exc}")
    if problems:
        print("Le widget ne peut pas démarrer.", *problems, sep="\n", file=sys.stderr)
        raise SystemExit(1)


def _inline_script(name: str) -> rx.Component:
    """A script of assets/ inlined in the page, minified: in the head, or after the page
    where the first paint does not need it (web/first_paint.py, AFTER_THE_PAGE).

    In a production build the code is written into the built pages (web/first_paint.py),
    not into the JavaScript bundle: React hydrates the element without ever reading its
    text, which cost every customer who touched the page 5 KB more (`make bench-bundle`).
    """
    if is_prod_mode():
        return rx.el.script(custom_attrs={INLINE_SCRIPT: name, **EMPTY_FOR_REACT})
    return rx.el.script(minified((ASSETS / name).read_text(encoding="utf-8")).strip())


def _page(variant: PageVariant):
    """The page function of one variant (Reflex calls page functions without arguments)."""

    def page() -> rx.Component:
        return widget_page(variant)

    return page


def create_app() -> rx.App:
    """The start-up, in order: check the configuration, write the loader (before Reflex copies
    assets/: it carries the launcher's words of every locale), set up logs and connections,
    then the app with its pages and the outbox worker."""
    log_privacy.withhold_client_data()
    metrics.only_ours()
    refuse_to_start_on_bad_configuration()
    loader.write()
    logs.configure()
    database.keep_connections_per_process()
    app = rx.App(
        theme=None,
        # Its few resets are in assets/widget.css, not a whole preflight before the first paint.
        reset_style=False,
        toaster=None,
        html_lang="fr",
        stylesheets=["/widget.css"],
        # Inline, so it runs before the module bundle and costs no extra request.
        head_components=[
            # First: React, the connection and the help search start at the first touch.
            _inline_script("boot.js"),
            # The host page's side, from the first paint; the rest arrives at the first touch.
            _inline_script("host.js"),
            _inline_script("widget.js"),
            # Before client_flow.js: a form the browser refuses stops there (never sent).
            _inline_script("form_checks.js"),
            _inline_script("client_flow.js"),
            # What shows only once the customer reached out (the form…): in the widget's
            # pages, loaded at the first touch (web/first_paint.py).
            rx.el.link(rel="stylesheet", href=f"/{LATER_STYLESHEET}"),
            # No favicon request from inside a merchant's page.
            rx.el.link(rel="icon", href="data:,"),
        ],
        # Outermost last: every response, including a refused upload, gets the headers.
        api_transformer=[
            limit_upload_size,
            health_endpoint,
            metrics_endpoint,
            flow_beacon_endpoint,
            zendesk_webhook_endpoint,
            attachment_files,
            conversation_files,
            request_export,
            admin_session_endpoint,
            redirect_to_variant,
            secure_headers,
        ],
        backend_exception_handler=backend_exception_handler,
    )
    # Reflex's connection banner (an English « Connection Error » layer, in every page before
    # the first touch): the widget says so itself, in the page's language, and keeps what was
    # typed (widget.js, almaUnavailable).
    app.app_wraps.pop((5, "Overlay"), None)
    # `/` is the French standalone page; every language and host context has its own page.
    for route, variant in [("/", PageVariant()), *((v.route, v) for v in variants())]:
        app.add_page(
            _page(variant),
            route=route,
            title=catalog(variant.locale).ui.title,
            on_load=HostState.load_context,
        )
    app.add_page(
        admin_page, route="/admin", title="Back office · demandes", on_load=AdminState.resume
    )
    # Before Reflex's snapshot of each connection: nothing personal in it (#30).
    app.add_middleware(ConnectionGuard())
    app.add_middleware(EventTimer())
    if app.event_namespace is not None:
        count_connections(app.event_namespace)
    app.register_lifespan_task(_outbox_worker)
    return app


async def _outbox_worker() -> None:
    """Deliver queued mails for as long as the backend runs."""
    await run_worker(rx.session)


def __getattr__(name: str) -> rx.App:
    """Reflex imports this module and asks for `app` (its compiler, and the server through
    "alma_widget.alma_widget:app"): the app is built then, once per process, never on import,
    so importing this module (a test, a tool) checks, writes and configures nothing."""
    if name == "app":
        return _the_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _the_app() -> rx.App:
    return create_app()
