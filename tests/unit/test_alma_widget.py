"""The start: a broken setting stops it with one French line naming it, never a traceback."""

import os
import subprocess
import sys

import pytest

from alma_widget import alma_widget as app_module
from alma_widget.identity import state as identity_state
from harness.identity import SECRETS_SETTING


@pytest.fixture
def fresh_settings():
    app_module.settings.cache_clear()
    identity_state.identity_secrets.cache_clear()
    yield
    app_module.settings.cache_clear()
    identity_state.identity_secrets.cache_clear()


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        (
            "ALMA_IDENTITY_SECRETS",
            "compte:trop-court",
            "ALMA_IDENTITY_SECRETS : le secret « compte »",
        ),
        ("ALMA_IDENTITY_SECRETS", "sans-kid", "ALMA_IDENTITY_SECRETS : chaque secret"),
        ("ALMA_FRAME_ANCESTORS", "pas-une-origine", "ALMA_FRAME_ANCESTORS : « pas-une-origine »"),
        # A value of the wrong kind: the setting's name and pydantic's reason.
        ("ALMA_SMTP_PORT", "vingt-cinq", "ALMA_SMTP_PORT : valeur refusée (Input should be"),
        ("ALMA_SMTP_PORT", "70000", "ALMA_SMTP_PORT : valeur refusée (Input should be less"),
        # What the channels check (delivery.problems).
        ("ALMA_DELIVERY", "fax", "ALMA_DELIVERY"),
    ],
)
def test_a_bad_setting_stops_the_start_in_one_french_line(
    monkeypatch, capsys, fresh_settings, variable, value, said
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        app_module.refuse_to_start_on_bad_configuration()
    assert stopped.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Le widget ne peut pas démarrer."
    assert len(lines) == 2  # one line for the one wrong setting
    assert [line for line in lines[1:] if line.startswith(said)], lines
    assert "Traceback" not in "\n".join(lines)
    if variable == "ALMA_IDENTITY_SECRETS" and ":" in value:  # a secret is never printed
        assert value.partition(":")[2] not in "\n".join(lines)


def test_metrics_of_several_workers_need_their_shared_folder(monkeypatch, capsys, fresh_settings):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:9")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.delenv("ALMA_METRICS_TOKEN", raising=False)
    app_module.refuse_to_start_on_bad_configuration()  # no metrics asked: starts
    monkeypatch.setenv("ALMA_METRICS_TOKEN", "t" * 32)
    app_module.settings.cache_clear()
    with pytest.raises(SystemExit):
        app_module.refuse_to_start_on_bad_configuration()
    assert "ALMA_METRICS_TOKEN : avec plusieurs workers" in capsys.readouterr().err


def test_good_secrets_start(monkeypatch, fresh_settings):
    monkeypatch.setenv("ALMA_IDENTITY_SECRETS", SECRETS_SETTING)
    app_module.refuse_to_start_on_bad_configuration()  # does not stop


def test_importing_the_app_module_runs_nothing_asking_for_app_starts():
    """Nothing on import (no check, no loader written, no logs set up); Reflex asking for
    `app` builds it, and a bad setting stops that start."""
    env = {**os.environ, "ALMA_IDENTITY_SECRETS": "sans-kid"}
    imported = subprocess.run(
        [sys.executable, "-c", "import alma_widget.alma_widget"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    started = subprocess.run(
        [sys.executable, "-c", "import alma_widget.alma_widget as m; m.app"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert started.returncode == 1
    assert started.stderr.startswith("Le widget ne peut pas démarrer.")
