"""Which meeting a request may read: one lookup for every meeting page (404 for people who may
not read the process, hiding that it exists)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings import permissions, selectors
from meetings.models import Meeting
from processes.models import Process


def readable_process(user, process_slug: str) -> Process:
    process = get_object_or_404(Process, slug=process_slug)
    if not permissions.can_read_meetings(user, process):
        raise Http404
    return process


def meeting_of(process: Process, number: int) -> Meeting:
    meeting = selectors.meeting_by_number(process=process, number=number)
    if meeting is None:
        raise Http404
    meeting.process = process
    return meeting


def readable_meeting(user, process_slug: str, number: int) -> Meeting:
    return meeting_of(readable_process(user, process_slug), number)
