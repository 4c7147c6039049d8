"""One paragraph with its history, and the moves on its text and status."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from drafts import permissions, selectors, services
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

    @extend_schema(
        request=ReviseInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], permission_classes=[MAY_REVISE])
    def revise(self, request, *args, **kwargs):
        """The pen-holder (secretariat, Chair, Vice-Chairs) edits the text, saying why."""
        paragraph = self.get_object()
        data = self.validated(ReviseInputSerializer)
        services.revise_paragraph(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=RetainAlternativeInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="retain-alternative",
        permission_classes=[MAY_EDIT_IN_THE_ROOM],
    )
    def retain_alternative(self, request, *args, **kwargs):
        """The Chair keeps one alternative; the others are dropped (and stay in the history)."""
        paragraph = self.get_object()
        data = self.validated(RetainAlternativeInputSerializer)
        services.retain_alternative(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=BracketMoveInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="lift-brackets",
        permission_classes=[MAY_EDIT_IN_THE_ROOM],
    )
    def lift_brackets(self, request, *args, **kwargs):
        """The Chair lifts a pair of brackets: the passage stays, agreed."""
        paragraph = self.get_object()
        data = self.validated(BracketMoveInputSerializer)
        services.lift_brackets(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=BracketMoveInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="strike-passage",
        permission_classes=[MAY_EDIT_IN_THE_ROOM],
    )
    def strike_passage(self, request, *args, **kwargs):
        """The Chair strikes a bracketed passage: it goes, with its attributions."""
        paragraph = self.get_object()
        data = self.validated(BracketMoveInputSerializer)
        services.strike_bracketed_passage(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="mark-pre-agreed",
        permission_classes=[MAY_MARK_PRE_AGREED],
    )
    def mark_pre_agreed(self, request, *args, **kwargs):
        """Only without brackets and with a single alternative (else 409 naming what is left)."""
        paragraph = self.get_object()
        data = self.validated(StatusInputSerializer)
        services.mark_pre_agreed(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=StatusInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="mark-agreed",
        permission_classes=[MAY_MARK_AGREED],
    )
    def mark_agreed(self, request, *args, **kwargs):
        """Adoption, from open or pre-agreed; the same rule as for pre-agreement."""
        paragraph = self.get_object()
        data = self.validated(StatusInputSerializer)
        services.mark_agreed(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)

    @extend_schema(
        request=ReopenInputSerializer,
        responses={200: ParagraphDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], permission_classes=[MAY_REOPEN])
    def reopen(self, request, *args, **kwargs):
        """The Chair reopens a pre-agreed paragraph for negotiation, saying why."""
        paragraph = self.get_object()
        data = self.validated(ReopenInputSerializer)
        services.reopen(paragraph=paragraph, actor=request.user, **data)
        return self.respond(paragraph)
