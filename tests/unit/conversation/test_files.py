"""The conversation's files, downloaded through the widget: a public comment's file comes,
checked like an upload; an internal note's never does, whatever a link names; a link not
sealed here, or too old, gets nothing; Zendesk's file is read from Zendesk only."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from alma_widget.conversation import files, zendesk_comments
from alma_widget.conversation.files import conversation_files, download_link, fetch
from alma_widget.conversation.zendesk_comments import TeamFile, thread_of
from harness.zendesk import LocalZendesk

LINK_SECRET = "un-secret-pour-les-liens-de-32-octets-au-moins"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def zendesk(configure):
    with LocalZendesk() as server:
        configure(
            ALMA_LINK_SECRET=LINK_SECRET,
            **{f"ALMA_{k.upper()}": v for k, v in server.settings().items()},
        )
        zendesk_comments.forget_all()
        yield server
    zendesk_comments.forget_all()


def _get(link: str) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict] = []

    async def app(scope, receive, send):
        raise AssertionError("a file's address reached the app")

    async def send(message):
        sent.append(message)

    parts = urlsplit(link)
    scope = {"type": "http", "path": parts.path, "query_string": parts.query.encode()}
    asyncio.run(conversation_files(app)(scope, None, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], dict(sent[0]["headers"]), body


def _files(zendesk, ticket) -> list[TeamFile]:
    comments, _ = thread_of(ticket["id"])
    return [file for comment in comments for file in comment.attachments]


def test_a_public_file_comes_through_the_widget(zendesk):
    ticket = zendesk.seed_ticket("ALM-FILES001", "cus_1", "Bonjour")
    zendesk.add_comment(ticket, "Voici la facture.", files=(("facture.png", PNG),))
    [file] = _files(zendesk, ticket)
    link = download_link(ticket["id"], file)
    assert zendesk.url not in link and "facture" not in link  # sealed, no Zendesk address
    status, headers, body = _get(link)
    assert (status, body) == (200, PNG)
    assert headers[b"content-type"] == b"image/png"
    assert headers[b"content-disposition"] == b"attachment; filename*=UTF-8''facture.png"
    assert headers[b"cache-control"] == b"private, no-store"


def test_an_internal_note_s_file_never_comes(zendesk):
    ticket = zendesk.seed_ticket("ALM-FILES002", "cus_1", "Bonjour")
    note = zendesk.add_comment(ticket, "Note", public=False, files=(("compta.png", PNG),))
    [attachment] = note["attachments"]
    forged = TeamFile(attachment["id"], "compta.png", attachment["content_url"])
    assert _get(download_link(ticket["id"], forged))[0] == 404


def test_a_file_that_is_not_an_image_or_a_pdf_never_comes(zendesk):
    ticket = zendesk.seed_ticket("ALM-FILES003", "cus_1", "Bonjour")
    zendesk.add_comment(ticket, "Voici.", files=(("outil.png", b"MZ\x90\x00" + bytes(64)),))
    [file] = _files(zendesk, ticket)
    assert _get(download_link(ticket["id"], file))[0] == 404


def test_a_link_not_sealed_here_or_too_old_gets_nothing(zendesk, monkeypatch):
    ticket = zendesk.seed_ticket("ALM-FILES004", "cus_1", "Bonjour")
    zendesk.add_comment(ticket, "Voici.", files=(("recu.png", PNG),))
    [file] = _files(zendesk, ticket)
    link = download_link(ticket["id"], file)
    assert _get(link.replace("t=", "t=x"))[0] == 404
    assert _get(link.split("?")[0])[0] == 404
    assert _get(link.replace(f"/{file.id}?", f"/{file.id + 1}?"))[0] == 404
    monkeypatch.setattr(files, "LINK_SECONDS", -1)
    assert _get(link)[0] == 404


def test_a_file_is_read_from_zendesk_only(zendesk, monkeypatch):
    ticket = zendesk.seed_ticket("ALM-FILES005", "cus_1", "Bonjour")
    comment = zendesk.add_comment(ticket, "Voici.", files=(("recu.png", PNG),))
    # The same file, from another host (that would serve it, were it asked).
    served = comment["attachments"][0]["content_url"]
    comment["attachments"][0]["content_url"] = served.replace("127.0.0.1", "localhost")
    [file] = _files(zendesk, ticket)
    with pytest.raises(files.FileUnavailable):
        fetch(ticket["id"], file.id, file.name)


def test_zendesk_s_file_host_is_trusted_over_https_only(zendesk):
    """Zendesk's CDN may serve a file, encrypted: an address on it in plain HTTP is refused
    before anything is asked (a network on the way could answer in its place)."""
    ticket = zendesk.seed_ticket("ALM-FILES006", "cus_1", "Bonjour")
    comment = zendesk.add_comment(ticket, "Voici.", files=(("recu.png", PNG),))
    comment["attachments"][0]["content_url"] = "http://alma.zdusercontent.com/attachments/recu.png"
    [file] = _files(zendesk, ticket)
    with pytest.raises(files.FileUnavailable, match="outside Zendesk"):
        fetch(ticket["id"], file.id, file.name)
