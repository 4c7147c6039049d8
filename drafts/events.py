"""What drafts announces when the text changes: a small JSON event on a channel named after the
document, published only after the transaction commits. Apps above listen (the live screen in
`meetings`); drafts knows nothing of them.

The transport is Redis pub/sub when REDIS_URL is set, so every web process hears every change:
each process holds one pattern subscription and hands the events to its listeners through an
in-process hub. Without Redis (the demo: one server process) the hub alone delivers them.

Publishing never fails the action that caused it: the text has already committed, and a listener
that missed an event catches up from the database on its next one (or its next reconnection).
"""

import asyncio
import json
import logging
import os
import threading
from collections.abc import Iterable
from contextlib import asynccontextmanager
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A subscriber that stops reading keeps at most this many events in memory; past it the oldest
# are dropped and the subscriber is told to catch up from the database instead.
SUBSCRIBER_BACKLOG = 64


def document_channel(document_id: int) -> str:
    return f"drafts.document.{document_id}"


def announce_paragraph_change(*, paragraph, kind: str) -> None:
    """After commit, tells listeners of the paragraph's document that it changed.

    `kind` is "revised" (a new version) or "status" (a new status)."""
    document_id = paragraph.chapter.document_id
    event = {
        "kind": kind,
        "document": document_id,
        "paragraph": paragraph.pk,
        "version": paragraph.current_version_id,
        "status": paragraph.status,
        "at": timezone.now().isoformat(),
    }
    publish_after_commit(document_channel(document_id), event)


def publish_after_commit(channel: str, event: dict) -> None:
    # robust: a broken transport is logged, never raised into the request that committed.
    transaction.on_commit(lambda: publish(channel, event), robust=True)


def publish(channel: str, event: dict) -> None:
    message = json.dumps(event)
    if settings.REDIS_URL:
        _redis(settings.REDIS_URL).publish(wire_channel(channel), message)
    else:
        _hub.publish(channel, message)


def wire_channel(channel: str) -> str:
    """The channel's name on the Redis server. Pub/sub channels are shared by every database of
    a server, so the name carries the database number of REDIS_URL: deployments (or test runs)
    that share a server on different databases never hear each other."""
    if not settings.REDIS_URL:
        return channel
    database = _redis(settings.REDIS_URL).connection_pool.connection_kwargs.get("db", 0)
    return f"wsis.db{database}.{channel}"


@cache
def _redis(url: str):
    import redis

    # Short timeouts: publishing runs after the request's commit, which must not hang on a
    # Redis that stopped answering (the event is then lost, and logged).
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


class Subscription:
    """Events of some channels for one listener, read with `await next_event(timeout)`.

    Every listener reads from the in-process hub; with Redis, one relay per server process
    (`_RedisRelay`) feeds the hub with the deployment's events, so a thousand open screens cost
    one Redis connection, not a thousand."""

    def __init__(self, hub: "_LocalHub"):
        self._hub = hub
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=SUBSCRIBER_BACKLOG)
        self._overflowed = False

    def offer(self, message: str) -> None:
        """Called from any thread; the message is queued on the subscriber's own loop."""
        self._loop.call_soon_threadsafe(self._put, message)

    def _put(self, message: str) -> None:
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self._overflowed = True

    def lost_track(self) -> None:
        """Events may have been missed (the relay lost Redis for a while): re-read the state."""
        self._loop.call_soon_threadsafe(self._lose_track)

    def _lose_track(self) -> None:
        self._overflowed = True
        if not self._queue.full():
            self._queue.put_nowait("{}")  # wakes a listener waiting for its next event

    async def listen_to(self, channels: Iterable[str]) -> None:
        self._hub.register(self, set(channels))

    async def next_event(self, timeout: float) -> dict | None:
        """The next event, or None after `timeout` seconds without one. An event
        {"kind": "overflow"} means some were dropped: the listener should re-read the state."""
        if not self._overflowed:
            try:
                message = await asyncio.wait_for(self._queue.get(), timeout)
            except TimeoutError:
                return None
        if self._overflowed:
            self._overflowed = False
            while not self._queue.empty():
                self._queue.get_nowait()
            return {"kind": "overflow"}
        return json.loads(message)

    async def close(self) -> None:
        self._hub.register(self, set())


