"""Comment periods of a document, and general comments on it.

- `/processes/<process_slug>/documents/<document_slug>/periods/`: the document's periods with
  what each received (GET); the secretariat opens one (POST);
- `/periods/<id>/`: one period (GET); the secretariat changes it (PATCH) or closes it now
  (POST `close/`);
- `/processes/<process_slug>/documents/<document_slug>/comments/`: the general comments (GET);
  a delegate or focal point comments (POST), while a period taking comments is open.

Times are answered in the process's zone, with its offset ("2014-03-21T18:00:00+01:00"), next to
the zone's name. Given with an offset (or "Z"), a time means that instant; without one, it is a
wall-clock time in the process's zone. Refusals are {"code", "message"}: 409 `period_closed`
(input outside an open period, with its closing time), `period_overlap`, `period_not_open`,
`period_has_input`; 400 `invalid_input` (closes before it opens, a reminder longer than the
period …); 403 `not_allowed` (not the secretariat; commenting for a stakeholder one does not
represent).
"""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from consultations import period_selectors, permissions
from consultations.models import CommentPeriod, DocumentComment
from consultations.services import periods as services
from drafts.api.actions import ServiceAction
from drafts.api.paths import DOCUMENT_SLUG, PROCESS_SLUG
from drafts.models import Chapter, Document
from processes.api import (
    PlatformViewSet,
    StakeholderSerializer,
    UserSerializer,
    allowed_if,
    error_responses,
    not_found,
    readable_or_404,
)
from processes.models import Stakeholder

# --- Output -------------------------------------------------------------------------------------


class PeriodChapterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Chapter
        fields = ["id", "letter", "heading"]


class PeriodSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chapters = PeriodChapterSerializer(
        many=True, help_text="The chapters it takes input on; empty for the whole document."
    )
    time_zone = serializers.CharField(
        source="document.process.time_zone", help_text="The process's zone, e.g. Europe/Zurich."
    )
    opens_at = serializers.DateTimeField(help_text="In the process's zone, with its offset.")
    closes_at = serializers.DateTimeField(help_text="In the process's zone, with its offset.")
    closes = serializers.SerializerMethodField(
        help_text='The deadline in words: "21 March 2014 at 18:00 Geneva time".'
    )
    state = serializers.SerializerMethodField(help_text="upcoming, open or closed, as of now.")
    proposal_count = serializers.IntegerField(
        help_text="Proposals received in it (paragraph comments included)."
    )
    comment_count = serializers.IntegerField(help_text="General comments received in it.")
    created_by = UserSerializer()

    class Meta:
        model = CommentPeriod
        fields = [
            "id",
            "document",
            "title",
            "opens_at",
            "closes_at",
            "time_zone",
            "closes",
            "state",
            "chapters",
            "takes_proposals",
            "takes_comments",
            "reminder_hours",
            "proposal_count",
            "comment_count",
            "created_by",
            "created_at",
        ]

    def get_closes(self, period: CommentPeriod) -> str:
        return period_selectors.moment_at(period.closes_at, period.document.process)

    def get_state(self, period: CommentPeriod) -> str:
        return period_selectors.state(period)


class DocumentCommentSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stakeholder = StakeholderSerializer()
    author = UserSerializer()
    created_at = serializers.DateTimeField(help_text="In the process's zone, with its offset.")

    class Meta:
        model = DocumentComment
        fields = ["id", "document", "period", "stakeholder", "author", "text", "created_at"]


# --- Input --------------------------------------------------------------------------------------

_TIME_HELP = (
    "ISO 8601. With an offset (or Z), that instant; without one, wall-clock time in the "
    "process's zone."
)


class PeriodInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, default="", allow_blank=True)
    opens_at = serializers.DateTimeField(help_text=_TIME_HELP)
    closes_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text=_TIME_HELP
    )
    closes_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Instead of closes_at: close of business (18:00) that day, process's zone.",
    )
    chapters = serializers.PrimaryKeyRelatedField(
        queryset=Chapter.objects.all(),
        many=True,
        required=False,
        help_text="Chapter ids; left out or empty: the whole document.",
    )
    takes_proposals = serializers.BooleanField(required=False, default=True)
    takes_comments = serializers.BooleanField(required=False, default=True)
    reminder_hours = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Hours before the deadline; left out: 72 and 24 where they fit.",
    )


class PeriodChangeSerializer(serializers.Serializer):
    """Every field optional: what is left out stays as it is."""

    title = serializers.CharField(required=False, allow_blank=True)
    opens_at = serializers.DateTimeField(required=False, help_text=_TIME_HELP)
    closes_at = serializers.DateTimeField(required=False, help_text=_TIME_HELP)
    closes_on = serializers.DateField(
        required=False, help_text="Instead of closes_at: close of business (18:00) that day."
    )
    chapters = serializers.PrimaryKeyRelatedField(
        queryset=Chapter.objects.all(),
        many=True,
        required=False,
        help_text="Chapter ids; empty: the whole document.",
    )
    takes_proposals = serializers.BooleanField(required=False)
    takes_comments = serializers.BooleanField(required=False)
    reminder_hours = serializers.ListField(child=serializers.IntegerField(), required=False)


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="≤ 5,000.")
    on_behalf_of = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The stakeholder you comment for; needed only if you act for several.",
    )


