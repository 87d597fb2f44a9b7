"""The alert rules shipped for operators (deploy/prometheus/alerts.yml): valid for Prometheus,
firing on synthetic series (promtool, from Debian's package), on metrics the widget really
exports, each with its entry in the runbook; the dashboard (deploy/grafana/) reads real
metrics too."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

from alma_widget.web.metrics_endpoint import scrape

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "alerts.yml"
RUNBOOK = ROOT / "docs" / "operations.md"
DASHBOARD = ROOT / "deploy" / "grafana" / "alma-widget.json"


def _promtool() -> str:
    found = subprocess.run(
        [str(ROOT / "scripts" / "promtool.sh")], capture_output=True, text=True, check=True
    )
    return found.stdout.strip()


def _alerts() -> list[dict]:
    return [
        rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]
    ]


def test_promtool_accepts_the_rules_and_their_tests_pass():
    checked = subprocess.run([_promtool(), "check", "rules", str(RULES)], capture_output=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run(
        [_promtool(), "test", "rules", "alerts.test.yml"],
        cwd=RULES.parent,
        capture_output=True,
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr


def _exported(session_factory) -> set[str]:
    """Every name a query may read, also of a family no label has been counted under yet."""
    families = list(text_string_to_metric_families(scrape(session_factory).decode()))
    names = {family.name for family in families}
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    for family in families:
        names |= {family.name + suffix for suffix in suffixes.get(family.type, ())}
    return names


def test_every_rule_reads_a_metric_the_widget_exports(session_factory):
    exported = _exported(session_factory)
    for alert in _alerts():
        for name in re.findall(r"\balma_[a-z_]+", alert["expr"]):
            assert name in exported, f"{alert['alert']} reads {name}"


def test_every_dashboard_panel_reads_metrics_the_widget_exports(session_factory):
    exported = _exported(session_factory)
    panels = json.loads(DASHBOARD.read_text())["panels"]
    assert len(panels) >= 12
    for panel in panels:
        [target] = panel["targets"]
        names = re.findall(r"\balma_[a-z_]+", target["expr"])
        assert names and set(names) <= exported, panel["title"]


def test_every_alert_has_its_runbook_entry():
    headings = re.findall(r"^### (\w+)$", RUNBOOK.read_text(), flags=re.MULTILINE)
    for alert in _alerts():
        assert alert["annotations"]["runbook"] == f"docs/operations.md#{alert['alert'].lower()}"
        assert alert["alert"] in headings
