"""The live screen under load: N subscribers of one meeting's screen on loopback, M changes of the
paragraph on screen, the delay from each commit to each subscriber's receipt, and the server's
memory and open files along the way.

    python -m bench.live_screen                      200 subscribers, 20 changes, 2 rounds
    python -m bench.live_screen --subscribers 500 --changes 50

What runs:
- A database of the run's own, built through the real services (a process, its Chair and
  secretariat, a document of twelve paragraphs, a meeting with a paragraph on screen): a
  temporary SQLite file, or, when DATABASE_URL names a PostgreSQL server, a fresh database on it
  (`bench_live_screen_<pid>`), dropped at the end.
- A real server in a subprocess: uvicorn, one worker, DEBUG off, on a free loopback port.
- N subscribers in this process, plain asyncio streams speaking HTTP/1.1 to
  `/p/<process>/meetings/<n>/screen/events` and parsing the server-sent events.
- M changes, one after the other, each putting the other of two paragraphs on screen; the next
  change waits until every subscriber has the screen of the last one (or a timeout).

Where the change is made, and so what "commit" means:
- With REDIS_URL (the deployment's transport) the change is made here, through
  `meetings.services.put_on_screen`, on the shared database; Redis carries the event to the
  server. The commit time is read the moment the service returns (it has committed and
  published by then). The Redis database is the bench's own (`--redis-db`, default 9), checked
  empty before and flushed after; the server names its channels after that database number
  (drafts.events.wire_channel), so other deployments on the same Redis server are not heard.
- Without REDIS_URL events go through the server's in-process hub, which a change made in this
  process would never reach, so the change is made over HTTP, as the Chair does it: the Chair's
  session is made with django.test.Client.force_login in the shared database, a CSRF token with
  django.middleware.csrf.get_token, and the dashboard's form `meetings:put_on_screen` is POSTed
  on a kept-alive connection. The commit happens somewhere between sending the POST and reading
  its response (a redirect), so both are reported: delays from the response (the brief's "commit
  time", a lower bound of the true delay; a negative figure means the event beat the response)
  and from the sending (an upper bound). `--via http` uses this path with Redis too.

The delay includes this process's own work (reading and parsing N events on one event loop), so
it overstates the server's share a little; with N in the hundreds that is milliseconds.

Memory is the RSS (VmRSS) of the server's process tree, and the open files are its descriptors:
before any subscriber (after one warm-up subscriber and change), with all N connected, after the
changes, and after they all disconnected. A second round repeats it all: memory that keeps
growing from round to round, or descriptors (or Redis subscriptions) left after the disconnect,
would be something held per connection.

Everything it starts is removed at the end, on failure and on Ctrl-C too: the server, the
database, the Redis database's keys.
"""

import argparse
import asyncio
import os
import platform
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench import checkout, setup_django

ROOT = Path(__file__).resolve().parent.parent
PROCESS_SLUG = "bench"
MEETING_NUMBER = 1
STARTUP_SECONDS = 30
SETTLE_SECONDS = 15
PARAGRAPH_ON_SCREEN = re.compile(r'data-paragraph="([^"]*)"')

TEXTS = [
    "We reaffirm that the WSIS vision of a people-centred, inclusive and development-oriented "
    "Information Society remains relevant, [and that its implementation must address the "
    "digital divides between and within countries,] [including the gender digital divide.]",
    "Building confidence and security in the use of ICTs is critical. [This includes recognizing "
    "the need for international agreements.] [led by Saudi Arabia] Ensuring the importance of "
    "maintaining open standards and the multistakeholder model of Internet governance.",
]


# --- The database of the run's own --------------------------------------------------------------


