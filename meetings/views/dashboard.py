"""The Chair's meeting dashboard: how far each document on the agenda is, what waits for a
decision, what is on screen, and the buttons that change the screen."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings import live, permissions, selectors
from meetings.models import Meeting
from meetings.views.access import meeting_of, readable_process


def render_dashboard(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, problem: str = ""
) -> HttpResponse:
    agenda = selectors.agenda_progress(meeting)
    return render(
        request,
        "meetings/dashboard.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "agenda": agenda,
            "screen_html": live.render_screen(meeting.pk).html,
            "paragraph_choices": selectors.agenda_paragraph_choices(meeting),
            "problem": problem,
        },
        status=status,
    )


@require_GET
def meeting_dashboard(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    process = readable_process(request.user, process_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_meeting_dashboard(request.user, process):
        raise PermissionDenied(_("The meeting dashboard is the Chair's and the secretariat's."))
    return render_dashboard(request, meeting_of(process, number))
