"""GET /health: 200 when the database (and Redis, when used) answer, 503 naming what is down."""

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from alma_widget.storage.files import LocalFolder
from alma_widget.web import health
from harness.redis_server import TemporaryRedis
from tests.support.metrics import counted


def _database(url: str):
    return lambda: Session(sa.create_engine(url))


# A database that answers (in memory), and one that cannot be reached (its folder is missing).
UP = _database("sqlite://")
DOWN = _database("sqlite:////no/such/folder/store.db")


def client(database=UP) -> TestClient:
    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("widget"))])
    return TestClient(health.health_endpoint(app, session_factory=database))


def test_healthy(monkeypatch, tmp_path, configure):
    configure(ALMA_UPLOAD_DIR=str(tmp_path / "uploads"))
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    response = client().get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "not used",
        "attachments": "ok",
    }
    # A probe's answer is never cached on the way (a proxy would say « up » from memory).
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"


def test_redis_up_is_reported(monkeypatch, tmp_path, configure):
    configure(ALMA_UPLOAD_DIR=str(tmp_path / "uploads"))
    with TemporaryRedis() as redis:
        monkeypatch.setenv("REFLEX_REDIS_URL", redis.url)
        response = client().get("/health")
    assert response.status_code == 200
    assert response.json()["redis"] == "ok"


def test_an_attachments_folder_that_cannot_be_written_is_reported(monkeypatch, tmp_path, configure):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # the folder's place is taken by a file: nothing can be written
    configure(ALMA_UPLOAD_DIR=str(blocker / "uploads"))
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    response = client().get("/health")
    assert response.status_code == 503
    assert response.json()["attachments"] == "down"


def test_database_down(monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    response = client(DOWN).get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_redis_down_is_reported(monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:1/0")  # nobody listens there
    response = client().get("/health")
    assert response.status_code == 503
    assert response.json()["redis"] == "down" and response.json()["status"] == "down"


def test_other_paths_go_to_the_widget():
    assert client().get("/").text == "widget"


class CountingStore:
    """A store whose checks are counted, and fail while `broken`."""

    def __init__(self) -> None:
        self.checks = 0
        self.broken = False

    def check(self) -> None:
        self.checks += 1
        if self.broken:
            raise OSError("full")


def test_probes_write_the_store_once_per_interval_and_answer_from_it(
    monkeypatch, tmp_path, configure
):
    """200 probes at once (a load balancer's, several): one write to the store (on S3 a billed
    PUT and DELETE), every probe answered; a failure is seen at the next interval."""
    configure(ALMA_UPLOAD_DIR=str(tmp_path / "probed"))
    store = CountingStore()
    monkeypatch.setattr(health, "file_store", lambda location: store)
    now = [1000.0]
    clock = lambda: now[0]  # noqa: E731
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda _: health.attachments_writable(clock), range(200)))
    assert answers == [True] * 200 and store.checks == 1
    store.broken = True
    now[0] += health.STORE_PROBE_SECONDS - 0.1
    assert health.attachments_writable(clock) is True and store.checks == 1
    now[0] += 0.2
    assert health.attachments_writable(clock) is False and store.checks == 2


def test_concurrent_checks_of_a_folder_never_trip_on_each_other(tmp_path):
    """Each check writes and removes a file of its own name (one name for all made 22 of
    1,200 concurrent probes answer « down »)."""
    folder = LocalFolder(tmp_path / "uploads")
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(lambda _: folder.check(), range(400)))  # raises if one tripped
    assert list((tmp_path / "uploads").iterdir()) == []


def up(dependency: str) -> float:
    return counted("alma_dependency_up", dependency=dependency)


def test_the_metrics_keep_what_the_last_probe_found(monkeypatch, tmp_path, configure):
    configure(ALMA_UPLOAD_DIR=str(tmp_path / "uploads"))
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    client(DOWN).get("/health")
    assert (up("database"), up("attachments")) == (0, 1)
    client(UP).get("/health")
    assert up("database") == 1
