"""The files a customer chose leave a new connection's snapshot and come back only to the
page that holds their key (#30: a copied socket token must not read their names)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import reflex as rx

from alma_widget.contact import submission
from alma_widget.web.connection_guard import forget_personal_data
from tests.support.contact_events import TYPED, run

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PAGE_KEY = "3f9c2a7be15d40c8a6f1d2e3b4c5a697"
OTHER_KEY = "0123456789abcdef0123456789abcdef"
# A purchase question asks for a phone and the order.
ORDER = {**TYPED, "phone": "06 12 34 56 78", "order_reference": "CMD-1"}


@pytest.fixture
def form(states, configure, tmp_path):
    """The contact form of a question that takes files, the uploads in a folder of the test."""
    configure(ALMA_UPLOAD_DIR=str(tmp_path))
    flow, form = states
    flow.sync(
        {
            "seq": 2,
            "actions": ["restore"],
            "step": "form",
            "category_id": "order",
            "topic_id": "order-not-compliant",
            "merchant_contacted": "yes",
        }
    )
    assert flow.accepts_attachments
    return form


def choose(form, name: str, key: str) -> None:
    upload = rx.UploadFile(file=io.BytesIO(PNG), path=Path(name))
    asyncio.run(form.add_files([upload], "", key))


def shown(form) -> list[str]:
    return [f["original_name"] for f in form.files]


def stored(tmp_path) -> int:
    return len(list(tmp_path.iterdir()))


def test_a_new_connection_carries_no_file_name_and_the_page_gets_them_back(form, tmp_path):
    choose(form, "releve-marie-martin.png", PAGE_KEY)
    assert shown(form) == ["releve-marie-martin.png"]
    forget_personal_data(form)  # what connection_guard does before Reflex's snapshot
    assert "releve-marie-martin" not in str(form.dict())
    asyncio.run(form.files_again(PAGE_KEY))
    assert shown(form) == ["releve-marie-martin.png"] and stored(tmp_path) == 1


def test_another_key_gets_nothing_and_the_held_files_are_deleted(form, tmp_path):
    choose(form, "releve.png", PAGE_KEY)
    forget_personal_data(form)
    asyncio.run(form.files_again(OTHER_KEY))
    assert shown(form) == [] and stored(tmp_path) == 0
    asyncio.run(form.files_again(PAGE_KEY))  # the key changed hands: nothing comes back
    assert shown(form) == []


@pytest.mark.parametrize("key", ["a" * 16, "b" * 128])
def test_a_key_of_16_to_128_characters_gets_its_files_back(form, key):
    choose(form, "releve.png", key)
    forget_personal_data(form)
    asyncio.run(form.files_again(key))
    assert shown(form) == ["releve.png"]


@pytest.mark.parametrize("key", ["", "court", "c" * 15, None, 42, "x" * 129])
def test_no_key_or_a_malformed_one_claims_nothing_and_stores_nothing(form, tmp_path, key):
    choose(form, "releve.png", PAGE_KEY)
    forget_personal_data(form)
    asyncio.run(form.files_again(key))
    assert shown(form) == []
    choose(form, "autre.png", key)
    assert shown(form) == [] and stored(tmp_path) == 1
    asyncio.run(form.files_again(PAGE_KEY))  # the held file still waits for its page
    assert shown(form) == ["releve.png"]


def test_a_request_sent_on_a_new_connection_claims_its_files_itself(form, monkeypatch, tmp_path):
    sent = {}

    def store_request(*args, **kwargs):
        sent["files"] = kwargs["files"]
        return "ALM-0000TEST", None

    monkeypatch.setattr(submission, "store_request", store_request)
    choose(form, "facture.png", PAGE_KEY)
    forget_personal_data(form)
    run(form.submit({**ORDER, "files_key": PAGE_KEY}))
    [file] = sent["files"]
    assert (file.original_name, file.content_type, file.size) == ("facture.png", "image/png", 72)
    assert (tmp_path / file.stored_name).read_bytes() == PNG


def test_a_request_without_the_key_is_sent_without_the_held_files(form, monkeypatch):
    sent = {}
    monkeypatch.setattr(
        submission,
        "store_request",
        lambda *a, **k: sent.update(files=k["files"]) or ("ALM-0000TEST", None),
    )
    choose(form, "facture.png", PAGE_KEY)
    forget_personal_data(form)
    run(form.submit(ORDER))
    assert sent["files"] == []
