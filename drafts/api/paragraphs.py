"""One paragraph with its history, and the moves on its text and status."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from drafts import permissions, selectors, services
from drafts.api.actions import ServiceAction
from drafts.api.paths import UUID_PATTERN
from drafts.api.serializers import (
    BracketMoveInputSerializer,
    ParagraphDetailSerializer,
    ReopenInputSerializer,
    RetainAlternativeInputSerializer,
    ReviseInputSerializer,
    StatusChangeSerializer,
    StatusInputSerializer,
)
from drafts.models import Paragraph
from processes.api import PlatformViewSet, allowed_if, error_responses, not_found, readable_or_404

MAY_REVISE = allowed_if(
    permissions.can_revise_paragraph,
    _("Only the Chair, the Vice-Chairs and the secretariat can change the text."),
)
MAY_EDIT_IN_THE_ROOM = allowed_if(
    permissions.can_edit_in_the_room,
    _("Only the Chair or a Vice-Chair can choose alternatives and lift or strike brackets."),
)
MAY_MARK_PRE_AGREED = allowed_if(
    permissions.can_mark_pre_agreed,
    _("Only the Chair or a Vice-Chair can mark a paragraph pre-agreed."),
)
MAY_MARK_AGREED = allowed_if(
    permissions.can_mark_agreed, _("Only the Chair or a Vice-Chair can mark a paragraph agreed.")
)
MAY_REOPEN = allowed_if(
    permissions.can_reopen, _("Only the Chair or a Vice-Chair can reopen a paragraph.")
)


class ParagraphViewSet(mixins.RetrieveModelMixin, PlatformViewSet):
    """One paragraph with its history, and the moves that change its text or status."""

    lookup_field = "uid"
    lookup_value_regex = UUID_PATTERN
    serializer_class = ParagraphDetailSerializer
    acts_on = "paragraph"

    # For the schema's path parameter only: reads go through drafts.selectors.
    queryset = Paragraph.objects.all()

    def get_object(self) -> Paragraph:
        """The paragraph; 404 if unknown or unreadable, then 403 if the action is not allowed."""
        paragraph = selectors.paragraph_by_uid(self.kwargs["uid"])
        if paragraph is None:
            raise not_found()
        readable_or_404(self.request.user, paragraph.chapter.document.process)
        self.check_object_permissions(self.request, paragraph)
        return paragraph

    def respond(self, paragraph: Paragraph) -> Response:
        """The paragraph as it is now, with its whole history."""
        detail = selectors.paragraph_with_versions(paragraph.uid)
        return Response(
            ParagraphDetailSerializer(detail, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: ParagraphDetailSerializer, **error_responses(404)})
    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(responses={200: StatusChangeSerializer(many=True), **error_responses(404)})
    @action(detail=True, methods=["get"], url_path="status-changes")
    def status_changes(self, request, *args, **kwargs):
        """Who moved the paragraph from which status to which, when, on which version."""
        return self.paginated(selectors.status_changes(self.get_object()), StatusChangeSerializer)

    # --- The moves: one service each (drafts.api.actions) ---------------------------------------

    revise = ServiceAction(
        services.revise_paragraph,
        ReviseInputSerializer,
        MAY_REVISE,
        doc="The pen-holder (secretariat, Chair, Vice-Chairs) edits the text, saying why.",
    )
    retain_alternative = ServiceAction(
        services.retain_alternative,
        RetainAlternativeInputSerializer,
        MAY_EDIT_IN_THE_ROOM,
        url_path="retain-alternative",
        doc="The Chair keeps one alternative; the others are dropped (and stay in the history).",
    )
    lift_brackets = ServiceAction(
        services.lift_brackets,
        BracketMoveInputSerializer,
        MAY_EDIT_IN_THE_ROOM,
        url_path="lift-brackets",
        doc="The Chair lifts a pair of brackets: the passage stays, agreed.",
    )
    strike_passage = ServiceAction(
        services.strike_bracketed_passage,
        BracketMoveInputSerializer,
        MAY_EDIT_IN_THE_ROOM,
        url_path="strike-passage",
        doc="The Chair strikes a bracketed passage: it goes, with its attributions.",
    )
    mark_pre_agreed = ServiceAction(
        services.mark_pre_agreed,
        StatusInputSerializer,
        MAY_MARK_PRE_AGREED,
        url_path="mark-pre-agreed",
        doc="Only without brackets and with a single alternative (else 409 naming what is left).",
    )
    mark_agreed = ServiceAction(
        services.mark_agreed,
        StatusInputSerializer,
        MAY_MARK_AGREED,
        url_path="mark-agreed",
        doc="Adoption, from open or pre-agreed; the same rule as for pre-agreement.",
    )
    reopen = ServiceAction(
        services.reopen,
        ReopenInputSerializer,
        MAY_REOPEN,
        doc="The Chair reopens a pre-agreed paragraph for negotiation, saying why.",
    )
