"""The operators' figures (alma_widget/metrics.py): every label value from a fixed set, and
the steps counted by category."""

from __future__ import annotations

from alma_widget import metrics
from alma_widget.flow.counting import count, count_miss
from tests.support.metrics import counted


def test_a_value_outside_its_set_is_counted_as_other():
    before = counted("alma_requests_total", result="other")
    metrics.request_result("client@exemple.fr")
    assert counted("alma_requests_total", result="other") == before + 1
    assert counted("alma_requests_total", result="client@exemple.fr") == 0


def test_a_step_is_counted_under_its_topic_s_category():
    before = counted("alma_flow_steps_total", step="help_shown", category="order")
    count("order-not-received", "help_shown")
    assert counted("alma_flow_steps_total", step="help_shown", category="order") == before + 1


def test_a_topic_the_content_does_not_have_is_under_other():
    before = counted("alma_flow_steps_total", step="form_opened", category="other")
    count("no-such-topic", "form_opened")
    assert counted("alma_flow_steps_total", step="form_opened", category="other") == before + 1


def test_searches_that_opened_a_topic_and_those_that_found_nothing():
    opened, missed = (counted("alma_searches_total", result=r) for r in ("opened", "missed"))
    count("order-not-received", "help_shown", "search")
    count("order-not-received", "help_shown", "choice")  # not a search
    count_miss("une recherche sans réponse")
    assert counted("alma_searches_total", result="opened") == opened + 1
    assert counted("alma_searches_total", result="missed") == missed + 1


def test_several_workers_without_a_shared_folder_refuse_to_start(monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://localhost:6379")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    [problem] = metrics.problems(metrics_on=True)
    assert "PROMETHEUS_MULTIPROC_DIR" in problem
    assert metrics.problems(metrics_on=False) == []
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/tmp/metrics")
    assert metrics.problems(metrics_on=True) == []
