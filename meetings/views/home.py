from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from drafts.permissions import can_publish
from drafts.selectors import documents_with_progress, publications_of
from drafts.views import readable_process
from meetings import selectors
from meetings.views.meetings import dates_label
from processes.selectors import roles_of


def _with_dates(meeting):
    if meeting is not None:
        meeting.dates_label = dates_label(meeting.starts_on, meeting.ends_on)
    return meeting


@require_GET
def process_home(request: HttpRequest, process_slug: str) -> HttpResponse:
    """The process at a glance: its documents and how far each is agreed, its meetings (the
    next one, or the one under way, and the latest held) and the action items past due."""
    process = readable_process(request, process_slug)
    today = timezone.localdate(timezone=process.zone)
    upcoming, latest = selectors.next_and_latest_meetings(process, today=today)
    return render(
        request,
        "meetings/process_home.html",
        {
            "process": process,
            "documents": documents_with_progress(process=process),
            "latest_publications": publications_of(process)[:5],
            "may_publish": can_publish(request.user, process),
            "my_roles": sorted(role.label for role in roles_of(user=request.user, process=process)),
            "upcoming_meeting": _with_dates(upcoming),
            "latest_meeting": _with_dates(latest),
            "today": today,
            "overdue_items": list(selectors.overdue_action_items(process, today=today)),
        },
    )
