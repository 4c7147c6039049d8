"""The live screen: the page the projector and remote participants keep open, its event stream,
its polling fallback, and the Chair's buttons that change what is on it."""

import uuid

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from drafts.models import Paragraph
from meetings import live, permissions, services
from meetings.models import Meeting
from meetings.views.access import readable_meeting
from meetings.views.dashboard import render_dashboard
from processes.errors import DomainError, InvalidInput


@require_GET
def screen(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    """Large type, read-only, following what the Chair puts on screen without a reload."""
    meeting = readable_meeting(request.user, process_slug, number)
    frame = live.render_screen(meeting.pk)
    return render(
        request,
        "meetings/screen/page.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "screen_html": frame.html,
            "reconnect_ms": live.RECONNECT_MILLISECONDS,
        },
    )


def _reader_and_meeting(request: HttpRequest, process_slug: str, number: int):
    """Who reads (the session is loaded here, on the pool) and the meeting they may read."""
    try:
        user = request.user
        return user, readable_meeting(user, process_slug, number).pk
    finally:
        close_old_connections()


@require_GET
async def screen_events(request: HttpRequest, process_slug: str, number: int):
    """The screen as server-sent events: the whole screen now, then again after each change."""
    user, meeting_id = await sync_to_async(_reader_and_meeting, thread_sensitive=False)(
        request, process_slug, number
    )
    await live.close_request_connections()
    return live.event_stream_response(meeting_id, user=user)


@require_GET
def screen_state(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    """The screen's content alone: what the page polls when it cannot keep a stream open."""
    meeting = readable_meeting(request.user, process_slug, number)
    response = HttpResponse(live.current_screen(meeting.pk).html)
    response["Cache-Control"] = "no-store"
    return response


def _screen_action(request: HttpRequest, process_slug: str, number: int, act) -> HttpResponse:
    meeting = readable_meeting(request.user, process_slug, number)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_put_on_screen(request.user, meeting.process):
        return render_dashboard(
            request,
            meeting,
            status=403,
            problem=_("Only the Chair, a Vice-Chair or the secretariat can change the screen."),
        )
    try:
        done = act(meeting)
    except DomainError as error:
        return render_dashboard(request, meeting, status=error.http_status, problem=error.message)
    messages.success(request, done)
    return redirect("meetings:dashboard", process_slug, number)


def _paragraph_label(paragraph: Paragraph) -> str:
    return f"Chapter {paragraph.chapter.letter}, Para {paragraph.display_number}"


@require_POST
def put_on_screen(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    def act(meeting: Meeting) -> str:
        paragraph = (
            Paragraph.objects.select_related("chapter__document")
            .filter(uid=_uid(request.POST.get("paragraph")))
            .first()
        )
        if paragraph is None:
            raise InvalidInput(_("Choose a paragraph to put on screen."))
        services.put_on_screen(meeting=meeting, paragraph=paragraph, actor=request.user)
        return _("%(para)s is on screen.") % {"para": _paragraph_label(paragraph)}

    return _screen_action(request, process_slug, number, act)


@require_POST
def put_next_on_screen(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    def act(meeting: Meeting) -> str:
        meeting = services.put_next_open_on_screen(meeting=meeting, actor=request.user)
        return _("%(para)s is on screen.") % {"para": _paragraph_label(meeting.on_screen)}

    return _screen_action(request, process_slug, number, act)


@require_POST
def clear_screen(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    def act(meeting: Meeting) -> str:
        services.clear_screen(meeting=meeting, actor=request.user)
        return _("The screen is blank.")

    return _screen_action(request, process_slug, number, act)


def _uid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value or ""))
    except ValueError:
        return None
