"""Attachment downloads for the back office (alma_widget/admin/files.py): the file only for a
link this server sealed for it, with its type and the customer's name for it; 404 otherwise."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from alma_widget.admin.files import attachment_files, signed_link
from alma_widget.contact.attachments import save
from tests.support.records import PNG

LINK_SECRET = "un-secret-pour-les-liens-de-32-octets-au-moins"


@pytest.fixture
def stored(configure, tmp_path):
    """A file in the store, as the contact form saved it."""
    configure(ALMA_LINK_SECRET=LINK_SECRET, ALMA_UPLOAD_DIR=str(tmp_path))
    return save("Relevé d'identité.png", PNG, tmp_path)


def download(link: str, scope_type: str = "http") -> list[dict]:
    parts = urlsplit(link)
    sent: list[dict] = []

    async def app(scope, receive, send):  # anything that is not a download
        await send({"type": "passed", "path": scope["path"], "receive": receive})

    async def send(message):
        sent.append(message)

    scope = {"type": scope_type, "path": parts.path, "query_string": parts.query.encode()}
    asyncio.run(attachment_files(app)(scope, "receive", send))
    return sent


def test_a_sealed_link_downloads_the_file_under_the_customer_s_name(stored):
    start, body = download(signed_link(stored.stored_name, stored.original_name))
    assert start["status"] == 200
    assert dict(start["headers"]) == {
        b"content-type": b"image/png",
        b"content-disposition": b"attachment; filename*=UTF-8''Relev%C3%A9%20d%27identit%C3%A9.png",
        b"cache-control": b"no-store",
    }
    assert body == {"type": "http.response.body", "body": PNG}


def test_a_link_without_the_customer_s_name_gives_a_plain_one(stored):
    [start, _] = download(signed_link(stored.stored_name, ""))
    assert (b"content-disposition", b"attachment; filename*=UTF-8''piece-jointe") in start[
        "headers"
    ]


def test_every_other_address_is_not_found(stored, tmp_path):
    other = save("autre.png", PNG, tmp_path)
    link = signed_link(stored.stored_name, "a.png")
    query = urlsplit(link).query
    for address in (
        f"/admin-files/{other.stored_name}?{query}",  # another file with this file's link
        f"/admin-files/{stored.stored_name}",  # no link
        f"/admin-files/{stored.stored_name}?t=forged",
        f"/admin-files/x/{stored.stored_name}?{query}",
    ):
        start, body = download(address)
        assert (start["status"], body["body"]) == (404, b""), address
    # A name the store holds but of a type the widget never takes: not served either.
    (tmp_path / ("b" * 32 + ".exe")).write_bytes(b"MZ")
    exe = "b" * 32 + ".exe"
    assert download(signed_link(exe, "x.exe"))[0]["status"] == 404


def test_other_paths_and_other_kinds_of_connection_go_to_the_app(stored):
    link = signed_link(stored.stored_name, "a.png")
    assert download("/admin") == [{"type": "passed", "path": "/admin", "receive": "receive"}]
    [passed] = download(link, scope_type="websocket")
    assert passed["type"] == "passed"
