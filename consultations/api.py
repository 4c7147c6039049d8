"""The REST API of proposals and the Chair's decisions on them.

Thin views (GUIDE §3.7): an input serializer checks and converts the request, a
`consultations.services` function does the work (and re-checks the actor's role), an output
serializer shows the result. The text itself is served by `drafts.api`; this module adds what
consultations knows about it (pending proposals per paragraph).
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from consultations import permissions, selectors, services
from consultations.models import Decision, Proposal, ProposalKind, ProposalState
from drafts import api as drafts_api
from drafts import diffing
from drafts import selectors as drafts_selectors
from drafts.models import Document, Paragraph
from processes.api import (
    PlatformViewSet,
    StakeholderSerializer,
    UserSerializer,
    allowed_if,
    error_responses,
    not_found,
    readable_or_404,
    register_error_code,
)
from processes.models import Stakeholder

register_error_code(services.ProposalNeedsRedraft, "needs_redraft")

PARAGRAPH_UID = OpenApiParameter(
    "paragraph_uid",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The paragraph's identity (it outlives renumbering).",
)

# --- Output -------------------------------------------------------------------------------------


class ConflictSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset in the base text.")
    end = serializers.IntegerField()
    base_text = serializers.CharField()
    proposed_text = serializers.CharField(help_text="What the proposal made of that span.")
    current_text = serializers.CharField(help_text="What the current text made of it.")


class OnCurrentTextSerializer(serializers.Serializer):
    """A pending proposal made on an older version, re-applied to the current text."""

    applies = serializers.BooleanField(
        help_text="False: it conflicts with later changes and its author must redraft it."
    )
    alternative_position = serializers.IntegerField(
        allow_null=True, help_text="The current ALT an amendment or removal lands on."
    )
    text = serializers.CharField(
        allow_null=True, help_text="An amendment's text as it reads on the current version."
    )
    problem = serializers.CharField(help_text="Why it does not apply (empty when it does).")
    conflicts = ConflictSerializer(many=True)


class RedlineOpSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="equal, insert or delete")
    text = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer):
    """What happened to a proposal: who, in which role, on which version, with what result."""

    actor = UserSerializer(allow_null=True, help_text="Empty when the platform found a conflict.")
    seen_version = serializers.IntegerField(source="seen_version.sequence", allow_null=True)
    resulting_version = serializers.IntegerField(
        source="resulting_version.sequence", allow_null=True
    )
    resulting_paragraph = serializers.UUIDField(
        source="resulting_version.paragraph.uid",
        allow_null=True,
        help_text="The paragraph that version belongs to (a new one for an insertion).",
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "outcome",
            "actor",
            "actor_role",
            "seen_version",
            "resulting_version",
            "resulting_paragraph",
            "reason",
            "created_at",
        ]


class ProposalSerializer(serializers.ModelSerializer):
    paragraph = serializers.UUIDField(source="paragraph.uid")
    base_version = serializers.IntegerField(
        source="base_version.sequence", help_text="The version its author was looking at."
    )
    base_text = serializers.CharField(
        help_text="The text of the ALT it amends or removes, as it read then ('' for others)."
    )
    stakeholder = StakeholderSerializer()
    author = UserSerializer()
    redrafted_as = serializers.SerializerMethodField()
    on_current_text = serializers.SerializerMethodField(
        help_text="Only for a pending proposal on an older version: how it applies to the "
        "current text (null otherwise)."
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "paragraph",
            "kind",
            "state",
            "alternative_position",
            "text",
            "rationale",
            "base_version",
            "base_text",
            "stakeholder",
            "author",
            "redraft_of",
            "redrafted_as",
            "created_at",
            "decided_at",
            "on_current_text",
        ]

    def get_redrafted_as(self, proposal: Proposal) -> int | None:
        try:
            return proposal.redraft.pk
        except Proposal.DoesNotExist:
            return None

    @extend_schema_field(OnCurrentTextSerializer(allow_null=True))
    def get_on_current_text(self, proposal: Proposal) -> dict | None:
        applied = getattr(proposal, "on_current_text", None)
        if applied is None:
            return None
        return {
            "applies": applied.ok,
            "alternative_position": applied.target_position,
            "text": applied.merged_text or None,
            "problem": applied.problem,
            "conflicts": ConflictSerializer(applied.conflicts, many=True).data,
        }


class ParagraphNowSerializer(serializers.ModelSerializer):
    current_version = serializers.IntegerField(source="current_version.sequence")
    status = drafts_api.ParagraphStatusField()

    class Meta:
        model = Paragraph
        fields = ["uid", "display_number", "label", "status", "current_version"]


class ProposalDetailSerializer(ProposalSerializer):
    redline = serializers.SerializerMethodField(
        help_text="An amendment against the text it was made on, word by word."
    )
    paragraph_now = ParagraphNowSerializer(
        source="paragraph", help_text="The paragraph's current version and status."
    )
    decisions = DecisionSerializer(many=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "redline", "paragraph_now", "decisions"]

    @extend_schema_field(RedlineOpSerializer(many=True, allow_null=True))
    def get_redline(self, proposal: Proposal) -> list[dict] | None:
        if proposal.kind != ProposalKind.AMEND:
            return None
        ops = diffing.redline(proposal.base_text, proposal.text)
        return [{"kind": op.kind, "text": op.text} for op in ops]


class ParagraphWithProposalsSerializer(drafts_api.ParagraphSerializer):
    pending_proposal_count = serializers.IntegerField(
        source="pending_count",
        help_text="Proposals waiting for the Chair (submitted or needing a redraft).",
    )

    class Meta(drafts_api.ParagraphSerializer.Meta):
        fields = [*drafts_api.ParagraphSerializer.Meta.fields, "pending_proposal_count"]


class ChapterWithProposalsSerializer(drafts_api.ChapterSerializer):
    paragraphs = ParagraphWithProposalsSerializer(many=True)


class DocumentWithProposalsSerializer(drafts_api.DocumentSerializer):
    chapters = ChapterWithProposalsSerializer(many=True)


# --- Input --------------------------------------------------------------------------------------


class ProposalInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    base_version = serializers.IntegerField(
        min_value=1, help_text="The version of the paragraph you are looking at."
    )
    alternative_position = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="For amend and remove_alternative: which ALT (may be left out when there is "
        "one).",
    )
    text = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="The proposed text (amend, add_alternative, insert_after); brackets must pair.",
    )
    rationale = serializers.CharField(required=False, default="", allow_blank=True)
    on_behalf_of = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The stakeholder you propose for; needed only if you act for several.",
    )


class RedraftInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Against the current version."
    )
    rationale = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="Left out: the original rationale is kept.",
    )


class DecisionInputSerializer(drafts_api.ExpectedVersionMixin, drafts_api.ReasonMixin):
    pass


class RejectInputSerializer(drafts_api.ExpectedVersionMixin):
    reason = serializers.CharField(allow_blank=True, help_text="Its author is told why.")


class ProposalFilterSerializer(serializers.Serializer):
    state = serializers.MultipleChoiceField(choices=ProposalState.choices, required=False)


# --- Views --------------------------------------------------------------------------------------

MAY_PROPOSE = allowed_if(
    permissions.can_propose,
    _("Only delegates and focal points can make proposals; observers follow the text."),
)
MAY_WITHDRAW = allowed_if(permissions.can_withdraw, _("Only its author can withdraw a proposal."))
MAY_REDRAFT = allowed_if(permissions.can_redraft, _("Only its author can redraft a proposal."))
MAY_DECIDE = allowed_if(
    permissions.can_decide, _("Only the Chair or a Vice-Chair can decide on proposals.")
)

DECISION_RESPONSES = {200: ProposalDetailSerializer, **error_responses(400, 403, 404, 409)}


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[drafts_api.PROCESS_SLUG],
        responses={200: DocumentWithProposalsSerializer, **error_responses(404)},
    )
)
class DocumentViewSet(drafts_api.DocumentViewSet):
    """The documents of a process; one document with its chapters and paragraphs, each with the
    number of proposals waiting for the Chair."""

    detail_serializer_class = DocumentWithProposalsSerializer

    def decorate(self, document: Document) -> None:
        selectors.attach_pending_counts(document)


class ParagraphProposalViewSet(mixins.ListModelMixin, PlatformViewSet):
    """The proposals made on one paragraph; a delegate submits a new one here."""

    serializer_class = ProposalSerializer

    def get_permissions(self):
        if self.action == "create":
            return [MAY_PROPOSE()]
        return super().get_permissions()

    @cached_property
    def paragraph(self) -> Paragraph:
        paragraph = drafts_selectors.paragraph_by_uid(self.kwargs["paragraph_uid"])
        if paragraph is None:
            raise not_found()
        readable_or_404(self.request.user, paragraph.chapter.document.process)
        return paragraph

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return Proposal.objects.none()
        filters = ProposalFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.proposals_on(
            self.paragraph, states=filters.validated_data.get("state", ())
        )

    @extend_schema(
        parameters=[
            PARAGRAPH_UID,
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=ProposalState.values,
                many=True,
                description="Only proposals in these states (repeat the parameter for several).",
            ),
        ],
        responses={200: ProposalSerializer(many=True), **error_responses(400, 404)},
    )
    def list(self, request, *args, **kwargs):
        return self.paginated(
            self.get_queryset(),
            ProposalSerializer,
            prepare=lambda proposals: selectors.rebase_pending_onto_current(
                proposals, self.paragraph
            ),
        )

    @extend_schema(
        parameters=[PARAGRAPH_UID],
        request=ProposalInputSerializer,
        responses={201: ProposalDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    def create(self, request, *args, **kwargs):
        """A delegate or focal point proposes a change to the version they are looking at."""
        paragraph = self.paragraph
        self.check_object_permissions(request, paragraph)
        data = self.validated(ProposalInputSerializer)
        proposal = services.submit_proposal(paragraph=paragraph, actor=request.user, **data)
        return respond_with_proposal(self, proposal, status.HTTP_201_CREATED)


def respond_with_proposal(view, proposal: Proposal, http_status=status.HTTP_200_OK) -> Response:
    """The proposal as it is now, with its decisions and the paragraph's current state."""
    detail = selectors.proposal_with_decisions(proposal.pk)
    selectors.rebase_pending_onto_current([detail], detail.paragraph)
    data = ProposalDetailSerializer(detail, context=view.get_serializer_context()).data
    return Response(data, status=http_status)


class ProposalViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """One proposal, its decisions, and what its author and the Chair may do with it."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = ProposalDetailSerializer

    # For the schema's path parameter only: reads go through consultations.selectors.
    queryset = Proposal.objects.all()

    def get_object(self) -> Proposal:
        """The proposal; 404 if unknown or unreadable, then 403 if the action is not allowed."""
        proposal = selectors.proposal_by_id(self.kwargs["pk"])
        if proposal is None:
            raise not_found()
        readable_or_404(self.request.user, proposal.paragraph.chapter.document.process)
        self.check_object_permissions(self.request, proposal)
        return proposal

    def respond(self, proposal: Proposal, http_status=status.HTTP_200_OK) -> Response:
        return respond_with_proposal(self, proposal, http_status)

    @extend_schema(responses={200: ProposalDetailSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(responses={200: DecisionSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"])
    def decisions(self, request, *args, **kwargs):
        """The audit trail of the proposal: decisions, withdrawal, conflicts found."""
        return self.paginated(selectors.decisions_on(self.get_object()), DecisionSerializer)

    @extend_schema(request=None, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[MAY_WITHDRAW])
    def withdraw(self, request, *args, **kwargs):
        """Its author withdraws a proposal that is still pending."""
        proposal = self.get_object()
        services.withdraw_proposal(proposal=proposal, actor=request.user)
        return self.respond(proposal)

    @extend_schema(
        request=RedraftInputSerializer,
        responses={201: ProposalDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], permission_classes=[MAY_REDRAFT])
    def redraft(self, request, *args, **kwargs):
        """Its author answers a *needs redraft*: a new proposal against the current version."""
        proposal = self.get_object()
        data = self.validated(RedraftInputSerializer)
        new = services.redraft_proposal(proposal=proposal, actor=request.user, **data)
        return self.respond(new, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[MAY_DECIDE])
    def accept(self, request, *args, **kwargs):
        """The Chair accepts: the text changes as proposed, attributed to the proposal."""
        proposal = self.get_object()
        data = self.validated(DecisionInputSerializer)
        services.accept_proposal(proposal=proposal, actor=request.user, **data)
        return self.respond(proposal)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(
        detail=True,
        methods=["post"],
        url_path="accept-as-alternative",
        permission_classes=[MAY_DECIDE],
    )
    def accept_as_alternative(self, request, *args, **kwargs):
        """The Chair keeps the proposed text beside the current one as a new ALT."""
        proposal = self.get_object()
        data = self.validated(DecisionInputSerializer)
        services.accept_as_alternative(proposal=proposal, actor=request.user, **data)
        return self.respond(proposal)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(
        detail=True,
        methods=["post"],
        url_path="accept-in-brackets",
        permission_classes=[MAY_DECIDE],
    )
    def accept_in_brackets(self, request, *args, **kwargs):
        """The Chair takes the proposal into the text in brackets, credited to its stakeholder."""
        proposal = self.get_object()
        data = self.validated(DecisionInputSerializer)
        services.accept_in_brackets(proposal=proposal, actor=request.user, **data)
        return self.respond(proposal)

    @extend_schema(request=RejectInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"], permission_classes=[MAY_DECIDE])
    def reject(self, request, *args, **kwargs):
        """The Chair rejects a proposal, saying why."""
        proposal = self.get_object()
        data = self.validated(RejectInputSerializer)
        services.reject_proposal(proposal=proposal, actor=request.user, **data)
        return self.respond(proposal)
