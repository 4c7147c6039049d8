"""Redraft assignments: a document's assignments (the Chair assigns here), one assignment (the
Chair cancels it; its assignee answers it with a redraft).

Thin views (GUIDE §3.7): input serializers convert, `consultations.services` decides and
re-checks the actor's role, output serializers show the result. Times without an offset are read
in the process's time zone, as the pages read them; times are sent back with their offset, and
`due_local` says the deadline as the process reads it.
"""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from consultations import assignment_selectors, permissions, services
from consultations.api.proposals import respond_with_proposal
from consultations.api.serializers import ProposalDetailSerializer, ProposalInputSerializer
from consultations.models import AssignmentState, Proposal, RedraftAssignment
from consultations.services import assignments as assignment_services
from drafts.api.actions import ServiceAction
from drafts.api.paths import DOCUMENT_SLUG, PROCESS_SLUG
from drafts.api.serializers import ParagraphStatusField
from drafts.models import Document, Paragraph
from processes.api import (
    PlatformViewSet,
    StakeholderSerializer,
    UserSerializer,
    allowed_if,
    error_responses,
    not_found,
    readable_or_404,
)
from processes.errors import ActionNotAllowed
from processes.models import Member, Process, Stakeholder

# --- Output -------------------------------------------------------------------------------------


@extend_schema_field(
    {"type": "string", "enum": AssignmentState.values}, component_name="AssignmentState"
)
class AssignmentStateField(serializers.ChoiceField):
    """open; answered (a redraft arrived); cancelled. Its own schema component, apart from a
    proposal's state."""

    def __init__(self, **kwargs):
        super().__init__(choices=AssignmentState.choices, read_only=True, **kwargs)


class AssignedParagraphSerializer(serializers.ModelSerializer):
    chapter = serializers.CharField(
        source="chapter.letter", help_text="The chapter's letter ('' for an annex)."
    )
    status = ParagraphStatusField()

    class Meta:
        model = Paragraph
        fields = ["uid", "chapter", "display_number", "label", "status"]


class FocalPointSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    stakeholder = StakeholderSerializer(allow_null=True)

    class Meta:
        model = Member
        fields = ["id", "name", "stakeholder"]

    def get_name(self, member: Member) -> str:
        return member.user.get_full_name() or member.user.get_username()


class AnswerSerializer(serializers.ModelSerializer):
    paragraph = serializers.UUIDField(source="paragraph.uid")
    stakeholder = StakeholderSerializer()

    class Meta:
        model = Proposal
        fields = ["id", "paragraph", "kind", "state", "stakeholder", "created_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    summary = serializers.SerializerMethodField(
        help_text="As the Chair's outcomes write it: \"Chapter B, Paras 27-30 (Saudi Arabia): "
        'redraft before 12 May 2014, 18:00 (Europe/Zurich)".'
    )
    paragraphs = serializers.SerializerMethodField()
    stakeholder = StakeholderSerializer(
        allow_null=True, help_text="Whoever acts for it may answer (null: a focal point's)."
    )
    focal_point = FocalPointSerializer(
        allow_null=True, help_text="The focal point asked in person (null: a stakeholder's)."
    )
    due_local = serializers.SerializerMethodField(
        help_text="The due date and time in the process's time zone, as people there read it."
    )
    state = AssignmentStateField()
    assigned_by = UserSerializer()
    answers = serializers.SerializerMethodField(
        help_text="The proposals that answered it (the first one marked it answered)."
    )

    class Meta:
        model = RedraftAssignment
        fields = [
            "id",
            "document",
            "summary",
            "paragraphs",
            "stakeholder",
            "focal_point",
            "instruction",
            "due_at",
            "due_local",
            "state",
            "assigned_by",
            "assigned_by_role",
            "created_at",
            "answers",
        ]

    def get_summary(self, assignment: RedraftAssignment) -> str:
        return assignment_selectors.summary(assignment)

    @extend_schema_field(AssignedParagraphSerializer(many=True))
    def get_paragraphs(self, assignment: RedraftAssignment) -> list[dict]:
        return AssignedParagraphSerializer(
            assignment_selectors.ordered_paragraphs(assignment), many=True
        ).data

    def get_due_local(self, assignment: RedraftAssignment) -> str:
        return assignment_selectors.local_deadline(assignment.due_at, assignment.document.process)

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, assignment: RedraftAssignment) -> list[dict]:
        return AnswerSerializer(assignment.proposals.all(), many=True).data


# --- Input --------------------------------------------------------------------------------------


