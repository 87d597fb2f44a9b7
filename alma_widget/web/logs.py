"""Logs as JSON lines (ALMA_LOG_FORMAT=json, what `make serve` uses).

Nothing personal is ever logged by this package (no email, phone or message: the reference
is enough); the formatter only shapes what is logged.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message (and the exception's class)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure() -> None:
    """Send this package's logs to stderr, as JSON lines when asked, at INFO."""
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("ALMA_LOG_FORMAT", "text") == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    package = logging.getLogger("alma_widget")
    package.handlers[:] = [handler]
    package.setLevel(logging.INFO)
    package.propagate = False
