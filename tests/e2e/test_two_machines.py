"""Two machines of one production stack (issue #22): nothing is kept on machine A that
machine B needs. A customer sends a request with a photo through A; A stops before it could
deliver; B, started on its own port with its own empty local folder, delivers the mail and
the Zendesk ticket with the photo read from the bucket, an agent downloads the photo from B,
and the purge run on B removes it from the bucket."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import sqlalchemy as sa
import sqlmodel
from playwright.sync_api import Page

from alma_widget.storage.tables import utc_now
from harness.db import rows_with_email
from harness.servers import ROOT, WidgetServer
from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION, SERVER_AWAY, drop_expected
from tests.support.admin_pages import open_in_admin, sign_in
from tests.support.steps import PNG, SHARED, send_with_a_photo

pytestmark = pytest.mark.skipif(not PRODUCTION, reason="production stack pass only")


def machine_b_env(a: WidgetServer, folder) -> dict[str, str]:
    """Machine B: the same variables as A (nothing local shared), its own empty folder."""
    env = {k: v for k, v in a.env.items() if k.startswith(SHARED) and k != "ALMA_WIDGET_ORIGIN"}
    return env | {"ALMA_UPLOAD_DIR": str(folder)}


def run_purge(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from alma_widget.admin.privacy import purge_main as m; m()"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_what_machine_a_took_in_machine_b_delivers_serves_and_purges(
    widget: Page,
    page: Page,
    widget_app,
    database_url,
    smtp_sink,
    local_zendesk,
    local_s3,
    tmp_path,
    browser_errors,
):
    email = "deux.machines@exemple.fr"
    # A's ways out are down: it stores the request and cannot deliver it.
    smtp_sink.stop()
    local_zendesk.stop()
    ways_out_down = True
    machine_b = None
    try:
        reference = send_with_a_photo(widget, email)
        [row] = rows_with_email(database_url, email)
        widget_app.stop()  # machine A goes away
        smtp_sink.start()
        local_zendesk.start()
        ways_out_down = False
        engine = sqlmodel.create_engine(database_url)
        with engine.begin() as connection:
            [stored_name] = connection.execute(
                sa.text("SELECT stored_name FROM attachment WHERE request_id = :id"),
                {"id": row.id},
            ).scalars()
            # Due now, as time passing would make them (A's attempts backed off).
            connection.execute(
                sa.text(
                    "UPDATE outbox_message SET next_attempt_at = :now, claimed_until = NULL,"
                    " claimed_by = NULL WHERE request_id = :id"
                ),
                {"now": utc_now(), "id": row.id},
            )
        assert f"uploads/{stored_name}" in local_s3.object_keys()
        machine_b = WidgetServer(
            machine_b_env(widget_app, tmp_path / "b-uploads"), tmp_path / "b.log"
        ).start()
        # B's outbox: the team's mail and the ticket with the photo from the bucket.
        wait_until(
            lambda: [m for m in smtp_sink.received() if reference in m["Subject"]], timeout=60
        )
        wait_until(
            lambda: [t for t in local_zendesk.tickets if t["external_id"] == reference],
            timeout=60,
        )
        [ticket] = [t for t in local_zendesk.tickets if t["external_id"] == reference]
        assert [local_zendesk.files[t] for t in ticket["comment"]["uploads"]] == [PNG]
        assert list((tmp_path / "b-uploads").glob("*")) == []  # nothing on B's disk
        # An agent on B downloads the photo.
        sign_in(page, machine_b.url)
        open_in_admin(page, reference)
        with page.expect_download() as download:
            page.get_by_role("button", name="Télécharger colis casse.png").click()
        assert download.value.path().read_bytes() == PNG
        # The purge on B: the photo of a request past its attachments' retention leaves the
        # bucket.
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE support_request SET created_at = :old WHERE id = :id"),
                {"old": utc_now() - timedelta(days=400), "id": row.id},
            )
        engine.dispose()
        assert "Purge" in run_purge(machine_b_env(widget_app, tmp_path / "b-uploads"))
        assert f"uploads/{stored_name}" not in local_s3.object_keys()
    finally:
        if machine_b is not None:
            machine_b.stop()
        if ways_out_down:
            smtp_sink.start()
            local_zendesk.start()
        if widget_app.process.poll() is not None:
            widget_app.start()
    # The customer's page lost machine A meanwhile; that is what a machine going away does.
    drop_expected(browser_errors, SERVER_AWAY)