class _LocalHub:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: dict[Subscription, set[str]] = {}

    def register(self, subscriber: Subscription, channels: set[str]) -> None:
        with self._lock:
            if channels:
                self._subscribers[subscriber] = channels
            else:
                self._subscribers.pop(subscriber, None)

    def _listeners(self, channel: str | None = None) -> list[Subscription]:
        with self._lock:
            return [
                subscriber
                for subscriber, channels in self._subscribers.items()
                if channel is None or channel in channels
            ]

    def publish(self, channel: str, message: str) -> None:
        for subscriber in self._listeners(channel):
            try:
                subscriber.offer(message)
            except RuntimeError:  # its event loop has closed: it is gone
                self.register(subscriber, set())

    def lost_track(self) -> None:
        for subscriber in self._listeners():
            try:
                subscriber.lost_track()
            except RuntimeError:
                self.register(subscriber, set())

    def subscriber_count(self, loop: asyncio.AbstractEventLoop | None = None) -> int:
        with self._lock:
            return sum(1 for s in self._subscribers if loop is None or s._loop is loop)


_hub = _LocalHub()

RELAY_READY_SECONDS = 5
RELAY_CLIENT_NAME = "wsis-live-relay"
RELAY_IDLE_SECONDS = 1.0


class _RedisRelay:
    """One pattern subscription to all of this deployment's channels, for one event loop (one
    server process), relaying what it hears into the hub. It runs while the loop has listeners,
    reconnects with a growing pause when Redis goes away, and then tells every listener to
    re-read the state (events published meanwhile are lost to pub/sub)."""

    def __init__(self, url: str):
        self._url = url
        self._loop = asyncio.get_running_loop()
        self.ready = asyncio.Event()
        self.task = self._loop.create_task(self._run())

    async def _run(self) -> None:
        import redis.asyncio
        from redis.exceptions import RedisError

        prefix = wire_channel("")
        pause, lost = 0.5, False
        try:
            while True:
                # Named, so that `CLIENT LIST` shows each process's one relay.
                client = redis.asyncio.Redis.from_url(
                    self._url, client_name=f"{RELAY_CLIENT_NAME}-{os.getpid()}"
                )
                pubsub = client.pubsub()
                try:
                    await pubsub.psubscribe(f"{prefix}*")
                    await self._confirmed(pubsub)
                    self.ready.set()
                    if lost:
                        _hub.lost_track()
                        lost, pause = False, 0.5
                    if await self._relay(pubsub, prefix):
                        return
                except (RedisError, OSError) as error:
                    logger.warning("Live events: Redis unreachable (%s); retrying.", error)
                    self.ready.clear()
                    lost = True
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, 10)
                finally:
                    await pubsub.aclose()
                    await client.aclose()
        finally:
            if _relays.get(self._loop) is self:
                del _relays[self._loop]

    @staticmethod
    async def _confirmed(pubsub) -> None:
        """Waits until Redis has taken the subscription: from then on nothing is missed."""
        while True:
            message = await pubsub.get_message(timeout=RELAY_READY_SECONDS)
            if message is None:
                raise TimeoutError("Redis did not confirm the subscription")
            if message["type"] == "psubscribe":
                return

    async def _relay(self, pubsub, prefix: str) -> bool:
        """Relays until this loop has no listener left (True)."""
        while True:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=RELAY_IDLE_SECONDS
            )
            if message is not None and message["type"] == "pmessage":
                channel = message["channel"].decode()[len(prefix) :]
                _hub.publish(channel, message["data"].decode())
            elif message is None and not _hub.subscriber_count(self._loop):
                # No await between this check and leaving the registry: a listener arriving
                # now finds no relay and starts a new one.
                del _relays[self._loop]
                return True


_relays: dict[asyncio.AbstractEventLoop, _RedisRelay] = {}


async def _ensure_relay(url: str) -> None:
    loop = asyncio.get_running_loop()
    relay = _relays.get(loop)
    if relay is None or relay.task.done():
        relay = _relays[loop] = _RedisRelay(url)
    try:
        await asyncio.wait_for(relay.ready.wait(), RELAY_READY_SECONDS)
    except TimeoutError:
        # Redis is away: the listener starts anyway and catches up when the relay reconnects.
        logger.warning("Live events: no Redis subscription yet; listening without it for now.")


@asynccontextmanager
async def subscription(channels: Iterable[str]):
    """Listens to the channels while the block runs; the listener is removed however the block
    ends (the client went away, the server shuts down)."""
    listener = Subscription(_hub)
    try:
        # Registered before the relay is checked, so a relay about to stop for want of
        # listeners sees this one.
        await listener.listen_to(channels)
        if settings.REDIS_URL:
            await _ensure_relay(settings.REDIS_URL)
        yield listener
    finally:
        await listener.close()


def local_subscriber_count() -> int:
    """How many listeners this process has; for tests and the bench."""
    return _hub.subscriber_count()


def relay_count() -> int:
    """How many event loops of this process hold a Redis relay; for tests."""
    return sum(1 for relay in _relays.values() if not relay.task.done())
