"""The app: validates the content, lays out the page, registers the route."""

import sys
from pathlib import Path

import reflex as rx

from alma_widget.components.widget import widget
from alma_widget.content_loader import ContentError, catalog
from alma_widget.outbox import run_worker
from alma_widget.upload_limit import limit_upload_size

ASSETS = Path(__file__).resolve().parent.parent / "assets"

try:
    CONTENT = catalog()
except ContentError as exc:
    # One readable message for the editor who broke the file, never a traceback.
    print(f"Le widget ne peut pas démarrer.\n{exc}", file=sys.stderr)
    raise SystemExit(1) from None


def index() -> rx.Component:
    """The widget page."""
    return widget(CONTENT)


app = rx.App(
    theme=None,
    toaster=None,
    html_lang="fr",
    stylesheets=["/widget.css"],
    # Inline, so it runs before the module bundle and costs no extra request.
    head_components=[rx.script((ASSETS / "widget.js").read_text(encoding="utf-8"))],
    api_transformer=limit_upload_size,
)
app.add_page(index, route="/", title=CONTENT.ui.title)


@app.register_lifespan_task
async def outbox_worker() -> None:
    """Deliver queued mails for as long as the backend runs."""
    await run_worker(rx.session)
