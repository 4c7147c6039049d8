"""What `docker compose up` runs, proven without Docker.

Docker does not run on the CI machine, so this test takes the exact `web` and `worker` commands
from docker-compose.yml and runs them here, unchanged, against the PostgreSQL and Redis named by
DATABASE_URL and REDIS_URL: gunicorn must migrate a fresh database, collect the static files and
answer real HTTP requests, and a Celery worker must take a task from Redis, run it against the
database and send the result back.

It needs real services: with SQLite or without REDIS_URL (a plain `make test`) it is skipped,
except in CI (CI=true), where it fails.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import celery
import dj_database_url
import psycopg
import pytest
import redis
import yaml
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}

STARTUP_TIMEOUT = 180  # seconds: migrations on an empty database, then collectstatic
TASK_TIMEOUT = 60


def compose_services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def test_web_worker_and_beat_share_one_image_and_one_environment():
    services = compose_services()
    app = {name: services[name] for name in ("web", "worker", "beat")}
    assert {name: service["command"] for name, service in app.items()} == {
        "web": ["bin/start", "web"],
        "worker": ["bin/start", "worker"],
        "beat": ["bin/start", "beat"],
    }
    assert len({service["image"] for service in app.values()}) == 1
    environment = app["web"]["environment"]
    assert all(service["environment"] == environment for service in app.values())
    # The stack never runs in debug mode, and refuses to start without a secret key.
    assert environment["DJANGO_DEBUG"] == "0"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def required_services() -> tuple[str, str]:
    """DATABASE_URL (PostgreSQL) and REDIS_URL, or skip (fail in CI) saying what is missing."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    problems = []
    if urlsplit(database_url).scheme not in POSTGRES_SCHEMES:
        problems.append(f"DATABASE_URL is not a PostgreSQL URL ({database_url or 'unset'})")
    if not redis_url:
        problems.append("REDIS_URL is not set")
    if problems:
        message = (
            "The production-process test needs PostgreSQL and Redis: "
            + "; ".join(problems)
            + ". Run e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
            "REDIS_URL=redis://127.0.0.1:6379/0 make test."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return database_url, redis_url


def _admin_connection(database_url: str) -> psycopg.Connection:
    config = dj_database_url.parse(database_url)
    return psycopg.connect(
        dbname=config["NAME"] or "postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
        connect_timeout=10,
    )


@contextlib.contextmanager
def fresh_database(database_url: str) -> Iterator[str]:
    """A new, empty database on the server that database_url names; dropped afterwards."""
    name = f"wsisplatform_smoke_{secrets.token_hex(6)}"
    with _admin_connection(database_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(database_url)._replace(path=f"/{name}").geturl()
    finally:
        # WITH (FORCE): a process that did not stop in time must not keep the database alive.
        with _admin_connection(database_url) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A command run in its own process group, its output kept in a file for the failure report."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.command = command
        self.log = log
        self._log_file = log.open("wb")
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self, limit: int = 6000) -> str:
        self._log_file.flush()
        text = self.log.read_text(errors="replace")
        return text if len(text) <= limit else "...\n" + text[-limit:]

    def report(self) -> str:
        state = self.popen.poll()
        status = "still running" if state is None else f"exited with {state}"
        return f"--- {self.name}: {' '.join(self.command)} ({status}) ---\n{self.output()}"

    def stop(self) -> None:
        """SIGTERM to the whole group (gunicorn's and Celery's children too), then SIGKILL."""
        for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.popen.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        self._log_file.close()


def get(url: str, *, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects: a redirect to https would itself be a finding."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for_health(base_url: str, web: Process) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if web.popen.poll() is not None:
            pytest.fail(f"The web process stopped before answering.\n{web.report()}")
        try:
            status, _, _ = get(f"{base_url}/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.5)
    pytest.fail(f"/healthz did not answer 200 within {STARTUP_TIMEOUT} s.\n{web.report()}")


@pytest.mark.services
def test_compose_web_and_worker_serve_pages_and_run_tasks(tmp_path):
    database_url, redis_url = required_services()
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {redis_url} does not answer: {error}")

    services = compose_services()
    web_command = services["web"]["command"]
    worker_command = services["worker"]["command"]

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # A queue of its own: the worker takes only this test's task, and no other worker on the
    # same Redis (a developer's, another run's) can take it.
    queue = f"smoke-{secrets.token_hex(6)}"
    (tmp_path / "static").mkdir()
    (tmp_path / "media").mkdir()
    venv_bin = Path(sys.executable).parent  # not resolved: the venv's bin, not the base Python's

    # Undone in reverse order, whatever happens: processes stopped, then the database dropped.
    with contextlib.ExitStack() as cleanup:
        env = {
            key: os.environ[key] for key in ("LANG", "LC_ALL", "TMPDIR") if key in os.environ
        } | {
            # gunicorn keeps its control socket under $HOME: not beside a developer's own.
            "HOME": str(tmp_path),
            "PATH": os.pathsep.join([str(venv_bin), os.environ.get("PATH", os.defpath)]),
            "DATABASE_URL": cleanup.enter_context(fresh_database(database_url)),
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "0",
            # Plain HTTP on loopback, as docker-compose.yml serves it.
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BIND": f"127.0.0.1:{port}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "CELERY_QUEUE": queue,
            "WEB_CONCURRENCY": "2",
            "CELERY_CONCURRENCY": "1",
        }
        client = celery.Celery(
            "production-process-test", broker=redis_url, backend=redis_url, set_as_current=False
        )
        cleanup.callback(client.close)
        web = Process("web", web_command, env, tmp_path / "web.log")
        cleanup.callback(web.stop)
        worker = Process("worker", worker_command, env, tmp_path / "worker.log")
        cleanup.callback(worker.stop)

        def reports() -> str:
            return "\n".join(process.report() for process in (web, worker))

        wait_for_health(base_url, web)

        # The health check, as docker-compose's healthcheck asks it.
        status, headers, body = get(f"{base_url}/healthz")
        assert status == 200, reports()
        assert json.loads(body) == {"status": "ok"}

        # The home page, from the migrated (empty) PostgreSQL database, with production headers.
        status, headers, body = get(f"{base_url}/")
        assert status == 200, f"GET / answered {status}\n{body[:2000]!r}\n{reports()}"
        page = body.decode()
        assert "Negotiation processes" in page
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # only ever sent over https

        # Static files: collected at start and served by WhiteNoise from gunicorn, both under
        # the plain name and under the hashed name the page links to (far-future caching).
        status, headers, css = get(f"{base_url}/static/css/platform.css")
        assert status == 200, reports()
        assert headers["Content-Type"].startswith("text/css")
        assert css == (ROOT / "static" / "css" / "platform.css").read_bytes()
        linked = re.search(r'href="(/static/css/platform\.[0-9a-f]{12}\.css)"', page)
        assert linked, "the page should link the hashed stylesheet that collectstatic wrote"
        status, headers, _ = get(base_url + linked.group(1))
        assert status == 200
        assert "immutable" in headers["Cache-Control"]

        # A task round trip through Redis, sent by a client that shares no code with the worker.
        result = client.send_task("processes.tasks.platform_health", queue=queue)
        cleanup.callback(result.forget)
        deadline = time.monotonic() + TASK_TIMEOUT
        while not result.ready():
            if worker.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"No result from the worker within {TASK_TIMEOUT} s.\n{reports()}")
            time.sleep(0.2)
        outcome = result.get(timeout=5)
        assert outcome == {"database": "ok", "processes": 0}

        assert web.popen.poll() is None, reports()
        assert worker.popen.poll() is None, reports()
