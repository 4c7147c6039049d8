"""The live screen's event stream: server-sent events from an async view, fed by the channels on
which drafts announces text changes and meetings announces what is put on screen.

Each connection starts with the whole screen (so a reconnection, or a client that fell behind,
never shows stale text) and then gets the whole screen again after every change that concerns it:
another paragraph on screen, or a new version or status of the paragraph on screen. The screen is
rendered once per change and process, however many subscribers wait for it (`_render_once`).

What a stream holds: a coroutine, its socket and a place in the in-process hub (at most
`events.SUBSCRIBER_BACKLOG` events waiting). No database connection and no thread: the reads run
on the shared pool and release their connection, and the request's own connection is closed
before the stream starts. A subscriber that goes away ends its stream (Django cancels it on
disconnect) and leaves the hub. One that keeps its socket open but stops reading makes its
stream wait at the next write (uvicorn's flow control) until the operating system or a proxy's
send timeout drops the connection; events do not pile up for it meanwhile. Every stream ends
after `STREAM_LIFETIME_SECONDS` (the browser reconnects at once), and the reader's right to read
is checked again every `READ_RECHECK_SECONDS`.
"""

import asyncio
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connections
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string

from drafts import events
from meetings import permissions, selectors
from meetings.models import Meeting
from meetings.services.screen import screen_channel

HEARTBEAT_SECONDS = 15
RECONNECT_MILLISECONDS = 2_000
STREAM_LIFETIME_SECONDS = 3_600
READ_RECHECK_SECONDS = 60
RENDERED_KEPT = 64


@dataclass(frozen=True)
class Frame:
    """One rendering of a screen: what the stream sends, and which changes concern it."""

    html: str
    paragraph_id: int | None
    document_id: int | None


def render_screen(meeting_id: int) -> Frame | None:
    """The screen as HTML, read fresh from the database; None if the meeting is gone."""
    state = selectors.on_screen(meeting_id)
    if state is None:
        return None
    paragraph = state.paragraph
    html = render_to_string("meetings/screen/_screen.html", {"screen": state})
    return Frame(
        html=html,
        paragraph_id=paragraph.pk if paragraph else None,
        document_id=paragraph.chapter.document_id if paragraph else None,
    )


def _released(read):
    """`read`, run on a shared pool thread that must not keep its connection past its age."""

    def run(*args):
        try:
            return read(*args)
        finally:
            close_old_connections()

    return sync_to_async(run, thread_sensitive=False)


_render_and_release = _released(render_screen)
_screen_version = _released(selectors.screen_version)


# --- One rendering per change, shared ----------------------------------------------------------


class RenderedOnce:
    """Renderings shared by everyone waiting for the same one: the first to ask starts it in a
    task of its own, the others wait for that task, and the last few results are kept. A waiter
    that leaves cancels its own wait, never the rendering the others wait for."""

    def __init__(self, render: Callable[..., Awaitable], *, kept: int = RENDERED_KEPT):
        self._render = render
        self._kept = kept
        self._in_flight: dict[tuple, asyncio.Task] = {}
        self._done: OrderedDict[tuple, object] = OrderedDict()

    async def get(self, key: tuple, *args):
        if key in self._done:
            return self._done[key]
        loop = asyncio.get_running_loop()
        task = self._in_flight.get(key)
        if task is None or task.get_loop() is not loop:
            task = self._in_flight[key] = loop.create_task(self._render_and_keep(key, *args))
        return await asyncio.shield(task)

    async def _render_and_keep(self, key: tuple, *args):
        try:
            result = await self._render(*args)
        finally:
            self._in_flight.pop(key, None)
        self._done[key] = result
        while len(self._done) > self._kept:
            self._done.popitem(last=False)
        return result


_screens = RenderedOnce(lambda meeting_id: _render_and_release(meeting_id))


async def _render_once(meeting_id: int, cause: str) -> Frame | None:
    """The screen after `cause` (the event as published, or the screen's version), rendered
    once for every subscriber of this process that waits for it."""
    return await _screens.get((meeting_id, cause), meeting_id)


async def _render_current(meeting_id: int) -> Frame | None:
    """The screen as it is now, shared by everyone who asks while it stays the same."""
    version = await _screen_version(meeting_id)
    if version is None:
        return None
    return await _render_once(meeting_id, f"as of {version.token}")


_polled_lock = threading.Lock()
_polled: OrderedDict[tuple, Frame] = OrderedDict()


