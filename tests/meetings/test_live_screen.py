"""The live screen: the Chair puts a paragraph on screen, and everyone following the screen sees
each accepted change and status change without reloading.

The stream tests drive the ASGI application itself (the one gunicorn's uvicorn workers serve),
with the transport the deployment uses: the in-process hub without Redis, Redis pub/sub with it.
"""

import asyncio
import json
import os
import threading
from datetime import date

import pytest
from asgiref.sync import sync_to_async
from django.core.asgi import get_asgi_application
from django.db import connections, transaction

from drafts import events
from drafts import services as drafts_services
from drafts.models import Paragraph
from meetings import services
from meetings.models import Meeting
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def para(document, letter, number) -> Paragraph:
    return Paragraph.objects.select_related("chapter__document").get(
        chapter__document=document, chapter__letter=letter, number=number
    )


# --- Putting paragraphs on screen ---------------------------------------------------------------


def test_the_chair_puts_para_21_on_screen(fourth_meeting, vision, chair):
    para_21 = para(vision, "B", 21)

    services.put_on_screen(meeting=fourth_meeting, paragraph=para_21, actor=chair)

    meeting = Meeting.objects.get(pk=fourth_meeting.pk)
    assert meeting.on_screen == para_21
    assert meeting.on_screen_by == chair
    assert meeting.on_screen_since is not None


def test_the_secretariat_at_the_keyboard_may_change_the_screen(fourth_meeting, vision, secretariat):
    services.put_on_screen(
        meeting=fourth_meeting, paragraph=para(vision, "A", 11), actor=secretariat
    )
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen == para(vision, "A", 11)


def test_a_delegate_cannot_change_the_screen(fourth_meeting, vision, delegate):
    with pytest.raises(ActionNotAllowed):
        services.put_on_screen(
            meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=delegate
        )
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen is None


def test_a_paragraph_of_another_process_cannot_go_on_screen(fourth_meeting, chair, secretariat):
    other_process = ProcessFactory(code="IGF", slug="igf")
    from processes.models import Role
    from tests.factories import MemberFactory

    other_secretariat = MemberFactory(process=other_process, role=Role.SECRETARIAT).user
    document = drafts_services.create_document(
        process=other_process, title="Other", short_title="other", actor=other_secretariat
    )
    chapter = drafts_services.add_chapter(
        document=document, letter="A", title="A", actor=other_secretariat
    )
    foreign = drafts_services.add_paragraph(
        chapter=chapter,
        number=1,
        alternatives=[drafts_services.AlternativeText(text="Elsewhere.")],
        actor=other_secretariat,
    )

    with pytest.raises(InvalidInput) as refusal:
        services.put_on_screen(meeting=fourth_meeting, paragraph=foreign, actor=chair)

    assert refusal.value.code == "paragraph_of_another_process"
    assert "only texts of WSIS+10" in refusal.value.message
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen is None


def test_a_deleted_paragraph_cannot_go_on_screen(fourth_meeting, vision, chair):
    para_2 = para(vision, "B", 2)
    drafts_services.delete_paragraph(
        paragraph=para_2, actor=chair, expected_version=1, reason="Merged into Para 3"
    )
    with pytest.raises(RuleViolation) as refusal:
        services.put_on_screen(meeting=fourth_meeting, paragraph=para_2, actor=chair)
    assert refusal.value.code == "paragraph_deleted"


def test_next_puts_the_next_open_paragraph_on_screen_skipping_settled_ones(
    fourth_meeting, vision, chair
):
    # Open in the Vision: A 11, then B 2, 21, 27-30; everything else is pre-agreed.
    shown = []
    for _ in range(8):
        meeting = services.put_next_open_on_screen(meeting=fourth_meeting, actor=chair)
        shown.append((meeting.on_screen.chapter.letter, meeting.on_screen.number))

    assert shown == [
        ("A", 11), ("B", 2), ("B", 21), ("B", 27), ("B", 28), ("B", 29), ("B", 30),
        ("A", 11),  # and round again
    ]  # fmt: skip


def test_next_says_so_when_nothing_on_the_agenda_is_open(fourth_meeting, secretariat, chair):
    services.update_meeting(meeting=fourth_meeting, actor=secretariat, agenda=[])
    with pytest.raises(RuleViolation) as refusal:
        services.put_next_open_on_screen(meeting=fourth_meeting, actor=chair)
    assert refusal.value.code == "agenda_empty"


