"""Reading /metrics as Prometheus does (its text format, parsed by prometheus-client)."""

from __future__ import annotations

import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from alma_widget import metrics

Sample = tuple[str, tuple[tuple[str, str], ...]]


def fetch(url: str, token: str | None) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers by lower-case name) of GET /metrics with this bearer token
    (None: no header)."""
    request = urllib.request.Request(f"{url}/metrics")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode(), _lower(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode(), _lower(refused.headers)


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def samples(text: str) -> dict[Sample, float]:
    """Every sample of a scrape: (name, sorted labels) → value."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(url: str, token: str) -> dict[Sample, float]:
    status, body, _ = fetch(url, token)
    assert status == 200, body
    return samples(body)


def value(scraped: dict[Sample, float], name: str, **labels: str) -> float:
    """One sample's value; 0 when the scrape has none (a counter never incremented)."""
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


def counted(name: str, **labels: str) -> float:
    """One sample of this process's own figures (no scrape: the unit tests); 0 when none."""
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0
