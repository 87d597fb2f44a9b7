"""Back-office sessions of their own (#20.9): a cookie's token, only its hash stored, ended
at sign-out, after the idle time and at the age limit; the sign-in post refuses plainly."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from alma_widget import rate_limits as abuse
from alma_widget.admin import agents, session_endpoint, sessions
from alma_widget.admin.auth import hash_password
from alma_widget.admin.privacy import purge
from alma_widget.admin.session_endpoint import admin_session_endpoint
from alma_widget.storage.tables import AdminSession, utc_now
from alma_widget.web import client_address
from alma_widget.web import headers as headers_module
from tests.support import asgi

ANYONE = lambda user: True  # noqa: E731  (the session's own rules, whoever its user)


def test_a_session_lives_until_signed_out_and_only_its_hash_is_kept(session_factory):
    with session_factory() as session:
        token = sessions.start(session=session, user="support")
        assert len(token) >= 40
        [row] = session.exec(select(AdminSession)).all()
        assert token not in {row.token_hash, row.user}
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) == "support"
        assert sessions.current_user(session=session, token=token + "x", allowed=ANYONE) is None
        sessions.end(session=session, token=token)
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) is None
        ended_at = session.exec(select(AdminSession)).one().ended_at
        # Signing out twice, or with a cookie that names no session, changes nothing.
        for again in (token, "a-token-nobody-was-given", ""):
            sessions.end(session=session, token=again)
        assert session.exec(select(AdminSession)).one().ended_at == ended_at


@pytest.mark.parametrize(
    ("field", "age"),
    [("last_seen_at", timedelta(minutes=31)), ("created_at", timedelta(hours=8, seconds=1))],
    ids=["idle", "age-limit"],
)
def test_an_idle_or_old_session_is_over(session_factory, configure, field, age):
    configure(ALMA_ADMIN_SESSION_MINUTES="30", ALMA_ADMIN_SESSION_HOURS="8")
    with session_factory() as session:
        token = sessions.start(session=session, user="support")
        row = session.exec(select(AdminSession)).one()
        setattr(row, field, utc_now() - age)
        session.add(row)
        session.commit()
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) is None


def test_the_cookie_is_for_no_script_and_no_other_site():
    cookie = sessions.set_cookie("abc", secure=True)
    assert cookie.startswith("__Host-alma_admin=abc; Path=/; Max-Age=28800;")
    assert "Domain" not in cookie  # what the __Host- prefix requires, with Secure and Path=/
    assert sessions.set_cookie("abc", secure=False).startswith("alma_admin=abc; Path=/;")
    assert sessions.token_from("a=1; __Host-alma_admin=abc; b=2") == "abc"
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    assert "Max-Age=0" in sessions.set_cookie("", secure=False)
    assert sessions.token_from("a=1; alma_admin=abc; b=2") == "abc"
    assert sessions.token_from('bad"cookie') == ""


def post(
    path: str,
    form: dict | bytes,
    *,
    database=None,
    origin: str | None = "http://admin.test",
    method: str = "POST",
    cookie: str = "",
    scheme: str = "http",
    peer: str = "198.51.100.30",
    extra_headers: tuple[tuple[str, str], ...] = (),
    app=None,
):
    """The status and headers the endpoint answers a form post with (tests/support/asgi.py)."""

    async def no_app(scope, receive, send):
        raise AssertionError("the sign-in reached the app")

    headers = {"content-type": "application/x-www-form-urlencoded"}
    if origin is not None:
        headers["origin"] = origin
    if cookie:
        headers["cookie"] = cookie
    headers.update(extra_headers)
    body = form if isinstance(form, bytes) else urlencode(form).encode()
    endpoint = admin_session_endpoint(app or no_app, database)
    url = f"{scheme}://admin.test{path}"
    answer = asgi.request(endpoint, method, url, body=body, headers=headers, client=peer)
    return answer.status_code, dict(answer.headers)


def test_a_wrong_password_is_refused_plainly_and_sets_nothing(configure, session_factory):
    configure(
        ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"), ALMA_ADMIN_SIGN_IN_LIMITS="2 per minute"
    )
    for _ in range(2):
        status, headers = post(
            "/admin/session", {"user": "support", "password": "mauvais"}, database=session_factory
        )
        assert (status, headers["location"]) == (303, "/admin?connexion=refusee")
        assert "set-cookie" not in headers
    # The third try from that address is not even checked.
    form = {"user": "support", "password": "le-bon"}
    status, headers = post("/admin/session", form, database=session_factory)
    assert headers["location"] == "/admin?connexion=trop" and "set-cookie" not in headers


def test_no_agent_and_no_password_means_no_back_office(configure, session_factory):
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    form = {"user": "support", "password": "x"}
    _, headers = post("/admin/session", form, database=session_factory)
    assert headers["location"] == "/admin?connexion=desactive"


@pytest.mark.parametrize(
    ("origin", "method", "status"),
    [
        ("https://ailleurs.example", "POST", 403),
        (None, "POST", 403),
        ("http://admin.test", "GET", 405),
    ],
)
def test_a_post_from_elsewhere_is_refused(configure, origin, method, status):
    configure(ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    form = {"user": "support", "password": "le-bon"}
    assert post("/admin/session", form, origin=origin, method=method)[0] == status


def test_the_purge_removes_sessions_past_their_age_limit(session_factory, tmp_path):
    with session_factory() as session:
        old = sessions.start(session=session, user="support")
        live = sessions.start(session=session, user="support")
        row = session.get(AdminSession, sessions.token_digest(old))
        row.created_at = utc_now() - timedelta(hours=9)
        session.add(row)
        session.commit()
        assert purge(session=session, upload_dir=tmp_path).admin_sessions == 1
        assert sessions.current_user(session=session, token=live, allowed=ANYONE) == "support"
        assert session.get(AdminSession, sessions.token_digest(old)) is None


def test_a_named_agent_gets_a_session_and_signing_out_ends_it(configure, session_factory):
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    with session_factory() as session:
        agents.add(session=session, name="camille", password="le-mot-de-passe-de-camille")
    form = {"user": "camille", "password": "le-mot-de-passe-de-camille"}
    status, headers = post("/admin/session", form, database=session_factory)
    assert (status, headers["location"]) == (303, "/admin")
    token = sessions.token_from(headers["set-cookie"].split(";")[0])
    with session_factory() as session:
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) == "camille"
    status, headers = post(
        "/admin/session/end", {}, database=session_factory, cookie=f"alma_admin={token}"
    )
    assert headers["location"] == "/admin?connexion=sortie" and "Max-Age=0" in headers["set-cookie"]
    with session_factory() as session:
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) is None


def test_an_active_agent_stays_signed_in_until_the_age_limit(
    session_factory, configure, monkeypatch
):
    """Each action renews the idle time: active for hours, signed in; the age limit ends it."""
    configure(ALMA_ADMIN_SESSION_MINUTES="30", ALMA_ADMIN_SESSION_HOURS="8")
    start = utc_now()
    clock = [start]
    monkeypatch.setattr(sessions, "utc_now", lambda: clock[0])
    with session_factory() as session:
        token = sessions.start(session=session, user="support")
        for minutes in range(20, 8 * 60, 20):  # an action every 20 minutes for 8 hours
            clock[0] = start + timedelta(minutes=minutes)
            assert sessions.current_user(session=session, token=token, allowed=ANYONE), minutes
        clock[0] = start + timedelta(hours=8)
        assert sessions.current_user(session=session, token=token, allowed=ANYONE) is None


def behind_one_proxy(monkeypatch) -> None:
    """REFLEX_TRUSTED_PROXY_HOPS=1: the TLS-terminating proxy in front is declared."""
    declared = lambda: type("Config", (), {"trusted_proxy_hops": 1})  # noqa: E731
    monkeypatch.setattr(headers_module, "get_config", declared)
    monkeypatch.setattr(client_address, "get_config", declared)


def test_over_https_the_cookie_is_secure_and_sign_in_works(configure, session_factory):
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    form = {"user": "support", "password": "le-bon"}
    status, headers = post(
        "/admin/session",
        form,
        database=session_factory,
        scheme="https",
        origin="https://admin.test",
    )
    assert (status, headers["location"]) == (303, "/admin")
    assert "; Secure" in headers["set-cookie"]
    assert headers["set-cookie"].startswith("__Host-alma_admin=")


@pytest.mark.parametrize(
    ("forwarded_proto", "secure"),
    [("https", True), ("http, https", True), ("https, http", False)],
)
def test_behind_the_declared_proxy_its_own_word_on_tls_counts(
    configure, session_factory, monkeypatch, forwarded_proto, secure
):
    """The proxy that talks to us writes last: what came before it is the client's to forge."""
    behind_one_proxy(monkeypatch)
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    status, headers = post(
        "/admin/session",
        {"user": "support", "password": "le-bon"},
        database=session_factory,
        origin=f"{'https' if secure else 'http'}://admin.test",
        peer="10.0.0.2",
        extra_headers=(("x-forwarded-proto", forwarded_proto),),
    )
    assert (status, headers["location"]) == (303, "/admin")
    assert ("; Secure" in headers["set-cookie"]) is secure


