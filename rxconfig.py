"""Reflex configuration; every value can be overridden by a REFLEX_* environment variable."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from alma_widget.web.browser_shell import BrowserShell
from alma_widget.web.data_files import DataFiles
from alma_widget.web.first_paint import FirstPaintPages
from alma_widget.web.queued_uploads import QueuedUploads

config = rx.Config(
    app_name="alma_widget",
    # Nothing of the project talks to hosts other than the package registries.
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No Tailwind, no Radix theme: the widget is plain HTML elements and one stylesheet,
    # inlined into the page after the build (first paint after one round trip, not two).
    # QueuedUploads: a second file chosen at once waits for the first (web/queued_uploads.py).
    # DataFiles: the help search's index and the form's checks, written at build time.
    # BrowserShell: the browser takes a page over without React Router (web/browser_shell.py).
    plugins=[FirstPaintPages(), QueuedUploads(), DataFiles(), BrowserShell()],
    disable_plugins=[SitemapPlugin],
    # Embedded default database; REFLEX_DB_URL points elsewhere (PostgreSQL in production).
    db_url="sqlite:///data/alma_widget.db",
    # Brotli first: JavaScript compresses about a fifth smaller than with gzip (make bench).
    frontend_compression_formats=["brotli", "gzip"],
    # A customer's session in Redis (make serve) lives two hours after their last event: long
    # enough to read the help, look for an order number and come back to the form; then it
    # expires, so idle customers never pile up (make bench-production measures the memory).
    redis_token_expiration=2 * 60 * 60,
    # The websocket accepts the widget's own page only (space separated origins).
    cors_allowed_origins=os.environ.get("ALMA_WIDGET_ORIGIN", "http://localhost:3000").split(),
)