def current_screen(meeting_id: int) -> Frame | None:
    """For the polling fallback (sync): one query when the screen has not changed since the
    last poll of anyone, a rendering when it has."""
    version = selectors.screen_version(meeting_id)
    if version is None:
        return None
    key = (meeting_id, version.token)
    with _polled_lock:
        frame = _polled.get(key)
    if frame is None:
        frame = render_screen(meeting_id)
        with _polled_lock:
            _polled[key] = frame
            while len(_polled) > RENDERED_KEPT:
                _polled.popitem(last=False)
    return frame


# --- Who may go on reading ---------------------------------------------------------------------


def _may_read(user_id: int | None, meeting_id: int) -> bool:
    """Read afresh (a process closed, a membership ended since the stream began)."""
    meeting = Meeting.objects.select_related("process").filter(pk=meeting_id).first()
    if meeting is None:
        return False
    user = AnonymousUser()
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
    return permissions.can_read_meetings(user, meeting.process)


def reader_check(user) -> Callable[[int], Awaitable[bool]]:
    user_id = user.pk if user.is_authenticated else None
    check = _released(_may_read)
    return lambda meeting_id: check(user_id, meeting_id)


async def close_request_connections() -> None:
    """Closes the connections the request's own thread opened (the session, the permission
    check): the stream may last an hour and must not hold one meanwhile."""
    await sync_to_async(connections.close_all)()


# --- The stream --------------------------------------------------------------------------------


def _concerns(event: dict, frame: Frame, meeting_id: int) -> bool:
    if event.get("kind") == "screen":
        return event.get("meeting") == meeting_id
    if event.get("kind") == "overflow":
        return True
    return event.get("paragraph") == frame.paragraph_id


def _channels(meeting_id: int, document_id: int | None) -> list[str]:
    channels = [screen_channel(meeting_id)]
    if document_id is not None:
        channels.append(events.document_channel(document_id))
    return channels


def _message(frame: Frame, *, event: str = "screen") -> bytes:
    lines = "".join(f"data: {line}\n" for line in frame.html.splitlines() or [""])
    return f"event: {event}\n{lines}\n".encode()


GONE = b"event: gone\ndata: \n\n"


async def screen_stream(
    meeting_id: int, *, may_read: Callable[[int], Awaitable[bool]] | None = None
) -> AsyncIterator[bytes]:
    """The event stream of one subscriber.

    It listens before it reads: the subscription starts first, then the screen is read and sent,
    so that a change committed in between is both in what is read and announced (sent twice at
    worst, never missed)."""
    yield f"retry: {RECONNECT_MILLISECONDS}\n\n".encode()
    version = await _screen_version(meeting_id)
    if version is None:
        yield GONE
        return
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + STREAM_LIFETIME_SECONDS
    checked_at = loop.time()
    async with events.subscription(_channels(meeting_id, version.document_id)) as subscription:
        frame = await _render_current(meeting_id)
        if frame is None:
            yield GONE
            return
        if frame.document_id != version.document_id:  # moved meanwhile: its event is queued
            await subscription.listen_to(_channels(meeting_id, frame.document_id))
        yield _message(frame)
        while loop.time() < ends_at:
            event = await subscription.next_event(timeout=HEARTBEAT_SECONDS)
            if may_read is not None and loop.time() - checked_at > READ_RECHECK_SECONDS:
                if not await may_read(meeting_id):
                    yield GONE
                    return
                checked_at = loop.time()
            if event is None:
                yield b": still here\n\n"
                continue
            if not _concerns(event, frame, meeting_id):
                continue
            if event.get("kind") == "overflow":
                # Events were dropped: what the screen is now, not what an event said.
                latest = await _render_current(meeting_id)
            else:
                latest = await _render_once(meeting_id, json.dumps(event, sort_keys=True))
            if latest is None:  # the meeting was deleted
                yield GONE
                return
            if latest.document_id != frame.document_id:
                await subscription.listen_to(_channels(meeting_id, latest.document_id))
            frame = latest
            yield _message(frame)


def event_stream_response(meeting_id: int, *, user=None) -> StreamingHttpResponse:
    """The stream as a response; `user` is checked again while it runs (anonymous if None)."""
    response = StreamingHttpResponse(
        screen_stream(meeting_id, may_read=reader_check(user or AnonymousUser())),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    # Proxies (nginx) would otherwise hold the events back to fill their buffers.
    response["X-Accel-Buffering"] = "no"
    return response
