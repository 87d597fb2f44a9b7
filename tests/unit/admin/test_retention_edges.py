"""Each retention at its edge: a row exactly as old as its period is kept, a second older is
purged (docs/personal-data.md: « kept N days »), and the purge says what it removed."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from alma_widget.admin.privacy import Retention, purge
from alma_widget.contact.attachments import save
from alma_widget.storage.tables import (
    AdminSession,
    Attachment,
    FlowEvent,
    SearchMiss,
    SupportRequest,
)
from tests.support.records import PNG, add_request

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
RETENTION = Retention(requests_days=30, attachments_days=10, unsent_hours=5, events_days=20)


def _requests_created(session_factory, upload_dir, *ages: timedelta) -> list[int]:
    """One request with a file per age, created that long before NOW."""
    return [
        add_request(
            session_factory, upload_dir, email=f"c{n}@exemple.fr", key=f"k{n}", created_at=NOW - age
        )[0]
        for n, age in enumerate(ages)
    ]


def _purged(session_factory, upload_dir):
    with session_factory() as session:
        return purge(session=session, now=NOW, retention=RETENTION, upload_dir=upload_dir)


def test_a_request_is_kept_its_whole_period(session_factory, tmp_path):
    edge, past = _requests_created(
        session_factory, tmp_path, timedelta(days=30), timedelta(days=30) + SECOND
    )
    assert _purged(session_factory, tmp_path).requests == 1
    with session_factory() as session:
        assert [r.id for r in session.exec(select(SupportRequest))] == [edge]
        assert past not in {a.request_id for a in session.exec(select(Attachment))}


def test_a_file_is_kept_its_whole_period(session_factory, tmp_path):
    edge, past = _requests_created(
        session_factory, tmp_path, timedelta(days=10), timedelta(days=10) + SECOND
    )
    removed = _purged(session_factory, tmp_path)
    assert (removed.requests, removed.attachments, removed.files) == (0, 1, 1)
    with session_factory() as session:
        assert [a.request_id for a in session.exec(select(Attachment))] == [edge]
        assert {r.id for r in session.exec(select(SupportRequest))} == {edge, past}


def test_a_file_of_a_form_never_sent_is_kept_its_whole_period(session_factory, tmp_path):
    edge = save("en-cours.png", PNG, tmp_path).stored_name
    past = save("abandon.png", PNG, tmp_path).stored_name
    for name, age in ((edge, timedelta(hours=5)), (past, timedelta(hours=5) + SECOND)):
        moment = (NOW - age).timestamp()
        os.utime(tmp_path / name, (moment, moment))
    assert _purged(session_factory, tmp_path).unsent_files == 1
    assert [p.name for p in tmp_path.iterdir()] == [edge]


def test_counts_misses_and_sessions_each_at_their_edge(session_factory, tmp_path):
    with session_factory() as session:
        for topic, age in (("edge", timedelta(days=20)), ("past", timedelta(days=20) + SECOND)):
            session.add(FlowEvent(created_at=NOW - age, topic_id=topic, kind="help_shown"))
        # Search misses: 90 days (help_search/misses.py).
        for query, age in (("edge", timedelta(days=90)), ("past", timedelta(days=90) + SECOND)):
            session.add(SearchMiss(created_at=NOW - age, query=query))
        # Back-office sessions: over at their age limit (ALMA_ADMIN_SESSION_HOURS, 8).
        for token, age in (("a" * 64, timedelta(hours=8)), ("b" * 64, timedelta(hours=8) + SECOND)):
            moment = NOW - age
            session.add(
                AdminSession(token_hash=token, user="agent", created_at=moment, last_seen_at=moment)
            )
        session.commit()
    removed = _purged(session_factory, tmp_path)
    assert (removed.flow_events, removed.search_misses, removed.admin_sessions) == (1, 1, 1)
    with session_factory() as session:
        assert [e.topic_id for e in session.exec(select(FlowEvent))] == ["edge"]
        assert [m.query for m in session.exec(select(SearchMiss))] == ["edge"]
        assert [s.token_hash for s in session.exec(select(AdminSession))] == ["a" * 64]
