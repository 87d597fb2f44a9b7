"""Named agents (#20.10): managed by alma-widget-agent, signing in by name, and what they did
recorded by name (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
import subprocess

import pytest
from sqlmodel import select

from alma_widget.admin import agents
from alma_widget.admin.agents import AgentRefused
from alma_widget.admin.auth import hash_password
from alma_widget.storage.tables import AdminAction
from tests.unit.admin.test_commands import ROOT, SCRIPTS, environment, run

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
