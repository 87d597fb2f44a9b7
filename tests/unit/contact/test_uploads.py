"""Files a customer adds, taken one by one (alma_widget/contact/uploads.py): the count, the
rate limit, the type and the size, then stored; what is refused is said in the customer's
language; a file taken back, or a form started afresh, leaves nothing in the store."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

import pytest

from alma_widget import metrics
from alma_widget.contact import uploads
from alma_widget.contact.attachments import MAX_BYTES
from tests.support.records import PNG

PAGE_KEY = "3f9c2a7be15d40c8a6f1d2e3b4c5a697"


class Upload:
    """What Reflex hands over for one file: its name, and its bytes read up to a limit."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data
        self.asked: list[int] = []

    async def read(self, size: int) -> bytes:
        self.asked.append(size)
        return self.data[:size]


def form(**fields) -> SimpleNamespace:
    """A contact form's upload fields, its browser session at an address."""
    session = SimpleNamespace(client_token="jeton-de-session-a", client_ip="198.51.100.20")
    values = {"files": [], "_held_files": [], "_files_key": None, "errors": {}}
    return SimpleNamespace(router=SimpleNamespace(session=session), **{**values, **fields})


@pytest.fixture
def store(configure, tmp_path) -> Path:
    folder = tmp_path / "uploads"
    configure(ALMA_UPLOAD_DIR=str(folder), ALMA_UPLOAD_LIMITS="100 per minute")
    return folder


