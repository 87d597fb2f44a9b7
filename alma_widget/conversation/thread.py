"""The conversation as the page shows it: who wrote, when in the customer's time zone, what."""

from __future__ import annotations

import functools
import zoneinfo

from alma_widget.content.models import Catalog
from alma_widget.conversation.zendesk_comments import Comment, TeamFile
from alma_widget.settings import settings
from alma_widget.storage.replies import StoredReply

# Where Alma's customers are, for a page that did not say its time zone.
DEFAULT_TIME_ZONE = "Europe/Paris"


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def customer_zone(name: object) -> zoneinfo.ZoneInfo:
    """The browser's time zone when it is a real one (IANA name), else Paris."""
    if isinstance(name, str) and name in _known_zones():
        return zoneinfo.ZoneInfo(name)
    return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def author(comment: Comment, content: Catalog) -> str:
    """« Vous », or the team: « Service client Alma », or the agent's first name when the
    team chose to show it (ALMA_SHOW_AGENT_NAMES)."""
    if not comment.from_team:
        return content.requests.thread_you
    if settings().show_agent_names and comment.author_first_name:
        return comment.author_first_name
    return content.requests.thread_team


def with_answers(comments: list[Comment], answers: list[StoredReply]) -> list[Comment]:
    """Zendesk's comments and the customer's answers not among them (still in the outbox,
    given up, or newer than the comments read), in time order: an answer shows at once,
    and once only when Zendesk has it (its mark, delivery/zendesk_reply.py)."""
    on_ticket = {comment.reply_key for comment in comments if comment.reply_key}
    waiting = [
        Comment(
            from_team=False,
            author_first_name="",
            body=answer.message,
            created_at=answer.created_at,
            files=answer.files,
            reply_key=answer.comment_key,
            delivery="" if answer.delivery == "sent" else answer.delivery,
        )
        for answer in answers
        if answer.comment_key not in on_ticket
    ]
    return sorted([*comments, *waiting], key=lambda comment: comment.created_at)


def _note(comment: Comment, content: Catalog) -> str:
    if comment.delivery == "failed":
        return content.requests.reply_failed
    return content.requests.reply_pending if comment.delivery == "pending" else ""


def entries(comments: list[Comment], content: Catalog, time_zone: object) -> list[dict[str, str]]:
    """One line per message, oldest first, for the page."""
    zone = customer_zone(time_zone)
    lines = []
    for comment in comments:
        local = comment.created_at.astimezone(zone)
        at = content.requests.thread_at.format(
            date=local.strftime("%d/%m/%Y"), time=local.strftime("%H:%M")
        )
        lines.append(
            {
                "who": author(comment, content),
                "side": "team" if comment.from_team else "customer",
                "at": at,
                "datetime": local.isoformat(timespec="minutes"),
                "body": comment.body,
                # Files read from Zendesk are offered for download (files_of); the names only
                # of an answer not on the ticket yet.
                "files": "" if comment.attachments else ", ".join(comment.files),
                "note": _note(comment, content),
            }
        )
    return lines


def files_of(comments: list[Comment]) -> list[tuple[int, TeamFile]]:
    """(the message's place in `entries`, the file) for every file read from Zendesk."""
    return [(index, file) for index, comment in enumerate(comments) for file in comment.attachments]
