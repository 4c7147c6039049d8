"""The live screen's event stream: server-sent events from an async view, fed by the channels on
which drafts announces text changes and meetings announces what is put on screen.

Each connection starts with the whole screen (so a reconnection, or a client that fell behind,
never shows stale text) and then gets the whole screen again after every change that concerns it:
another paragraph on screen, or a new version or status of the paragraph on screen. The screen is
rendered once per change and process, however many subscribers wait for it (`_render_once`).

A subscriber that goes away ends its stream (Django cancels it on disconnect) and its
subscription is closed. One that stops reading makes its stream wait at the next write; events
pile up nowhere in this process (the in-process hub keeps a few, Redis keeps them in its own
bounded output buffer and drops the connection past it).
"""

import asyncio
import json
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string

from drafts import events
from meetings import selectors
from meetings.services.screen import screen_channel

HEARTBEAT_SECONDS = 15
RECONNECT_MILLISECONDS = 2_000
# A stream ends after this long and the browser reconnects at once: no connection, however
# forgotten, lives for ever.
STREAM_LIFETIME_SECONDS = 3_600
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


def _render_and_release(meeting_id: int) -> Frame | None:
    try:
        return render_screen(meeting_id)
    finally:
        # This runs on a shared pool thread: it must not keep a connection past its age.
        close_old_connections()


_in_flight: dict[tuple, asyncio.Future] = {}
_rendered: OrderedDict[tuple, Frame | None] = OrderedDict()


async def _render_once(meeting_id: int, cause: str) -> Frame | None:
    """The screen after the change `cause` (the event as published), rendered by the first
    subscriber that asks and shared with every other one of this process."""
    key = (meeting_id, cause)
    if key in _rendered:
        return _rendered[key]
    if key in _in_flight:
        return await asyncio.shield(_in_flight[key])
    future = asyncio.get_running_loop().create_future()
    _in_flight[key] = future
    try:
        frame = await sync_to_async(_render_and_release, thread_sensitive=False)(meeting_id)
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved: a failure nobody else awaited is not logged twice
        raise
    finally:
        _in_flight.pop(key, None)
    future.set_result(frame)
    _rendered[key] = frame
    while len(_rendered) > RENDERED_KEPT:
        _rendered.popitem(last=False)
    return frame


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


def _screen_version(meeting_id: int) -> selectors.ScreenVersion | None:
    try:
        return selectors.screen_version(meeting_id)
    finally:
        close_old_connections()


def _message(frame: Frame, *, event: str = "screen") -> bytes:
    lines = "".join(f"data: {line}\n" for line in frame.html.splitlines() or [""])
    return f"event: {event}\n{lines}\n".encode()


async def screen_stream(meeting_id: int) -> AsyncIterator[bytes]:
    """The event stream of one subscriber.

    It listens before it reads: the subscription starts first, then the screen is read and sent,
    so that a change committed in between is both in what is read and announced (sent twice at
    worst, never missed)."""
    yield f"retry: {RECONNECT_MILLISECONDS}\n\n".encode()
    version = await sync_to_async(_screen_version, thread_sensitive=False)(meeting_id)
    if version is None:
        yield b"event: gone\ndata: \n\n"
        return
    document_id = version.document_id
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + STREAM_LIFETIME_SECONDS
    async with events.subscription(_channels(meeting_id, document_id)) as subscription:
        # Read again now that we listen (a change meanwhile is then both read and announced);
        # viewers arriving together (a room reconnecting after a restart) share one rendering.
        version = await sync_to_async(_screen_version, thread_sensitive=False)(meeting_id)
        frame = version and await _render_once(meeting_id, f"as of {version.token}")
        if frame is None:
            yield b"event: gone\ndata: \n\n"
            return
        if frame.document_id != document_id:  # the screen moved meanwhile: its event is queued
            await subscription.listen_to(_channels(meeting_id, frame.document_id))
        yield _message(frame)
        while loop.time() < ends_at:
            event = await subscription.next_event(timeout=HEARTBEAT_SECONDS)
            if event is None:
                yield b": still here\n\n"
                continue
            if not _concerns(event, frame, meeting_id):
                continue
            latest = await _render_once(meeting_id, json.dumps(event, sort_keys=True))
            if latest is None:  # the meeting was deleted
                yield b"event: gone\ndata: \n\n"
                return
            if latest.document_id != frame.document_id:
                await subscription.listen_to(_channels(meeting_id, latest.document_id))
            frame = latest
            yield _message(frame)


def event_stream_response(meeting_id: int) -> StreamingHttpResponse:
    response = StreamingHttpResponse(screen_stream(meeting_id), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # Proxies (nginx) would otherwise hold the events back to fill their buffers.
    response["X-Accel-Buffering"] = "no"
    return response
