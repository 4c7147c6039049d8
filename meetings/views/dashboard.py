"""The Chair's meeting dashboard: how far each document on the agenda is, what waits for a
decision, what is on screen, and the buttons that change the screen."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from meetings import live, permissions, selectors
from meetings.models import Meeting
from processes.models import Process


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
    process = get_object_or_404(Process, slug=process_slug)
    if not permissions.can_read_meetings(request.user, process):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_meeting_dashboard(request.user, process):
        raise PermissionDenied(_("The meeting dashboard is the Chair's and the secretariat's."))
    meeting = selectors.meeting_by_number(process=process, number=number)
    if meeting is None:
        raise Http404
    return render_dashboard(request, meeting)