class Database:
    """A temporary SQLite file, or a fresh PostgreSQL database beside DATABASE_URL's."""

    def __init__(self, base_url: str | None):
        self.base_url = base_url
        self.directory: str | None = None
        self.pg_name: str | None = None
        self.url = ""

    def create(self) -> str:
        scheme = urlsplit(self.base_url).scheme if self.base_url else "sqlite"
        if scheme.startswith("postgres"):
            import psycopg

            self.pg_name = f"bench_live_screen_{os.getpid()}"
            with psycopg.connect(self._libpq(self.base_url), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}"')
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.url = urlunsplit(urlsplit(self.base_url)._replace(path=f"/{self.pg_name}"))
        elif scheme == "sqlite":
            self.directory = tempfile.mkdtemp(prefix="bench-live-screen-")
            self.url = f"sqlite:///{self.directory}/bench.sqlite3"
        else:
            raise SystemExit(f"The live-screen bench runs on SQLite or PostgreSQL, not {scheme}.")
        return self.url

    @staticmethod
    def _libpq(url: str) -> str:
        # psycopg reads postgresql:// and postgres:// URLs alike, but not dj-database-url's
        # aliases such as postgis:// or pgsql://.
        return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))

    def drop(self) -> None:
        if self.pg_name:
            import psycopg

            with psycopg.connect(self._libpq(self.base_url), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self.pg_name = None
        if self.directory:
            for name in os.listdir(self.directory):
                os.unlink(os.path.join(self.directory, name))
            os.rmdir(self.directory)
            self.directory = None


def redis_url_of_our_own(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


@dataclass
class Meeting:
    """What the subscribers and the changes need to know of the meeting set up."""

    meeting_id: int
    chair_id: int
    paragraph_uids: tuple[str, str]
    paragraph_ids: tuple[int, int]


def set_up_meeting() -> Meeting:
    """A process, its secretariat and Chair, a document of twelve paragraphs and a meeting with
    Para 1 on screen, all through the services."""
    from django.contrib.auth import get_user_model

    from drafts import services as drafts
    from drafts.models import Paragraph
    from meetings import services as meetings
    from processes.models import Member, Process, Role, Stakeholder, StakeholderCategory

    process = Process.objects.create(
        code="BENCH", slug=PROCESS_SLUG, name="Live screen benchmark", drafts_are_public=True
    )
    users = get_user_model().objects
    secretariat, chair = users.create(username="secretariat"), users.create(username="chair")
    itu = Stakeholder.objects.create(name="ITU", category=StakeholderCategory.UN_ENTITY)
    country = Stakeholder.objects.create(name="Egypt", category=StakeholderCategory.GOVERNMENT)
    Member.objects.create(user=secretariat, process=process, stakeholder=itu, role=Role.SECRETARIAT)
    chair_member = Member.objects.create(
        user=chair, process=process, stakeholder=country, role=Role.CHAIR
    )
    document = drafts.create_document(
        process=process, title="Vision", short_title="Vision", slug="vision", actor=secretariat
    )
    chapter = drafts.add_chapter(document=document, letter="A", title="Vision", actor=secretariat)
    paragraphs = [
        drafts.add_paragraph(
            chapter=chapter,
            number=number,
            # Two alternatives on every other paragraph, as on the screen mid-negotiation.
            alternatives=[drafts.AlternativeText(text=text) for text in TEXTS[: 1 + number % 2]],
            actor=secretariat,
        )
        for number in range(1, 13)
    ]
    meeting = meetings.schedule_meeting(
        process=process,
        actor=secretariat,
        number=MEETING_NUMBER,
        title="Benchmark meeting",
        starts_on=date(2014, 4, 14),
        ends_on=date(2014, 4, 17),
        chair=chair_member,
        agenda=[document],
    )
    first, second = (
        Paragraph.objects.select_related("chapter__document").get(pk=p.pk) for p in paragraphs[:2]
    )
    meetings.put_on_screen(meeting=meeting, paragraph=first, actor=chair)
    return Meeting(
        meeting_id=meeting.pk,
        chair_id=chair.pk,
        paragraph_uids=(str(first.uid), str(second.uid)),
        paragraph_ids=(first.pk, second.pk),
    )


# --- The server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """uvicorn with one worker in a subprocess of its own session (Ctrl-C reaches only us)."""

    def __init__(self, *, database_url: str, redis_url: str):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": os.environ["SECRET_KEY"],
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        if redis_url:
            env["REDIS_URL"] = redis_url
        else:
            env.pop("REDIS_URL", None)
        self.command = [
            sys.executable, "-m", "uvicorn", "wsisplatform.asgi:application",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
            "--no-access-log", "--log-level", "warning", "--timeout-graceful-shutdown", "3",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            self.command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    async def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped at start:\n{self.output()}")
            with suppress(OSError):
                status, _, _ = await request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            await asyncio.sleep(0.1)
        raise RuntimeError(
            f"The server did not answer within {STARTUP_SECONDS} s:\n{self.output()}"
        )

    def pids(self) -> list[int]:
        """The server and every process under it."""
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with suppress(OSError), open(f"/proc/{entry}/stat") as stat:
                    # The command name in brackets may hold spaces: the fields follow the last ')'.
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        tree, frontier = [self.process.pid], [self.process.pid]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            tree += frontier
        return tree

    def memory_kb(self) -> int:
        total = 0
        for pid in self.pids():
            with suppress(OSError), open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total

    def open_files(self) -> int:
        total = 0
        for pid in self.pids():
            with suppress(OSError):
                total += len(os.listdir(f"/proc/{pid}/fd"))
        return total

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- HTTP on plain asyncio streams --------------------------------------------------------------


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers: dict[str, str] = {}
    for line in head[1:]:
        if line:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            # Set-Cookie may repeat; the others are single.
            headers[name] = (
                f"{headers[name]}\n{value.strip()}" if name in headers else value.strip()
            )
    return status, headers


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while chunk := await read_chunk(reader):
            body += chunk
        return body
    return await reader.read()


async def read_chunk(reader: asyncio.StreamReader) -> bytes:
    """One chunk of a chunked body; b"" at its end."""
    size = int((await reader.readline()).split(b";")[0], 16)
    if size == 0:
        await reader.readline()
        return b""
    return (await reader.readexactly(size + 2))[:-2]


def request_bytes(port: int, method: str, path: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def request(port: int, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """One request on a connection of its own."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request_bytes(port, method, path, {"Connection": "close"}, b""))
        status, headers = await read_head(reader)
        return status, headers, await read_body(reader, headers)
    finally:
        writer.close()
        with suppress(OSError):
            await writer.wait_closed()


# --- The subscribers ----------------------------------------------------------------------------


FIRST = -1  # the change number of the first screen


@dataclass(frozen=True)
class Awaited:
    """The screen the subscribers should get next: the first one (any paragraph), or change
    `change`'s, which shows `uid` and cannot arrive before `after`."""

    change: int = FIRST
    uid: str | None = None
    after: float = 0.0


class Tally:
    """Which screen is awaited, how many subscribers have it; an asyncio event once all have."""

    def __init__(self, expected: int):
        self.expected = expected
        self.awaited = Awaited()
        self.counts: Counter[int] = Counter()
        self.complete: dict[int, asyncio.Event] = {}

    def arrived(self, k: int) -> None:
        self.counts[k] += 1
        if self.counts[k] == self.expected:
            self.event(k).set()

    def event(self, k: int) -> asyncio.Event:
        return self.complete.setdefault(k, asyncio.Event())

    async def wait(self, k: int, timeout: float) -> bool:
        with suppress(TimeoutError):
            await asyncio.wait_for(self.event(k).wait(), timeout)
        return self.counts[k] >= self.expected


@dataclass
class Subscriber:
    """One EventSource: when each awaited screen arrived; how many others came.

    A screen is matched to a change by what it shows and when it came, not by counting, so that
    a screen no change of ours caused (another publisher on the same Redis channels, a server
    that sends one twice) is counted apart instead of shifting every later figure."""

    port: int
    path: str
    tally: Tally
    receipts: dict[int, float] = field(default_factory=dict)
    unexplained: int = 0
    heartbeats: int = 0
    ended: str = ""
    task: asyncio.Task | None = None
    writer: asyncio.StreamWriter | None = None

    async def run(self) -> None:
        try:
            reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
            self.writer.write(request_bytes(self.port, "GET", self.path, headers, b""))
            status, headers = await read_head(reader)
            if status != 200 or not headers.get("content-type", "").startswith("text/event-stream"):
                self.ended = f"answered {status} {headers.get('content-type')}"
                return
            chunked = headers.get("transfer-encoding", "").lower() == "chunked"
            buffer = b""
            while True:
                data = await (read_chunk(reader) if chunked else reader.read(65536))
                arrived = time.perf_counter()
                if not data:
                    self.ended = "the server ended the stream"
                    return
                buffer += data
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    self.handle(block.decode(), arrived)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            self.ended = f"{type(error).__name__}: {error}"

    def handle(self, block: str, arrived: float) -> None:
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith(":"):
                self.heartbeats += 1
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if name == "screen" and data:
            on_screen = PARAGRAPH_ON_SCREEN.search("\n".join(data))
            uid = on_screen.group(1) if on_screen else ""
            awaited = self.tally.awaited
            if (
                awaited.change not in self.receipts
                and arrived >= awaited.after
                and awaited.uid in (None, uid)
            ):
                self.receipts[awaited.change] = arrived
                self.tally.arrived(awaited.change)
            else:
                self.unexplained += 1

    def start(self) -> None:
        self.task = asyncio.create_task(self.run())

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        if self.task is not None:
            self.task.cancel()
            with suppress(asyncio.CancelledError):
                await self.task


# --- The changes --------------------------------------------------------------------------------


@dataclass
class Commit:
    sent: float  # when the change was asked for
    done: float  # when it was known committed: the service returned / the POST's response came


class ChangesInThisProcess:
    """put_on_screen called here, on a thread of its own (the ORM is synchronous)."""

    label = "meetings.services.put_on_screen in the bench process, Redis pub/sub to the server"

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-changes")

    def _put_on_screen(self, which: int) -> Commit:
        from django.contrib.auth import get_user_model

        from drafts.models import Paragraph
        from meetings import services
        from meetings.models import Meeting as MeetingModel

        meeting = MeetingModel.objects.get(pk=self.meeting.meeting_id)
        chair = get_user_model().objects.get(pk=self.meeting.chair_id)
        paragraph = Paragraph.objects.get(pk=self.meeting.paragraph_ids[which])
        sent = time.perf_counter()
        services.put_on_screen(meeting=meeting, paragraph=paragraph, actor=chair)
        return Commit(sent=sent, done=time.perf_counter())

    async def open(self, port: int) -> None:
        pass

    async def put_on_screen(self, which: int) -> Commit:
        return await asyncio.get_running_loop().run_in_executor(
            self.thread, self._put_on_screen, which
        )

    async def close(self) -> None:
        from django.db import connections

        await asyncio.get_running_loop().run_in_executor(self.thread, connections.close_all)
        self.thread.shutdown()


class ChangesOverHttp:
    """The Chair's dashboard form, POSTed on one kept-alive connection with a session and a CSRF
    token of the Chair's own."""

    label = "the Chair's form POSTed to the server (meetings:put_on_screen)"

    def __init__(self, meeting: Meeting):
        from django.contrib.auth import get_user_model
        from django.http import HttpRequest
        from django.middleware.csrf import get_token
        from django.test import Client
        from django.urls import reverse

        self.meeting = meeting
        client = Client()
        client.force_login(get_user_model().objects.get(pk=meeting.chair_id))
        csrf = HttpRequest()
        self.csrf_token = get_token(csrf)  # masked; the cookie holds the secret
        self.cookie = (
            f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf.META['CSRF_COOKIE']}"
        )
        self.path = reverse("meetings:put_on_screen", args=[PROCESS_SLUG, MEETING_NUMBER])
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self, port: int) -> None:
        self.port = port
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)

    async def put_on_screen(self, which: int) -> Commit:
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.csrf_token,
                "paragraph": self.meeting.paragraph_uids[which],
            }
        ).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
            "Origin": f"http://127.0.0.1:{self.port}",
        }
        for attempt in (1, 2):
            sent = time.perf_counter()
            self.writer.write(request_bytes(self.port, "POST", self.path, headers, body))
            try:
                status, response_headers = await read_head(self.reader)
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                # The server closed the idle connection (uvicorn's keep-alive timeout) before it
                # read this request: a browser opens another one and sends it again.
                if attempt == 2:
                    raise
                await self.close()
                await self.open(self.port)
        answer = await read_body(self.reader, response_headers)
        done = time.perf_counter()
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
            await self.open(self.port)
        if status != 302 or "/dashboard/" not in response_headers.get("location", ""):
            raise RuntimeError(f"The Chair's POST answered {status}: {answer[:500]!r}")
        return Commit(sent=sent, done=done)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()