class AssignInputSerializer(serializers.Serializer):
    paragraphs = serializers.SlugRelatedField(
        slug_field="uid",
        queryset=Paragraph.objects.select_related("chapter__document"),
        many=True,
        allow_empty=True,
        help_text="The paragraphs to redraft (their uids), open paragraphs of this document.",
    )
    stakeholder = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Assign to a stakeholder: any of its delegates and focal points may answer.",
    )
    focal_point = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.select_related("user", "stakeholder"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Or to one focal point in person (their membership's id). Give one of the two.",
    )
    due_at = serializers.DateTimeField(
        help_text="When the redraft is due; without an offset, in the process's time zone."
    )
    instruction = serializers.CharField(allow_blank=True, help_text="What the redraft should do.")


class AnswerInputSerializer(ProposalInputSerializer):
    paragraph = serializers.SlugRelatedField(
        slug_field="uid",
        queryset=Paragraph.objects.all(),
        help_text="Which of the assignment's paragraphs this redraft is on (its uid).",
    )


# --- Views --------------------------------------------------------------------------------------


def _chairs_the_process(user, assignment: RedraftAssignment) -> bool:
    return permissions.can_assign_redrafts(user, assignment.document.process)


MAY_CANCEL = allowed_if(
    _chairs_the_process, _("Only the Chair or a Vice-Chair cancels redraft assignments.")
)
MAY_ANSWER = allowed_if(
    permissions.can_answer_assignment,
    _("Only the focal point it names, or those who act for its stakeholder, answer it."),
)


class DocumentAssignmentViewSet(mixins.ListModelMixin, PlatformViewSet):
    """/processes/<process_slug>/documents/<document_slug>/assignments/: the document's redraft
    assignments, the nearest due first; the Chair assigns here."""

    serializer_class = AssignmentSerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return super().get_permissions()

    @cached_property
    def document(self) -> Document:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None:
            raise not_found()
        readable_or_404(self.request.user, process)
        document = process.documents.filter(slug=self.kwargs["document_slug"]).first()
        if document is None:
            raise not_found()
        document.process = process
        return document

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return RedraftAssignment.objects.none()
        return assignment_selectors.assignments_of(self.document)

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        responses={200: AssignmentSerializer(many=True), **error_responses(404)},
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(self.get_queryset(), AssignmentSerializer)

    @extend_schema(
        parameters=[PROCESS_SLUG, DOCUMENT_SLUG],
        request=AssignInputSerializer,
        responses={201: AssignmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """The Chair or a Vice-Chair asks a stakeholder, or a focal point in person, to redraft
        open paragraphs by a date."""
        document = self.document
        if not permissions.can_assign_redrafts(request.user, document.process):
            raise ActionNotAllowed(_("Only the Chair or a Vice-Chair assigns redrafts."))
        # A time without an offset means the process's local time, as on the pages.
        with timezone.override(document.process.zone):
            data = self.validated(AssignInputSerializer)
        assignment = assignment_services.assign_redraft(
            document=document, actor=request.user, **data
        )
        return respond_with_assignment(self, assignment, status.HTTP_201_CREATED)


def respond_with_assignment(view, assignment, http_status=status.HTTP_200_OK) -> Response:
    """The assignment as it is now (re-read: a service may just have changed it)."""
    fresh = assignment_selectors.assignment_by_id(assignment.pk)
    data = AssignmentSerializer(fresh, context=view.get_serializer_context()).data
    return Response(data, status=http_status)


class AssignmentViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """/assignments/<id>/: one assignment and the redrafts that answered it."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = AssignmentSerializer
    acts_on = "assignment"

    # For the schema's path parameter only: reads go through assignment_selectors.
    queryset = RedraftAssignment.objects.all()

    def get_object(self) -> RedraftAssignment:
        """The assignment; 404 if unknown or unreadable, then 403 if the action is not allowed."""
        assignment = assignment_selectors.assignment_by_id(self.kwargs["pk"])
        if assignment is None:
            raise not_found()
        readable_or_404(self.request.user, assignment.document.process)
        self.check_object_permissions(self.request, assignment)
        return assignment

    def respond(self, assignment, http_status=status.HTTP_200_OK) -> Response:
        return respond_with_assignment(self, assignment, http_status)

    @extend_schema(responses={200: AssignmentSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    cancel = ServiceAction(
        assignment_services.cancel_assignment,
        None,
        MAY_CANCEL,
        doc="The Chair or a Vice-Chair cancels an open assignment; its reminders stop and no "
        "redraft links to it any more.",
    )

    @extend_schema(
        request=AnswerInputSerializer,
        responses={201: ProposalDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], permission_classes=[MAY_ANSWER])
    def answer(self, request, *args, **kwargs):
        """Its assignee submits a redraft of one of its paragraphs: a proposal (as on
        /paragraphs/<uid>/proposals/) that answers the assignment. The first answer marks it
        answered; its other paragraphs may still be answered after."""
        assignment = self.get_object()
        data = self.validated(AnswerInputSerializer)
        proposal = services.submit_proposal(actor=request.user, assignment=assignment, **data)
        return respond_with_proposal(self, proposal, status.HTTP_201_CREATED)
