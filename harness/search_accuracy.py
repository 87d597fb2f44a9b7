"""How well the help search finds the right topic for customers' words.

Runs the very bundle the page loads (assets/search.js, built from search/) in Node over the
table of customer phrasings (tests/unit/data/search_phrasings.toml). `make bench-search`
prints the figures; the unit tests hold them above the bars.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

from alma_widget.content.loading import DEFAULT_LOCALE
from alma_widget.help_search.topics import search_topics

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "assets" / "search.js"
PHRASINGS = ROOT / "tests" / "unit" / "data" / "search_phrasings.toml"
TOP1_BAR, TOP3_BAR = 0.75, 0.90


def phrasings() -> list[tuple[str, str]]:
    return [tuple(row) for row in tomllib.loads(PHRASINGS.read_text(encoding="utf-8"))["phrasings"]]


def run_node(program: str, payload: dict) -> object:
    """Run `program` (JavaScript, with AlmaSearch and the `payload` as `input`) in Node."""
    node = shutil.which("node")
    if node is None or not BUNDLE.exists():
        raise RuntimeError("Node and assets/search.js are needed (make setup builds it)")
    script = (
        f"require({json.dumps(str(BUNDLE))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const {createIndex, search, suggestion} = globalThis.AlmaSearch;"
        f"console.log(JSON.stringify(({program})()));"
    )
    done = subprocess.run(
        [node, "-e", script], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def rank(queries: list[str], locale: str = DEFAULT_LOCALE) -> list[list[str]]:
    """The topic ids the page would offer for each query, best first (5 at most)."""
    program = """() => {
      const index = createIndex(input.topics);
      return input.queries.map(q => search(index, q).map(hit => hit.id));
    }"""
    return run_node(program, {"topics": search_topics(locale), "queries": queries})


def suggest(message: str, chosen: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """The topic the form would suggest for this message, if any."""
    program = """() => {
      const found = suggestion(createIndex(input.topics), input.message, input.chosen);
      return found && found.id;
    }"""
    return run_node(
        program, {"topics": search_topics(locale), "message": message, "chosen": chosen}
    )


def accuracy() -> tuple[float, float, list[tuple[str, str, list[str]]]]:
    """(top-1, top-3, the phrasings whose topic was not first)."""
    table = phrasings()
    ranked = rank([text for text, _ in table])
    top1 = sum(1 for (_, want), got in zip(table, ranked, strict=True) if got[:1] == [want])
    top3 = sum(1 for (_, want), got in zip(table, ranked, strict=True) if want in got[:3])
    missed = [
        (text, want, got[:3])
        for (text, want), got in zip(table, ranked, strict=True)
        if got[:1] != [want]
    ]
    return top1 / len(table), top3 / len(table), missed
