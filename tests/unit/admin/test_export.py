"""The back office's CSV export, streamed through a signed link (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import time
from urllib.parse import unquote, urlsplit

import pytest
from sqlalchemy.exc import OperationalError

from alma_widget.admin.export import BATCH_ROWS, export_link, request_export
from alma_widget.admin.files import LINK_SECONDS, attachment_files
from alma_widget.admin.queries import Filters
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import create_request
from tests.support.asgi import request
from tests.support.records import add_request

LINK_SECRET = "un-secret-pour-les-liens-de-32-octets-au-moins"


def get(link: str, session_factory) -> tuple[int, list[bytes]]:
    """The status and the body chunks the endpoint sends for `link`."""
    parts = urlsplit(link)
    return get_raw(parts.path, parts.query.encode(), session_factory)


def add_many(session_factory, count: int) -> None:
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "account",
            "topic_id": "account-other",
            "email": "beaucoup@exemple.fr",
            "message": "Une question parmi beaucoup d'autres, merci.",
        }
    )
    with session_factory() as session:
        for n in range(count):
            create_request(session=session, request_in=request_in, submission_key=f"many-{n}")


def test_the_export_is_streamed_batch_by_batch(configure, session_factory):
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    add_many(session_factory, 2 * BATCH_ROWS + 1)
    status, chunks = get(export_link(Filters()), session_factory)
    assert status == 200
    assert len(chunks) == 1 + 3  # the column names, then three batches
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode())))
    assert rows[0][0] == "reference" and len(rows) == 1 + 2 * BATCH_ROWS + 1


def test_cells_are_safe_and_the_filters_are_those_signed(configure, session_factory, tmp_path):
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    message = "=cmd|' /C calc'!A0 et un message assez long"
    add_request(session_factory, tmp_path, email="csv@exemple.fr", key="k", message=message)
    add_request(session_factory, tmp_path, email="autre@exemple.fr", key="k2")
    status, chunks = get(export_link(Filters(search="csv@exemple.fr")), session_factory)
    header, row = list(csv.reader(io.StringIO(b"".join(chunks).decode())))
    assert status == 200 and row[header.index("email")] == "csv@exemple.fr"
    assert row[header.index("phone")] == "'+33612345678"
    assert row[header.index("message")].startswith("'=cmd")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda link: link[:-8] + ("A" if link[-8] != "A" else "B") + link[-7:],  # one byte
        lambda link: link.split("?")[0],  # nothing sealed
        lambda link: link.replace("t=", "t=x"),  # not a sealed token
    ],
    ids=["changed", "missing", "garbage"],
)
def test_a_link_not_sealed_as_it_is_gets_nothing(configure, session_factory, tamper):
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    link = export_link(Filters(search="csv@exemple.fr"))
    tampered = tamper(link)
    assert tampered != link and get(link, session_factory)[0] == 200
    assert get(tampered, session_factory) == (404, [])


def test_no_filter_is_readable_in_the_link(configure):
    """A search holds an email: proxies and logs keep addresses, so it travels sealed."""
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    link = export_link(Filters(search="csv@exemple.fr"))
    query = unquote(link.split("?", 1)[1])
    # Whole words only: the sealed token is random base64, where three letters
    # such as "csv" turn up by chance (CI saw it once).
    assert "exemple" not in query and "@" not in query
    token = query.split("=", 1)[1]
    assert b"exemple" not in base64.urlsafe_b64decode(token)


def test_an_expired_link_gets_nothing(configure, session_factory, monkeypatch):
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    link = export_link(Filters())
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + LINK_SECONDS + 1)
    assert get(link, session_factory) == (404, [])


@pytest.mark.parametrize(
    "query",
    [b"t=%C3%A9", b"t=\xff", b"\xff\xfe=\xff"],
    ids=["non-ascii-token", "raw-byte-token", "raw-bytes"],
)
def test_hostile_links_are_not_found_never_a_crash(configure, session_factory, query):
    """What a client puts in an address: answered 404, never a 500, for both endpoints."""
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    status, chunks = get_raw(request_export_path(), query, session_factory)
    assert (status, chunks) == (404, [])
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/admin-files/abc.pdf", "query_string": query}
    asyncio.run(attachment_files(None)(scope, None, send))
    assert sent[0]["status"] == 404


def request_export_path() -> str:
    return urlsplit(export_link(Filters())).path


def get_raw(path: str, query: bytes, session_factory) -> tuple[int, list[bytes]]:
    sent: list[dict] = []

    async def app(scope, receive, send):  # anything that is not the export
        raise AssertionError("the export's address reached the app")

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": path, "query_string": query}
    asyncio.run(request_export(app, session_factory)(scope, None, send))
    chunks = [m["body"] for m in sent if m["type"] == "http.response.body" and m["body"]]
    return sent[0]["status"], chunks


def test_links_need_the_link_secret_not_the_shared_password(configure, session_factory):
    """Named agents only (the shared password retired, as the docs advise): links work; the
    secret changed or unset: every link given before is refused."""
    configure(ALMA_LINK_SECRET=LINK_SECRET, ALMA_ADMIN_PASSWORD_HASH="")
    add_many(session_factory, 1)
    link = export_link(Filters())
    assert get(link, session_factory)[0] == 200
    configure(ALMA_LINK_SECRET="un-autre-secret-pour-les-liens-de-32-octets")
    assert get(link, session_factory)[0] == 404
    configure(ALMA_LINK_SECRET="")
    assert get(export_link(Filters()), session_factory)[0] == 404


async def _elsewhere(scope, receive, send):
    """The app behind the export: answers 204 and says which address reached it."""
    headers = [(b"x-reached", scope["path"].encode())]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def test_the_file_is_a_csv_download_never_cached(configure, session_factory):
    """Read as a server reads the endpoint's messages (a malformed one fails the test)."""
    configure(ALMA_LINK_SECRET=LINK_SECRET)
    add_many(session_factory, 1)
    export = request_export(_elsewhere, session_factory)
    parts = urlsplit(export_link(Filters()))
    response = request(export, "GET", f"http://widget.test{parts.path}?{parts.query}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename=demandes.csv"
    assert response.headers["cache-control"] == "no-store"
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert row["message"] == "Une question parmi beaucoup d'autres, merci."
    refused = request(export, "GET", f"http://widget.test{parts.path}")
    assert (refused.status_code, refused.content) == (404, b"")
    elsewhere = request(export, "GET", "http://widget.test/admin")
    assert (elsewhere.status_code, elsewhere.headers["x-reached"]) == (204, "/admin")


def test_a_database_failing_mid_way_cuts_the_file_short_and_says_so(configure, caplog):
    configure(ALMA_LINK_SECRET=LINK_SECRET)

    def unreachable():
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    status, chunks = get(export_link(Filters()), unreachable)
    assert status == 200
    assert [line.split(",")[0] for line in b"".join(chunks).decode().splitlines()] == ["reference"]
    assert "export stopped (OperationalError)" in caplog.text
