"""What every viewset of the meetings API shares: the process and the meeting of its URL, read once,
404 for people who may not read the process (hiding that it exists), and the permission classes,
each asking one function of `meetings.permissions` (the services ask again)."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from meetings import permissions, selectors
from meetings.models import ActionItem, Meeting
from processes.api import PlatformViewSet, allowed_if, not_found
from processes.models import Process

MEETING_NUMBER = OpenApiParameter(
    "number", OpenApiTypes.INT, OpenApiParameter.PATH, description="The meeting's number, e.g. 4."
)
NUMBER_PATTERN = r"[0-9]{1,5}"


def _organises_process(user, process: Process) -> bool:
    return permissions.can_organise_meetings(user, process)


def _organises_meeting(user, meeting: Meeting) -> bool:
    return permissions.can_organise_meetings(user, meeting.process)


def _records_outcomes(user, meeting: Meeting) -> bool:
    return permissions.can_record_outcomes(user, meeting.process)


def _records_action_item(user, item: ActionItem) -> bool:
    return permissions.can_record_outcomes(user, item.meeting.process)


def _puts_on_screen(user, meeting: Meeting) -> bool:
    return permissions.can_put_on_screen(user, meeting.process)


MAY_SCHEDULE = allowed_if(_organises_process, _("Only the secretariat schedules meetings."))
MAY_ORGANISE = allowed_if(
    _organises_meeting, _("Only the secretariat changes meetings and their participants.")
)
MAY_RECORD = allowed_if(
    _records_outcomes,
    _("Only the Chair, a Vice-Chair or the secretariat records the meeting's outcomes."),
)
MAY_RECORD_ITEM = allowed_if(
    _records_action_item,
    _("Only the Chair, a Vice-Chair or the secretariat changes action items."),
)
MAY_PUT_ON_SCREEN = allowed_if(
    _puts_on_screen,
    _("Only the Chair, a Vice-Chair or the secretariat changes what is on screen."),
)


class InAProcess(PlatformViewSet):
    """A viewset under /processes/<process_slug>/."""

    @cached_property
    def process(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None or not permissions.can_read_meetings(self.request.user, process):
            raise not_found()
        return process

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "process_slug" in self.kwargs:
            context["process"] = self.process
            # "Overdue" is decided by the calendar of the process's time zone.
            context["today"] = timezone.localdate(timezone=self.process.zone)
        return context


class InAMeeting(InAProcess):
    """A viewset under /processes/<process_slug>/meetings/<number>/."""

    @cached_property
    def meeting(self) -> Meeting:
        meeting = selectors.meeting_by_number(
            process=self.process, number=int(self.kwargs["number"])
        )
        if meeting is None:
            raise not_found()
        return meeting

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if "process" in context and "number" in self.kwargs:
            context["meeting"] = self.meeting
        return context
