"""The upload size limit, on a real ASGI app through Starlette's test client."""

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from alma_widget.web.upload_limit import limit_upload_size


async def echo_size(request):
    body = await request.body()
    return PlainTextResponse(str(len(body)))


@pytest.fixture
def client():
    app = Starlette(
        routes=[
            Route("/_upload", echo_size, methods=["POST"]),
            Route("/other", echo_size, methods=["POST"]),
        ]
    )
    return TestClient(limit_upload_size(app, max_bytes=1000))


def test_small_upload_passes(client):
    response = client.post("/_upload", content=b"x" * 1000)
    assert (response.status_code, response.text) == (200, "1000")


def test_declared_large_upload_refused_in_french(client):
    response = client.post("/_upload", content=b"x" * 1001)
    assert response.status_code == 413
    # The limit this middleware was given (1,000 bytes here), then the per-file rule.
    assert response.json()["detail"].startswith("Envoi trop volumineux : 1 Ko au plus en tout")


def test_chunked_large_upload_refused_while_reading(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 100

    response = client.post("/_upload", content=chunks())
    assert response.status_code == 413


def test_other_routes_are_not_limited(client):
    assert client.post("/other", content=b"x" * 5000).text == "5000"
