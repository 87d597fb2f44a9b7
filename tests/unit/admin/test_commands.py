"""The back office's console commands run as an operator runs them: the installed scripts,
in a process of their own, on the database REFLEX_DB_URL names (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from alma_widget.storage.queries import record_flow_event
from alma_widget.storage.tables import SupportRequest
from tests.support.commands import run
from tests.support.records import add_request


def emails(engine: sa.Engine) -> set[str]:
    with Session(engine) as session:
        return {row.email for row in session.exec(select(SupportRequest))}


def test_the_purge_removes_what_is_past_its_retention(engine, session_factory, tmp_path):
    add_request(session_factory, tmp_path, email="ancien@exemple.fr", key="k1", age_days=4 * 365)
    add_request(session_factory, tmp_path, email="recent@exemple.fr", key="k2")
    done = run("alma-widget-purge", engine=engine, upload_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Purge : ") and "supprimé(s)" in done.stdout
    assert emails(engine) == {"recent@exemple.fr"}
    assert len(list(tmp_path.iterdir())) == 1  # the old request's photo went with it


def test_the_erasure_removes_one_person_and_refuses_plainly(engine, session_factory, tmp_path):
    add_request(session_factory, tmp_path, email="efface@exemple.fr", key="k1")
    add_request(session_factory, tmp_path, email="garde@exemple.fr", key="k2")
    for args, message in (
        ((), "usage : alma-widget-erase ADRESSE_EMAIL"),
        (("pas-une-adresse",), "Adresse email invalide : rien n'a été supprimé."),
    ):
        refused = run("alma-widget-erase", *args, engine=engine, upload_dir=tmp_path)
        assert (refused.returncode, refused.stderr.strip()) == (2, message)
        assert "Traceback" not in refused.stderr
    assert emails(engine) == {"efface@exemple.fr", "garde@exemple.fr"}
    done = run("alma-widget-erase", "efface@exemple.fr", engine=engine, upload_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Effacement : ")
    assert emails(engine) == {"garde@exemple.fr"}


def test_the_deflection_table_counts_each_topic(engine, session_factory, tmp_path):
    with session_factory() as session:
        for kind in ("help_shown", "help_shown", "helped_yes", "form_opened"):
            record_flow_event(session=session, topic_id="refund", kind=kind)
    done = run("alma-widget-deflection", engine=engine, upload_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("Mon remboursement")]
    assert line.split()[-7:-3] == ["2", "1", "0", "1"]  # help shown, yes, no, form opened
