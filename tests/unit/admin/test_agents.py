"""Named agents (#20.10): managed by alma-widget-agent, signing in by name, and what they did
recorded by name (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import logging
import subprocess

import pytest
from sqlmodel import select

from alma_widget.admin import agents, sessions
from alma_widget.admin.agents import AgentRefused
from alma_widget.admin.auth import hash_password
from alma_widget.storage.tables import AdminAction, AdminSession, Agent, utc_now
from tests.support.commands import ROOT, SCRIPTS, environment, run

PASSWORD = "un-mot-de-passe-assez-long"


def test_an_agent_signs_in_by_name_until_disabled(session_factory, configure):
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    with session_factory() as session:
        assert agents.anyone_can_sign_in(session=session) is False
        agents.add(session=session, name="camille", password=PASSWORD)
        assert agents.anyone_can_sign_in(session=session) is True
        assert agents.signs_in(session=session, name="camille", password=PASSWORD) is True
        assert (
            agents.signs_in(session=session, name="camille", password="autre-chose-long") is False
        )
        agents.disable(session=session, name="camille")
        assert agents.signs_in(session=session, name="camille", password=PASSWORD) is False
        assert agents.anyone_can_sign_in(session=session) is False


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [
        ("Camille Dupont", PASSWORD, "Nom invalide"),
        ("camille", "court", "Mot de passe trop court"),
    ],
)
def test_a_bad_name_or_password_is_refused_plainly(session_factory, name, password, says):
    with session_factory() as session, pytest.raises(AgentRefused, match=says):
        agents.add(session=session, name=name, password=password)


def test_a_password_of_twelve_characters_is_taken_a_name_once_and_an_unknown_one_said(
    session_factory,
):
    with session_factory() as session:
        agents.add(session=session, name="camille", password="x" * agents.MIN_PASSWORD)
        assert agents.signs_in(session=session, name="camille", password="x" * 12) is True
        with pytest.raises(AgentRefused, match=r"^L'agent « camille » existe déjà\.$"):
            agents.add(session=session, name="camille", password=PASSWORD)
        with pytest.raises(AgentRefused, match=r"^Aucun agent « dominique »\.$"):
            agents.disable(session=session, name="dominique")
        assert [agent.name for agent in agents.listing(session=session)] == ["camille"]


def test_the_shared_password_still_works_this_release_with_a_warning(
    session_factory, configure, caplog
):
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password(PASSWORD))
    with session_factory() as session, caplog.at_level(logging.WARNING):
        assert agents.signs_in(session=session, name="support", password=PASSWORD) is True
        assert agents.signs_in(session=session, name="camille", password=PASSWORD) is False
    assert "alma-widget-agent add" in caplog.text


def test_the_command_adds_lists_and_disables(engine, tmp_path):
    added = subprocess.run(
        [str(SCRIPTS / "alma-widget-agent"), "add", "dominique"],
        input=PASSWORD + "\n",
        cwd=ROOT,
        env=environment(engine, tmp_path),
        capture_output=True,
        text=True,
    )
    assert (added.returncode, added.stdout.strip()) == (0, "Agent « dominique » ajouté.")
    again = run("alma-widget-agent", "add", "dominique", engine=engine, upload_dir=tmp_path)
    assert (again.returncode, again.stderr.strip()) == (2, "L'agent « dominique » existe déjà.")
    listed = run("alma-widget-agent", "list", engine=engine, upload_dir=tmp_path)
    assert listed.stdout.startswith("dominique\tactif\t")
    off = run("alma-widget-agent", "disable", "dominique", engine=engine, upload_dir=tmp_path)
    assert off.returncode == 0
    listed = run("alma-widget-agent", "list", engine=engine, upload_dir=tmp_path)
    assert listed.stdout.startswith("dominique\tdésactivé\t")
    wrong = run("alma-widget-agent", "remove", "dominique", engine=engine, upload_dir=tmp_path)
    assert wrong.returncode == 2 and wrong.stderr.startswith("usage : alma-widget-agent")


def test_what_an_agent_did_is_kept_by_name_without_personal_data(session_factory):
    with session_factory() as session:
        agents.record(session=session, agent="camille", action="export", detail="status, search")
        [row] = session.exec(select(AdminAction)).all()
        assert (row.agent, row.action, row.detail) == ("camille", "export", "status, search")


def test_a_disabled_agent_s_open_session_ends_at_once(session_factory, configure):
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    with session_factory() as session:
        agents.add(session=session, name="camille", password=PASSWORD)
        agents.add(session=session, name="dominique", password=PASSWORD)
        first = sessions.start(session=session, user="camille")
        second = sessions.start(session=session, user="camille")
        other = sessions.start(session=session, user="dominique")
        assert agents.current_agent(session=session, token=first) == "camille"
        agents.disable(session=session, name="camille")
        assert agents.current_agent(session=session, token=first) is None
        assert agents.current_agent(session=session, token=second) is None
        assert agents.current_agent(session=session, token=other) == "dominique"
        ended = session.exec(select(AdminSession).where(AdminSession.user == "camille")).all()
        assert len(ended) == 2 and all(row.ended_at is not None for row in ended)


def test_an_agent_disabled_behind_the_command_s_back_is_refused_at_the_next_action(
    session_factory, configure
):
    """Disabled in the database by another worker or by hand: the next check ends it."""
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    with session_factory() as session:
        agents.add(session=session, name="camille", password=PASSWORD)
        token = sessions.start(session=session, user="camille")
        agent = session.get(Agent, "camille")
        agent.disabled_at = utc_now()
        session.add(agent)
        session.commit()
        assert agents.current_agent(session=session, token=token) is None
        agent.disabled_at = None
        session.add(agent)
        session.commit()
        assert agents.current_agent(session=session, token=token) is None  # ended for good


def test_the_shared_name_s_sessions_end_when_the_shared_password_is_retired(
    session_factory, configure
):
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password(PASSWORD))
    with session_factory() as session:
        token = sessions.start(session=session, user="support")
        assert agents.current_agent(session=session, token=token) == "support"
        configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH="")
        assert agents.current_agent(session=session, token=token) is None


def test_signing_in_costs_one_scrypt_whatever_the_name(session_factory, configure, monkeypatch):
    """The time of an answer says nothing of which names exist or are disabled."""
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password(PASSWORD))
    with session_factory() as session:
        agents.add(session=session, name="camille", password=PASSWORD)
        agents.add(session=session, name="dominique", password=PASSWORD)
        agents.disable(session=session, name="dominique")
        agents.signs_in(session=session, name="personne", password=PASSWORD)  # the dummy, once
        calls = []
        real = hashlib.scrypt
        monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: calls.append(1) or real(*a, **k))
        for name in ("camille", "dominique", "support", "personne", "Pas Un Nom"):
            calls.clear()
            agents.signs_in(session=session, name=name, password="pas-le-bon-mot-de-passe")
            assert len(calls) == 1, name
