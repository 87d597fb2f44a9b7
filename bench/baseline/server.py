"""The static baseline: one HTML page holding the whole tree, and a JSON endpoint that stores.

The page is the same flow in plain HTML and vanilla JavaScript, with the texts of
alma_widget/content/fr.toml; the endpoint validates with the widget's own model and stores
with the widget's own store, so the comparison is about the front end and its transport.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

from pydantic import ValidationError
from sqlmodel import Session, create_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from alma_widget.content.loading import catalog
from alma_widget.customer_request.model import ContactRequestIn, field_errors
from alma_widget.storage.queries import create_request

PAGE = Path(__file__).with_name("index.html")


def render_page() -> bytes:
    """The baseline page with the content tree written in."""
    content = catalog("fr")
    tree = {
        "ui": content.ui.model_dump(),
        "intros": content.intros.model_dump(),
        "categories": [c.model_dump() for c in content.categories],
    }
    encoded = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    return PAGE.read_text(encoding="utf-8").replace("/*TREE*/{}", encoded).encode()


def create_app(database_url: str) -> Starlette:
    """The baseline server: GET / (gzip) and POST /submit."""
    page = gzip.compress(render_page(), 9)
    engine = create_engine(database_url)

    async def index(request: Request) -> Response:
        return Response(
            page,
            media_type="text/html; charset=utf-8",
            headers={"content-encoding": "gzip", "vary": "accept-encoding"},
        )

    def store(data: dict) -> str:
        request_in = ContactRequestIn.model_validate(data)
        with Session(engine) as session:
            row, _ = create_request(
                session=session, request_in=request_in, submission_key=str(data["submission_key"])
            )
            return row.reference

    async def submit(request: Request) -> Response:
        try:
            data = await request.json()
            reference = await asyncio.to_thread(store, data)
        except ValidationError as exc:
            return JSONResponse({"error": field_errors(exc)}, status_code=422)
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "bad request"}, status_code=400)
        return JSONResponse({"reference": reference})

    return Starlette(routes=[Route("/", index), Route("/submit", submit, methods=["POST"])])


def from_env() -> Starlette:
    """uvicorn --factory entry point: the database from BASELINE_DB_URL."""
    import os

    return create_app(os.environ["BASELINE_DB_URL"])
