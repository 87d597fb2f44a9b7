"""The conversation as the page shows it: who wrote, when in the customer's time zone, what."""

from __future__ import annotations

import functools
import zoneinfo

from alma_widget.content.models import Catalog
from alma_widget.conversation.zendesk_comments import Comment
from alma_widget.settings import settings

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
                "files": ", ".join(comment.files),
            }
        )
    return lines
