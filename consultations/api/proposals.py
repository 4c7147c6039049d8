"""The proposals made on a paragraph; one proposal, and what its author and the Chair may do
with it."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from consultations import permissions, selectors, services
from consultations.api.serializers import (
    DecisionInputSerializer,
    DecisionSerializer,
    ProposalDetailSerializer,
    ProposalFilterSerializer,
    ProposalInputSerializer,
    ProposalSerializer,
    RedraftInputSerializer,
    RejectInputSerializer,
)
from consultations.models import Proposal, ProposalState
from drafts import selectors as drafts_selectors
from drafts.api.actions import ServiceAction
from drafts.models import Paragraph
from processes.api import PlatformViewSet, allowed_if, error_responses, not_found, readable_or_404

PARAGRAPH_UID = OpenApiParameter(
    "paragraph_uid",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The paragraph's identity (it outlives renumbering).",
)

MAY_PROPOSE = allowed_if(
    permissions.can_propose,
    _("Only delegates and focal points can make proposals; observers follow the text."),
)
MAY_WITHDRAW = allowed_if(permissions.can_withdraw, _("Only its author can withdraw a proposal."))
MAY_REDRAFT = allowed_if(permissions.can_redraft, _("Only its author can redraft a proposal."))
MAY_DECIDE = allowed_if(
    permissions.can_decide, _("Only the Chair or a Vice-Chair can decide on proposals.")
)


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
    acts_on = "proposal"

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

    # --- What its author and the Chair do: one service each (drafts.api.actions) ----------------

    withdraw = ServiceAction(
        services.withdraw_proposal,
        None,
        MAY_WITHDRAW,
        doc="Its author withdraws a proposal that is still pending.",
    )
    redraft = ServiceAction(
        services.redraft_proposal,
        RedraftInputSerializer,
        MAY_REDRAFT,
        created=True,
        doc="Its author answers a *needs redraft*: a new proposal against the current version.",
    )
    accept = ServiceAction(
        services.accept_proposal,
        DecisionInputSerializer,
        MAY_DECIDE,
        doc="The Chair accepts: the text changes as proposed, attributed to the proposal.",
    )
    accept_as_alternative = ServiceAction(
        services.accept_as_alternative,
        DecisionInputSerializer,
        MAY_DECIDE,
        url_path="accept-as-alternative",
        doc="The Chair keeps the proposed text beside the current one as a new ALT.",
    )
    accept_in_brackets = ServiceAction(
        services.accept_in_brackets,
        DecisionInputSerializer,
        MAY_DECIDE,
        url_path="accept-in-brackets",
        doc="The Chair takes the proposal into the text in brackets, credited to its stakeholder.",
    )
    reject = ServiceAction(
        services.reject_proposal,
        RejectInputSerializer,
        MAY_DECIDE,
        doc="The Chair rejects a proposal, saying why.",
    )