# --- The run ------------------------------------------------------------------------------------


@dataclass
class Round:
    connect_seconds: float = 0.0
    relays_connected: int | None = None
    connected_kb: int = 0
    connected_files: int = 0
    changed_kb: int = 0
    after_kb: int = 0
    after_files: int = 0
    settle_seconds: float = 0.0
    left_subscribed: int | None = None
    delays: list[float] = field(default_factory=list)  # from the commit (or the POST's response)
    slowest: list[float] = field(default_factory=list)  # per change, its last subscriber's delay
    delays_from_sending: list[float] = field(default_factory=list)
    commit_seconds: list[float] = field(default_factory=list)
    missed: int = 0
    unexplained: int = 0
    failed: list[str] = field(default_factory=list)


async def subscribe(port: int, path: str, count: int, timeout: float) -> tuple[list, Tally, float]:
    tally = Tally(count)
    subscribers = [Subscriber(port, path, tally) for _ in range(count)]
    started = time.perf_counter()
    for subscriber in subscribers:
        subscriber.start()
    if not await tally.wait(FIRST, timeout):
        reasons = Counter(s.ended or "no screen yet" for s in subscribers if not s.receipts)
        raise RuntimeError(
            f"Only {tally.counts[FIRST]} of {count} subscribers had their first screen after "
            f"{timeout:g} s: {dict(reasons)}"
        )
    return subscribers, tally, time.perf_counter() - started


