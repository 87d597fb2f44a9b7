"""What a client sent never reaches a log line, whoever writes it (#20.4).

Reflex, python-socketio and engine.io quote whole events on some warning and error paths: an
event without a session token, an event sent as a string or as a list, an event that fails in
its handler (the event's repr, with its payload and the request's headers), a frontend error's
text. Any of these can hold what a customer typed. Every log record made in this process goes
through `withheld` when it is created, so no handler (Reflex's console or JSON sink, engine.io's
own stream handler, ours) ever sees the data:
- a bracketed or braced group that holds a quote (a dict, a list, a JSON text) becomes {…};
- after the markers that introduce raw event data, the rest is withheld;
- emails and phone numbers left anywhere are replaced (redaction.redact_contacts).
A traceback is folded into the message, withheld the same way (the handlers would otherwise
print the exception's message, which quotes the data). Names, ids and stacks stay.
"""

from __future__ import annotations

import logging
import re
import traceback

from alma_widget.redaction import redact_contacts

WITHHELD = "[…]"
# What comes after these is the client's data as it arrived (reflex/app.py, on_event).
_DATA_MARKERS = re.compile(
    r"(Event data:|event data:|but received|\[Reflex Frontend Exception\])", re.IGNORECASE
)
_OPENING = {"{": "}", "[": "]", "(": ")"}


def _without_quoted_groups(text: str) -> str:
    """`text` with every {…}, […] or (…) group that holds a quote replaced by the marker;
    groups without a quote ([txid=…], [SID: …], a call's parentheses) are kept."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "{[":
            end = _group_end(text, i)
            group = text[i : end + 1]
            if end > i and ("'" in group or '"' in group):
                out.append("{…}" if char == "{" else "[…]")
                i = end + 1
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _group_end(text: str, start: int) -> int:
    """The index of the bracket closing the one at `start` (quotes respected), or the end of
    the text when it never closes (a truncated repr is withheld to its end)."""
    stack = [_OPENING[text[start]]]
    quote = ""
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in _OPENING:
            stack.append(_OPENING[char])
        elif char == stack[-1]:
            stack.pop()
            if not stack:
                return i
        i += 1
    return len(text) - 1


def withheld(text: str) -> str:
    """`text` without anything a client sent (see the module's docstring)."""
    marker = _DATA_MARKERS.search(text)
    if marker:
        text = text[: marker.end()] + " " + WITHHELD
    return redact_contacts(_without_quoted_groups(text))


def _withholding_factory(make_record):
    def record(*args, **kwargs) -> logging.LogRecord:
        made = make_record(*args, **kwargs)
        if made.name.startswith("alma_widget"):
            return made  # ours never log personal data (tests/e2e/test_privacy_in_logs.py)
        try:
            message = made.getMessage()
            if made.exc_info and made.exc_info[0] is not None:
                message += "\n" + "".join(traceback.format_exception(*made.exc_info))
                made.exc_info = None
            made.msg, made.args = withheld(message), ()
        except Exception:  # a record that cannot be formatted: say so, quote nothing
            made.msg, made.args, made.exc_info = "(log record withheld)", (), None
        return made

    record.withholds = True  # type: ignore[attr-defined]
    return record


def withhold_client_data() -> None:
    """Install the record factory (once per process)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "withholds", False):
        logging.setLogRecordFactory(_withholding_factory(current))
