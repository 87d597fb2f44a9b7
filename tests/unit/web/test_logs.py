"""The package's own log lines (alma_widget/web/logs.py): text or JSON lines on stderr, at
INFO, kept out of other loggers' handlers; an exception named by its class alone."""

from __future__ import annotations

import json
import logging
from datetime import datetime

import pytest

from alma_widget.web import logs
from alma_widget.web.logs import JsonLines


@pytest.fixture
def package_logger():
    """The package's logger, put back as it was after the test."""
    package = logging.getLogger("alma_widget")
    saved = (package.handlers[:], package.level, package.propagate)
    yield package
    package.handlers[:], package.level, package.propagate = saved


def _record(message: str, *args, level=logging.INFO, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("alma_widget.contact.state", level, "", 0, message, args, exc_info)


def test_json_log_lines_hold_only_what_was_logged():
    record = _record("request %s stored for « %s »", "ALM-0000TEST", "Mes échéances")
    record.created = 1767225600.25  # 2026-01-01 00:00:00.250 UTC
    line = json.loads(JsonLines().format(record))
    assert line == {
        "time": "2026-01-01T00:00:00.250+00:00",
        "level": "info",
        "logger": "alma_widget.contact.state",
        "message": "request ALM-0000TEST stored for « Mes échéances »",
    }
    # Written as read (a person reads these lines too), not as \\u escapes.
    assert "« Mes échéances »" in JsonLines().format(record)


def test_an_exception_is_named_by_its_class_never_by_its_message():
    """An exception's message may quote what a customer sent: the line keeps its class."""
    try:
        raise ValueError("client@example.fr a écrit « mon code secret »")
    except ValueError as exc:
        record = _record("delivery failed", level=logging.ERROR, exc_info=(type(exc), exc, None))
    text = JsonLines().format(record)
    assert json.loads(text)["exception"] == "ValueError"
    assert "client@example.fr" not in text and "secret" not in text


def test_json_lines_on_stderr_at_info_and_nowhere_else(monkeypatch, capsys, package_logger):
    monkeypatch.setenv("ALMA_LOG_FORMAT", "json")
    heard: list[logging.LogRecord] = []
    root = logging.getLogger()
    listener = logging.Handler()
    listener.emit = heard.append  # type: ignore[method-assign]
    root.addHandler(listener)
    try:
        logs.configure()
        logs.configure()  # a second start does not write every line twice
        logging.getLogger("alma_widget.delivery").debug("not at this level")
        logging.getLogger("alma_widget.delivery").info("request %s delivered", "ALM-1")
    finally:
        root.removeHandler(listener)
    [line] = capsys.readouterr().err.splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "info",
        "alma_widget.delivery",
        "request ALM-1 delivered",
    )
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0
    assert heard == []  # not handed on to the root logger's handlers


def test_text_lines_by_default(monkeypatch, capsys, package_logger):
    monkeypatch.delenv("ALMA_LOG_FORMAT", raising=False)
    logs.configure()
    logging.getLogger("alma_widget.outbox").warning("outbox %s late", "ALM-2")
    assert capsys.readouterr().err == "WARNING alma_widget.outbox: outbox ALM-2 late\n"
