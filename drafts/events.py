"""What drafts announces when the text changes: a small JSON event on a channel named after the
document, published only after the transaction commits. Apps above listen (the live screen in
`meetings`); drafts knows nothing of them.

The transport is Redis pub/sub when REDIS_URL is set, so every web process hears every change.
Without Redis (the demo: one server process) an in-process hub delivers the same events.

Publishing never fails the action that caused it: the text has already committed, and a listener
that missed an event catches up from the database on its next one (or its next reconnection).
"""

import asyncio
import json
import logging
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

    return redis.Redis.from_url(url)


class Subscription:
    """Events of some channels for one listener, read with `await next_event(timeout)`."""

    async def next_event(self, timeout: float) -> dict | None:
        """The next event, or None after `timeout` seconds without one. An event
        {"kind": "overflow"} means some were dropped: the listener should re-read the state."""
        raise NotImplementedError

    async def listen_to(self, channels: Iterable[str]) -> None:
        raise NotImplementedError


class _RedisSubscription(Subscription):
    def __init__(self, client):
        self._client = client
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._channels: set[str] = set()

    async def listen_to(self, channels: Iterable[str]) -> None:
        wanted = {wire_channel(channel) for channel in channels}
        if gone := self._channels - wanted:
            await self._pubsub.unsubscribe(*gone)
        if new := wanted - self._channels:
            await self._pubsub.subscribe(*new)
        self._channels = wanted

    async def next_event(self, timeout: float) -> dict | None:
        if not self._channels:
            await asyncio.sleep(timeout)
            return None
        message = await self._pubsub.get_message(timeout=timeout)
        if message is None or message.get("type") != "message":
            return None
        return json.loads(message["data"])

    async def close(self) -> None:
        await self._pubsub.aclose()
        await self._client.aclose()


class _LocalSubscription(Subscription):
    def __init__(self, hub: "_LocalHub"):
        self._hub = hub
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=SUBSCRIBER_BACKLOG)
        self._overflowed = False
        self._channels: set[str] = set()

    def offer(self, message: str) -> None:
        """Called from any thread; the message is queued on the subscriber's own loop."""
        self._loop.call_soon_threadsafe(self._put, message)

    def _put(self, message: str) -> None:
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self._overflowed = True

    async def listen_to(self, channels: Iterable[str]) -> None:
        self._channels = set(channels)
        self._hub.register(self, self._channels)

    async def next_event(self, timeout: float) -> dict | None:
        if self._overflowed:
            self._overflowed = False
            while not self._queue.empty():
                self._queue.get_nowait()
            return {"kind": "overflow"}
        try:
            message = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None
        return json.loads(message)

    async def close(self) -> None:
        self._hub.register(self, set())


class _LocalHub:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: dict[_LocalSubscription, set[str]] = {}

    def register(self, subscriber: _LocalSubscription, channels: set[str]) -> None:
        with self._lock:
            if channels:
                self._subscribers[subscriber] = channels
            else:
                self._subscribers.pop(subscriber, None)

    def publish(self, channel: str, message: str) -> None:
        with self._lock:
            listeners = [s for s, channels in self._subscribers.items() if channel in channels]
        for subscriber in listeners:
            try:
                subscriber.offer(message)
            except RuntimeError:  # its event loop has closed: it is gone
                self.register(subscriber, set())

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)


_hub = _LocalHub()


@asynccontextmanager
async def subscription(channels: Iterable[str]):
    """Listens to the channels while the block runs; the connection is closed however it ends
    (the client went away, the server shuts down)."""
    if settings.REDIS_URL:
        import redis.asyncio

        listener: Subscription = _RedisSubscription(
            redis.asyncio.Redis.from_url(settings.REDIS_URL)
        )
    else:
        listener = _LocalSubscription(_hub)
    try:
        await listener.listen_to(channels)
        yield listener
    finally:
        await listener.close()


def local_subscriber_count() -> int:
    """How many in-process listeners are registered (without Redis); for tests and the bench."""
    return _hub.subscriber_count()