async def redis_subscriptions(redis_url: str, server_pid: int) -> int | None:
    """The server's Redis relays (one pattern subscription per process, whatever the number of
    subscribers; none once they have all gone), by their client names."""
    if not redis_url:
        return None
    import redis.asyncio

    from drafts.events import RELAY_CLIENT_NAME

    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        clients = await client.client_list()
    finally:
        await client.aclose()
    return sum(1 for c in clients if c.get("name") == f"{RELAY_CLIENT_NAME}-{server_pid}")


async def one_round(args, server: Server, changes, meeting: Meeting, redis_url: str):
    path = f"/p/{PROCESS_SLUG}/meetings/{MEETING_NUMBER}/screen/events"
    result = Round()
    subscribers, tally, result.connect_seconds = await subscribe(
        server.port, path, args.subscribers, args.timeout
    )
    try:
        # Each stream subscribes before it reads its first screen: all of them listen now.
        result.relays_connected = await redis_subscriptions(redis_url, server.process.pid)
        await asyncio.sleep(0.5)  # the server's work after the first screens, before measuring
        result.connected_kb, result.connected_files = server.memory_kb(), server.open_files()
        for k in range(args.changes):
            which = k % 2
            tally.awaited = Awaited(k, meeting.paragraph_uids[which], time.perf_counter())
            commit = await changes.put_on_screen(which)
            result.commit_seconds.append(commit.done - commit.sent)
            await tally.wait(k, args.timeout)
            arrivals = [s.receipts[k] for s in subscribers if k in s.receipts]
            result.missed += len(subscribers) - len(arrivals)
            result.delays += [arrived - commit.done for arrived in arrivals]
            result.delays_from_sending += [arrived - commit.sent for arrived in arrivals]
            result.slowest.append(max(arrivals, default=commit.done) - commit.done)
        result.changed_kb = server.memory_kb()
        result.unexplained = sum(s.unexplained for s in subscribers)
        result.failed = [s.ended for s in subscribers if s.ended]
    finally:
        await asyncio.gather(*(subscriber.close() for subscriber in subscribers))
    # Settled: the server's open files have not changed for a second (each subscriber's socket,
    # and with Redis its connection to Redis, closed) and no Redis subscription is left.
    started = time.perf_counter()
    readings: list[int] = []
    while time.perf_counter() - started < SETTLE_SECONDS:
        await asyncio.sleep(0.2)
        readings.append(server.open_files())
        result.left_subscribed = await redis_subscriptions(redis_url, server.process.pid)
        if len(readings) >= 5 and len(set(readings[-5:])) == 1 and not result.left_subscribed:
            break
    result.settle_seconds = time.perf_counter() - started
    await asyncio.sleep(0.5)
    result.after_kb, result.after_files = server.memory_kb(), server.open_files()
    return result


