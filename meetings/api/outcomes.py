"""The Chair's main outcomes of a meeting: numbered points and decisions, and action items.

- `…/meetings/<number>/outcome-points/`: the points in order, each with what it links to and
  its action items (GET); the Chair, a Vice-Chair or the secretariat records one (POST);
- `…/meetings/<number>/action-items/`: who must do what by when (GET); record one (POST, with
  exactly one owner: 400 `action_item_owner` otherwise); `…/action-items/<id>/state/` marks it
  open, done or cancelled (POST; 409 `action_item_unchanged`);
- `/processes/<process_slug>/action-items/`: the action items of every meeting of the process
  (GET), `?overdue=1` only the open ones past their due date in the process's time zone.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from drafts.api.paths import PROCESS_SLUG
from meetings import selectors, services
from meetings.api.base import MAY_RECORD, MAY_RECORD_ITEM, MEETING_NUMBER, InAMeeting, InAProcess
from meetings.api.serializers import (
    ActionItemInputSerializer,
    ActionItemSerializer,
    ActionItemStateInputSerializer,
    OutcomePointInputSerializer,
    OutcomePointSerializer,
)
from meetings.models import ActionItem
from processes.api import error_responses, not_found

OVERDUE = OpenApiParameter(
    "overdue",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="1: only open action items past their due date (in the process's time zone).",
)


class OutcomePointViewSet(mixins.ListModelMixin, InAMeeting):
    """/processes/<process_slug>/meetings/<number>/outcome-points/: the Chair's main outcomes."""

    serializer_class = OutcomePointSerializer

    def points(self):
        return selectors.outcome_points_of(self.meeting).select_related("recorded_by")

    def get_permissions(self):
        if self.action == "create":
            return [MAY_RECORD()]
        return super().get_permissions()

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        responses={200: OutcomePointSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(self.points(), OutcomePointSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        request=OutcomePointInputSerializer,
        responses={201: OutcomePointSerializer, **error_responses(400, 403, 404)},
    )
    def create(self, request, *args, **kwargs):
        """Records the next numbered point (or decision), with the documents, publications and
        paragraphs of the process it is about."""
        meeting = self.meeting
        self.check_object_permissions(request, meeting)
        data = self.validated(OutcomePointInputSerializer)
        point = services.record_outcome_point(meeting=meeting, actor=request.user, **data)
        fresh = self.points().get(pk=point.pk)
        body = OutcomePointSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class ActionItemViewSet(mixins.ListModelMixin, InAMeeting):
    """/processes/<process_slug>/meetings/<number>/action-items/: what the meeting asked whom
    to do by when."""

    serializer_class = ActionItemSerializer
    lookup_value_regex = r"[0-9]+"
    # For the schema's path parameter only: reads go through meetings.selectors.
    queryset = ActionItem.objects.all()

    def get_permissions(self):
        if self.action == "create":
            return [MAY_RECORD()]
        if self.action == "state":
            return [MAY_RECORD_ITEM()]
        return super().get_permissions()

    def get_object(self) -> ActionItem:
        item = selectors.action_items_of(self.meeting).filter(pk=self.kwargs["pk"]).first()
        if item is None:
            raise not_found()
        self.check_object_permissions(self.request, item)
        return item

    def respond(self, item: ActionItem, http_status=status.HTTP_200_OK) -> Response:
        fresh = selectors.action_items_of(self.meeting).get(pk=item.pk)
        body = ActionItemSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=http_status)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        responses={200: ActionItemSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(selectors.action_items_of(self.meeting), ActionItemSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        request=ActionItemInputSerializer,
        responses={201: ActionItemSerializer, **error_responses(400, 403, 404)},
    )
    def create(self, request, *args, **kwargs):
        """Records an action item with exactly one owner: a stakeholder, a focal point in person
        or the secretariat (400 `action_item_owner` otherwise)."""
        meeting = self.meeting
        self.check_object_permissions(request, meeting)
        data = self.validated(ActionItemInputSerializer)
        item = services.add_action_item(meeting=meeting, actor=request.user, **data)
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PROCESS_SLUG, MEETING_NUMBER],
        request=ActionItemStateInputSerializer,
        responses={200: ActionItemSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def state(self, request, *args, **kwargs):
        """Marks the action item open, done or cancelled (409 `action_item_unchanged` if it is
        in that state already)."""
        item = self.get_object()
        data = self.validated(ActionItemStateInputSerializer)
        services.set_action_item_state(item=item, actor=request.user, **data)
        return self.respond(item)


class ProcessActionItemViewSet(mixins.ListModelMixin, InAProcess):
    """/processes/<process_slug>/action-items/: the action items of all the process's meetings,
    the nearest due first."""

    serializer_class = ActionItemSerializer

    @extend_schema(
        parameters=[PROCESS_SLUG, OVERDUE],
        responses={200: ActionItemSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        process = self.process
        if request.query_params.get("overdue", "").lower() in ("1", "true", "yes"):
            today = self.get_serializer_context()["today"]
            items = selectors.overdue_action_items(process, today=today)
        else:
            items = selectors.action_items_of_process(process)
        return self.paginated(items, ActionItemSerializer)