def test_next_refuses_when_everything_is_settled(process, make_document, secretariat, chair):
    document = make_document(slug="statement", chapters=(("A", 2),))
    for paragraph in Paragraph.objects.filter(chapter__document=document):
        drafts_services.mark_pre_agreed(paragraph=paragraph, actor=chair, expected_version=1)
    meeting = services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
        agenda=[document],
    )
    with pytest.raises(RuleViolation) as refusal:
        services.put_next_open_on_screen(meeting=meeting, actor=chair)
    assert refusal.value.code == "nothing_open"
    assert "nothing is left open" in refusal.value.message


# --- Announced after commit, never before -------------------------------------------------------


class Heard:
    """A listener on the in-process hub that keeps what it hears: drafts' and meetings' real
    announcements, through the real hub (no Redis in these tests)."""

    _loop = None  # not an asyncio listener: nothing to hand over to a loop

    def __init__(self):
        self.events: list[dict] = []

    def offer(self, message: str) -> None:
        self.events.append(json.loads(message))


@pytest.fixture
def heard(settings, fourth_meeting, vision):
    settings.REDIS_URL = ""
    listener = Heard()
    channels = {services.screen_channel(fourth_meeting.pk), events.document_channel(vision.pk)}
    events._hub.register(listener, channels)
    yield listener
    events._hub.register(listener, set())


def test_changes_are_announced_only_once_the_transaction_commits(
    fourth_meeting, vision, chair, django_capture_on_commit_callbacks, heard
):
    para_21 = para(vision, "B", 21)

    with django_capture_on_commit_callbacks(execute=True):
        services.put_on_screen(meeting=fourth_meeting, paragraph=para_21, actor=chair)
        drafts_services.retain_alternative(
            paragraph=para_21, actor=chair, expected_version=1, position=1, reason="As agreed"
        )
        assert heard.events == []  # not yet committed: nothing announced

    assert [(event["kind"], event.get("paragraph")) for event in heard.events] == [
        ("screen", para_21.pk),
        ("revised", para_21.pk),
    ]
    assert heard.events[0]["meeting"] == fourth_meeting.pk
    assert heard.events[1]["document"] == vision.pk


def test_a_change_that_is_rolled_back_is_never_announced(
    fourth_meeting, vision, chair, django_capture_on_commit_callbacks, heard
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.put_on_screen(
                    meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair
                )
                raise RuntimeError("the power went out")
        except RuntimeError:
            pass
    assert callbacks == []
    assert heard.events == []


# --- The stream ---------------------------------------------------------------------------------


@pytest.fixture(params=["in-process", "redis"])
def transport(request, settings):
    """Without REDIS_URL (the demo) events go through the in-process hub; with it, through Redis
    pub/sub, as in the deployment."""
    if request.param == "redis":
        url = os.environ.get("REDIS_URL", "")
        if not url:
            message = "REDIS_URL is not set: the Redis transport needs a real Redis server."
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        settings.REDIS_URL = url
    else:
        settings.REDIS_URL = ""
    return request.param


def run_in_a_loop_of_its_own(journey) -> None:
    """asyncio.run(journey()) in a thread of its own: once a browser test has run, Playwright's
    sync API keeps an event loop running in the test's thread, where asyncio.run refuses."""
    outcome: dict[str, BaseException] = {}

    async def journey_then_close() -> None:
        try:
            await journey()
        finally:
            # The test's own sync_to_async calls ran on asgiref's shared thread: its connection
            # must not outlive the test (the test database is dropped at the end).
            await sync_to_async(connections.close_all)()

    def run() -> None:
        try:
            asyncio.run(journey_then_close())
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the journey did not finish within 120 s"
    if "error" in outcome:
        raise outcome["error"]


class StreamClient:
    """Speaks ASGI to the application, as uvicorn does for one browser's EventSource."""

    def __init__(self, path: str):
        self.path = path
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.outbox: asyncio.Queue = asyncio.Queue()
        self.task: asyncio.Task | None = None

    async def open(self) -> dict:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"localhost"), (b"accept", b"text/event-stream")],
            "client": ("127.0.0.1", 50000),
            "server": ("localhost", 80),
        }
        await self.inbox.put({"type": "http.request", "body": b"", "more_body": False})
        self.task = asyncio.create_task(
            get_asgi_application()(scope, self.inbox.get, self.outbox.put)
        )
        return await asyncio.wait_for(self.outbox.get(), 10)

    async def next_event(self, timeout: float = 10) -> str:
        """The next event's data (comments and the retry line skipped)."""
        while True:
            message = await asyncio.wait_for(self.outbox.get(), timeout)
            body = message.get("body", b"").decode()
            if body.startswith("event: "):
                return body

    async def disconnect(self) -> None:
        await self.inbox.put({"type": "http.disconnect"})
        await asyncio.wait_for(self.task, 10)