async def measure(args, server: Server, changes, meeting: Meeting, redis_url: str):
    await server.wait_until_up()
    await changes.open(server.port)
    # Warm-up: one subscriber, one change (the other paragraph), so that the baseline is of a
    # server that has imported and rendered everything it needs.
    path = f"/p/{PROCESS_SLUG}/meetings/{MEETING_NUMBER}/screen/events"
    subscribers, tally, _ = await subscribe(server.port, path, 1, args.timeout)
    tally.awaited = Awaited(0, meeting.paragraph_uids[1], time.perf_counter())
    await changes.put_on_screen(1)
    warmed = await tally.wait(0, args.timeout)
    await subscribers[0].close()
    if not warmed:
        raise RuntimeError("The warm-up subscriber never saw the warm-up change.")
    await asyncio.sleep(1)
    baseline = (server.memory_kb(), server.open_files())
    rounds = []
    for _ in range(args.rounds):
        rounds.append(await one_round(args, server, changes, meeting, redis_url))
    return baseline, rounds


# --- The report ---------------------------------------------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def spread(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    return (
        f"p50 {ms(statistics.median(ordered))}   p95 {ms(percentile(ordered, 0.95))}   "
        f"max {ms(ordered[-1])}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:7.1f} MB"


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return parts._replace(netloc=parts.netloc.replace(parts.password, "***")).geturl()
    return url


