"""« Nous répondons en général sous … »: the expected reply time, from what happened.

The median time to the team's first public reply (Zendesk's comment webhook) over the last
50 requests that got one, counted in business hours only: the team's days and hours, minus
public holidays, in the team's time zone (the content's `[hours]`, each language). Outside
business hours the customer is told when the team is back instead; with fewer than 20
replies to go on, the content's own sentence: never a number the data does not support.
"""

from __future__ import annotations

import math
import statistics
import zoneinfo
from datetime import datetime, timedelta

from alma_widget.content.models import WEEKDAYS, Catalog, HoursTexts

SAMPLE = 50
FEWEST = 20


def _zone(hours: HoursTexts) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(hours.time_zone)


def _opening(hours: HoursTexts, day) -> tuple[datetime, datetime] | None:
    """That local day's opening and closing moments, or None (closed, or a holiday)."""
    opening = hours.open.get(WEEKDAYS[day.weekday()])
    if opening is None or day in hours.holidays:
        return None
    zone = _zone(hours)
    return (
        datetime.combine(day, opening.opens, tzinfo=zone),
        datetime.combine(day, opening.closes, tzinfo=zone),
    )


def business_seconds(start: datetime, end: datetime, hours: HoursTexts) -> float:
    """The seconds between `start` and `end` that fall within business hours."""
    zone = _zone(hours)
    start, end = start.astimezone(zone), end.astimezone(zone)
    total, day = 0.0, start.date()
    while day <= end.date():
        window = _opening(hours, day)
        if window is not None:
            begin, finish = max(window[0], start), min(window[1], end)
            total += max(0.0, (finish - begin).total_seconds())
        day += timedelta(days=1)
    return total


def next_opening(now: datetime, hours: HoursTexts) -> datetime | None:
    """None while the team is at work; else when it is back (within a month)."""
    local = now.astimezone(_zone(hours))
    for offset in range(31):
        window = _opening(hours, local.date() + timedelta(days=offset))
        if window is None or window[1] <= local:
            continue
        return None if window[0] <= local else window[0]
    return None


def median_reply(pairs: list[tuple[datetime, datetime]], hours: HoursTexts) -> float | None:
    """The median business seconds from a request to the team's first reply, over the most
    recent `SAMPLE` (sent, replied) pairs; None below `FEWEST`."""
    recent = sorted(pairs, key=lambda pair: pair[0], reverse=True)[:SAMPLE]
    if len(recent) < FEWEST:
        return None
    return statistics.median(business_seconds(sent, replied, hours) for sent, replied in recent)


def duration_words(seconds: float, content: Catalog) -> str:
    """A business duration rounded up, as the customer reads it: minutes, hours, days."""
    hours = content.hours
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return hours.minutes.format(n=minutes)
    day = _working_day_seconds(hours)
    if seconds < day:
        return hours.hours.format(n=math.ceil(seconds / 3600))
    return hours.days.format(n=math.ceil(seconds / day))


def _working_day_seconds(hours: HoursTexts) -> float:
    """A typical working day's length (the longest opening of the week)."""
    return max(
        (datetime.combine(datetime.min, o.closes) - datetime.combine(datetime.min, o.opens))
        for o in hours.open.values()
    ).total_seconds()


def clock(moment: datetime, hours: HoursTexts) -> str:
    text = hours.clock.format(hour=moment.hour, minute=f"{moment.minute:02d}")
    return text.removesuffix(" 00") if moment.minute == 0 else text


def expected_reply(now: datetime, pairs: list[tuple[datetime, datetime]], content: Catalog) -> str:
    """What the page says of the reply time, now."""
    hours = content.hours
    back = next_opening(now, hours)
    if back is not None:
        return hours.outside.format(day=hours.day_names[back.weekday()], time=clock(back, hours))
    median = median_reply(pairs, hours)
    if median is None:
        return hours.few_replies
    return hours.typical.format(duration=duration_words(median, content))
