"""Meetings of a process and who took part in them.

- `/processes/<process_slug>/meetings/`: the meetings, the latest first (GET); the secretariat
  schedules one (POST);
- `/processes/<process_slug>/meetings/<number>/`: one meeting (GET); the secretariat changes it
  (PATCH: what is left out stays as it is);
- `/processes/<process_slug>/meetings/<number>/participants/`: who took part and how, day by day
  (GET); the secretariat adds a participant (POST) or removes one (DELETE `<id>/`).

The live screen of a meeting is in `meetings.api.screen`. Refusals are {"code", "message"}:
409 `meeting_number_taken`, `participant_already_added`, `attendance_outside_dates`; 400
`invalid_input`, `meeting_ends_before_it_starts`; 403 `not_allowed` (not the secretariat).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from drafts.api.paths import PROCESS_SLUG
from meetings import selectors, services
from meetings.api.base import (
    MAY_ORGANISE,
    MAY_SCHEDULE,
    MEETING_NUMBER,
    NUMBER_PATTERN,
    InAMeeting,
)
from meetings.api.screen import ScreenActions
from meetings.api.serializers import (
    MeetingChangeSerializer,
    MeetingInputSerializer,
    MeetingSerializer,
    ParticipantInputSerializer,
    ParticipantSerializer,
    links_as_text,
)
from meetings.models import Meeting, Participant
from meetings.selectors import AttendanceSummary
from processes.api import error_responses, not_found


def _with_summaries(meetings: list[Meeting]) -> None:
    """The attendance figures of `selectors.meetings_with_attendance`, as each meeting's
    `summary`."""
    for meeting in meetings:
        meeting.summary = AttendanceSummary(
            participants=meeting.participant_count,
            stakeholders=meeting.stakeholder_count,
            in_room=meeting.in_room_count,
            remote=meeting.remote_count,
        )


def _input(data: dict) -> dict:
    """The validated input as the services take it: links become the stored text."""
    data = dict(data)
    if "links" in data:
        data["remote_links"] = links_as_text(data.pop("links"))
    return data


class MeetingViewSet(ScreenActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, InAMeeting):
    """The meetings of a process, addressed by their number."""

    serializer_class = MeetingSerializer
    lookup_field = "number"
    lookup_value_regex = NUMBER_PATTERN
    # For the schema's path parameter only: reads go through meetings.selectors.
    queryset = Meeting.objects.all()

    def get_permissions(self):
        if self.action == "create":
            return [MAY_SCHEDULE()]
        if self.action == "partial_update":
            return [MAY_ORGANISE()]
        return super().get_permissions()

    def get_object(self) -> Meeting:
        """The meeting; 404 if unknown or unreadable, then 403 if the action is not allowed."""
        meeting = self.meeting
        self.check_object_permissions(self.request, meeting)
        return meeting

    def respond(self, meeting: Meeting, http_status=status.HTTP_200_OK) -> Response:
        """The meeting as it is now (re-read: a service may just have changed it)."""
        fresh = selectors.meeting_by_number(process=self.process, number=meeting.number)
        fresh.summary = selectors.attendance_summary(fresh)
        data = MeetingSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=http_status)

    @extend_schema(
        parameters=[PROCESS_SLUG],
        responses={200: MeetingSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        meetings = selectors.meetings_with_attendance(self.process)
        return self.paginated(meetings, MeetingSerializer, prepare=_with_summaries)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        responses={200: MeetingSerializer, **error_responses(404)},
    )
    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(
        parameters=[PROCESS_SLUG],
        request=MeetingInputSerializer,
        responses={201: MeetingSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """The secretariat schedules a meeting (409 `meeting_number_taken` if the process has a
        meeting of that number)."""
        process = self.process
        self.check_object_permissions(request, process)
        data = _input(self.validated(MeetingInputSerializer))
        meeting = services.schedule_meeting(process=process, actor=request.user, **data)
        return self.respond(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        request=MeetingChangeSerializer,
        responses={200: MeetingSerializer, **error_responses(400, 403, 404, 409)},
    )
    def partial_update(self, request, *args, **kwargs):
        """The secretariat changes a meeting; what is left out stays as it is (409
        `attendance_outside_dates` if attendance is recorded outside the new dates)."""
        meeting = self.get_object()
        changes = _input(self.validated(MeetingChangeSerializer))
        services.update_meeting(meeting=meeting, actor=request.user, **changes)
        return self.respond(meeting)


class ParticipantViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, InAMeeting):
    """/processes/<process_slug>/meetings/<number>/participants/: who took part, by stakeholder."""

    serializer_class = ParticipantSerializer
    lookup_value_regex = r"[0-9]+"
    # For the schema's path parameter only: reads go through meetings.selectors.
    queryset = Participant.objects.all()

    def get_permissions(self):
        if self.action in ("create", "destroy"):
            return [MAY_ORGANISE()]
        return super().get_permissions()

    def participants(self):
        return selectors.participants_of(self.meeting).select_related("member__stakeholder")

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        responses={200: ParticipantSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(self.participants(), ParticipantSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        request=ParticipantInputSerializer,
        responses={201: ParticipantSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """The secretariat records that a member took part, with how they did each day (409
        `participant_already_added` if they are a participant already)."""
        meeting = self.meeting
        self.check_object_permissions(request, meeting)
        data = self.validated(ParticipantInputSerializer)
        participant = services.add_participant(meeting=meeting, actor=request.user, **data)
        fresh = self.participants().get(pk=participant.pk)
        body = ParticipantSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        responses={204: None, **error_responses(403, 404)},
    )
    def destroy(self, request, *args, **kwargs):
        """The secretariat removes a participant and their attendance."""
        meeting = self.meeting
        self.check_object_permissions(request, meeting)
        participant = meeting.participants.filter(pk=self.kwargs["pk"]).first()
        if participant is None:
            raise not_found()
        participant.meeting = meeting
        services.remove_participant(participant=participant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