def reproduce(args, base_database: str | None, redis_base: str) -> str:
    prefix = ""
    if base_database:
        prefix += f"DATABASE_URL={shlex.quote(without_password(base_database))} "
    if redis_base:
        prefix += f"REDIS_URL={shlex.quote(without_password(redis_base))} "
    options = [
        f"--subscribers {args.subscribers}",
        f"--changes {args.changes}",
        f"--rounds {args.rounds}",
    ]
    if args.via != "auto":
        options.append(f"--via {args.via}")
    if redis_base:
        options.append(f"--redis-db {args.redis_db}")
    return f"{prefix}.venv/bin/python -m bench.live_screen {' '.join(options)}"


def report(args, baseline, rounds: list[Round], over_http: bool) -> bool:
    """Prints the figures; False if an event was missed or wrong or a stream ended early."""
    events = args.subscribers * args.changes
    print(
        f"Server before any subscriber (after one warm-up): {mb(baseline[0])} RSS, "
        f"{baseline[1]} open files\n"
    )
    ok = True
    for number, result in enumerate(rounds, 1):
        listening = (
            f" (the server's Redis relays meanwhile: {result.relays_connected})"
            if result.relays_connected is not None
            else ""
        )
        print(
            f"Round {number}: {args.subscribers} subscribers had their first screen in "
            f"{result.connect_seconds:.2f} s{listening}; {args.changes} changes, "
            f"{args.subscribers} x {args.changes} = {events} screens expected"
        )
        commit_label = "POST's response" if over_http else "commit"
        print(f"  delay from the {commit_label} to receipt   {spread(result.delays)}")
        if over_http:
            print(f"  delay from sending the POST to receipt  {spread(result.delays_from_sending)}")
        print(
            f"  the change itself ({'POST round trip' if over_http else 'service call'})"
            f"      {spread(result.commit_seconds)}"
        )
        slowest = sorted(range(len(result.slowest)), key=result.slowest.__getitem__)[-3:]
        print(
            "  the last subscriber served, per change: "
            + "  ".join(f"#{k + 1} {result.slowest[k] * 1000:.0f} ms" for k in reversed(slowest))
            + f" (the slowest three); median {ms(statistics.median(result.slowest)).strip()}"
        )
        print(f"  missed {result.missed}   streams ended early {len(result.failed)}")
        if result.unexplained:
            print(
                f"  WARNING: {result.unexplained} screens came that no change of the bench caused "
                "(not counted above). With Redis: something else publishes on its channels, "
                "which all its databases share."
            )
        per_connection = (result.connected_kb - baseline[0]) / args.subscribers
        print(
            f"  server RSS: {args.subscribers} connected {mb(result.connected_kb)} "
            f"({per_connection:+.1f} kB each)   after the changes {mb(result.changed_kb)}   "
            f"all disconnected {mb(result.after_kb)}"
        )
        left = (
            ""
            if result.left_subscribed is None
            else f", Redis relays left {result.left_subscribed}"
        )
        print(
            f"  server open files: {args.subscribers} connected {result.connected_files}   "
            f"all disconnected {result.after_files} (settled in {result.settle_seconds:.1f} s"
            f"{left})\n"
        )
        if result.failed:
            print(f"  streams ended: {dict(Counter(result.failed))}")
        if result.missed or result.failed:
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.live_screen", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument(
        "--rounds", type=int, default=2, help="connect, change, disconnect this many times"
    )
    parser.add_argument(
        "--via",
        choices=["auto", "service", "http"],
        default="auto",
        help="where the change is made: auto = the service with REDIS_URL, HTTP without",
    )
    parser.add_argument("--redis-db", type=int, default=9, help="the bench's own Redis database")
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds to wait for every subscriber's screen"
    )
    args = parser.parse_args(argv)

    redis_base = os.environ.get("REDIS_URL", "")
    redis_url = redis_url_of_our_own(redis_base, args.redis_db) if redis_base else ""
    via = args.via if args.via != "auto" else ("service" if redis_url else "http")
    if via == "service" and not redis_url:
        parser.error(
            "--via service needs REDIS_URL: without Redis the server's in-process hub never "
            "hears a change made in another process."
        )
    base_database = os.environ.get("DATABASE_URL")
    database = Database(base_database)
    # SIGTERM (a CI runner stopping the job) cleans up as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with ExitStack() as cleanup:
        if redis_url:
            import redis

            client = redis.Redis.from_url(redis_url)
            if client.dbsize():
                raise SystemExit(
                    f"Redis database {args.redis_db} is not empty; the bench flushes it at the "
                    "end. Choose an empty one with --redis-db."
                )
            cleanup.callback(client.close)
            cleanup.callback(client.flushdb)
            os.environ["REDIS_URL"] = redis_url
        else:
            os.environ.pop("REDIS_URL", None)
        os.environ["DATABASE_URL"] = database.create()
        cleanup.callback(database.drop)

        import logging

        setup_django()  # also the environment the server's subprocess inherits
        from django.core.management import call_command
        from django.db import connection, connections

        cleanup.callback(connections.close_all)
        logging.getLogger("axes").setLevel(logging.WARNING)
        print(
            f"Live screen on {connection.vendor}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, {checkout()}"
        )
        print(f"Reproduce with: {reproduce(args, base_database, redis_base)}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        meeting = set_up_meeting()
        changes = (ChangesInThisProcess if via == "service" else ChangesOverHttp)(meeting)
        server = Server(database_url=os.environ["DATABASE_URL"], redis_url=redis_url)
        cleanup.callback(server.stop)
        transport = (
            f"Redis pub/sub (database {args.redis_db})" if redis_url else "the in-process hub"
        )
        print(
            f"Server: uvicorn, 1 worker, DEBUG off, port {server.port} on loopback; events "
            f"through {transport}"
        )
        print(f"Changes: {changes.label}; each waits for the last to reach every subscriber.\n")

        async def run():
            try:
                return await measure(args, server, changes, meeting, redis_url)
            finally:
                await changes.close()

        baseline, rounds = asyncio.run(run())
        ok = report(args, baseline, rounds, over_http=via == "http")
        if server.process.poll() is not None:
            print(f"The server stopped during the run:\n{server.output()}")
            ok = False
        print(f"Live screen benchmark, set-up included: {time.perf_counter() - started:.0f} s")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
