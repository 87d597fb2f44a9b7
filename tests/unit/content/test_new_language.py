"""A new language is one content file (docs/content.md): a copy of en.toml as de.toml gets its
pages, its launcher words, and a help search that stems German, with no code changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from alma_widget.components.widget import widget_page
from alma_widget.content import loading
from alma_widget.help_search.index_files import run_search_bundle, serialized_index
from alma_widget.help_search.topics import filler_words, search_topics
from alma_widget.web.page_variants import PageVariant, variants

ROOT = Path(__file__).resolve().parents[3]
SEARCH = """() => {
  const index = loadIndex(serializeIndex(input.topics, input.filler));
  return search(index, input.query).map(hit => hit.id);
}"""


@pytest.fixture
def with_german(tmp_path, monkeypatch):
    """The content directory with de.toml: en.toml's topics, a German title and keyword."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("fr.toml", "en.toml"):
        shutil.copy(loading.CONTENT_DIR / name, content / name)
    german = (loading.CONTENT_DIR / "en.toml").read_text(encoding="utf-8")
    german = german.replace('title = "Send a request"', 'title = "Anfrage senden"', 1)
    german = german.replace('keywords = ["refund", ', 'keywords = ["Haus", "refund", ', 1)
    (content / "de.toml").write_text(german, encoding="utf-8")
    monkeypatch.setattr(loading, "CONTENT_DIR", content)
    _forget_what_was_read()
    yield content
    _forget_what_was_read()


def _forget_what_was_read() -> None:
    """The content and the search indexes are read once per process: read again from the
    directory in use (the German page's indexes hold German words; the others must not)."""
    loading.catalog.cache_clear()
    serialized_index.cache_clear()


def _bundle(content: Path, out: Path) -> Path:
    bun = shutil.which("bun")
    assert bun, "bun is installed by make setup"
    subprocess.run([bun, "search/build.js", str(content), str(out)], cwd=ROOT, check=True)
    return out


def _found(bundle: Path, query: str) -> list[str]:
    payload = {"topics": search_topics("de"), "filler": filler_words(), "query": query}
    return run_search_bundle(SEARCH, payload, bundle=bundle)


def test_the_new_file_is_checked_and_gets_its_pages(with_german):
    assert loading.check_all() == []
    assert loading.locales() == ("fr", "de", "en")
    assert {("de", ""), ("de", "checkout")} <= {(v.locale, v.context) for v in variants()}
    page = str(widget_page(PageVariant("de")))
    assert 'lang:"de"' in page and "Anfrage senden" in page


def test_its_search_stems_german_words_from_the_stemmer_library(with_german, tmp_path):
    # « Häusern » is « Haus » to a German stemmer, too far for typos or prefixes to reach.
    german = _bundle(with_german, tmp_path / "search-de.js")
    assert _found(german, "Häusern")[:1] == ["refund"]
    without = with_german.parent / "fr-en"
    without.mkdir()
    for name in ("fr.toml", "en.toml"):
        shutil.copy(with_german / name, without / name)
    assert "refund" not in _found(_bundle(without, tmp_path / "search-fr-en.js"), "Häusern")


def test_german_stop_words_find_nothing(with_german, tmp_path):
    german = _bundle(with_german, tmp_path / "search-de.js")
    assert _found(german, "und der die das") == []