def test_sign_in_limits_count_the_client_behind_the_proxy_not_the_proxy(
    configure, session_factory, monkeypatch
):
    behind_one_proxy(monkeypatch)
    configure(
        ALMA_ADMIN_USER="support",
        ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"),
        ALMA_ADMIN_SIGN_IN_LIMITS="2 per minute",
    )

    def attempt(client: str, password: str) -> str:
        return post(
            "/admin/session",
            {"user": "support", "password": password},
            database=session_factory,
            peer="10.0.0.2",
            extra_headers=(("x-forwarded-for", client),),
        )[1]["location"]

    assert (
        attempt("203.0.113.1", "faux")
        == attempt("203.0.113.1", "faux")
        == ("/admin?connexion=refusee")
    )
    assert attempt("203.0.113.1", "le-bon") == "/admin?connexion=trop"  # this client is blocked
    assert attempt("203.0.113.2", "le-bon") == "/admin"  # another, through the same proxy, is not


def test_every_answer_is_a_redirect_no_cache_keeps(configure, session_factory):
    configure(ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    for path, form in (
        ("/admin/session", {"user": "support", "password": "le-bon"}),
        ("/admin/session", {"user": "support", "password": "faux"}),
        ("/admin/session/end", {}),
    ):
        status, headers = post(path, form, database=session_factory)
        assert status == 303 and headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "form",
    [{}, {"password": "le-bon"}, {"user": "support"}, b"user=\xffsupport&password=\xfe"],
    ids=["empty", "no user", "no password", "not utf-8"],
)
def test_a_form_missing_its_fields_or_unreadable_is_refused_plainly(
    configure, session_factory, form
):
    configure(ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    status, headers = post("/admin/session", form, database=session_factory)
    assert (status, headers["location"]) == (303, "/admin?connexion=refusee")
    assert "set-cookie" not in headers


def test_with_the_database_away_the_sign_in_says_so_and_starts_nothing(
    configure, session_factory, caplog
):
    """Down before the password is checked, or when the session would be stored: the same
    plain notice, no cookie, and a log line with the failure's type alone."""
    configure(ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    form = {"user": "support", "password": "le-bon"}

    def away():
        raise ConnectionRefusedError("database down")

    status, headers = post("/admin/session", form, database=away)
    assert (status, headers["location"]) == (303, "/admin?connexion=indisponible")
    assert "set-cookie" not in headers
    assert "back-office sign-in not checked (ConnectionRefusedError)" in caplog.messages

    calls = []

    def away_once_checked():
        calls.append(1)
        return session_factory() if len(calls) == 1 else away()

    caplog.clear()
    status, headers = post("/admin/session", form, database=away_once_checked)
    assert (status, headers["location"]) == (303, "/admin?connexion=indisponible")
    assert "set-cookie" not in headers
    assert "back-office session not started (ConnectionRefusedError)" in caplog.messages
    assert "le-bon" not in caplog.text


def test_the_log_says_who_signed_in_and_never_a_password(configure, session_factory, caplog):
    configure(ALMA_ADMIN_PASSWORD_HASH="")
    with session_factory() as session:
        agents.add(session=session, name="camille", password="le-mot-de-passe-de-camille")
    caplog.set_level("INFO", logger="alma_widget.admin.session_endpoint")
    post("/admin/session", {"user": "camille", "password": "mauvais"}, database=session_factory)
    form = {"user": "camille", "password": "le-mot-de-passe-de-camille"}
    post("/admin/session", form, database=session_factory)
    assert caplog.messages == ["back-office sign-in refused", "back-office sign-in for camille"]
    assert "mauvais" not in caplog.text and "le-mot-de-passe" not in caplog.text


def test_guessing_one_agent_s_password_from_many_addresses_slows_that_agent_alone(
    configure, session_factory, monkeypatch
):
    """Past ALMA_ADMIN_AGENT_LIMITS, every answer about that agent waits (never a refusal
    that would lock the real agent out); another agent's answers do not."""
    configure(
        ALMA_ADMIN_PASSWORD_HASH="",
        ALMA_ADMIN_AGENT_LIMITS="2 per hour",
        ALMA_ADMIN_SIGN_IN_LIMITS="100 per minute",
    )
    with session_factory() as session:
        for name in ("camille", "dominique"):
            agents.add(session=session, name=name, password=f"le-mot-de-passe-de-{name}")
    waited: list[float] = []

    async def wait(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(
        session_endpoint, "asyncio", SimpleNamespace(sleep=wait, to_thread=asyncio.to_thread)
    )
    for peer in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        form = {"user": "camille", "password": "devine"}
        assert (
            post("/admin/session", form, database=session_factory, peer=peer)[1]["location"]
            == "/admin?connexion=refusee"
        )
    assert waited == [abuse.SIGN_IN_DELAY_SECONDS]
    form = {"user": "dominique", "password": "devine"}
    post("/admin/session", form, database=session_factory, peer="203.0.113.4")
    assert waited == [abuse.SIGN_IN_DELAY_SECONDS]


def test_signing_out_without_a_session_still_ends_on_the_notice(configure, session_factory):
    status, headers = post("/admin/session/end", {}, database=session_factory)
    assert (status, headers["location"]) == (303, "/admin?connexion=sortie")
    assert headers["set-cookie"].startswith("alma_admin=;") and "Max-Age=0" in headers["set-cookie"]


def test_over_https_signing_out_forgets_the_secure_cookie(configure, session_factory):
    """The browser keeps a `__Host-` cookie until a Secure answer of that name clears it."""
    configure(ALMA_ADMIN_USER="support", ALMA_ADMIN_PASSWORD_HASH=hash_password("le-bon"))
    https = {"scheme": "https", "origin": "https://admin.test", "database": session_factory}
    _, headers = post("/admin/session", {"user": "support", "password": "le-bon"}, **https)
    cookie = headers["set-cookie"].split(";")[0]
    _, headers = post("/admin/session/end", {}, cookie=cookie, **https)
    cleared = headers["set-cookie"]
    assert cleared.startswith("__Host-alma_admin=;") and "Secure" in cleared
    assert "Max-Age=0" in cleared


def test_every_other_address_goes_on_to_the_app(configure, session_factory):
    async def app(scope, receive, send):
        body = (await receive())["body"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode() + body})

    for path in ("/admin", "/admin/session/other", "/fr/"):
        status, _ = post(path, {"a": "1"}, database=session_factory, app=app)
        assert status == 200
