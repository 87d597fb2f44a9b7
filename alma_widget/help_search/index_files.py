"""The search index, written at build time: one file per page language.

Stemming every topic in the browser took 100 to 300 ms of a phone's first touch (#34,
`make bench`: key press to results typed before the page connected). The build runs the
very bundle the page loads (assets/search.js) in Node, once per language, and writes what
MiniSearch serializes; the page names its file (`data-index-url`) and reads it back with
`loadIndex` when the search field is first touched. The file's name carries a hash of its
content, so a browser keeps it until the content changes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from alma_widget.content.loading import catalog
from alma_widget.help_search.topics import filler_words, search_topics
from alma_widget.page_contract import FIRST_ANSWER_LETTERS

BUNDLE = Path(__file__).resolve().parents[2] / "assets" / "search.js"
ADDRESS_PREFIX = "/search-index/"


def run_search_bundle(program: str, payload: dict, bundle: Path = BUNDLE) -> object:
    """Run `program` (JavaScript, with AlmaSearch and the `payload` as `input`) in Node."""
    node = shutil.which("node")
    if node is None or not bundle.exists():
        raise RuntimeError("Node and assets/search.js are needed (make setup builds it)")
    script = (
        f"require({json.dumps(str(bundle))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const {createIndex, loadIndex, pageWords, search, serializeIndex, suggestion} ="
        " globalThis.AlmaSearch;"
        f"console.log(JSON.stringify(({program})()));"
    )
    done = subprocess.run(
        [node, "-e", script], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@functools.cache
def serialized_index(locale: str) -> str:
    """MiniSearch's JSON of the topics a page in `locale` searches."""
    payload = {"topics": search_topics(locale), "filler": filler_words()}
    return str(run_search_bundle("() => serializeIndex(input.topics, input.filler)", payload))


# A topic's first keywords only (customers' commonest words first: docs/content.md): each
# word is in every page's first bytes. On the phrasings held out (docs/search.md), the page's
# first answer has the right topic in its first three for 30 of 47 with four words, 31 with
# all of them, 17 with none.
FIRST_ANSWER_WORDS = 4


@functools.cache
def page_words(locale: str) -> dict[str, str]:
    """By topic id, the words the page of `locale` answers with until the search's script
    and index arrive (assets/boot.js): the keywords its label and its help's first paragraph
    (what the page compares too) do not hold."""
    page = catalog(locale)
    topics = [
        {"id": t.id, "label": t.label, "keywords": t.keywords, "help": t.help[0]}
        for category in page.categories
        for t in category.topics
    ]
    payload = {
        "topics": topics,
        "filler": filler_words(),
        "letters": FIRST_ANSWER_LETTERS,
        "most": FIRST_ANSWER_WORDS,
    }
    program = "() => pageWords(input.topics, input.filler, input.letters, input.most)"
    words = run_search_bundle(program, payload)
    if not isinstance(words, dict):
        raise RuntimeError(f"assets/search.js's pageWords answered {words!r}: run make setup")
    return {str(topic): str(said) for topic, said in words.items()}


def index_address(locale: str) -> str:
    """Where the page of `locale` fetches its index (served from the build's public files)."""
    digest = hashlib.sha256(serialized_index(locale).encode("utf-8")).hexdigest()[:12]
    return f"{ADDRESS_PREFIX}{locale}-{digest}.json"


def index_files(locales: list[str]) -> list[tuple[Path, str]]:
    """(path under the web directory, content) of every page language's index."""
    return [
        (Path("public") / index_address(locale).lstrip("/"), serialized_index(locale))
        for locale in locales
    ]