# --- Permissions (the services check again) ----------------------------------------------------


def manages_periods_of_document(user, document: Document) -> bool:
    return permissions.can_manage_periods(user, document.process)


def manages_period(user, period: CommentPeriod) -> bool:
    return permissions.can_manage_periods(user, period.document.process)


MAY_MANAGE_DOCUMENT = allowed_if(
    manages_periods_of_document, _("Only the secretariat opens comment periods.")
)
MAY_MANAGE_PERIOD = allowed_if(
    manages_period, _("Only the secretariat changes or closes comment periods.")
)
MAY_COMMENT = allowed_if(
    permissions.can_comment_on_document,
    _("Only delegates and focal points comment, for their stakeholder; observers follow."),
)


# --- Views --------------------------------------------------------------------------------------


class _OnADocument(PlatformViewSet):
    """A viewset under /processes/<process_slug>/documents/<document_slug>/."""

    @cached_property
    def document(self) -> Document:
        document = period_selectors.document_of(
            process_slug=self.kwargs["process_slug"], document_slug=self.kwargs["document_slug"]
        )
        if document is None:
            raise not_found()
        readable_or_404(self.request.user, document.process)
        return document


class DocumentPeriodViewSet(mixins.ListModelMixin, _OnADocument):
    """The comment periods of a document, oldest first, with what each received."""

    serializer_class = PeriodSerializer

    def get_permissions(self):
        if self.action == "create":
            return [MAY_MANAGE_DOCUMENT()]
        return super().get_permissions()

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        responses={200: PeriodSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        document = self.document
        with timezone.override(document.process.zone):
            return self.paginated(period_selectors.periods_of(document), PeriodSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        request=PeriodInputSerializer,
        responses={201: PeriodSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """The secretariat opens a comment period (409 `period_overlap` if it would overlap
        another period of the document)."""
        document = self.document
        self.check_object_permissions(request, document)
        with timezone.override(document.process.zone):
            data = self.validated(PeriodInputSerializer)
            period = services.open_period(document=document, actor=request.user, **data)
            return respond_with_period(self, period, status.HTTP_201_CREATED)


def respond_with_period(view, period: CommentPeriod, http_status=status.HTTP_200_OK) -> Response:
    """The period as it is now, with its counts, times in the process's zone."""
    fresh = period_selectors.period_by_id(period.pk)
    with timezone.override(fresh.document.process.zone):
        data = PeriodSerializer(fresh, context=view.get_serializer_context()).data
    return Response(data, status=http_status)


class PeriodViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """One comment period; the secretariat changes it or closes it now."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = PeriodSerializer
    acts_on = "period"

    # For the schema's path parameter only: reads go through consultations.period_selectors.
    queryset = CommentPeriod.objects.all()

    def get_permissions(self):
        if self.action == "partial_update":
            return [MAY_MANAGE_PERIOD()]
        return super().get_permissions()

    def get_object(self) -> CommentPeriod:
        period = period_selectors.period_by_id(self.kwargs["pk"])
        if period is None:
            raise not_found()
        readable_or_404(self.request.user, period.document.process)
        self.check_object_permissions(self.request, period)
        return period

    def respond(self, period: CommentPeriod, http_status=status.HTTP_200_OK) -> Response:
        return respond_with_period(self, period, http_status)

    @extend_schema(responses={200: PeriodSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(
        request=PeriodChangeSerializer,
        responses={200: PeriodSerializer, **error_responses(400, 403, 404, 409)},
    )
    def partial_update(self, request, *args, **kwargs):
        """The secretariat changes a period: fields left out stay as they are. Extending a
        closed period's deadline opens it again; input received stays inside the period."""
        period = self.get_object()
        with timezone.override(period.document.process.zone):
            data = self.validated(PeriodChangeSerializer)
        services.change_period(period=period, actor=request.user, **data)
        return self.respond(period)

    close = ServiceAction(
        services.close_period_now,
        None,
        MAY_MANAGE_PERIOD,
        doc="The secretariat closes an open period now: its deadline becomes this moment "
        "(409 `period_not_open` if it is not open).",
    )


class DocumentCommentViewSet(mixins.ListModelMixin, _OnADocument):
    """The general comments on a document, oldest first, each with its stakeholder."""

    serializer_class = DocumentCommentSerializer

    def get_permissions(self):
        if self.action == "create":
            return [MAY_COMMENT()]
        return super().get_permissions()

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        responses={200: DocumentCommentSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        document = self.document
        with timezone.override(document.process.zone):
            return self.paginated(period_selectors.comments_of(document), DocumentCommentSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        request=CommentInputSerializer,
        responses={201: DocumentCommentSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """A delegate or focal point comments on the document as a whole, for their
        stakeholder (409 `period_closed` outside a period taking comments)."""
        document = self.document
        self.check_object_permissions(request, document)
        data = self.validated(CommentInputSerializer)
        comment = services.submit_document_comment(document=document, actor=request.user, **data)
        fresh = period_selectors.comments_of(document).get(pk=comment.pk)
        with timezone.override(document.process.zone):
            body = DocumentCommentSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
