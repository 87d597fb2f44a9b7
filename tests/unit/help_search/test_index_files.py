"""The search index the build writes: read back in the browser, it answers as an index built
from the topics there would, one file per page language, cached until the content changes."""

from alma_widget.help_search.index_files import (
    FIRST_ANSWER_WORDS,
    index_address,
    index_files,
    page_words,
    run_search_bundle,
    serialized_index,
)
from alma_widget.help_search.topics import filler_words, search_topics
from alma_widget.page_contract import FIRST_ANSWER_LETTERS
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


def test_each_topic_carries_its_first_keywords_the_page_answers_with():
    """What the page answers the search with before the index arrives (assets/boot.js): a
    customer's word the label and the help's first paragraph do not hold (« colis »), never a
    word they do (« commande »), nor a stop word (« pas » of « pas reçu »); cut as the page
    cuts what is typed, and few, for every page's first bytes."""
    words = {topic: said.split() for topic, said in page_words("fr").items()}
    assert set(words) == {t["id"] for t in search_topics("fr")}
    received = words["order-not-received"]
    assert "colis" in received and "comman" not in received and "pas" not in received
    assert "rembou" not in words["refund"]  # its label says « remboursement »
    assert all(len(word) <= FIRST_ANSWER_LETTERS for said in words.values() for word in said)
    assert max(len(said) for said in words.values()) == FIRST_ANSWER_WORDS
    assert "parcel" in page_words("en")["order-not-received"].split()