def screen_path(meeting) -> str:
    return f"/p/{meeting.process.slug}/meetings/{meeting.number}/screen/events"


async def listeners() -> int:
    """This process's screen listeners; with Redis, its relay must stop with the last one."""
    count = events.local_subscriber_count()
    from django.conf import settings

    if settings.REDIS_URL and count == 0:
        return events.relay_count()
    return count


@pytest.mark.django_db(transaction=True)
def test_a_remote_participant_sees_each_change_of_the_screen_as_it_happens(
    transport, fourth_meeting, vision, chair
):
    para_21, para_28 = para(vision, "B", 21), para(vision, "B", 28)
    services.put_on_screen(meeting=fourth_meeting, paragraph=para_21, actor=chair)

    async def journey():
        stream = StreamClient(screen_path(fourth_meeting))
        start = await stream.open()
        assert start["status"] == 200
        headers = {name.lower(): value for name, value in start["headers"]}
        assert headers[b"content-type"] == b"text/event-stream"

        first = await stream.next_event()
        assert "Para 21" in first and "ALT 1" in first and "ALT 2" in first

        # The Chair retains ALT 1 in the room: a new version of the paragraph on screen.
        await sync_to_async(drafts_services.retain_alternative)(
            paragraph=para_21, actor=chair, expected_version=1, position=1, reason="In the room"
        )
        retained = await stream.next_event()
        assert "ALT 2" not in retained
        assert 'data-version="2"' in retained
        assert "Last change" in retained

        # ...then marks it pre-agreed: a status change.
        await sync_to_async(drafts_services.mark_pre_agreed)(
            paragraph=para_21, actor=chair, expected_version=2
        )
        agreed = await stream.next_event()
        assert 'data-status="pre_agreed"' in agreed

        # ...and moves on to Para 28: the screen follows to the other paragraph.
        await sync_to_async(services.put_on_screen)(
            meeting=fourth_meeting, paragraph=para_28, actor=chair
        )
        moved = await stream.next_event()
        assert "Para 28" in moved and f'data-paragraph="{para_28.uid}"' in moved

        assert await listeners() == 1
        await stream.disconnect()
        # The subscription is closed with the connection: nothing stays behind (with Redis,
        # the process's relay stops too once its last listener has gone).
        for _ in range(50):
            if await listeners() == 0:
                break
            await asyncio.sleep(0.1)
        assert await listeners() == 0

    run_in_a_loop_of_its_own(journey)


@pytest.mark.django_db(transaction=True)
def test_a_change_to_another_paragraph_is_not_sent_to_the_screen(
    transport, fourth_meeting, vision, chair
):
    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair)
    para_11 = para(vision, "A", 11)

    async def journey():
        stream = StreamClient(screen_path(fourth_meeting))
        await stream.open()
        await stream.next_event()
        await sync_to_async(drafts_services.mark_pre_agreed)(
            paragraph=para_11, actor=chair, expected_version=1
        )
        with pytest.raises(TimeoutError):
            await stream.next_event(timeout=1.5)
        await stream.disconnect()

    run_in_a_loop_of_its_own(journey)


@pytest.mark.django_db(transaction=True)
def test_the_stream_of_a_meeting_that_does_not_exist_is_a_404(transport, fourth_meeting):
    async def journey():
        stream = StreamClient(f"/p/{fourth_meeting.process.slug}/meetings/99/screen/events")
        start = await stream.open()
        assert start["status"] == 404

    run_in_a_loop_of_its_own(journey)


def test_a_subscriber_that_never_reads_holds_a_bounded_backlog(settings):
    """The in-process hub keeps at most SUBSCRIBER_BACKLOG events for a listener that stopped
    reading, then tells it to re-read the screen; memory does not grow with the events."""
    settings.REDIS_URL = ""

    async def journey():
        async with events.subscription(["drafts.document.1"]) as subscription:
            for number in range(events.SUBSCRIBER_BACKLOG * 20):
                await sync_to_async(events.publish)("drafts.document.1", {"n": number})
            await asyncio.sleep(0.1)
            assert subscription._queue.qsize() == events.SUBSCRIBER_BACKLOG
            assert await subscription.next_event(timeout=1) == {"kind": "overflow"}
            assert await subscription.next_event(timeout=0.1) is None
        assert events.local_subscriber_count() == 0

    run_in_a_loop_of_its_own(journey)