def stored(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def counted(result: str) -> float:
    sample = metrics.REGISTRY.get_sample_value("alma_attachments_total", {"result": result})
    return sample or 0.0


def take(files, *, held=0, language="fr", session="jeton-de-session-a", ip="198.51.100.20"):
    return asyncio.run(
        uploads.take_uploads(
            files, held=held, language=language, session_token=session, client_ip=ip
        )
    )


def test_files_are_stored_and_listed_as_the_page_shows_them(store):
    before = counted("stored")
    accepted, problems = take([Upload("facture.png", PNG), Upload("../../photo.png", PNG)])
    assert problems == []
    assert [(f["original_name"], f["content_type"], f["size"]) for f in accepted] == [
        ("facture.png", "image/png", str(len(PNG))),
        ("photo.png", "image/png", str(len(PNG))),
    ]
    assert stored(store) == sorted(f["stored_name"] for f in accepted)
    assert counted("stored") == before + 2


def test_past_three_files_the_rest_is_refused_in_the_customer_s_language(store):
    before = counted("refused")
    accepted, problems = take([Upload("a.png", PNG), Upload("b.png", PNG)], held=2)
    assert [f["original_name"] for f in accepted] == ["a.png"]
    assert problems == ["3 fichiers au plus."]
    accepted, problems = take([Upload("c.png", PNG)], held=3, language="en")
    assert accepted == [] and problems == ["3 files at most."]
    assert len(stored(store)) == 1 and counted("refused") == before + 2


def test_a_refused_file_says_why_and_the_next_one_is_still_taken(store):
    accepted, problems = take([Upload("vide.png", b""), Upload("scan.png", PNG)])
    assert [f["original_name"] for f in accepted] == ["scan.png"]
    assert len(problems) == 1 and "vide.png" in problems[0]


def test_a_huge_file_is_read_one_byte_past_the_limit_and_no_further(store):
    huge = Upload("enorme.png", PNG + b"\x00" * (2 * MAX_BYTES))
    accepted, problems = take([huge])
    assert huge.asked == [MAX_BYTES + 1]
    assert accepted == [] and "5 Mo" in problems[0]
    assert stored(store) == []


def test_too_many_files_too_fast_from_a_session_or_an_address(configure, store):
    configure(ALMA_UPLOAD_LIMITS="2 per minute")
    before = counted("rate_limited")
    accepted, problems = take([Upload(f"{n}.png", PNG) for n in "abc"])
    assert len(accepted) == 2
    assert problems == [
        "Vous avez ajouté beaucoup de fichiers en peu de temps. Merci de patienter quelques "
        "minutes avant d'en ajouter d'autres."
    ]
    assert counted("rate_limited") == before + 1
    # The same session from elsewhere, and another session from the same address: refused.
    assert take([Upload("d.png", PNG)], ip="203.0.113.8")[0] == []
    assert take([Upload("e.png", PNG)], session="jeton-de-session-b")[0] == []
    # Another customer, elsewhere, is not held up by them.
    assert len(take([Upload("f.png", PNG)], session="jeton-b", ip="203.0.113.9")[0]) == 1


def test_a_store_out_of_reach_is_said_plainly_and_keeps_nothing(configure, tmp_path, caplog):
    blocked = tmp_path / "pas-un-dossier"
    blocked.write_text("un fichier à la place du dossier")
    configure(ALMA_UPLOAD_DIR=str(blocked))
    before = counted("unavailable")
    accepted, problems = take([Upload("a.png", PNG), Upload("b.png", PNG)], language="en")
    assert accepted == []
    assert problems == [
        "Adding files is unavailable for the moment. You can send your request without a "
        "file, or try again later."
    ]
    assert counted("unavailable") == before + 1
    assert caplog.messages == ["attachment not stored (FileExistsError)"]


def test_a_file_taken_back_is_deleted_and_only_a_file_of_this_form(store):
    accepted, _ = take([Upload("a.png", PNG), Upload("b.png", PNG)])
    [other], _ = take([Upload("c.png", PNG)])
    mine = form(files=accepted)
    asyncio.run(uploads.remove_from(mine, other["stored_name"]))
    assert len(stored(store)) == 3 and mine.files == accepted
    asyncio.run(uploads.remove_from(mine, accepted[0]["stored_name"]))
    assert mine.files == [accepted[1]]
    assert stored(store) == sorted([accepted[1]["stored_name"], other["stored_name"]])


def test_a_form_started_afresh_deletes_its_files_shown_and_held(store):
    shown, _ = take([Upload("a.png", PNG)])
    held, _ = take([Upload("b.png", PNG)])
    started_afresh = form(files=shown, _held_files=held)
    asyncio.run(uploads.drop_files(started_afresh))
    assert (started_afresh.files, started_afresh._held_files) == ([], [])
    assert stored(store) == []


def test_a_file_the_store_cannot_delete_is_left_for_the_purge(store, caplog):
    [taken], _ = take([Upload("a.png", PNG)])
    # Something the store cannot delete under that name (a folder in its place).
    (store / taken["stored_name"]).unlink()
    (store / taken["stored_name"]).mkdir()
    mine = form(files=[taken])
    asyncio.run(uploads.remove_from(mine, taken["stored_name"]))
    assert mine.files == []  # gone from the form all the same
    assert caplog.messages == ["attachment not deleted (IsADirectoryError)"]


def test_files_go_into_the_form_of_the_page_with_its_key_and_refusals_into_its_errors(store):
    page = form(errors={"email": "Adresse email invalide."})
    asyncio.run(uploads.take_into(page, [Upload("a.png", PNG)], "fr", key=None))
    assert page.files == [] and stored(store) == []  # no key: not this page's
    files = [Upload("a.png", PNG), Upload("vide.png", b""), Upload("b.pdf", b"pas un pdf")]
    asyncio.run(uploads.take_into(page, files, "fr", key=PAGE_KEY))
    assert [f["original_name"] for f in page.files] == ["a.png"]
    assert page.errors["email"] == "Adresse email invalide."
    refusals = page.errors["attachments"]
    assert "vide.png" in refusals and "b.pdf" in refusals and ". " in refusals
    asyncio.run(uploads.take_into(page, [Upload("c.png", PNG)], "fr", key=PAGE_KEY))
    assert "attachments" not in page.errors and len(page.files) == 2
