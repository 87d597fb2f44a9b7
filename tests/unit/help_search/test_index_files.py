"""The search index the build writes: read back in the browser, it answers as an index built
from the topics there would, one file per page language, cached until the content changes."""

from alma_widget.help_search.index_files import (
    index_address,
    index_files,
    run_search_bundle,
    serialized_index,
)
from alma_widget.help_search.topics import filler_words, search_topics
from alma_widget.web.headers import headers_for

QUERIES = [
    "ma cb ne passe pas",
    "parcel never arrived",
    "rembourssement",
    "échéance",
    "bonjour merci",
]


def test_the_written_index_answers_as_one_built_from_the_topics():
    program = """() => {
      const built = createIndex(input.topics, input.filler), read = loadIndex(input.index);
      return input.queries.map(q => [search(built, q), search(read, q)]);
    }"""
    payload = {
        "topics": search_topics("fr"),
        "filler": filler_words(),
        "index": serialized_index("fr"),
        "queries": QUERIES,
    }
    answers = run_search_bundle(program, payload)
    for built, read in answers:
        assert read == built
    assert any(built for built, _ in answers)


def test_each_page_language_has_its_own_file_under_the_public_files():
    files = dict(index_files(["fr", "en"]))
    assert len(files) == 2
    for path, content in files.items():
        assert path.parts[0] == "public"
        assert "/" + "/".join(path.parts[1:]) in (index_address("fr"), index_address("en"))
        assert content.startswith("{")
    assert index_address("fr") != index_address("en")


def test_an_index_file_is_cached_for_good_as_its_name_changes_with_it():
    headers = headers_for(index_address("fr"), https=False, frame_ancestors="")
    assert "immutable" in headers["Cache-Control"]