@pytest.mark.django_db(transaction=True)
def test_the_api_streams_the_same_screen(transport, fourth_meeting, vision, chair):
    """/api/v1/…/screen/events/ serves remote tools the stream the screen page uses."""
    para_21 = para(vision, "B", 21)

    async def journey():
        stream = StreamClient(
            f"/api/v1/processes/{fourth_meeting.process.slug}/meetings/"
            f"{fourth_meeting.number}/screen/events/"
        )
        start = await stream.open()
        assert start["status"] == 200
        assert "Nothing is on screen yet" in await stream.next_event()
        await sync_to_async(services.put_on_screen)(
            meeting=fourth_meeting, paragraph=para_21, actor=chair
        )
        assert "Chapter B, Para 21" in await stream.next_event()
        await stream.disconnect()

    run_in_a_loop_of_its_own(journey)


def test_deployments_sharing_a_redis_server_on_different_databases_never_hear_each_other(
    settings,
):
    settings.REDIS_URL = "redis://127.0.0.1:6379/3"
    on_3 = events.wire_channel("drafts.document.1")
    settings.REDIS_URL = "redis://127.0.0.1:6379/4"
    on_4 = events.wire_channel("drafts.document.1")
    assert on_3 != on_4
    assert on_3.endswith("drafts.document.1") and on_4.endswith("drafts.document.1")


# --- Shared renderings and the reader's right to read ----------------------------------------


def test_one_viewer_leaving_does_not_cancel_the_rendering_others_wait_for():
    from meetings import live

    renderings = []

    async def slow_render(meeting_id):
        renderings.append(meeting_id)
        await asyncio.sleep(0.3)
        return f"screen of {meeting_id}"

    once = live.RenderedOnce(slow_render)

    async def journey():
        leaving = asyncio.create_task(once.get((41, "a change"), 41))
        staying = asyncio.create_task(once.get((41, "a change"), 41))
        await asyncio.sleep(0.05)
        leaving.cancel()  # that viewer closed the tab while the screen was being rendered
        assert await staying == "screen of 41"
        assert leaving.cancelled()
        assert await once.get((41, "a change"), 41) == "screen of 41"  # kept, not redone
        assert renderings == [41]

    run_in_a_loop_of_its_own(journey)


@pytest.mark.django_db(transaction=True)
def test_catching_up_shows_the_screen_as_it_is_now_every_time(fourth_meeting, vision, chair):
    """After dropped events the stream re-reads the screen; a second catch-up must not be
    served the first one's screen."""
    from meetings import live

    async def now_on_screen() -> str:
        return (await live._render_current(fourth_meeting.pk)).html

    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair)
    first = []
    run_in_a_loop_of_its_own(lambda: _collect(now_on_screen, first))
    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 28), actor=chair)
    second = []
    run_in_a_loop_of_its_own(lambda: _collect(now_on_screen, second))

    assert "Chapter B, Para 21" in first[0]
    assert "Chapter B, Para 28" in second[0]


async def _collect(read, into: list) -> None:
    into.append(await read())


@pytest.mark.django_db(transaction=True)
def test_a_stream_stops_when_its_reader_may_no_longer_read(
    transport, fourth_meeting, vision, chair, monkeypatch
):
    """The secretariat closes the process's drafts to outsiders: open screens of anonymous
    readers are told the screen is gone, instead of streaming on for the rest of the hour."""
    from meetings import live

    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(live, "READ_RECHECK_SECONDS", 0)
    process = fourth_meeting.process

    def close_the_drafts():
        process.drafts_are_public = False
        process.save(update_fields=["drafts_are_public"])

    async def journey():
        stream = StreamClient(screen_path(fourth_meeting))
        await stream.open()
        await stream.next_event()
        await sync_to_async(close_the_drafts)()
        assert (await stream.next_event()).startswith("event: gone")
        ended = await asyncio.wait_for(stream.outbox.get(), 10)
        assert ended["type"] == "http.response.body"
        assert not ended.get("body") and not ended.get("more_body")  # the response is over

    run_in_a_loop_of_its_own(journey)


def test_polling_screens_read_one_version_and_render_only_after_a_change(
    client, fourth_meeting, vision, chair, django_assert_num_queries
):
    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair)
    url = screen_path(fourth_meeting).replace("/screen/events", "/screen/state")
    client.get(url)  # the first poll renders
    # The process, the meeting (with its agenda and Vice-Chairs), the screen's version: not the
    # five more of rendering the screen again.
    with django_assert_num_queries(5):
        again = client.get(url)
    assert "Chapter B, Para 21" in again.content.decode()
