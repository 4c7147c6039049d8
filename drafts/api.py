"""The REST API of the text: documents, paragraphs, their history, and the moves on the text.

Thin views (GUIDE §3.7): an input serializer checks and converts the request, a `drafts.services`
function does the work (and re-checks the actor's role), an output serializer shows the result.
Proposals and decisions live one floor up, in `consultations.api`.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from drafts import permissions, selectors, services
from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    StatusChange,
)
from processes.api import (
    PlatformViewSet,
    StakeholderSerializer,
    UserSerializer,
    allowed_if,
    error_responses,
    not_found,
    readable_or_404,
)
from processes.models import Process, Stakeholder

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

PROCESS_SLUG = OpenApiParameter(
    "process_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The process's slug."
)

# --- Output -------------------------------------------------------------------------------------


@extend_schema_field(
    {"type": "string", "enum": ParagraphStatus.values}, component_name="ParagraphStatus"
)
class ParagraphStatusField(serializers.ChoiceField):
    """A paragraph's status: one schema component wherever it appears (status, from, to)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ParagraphStatus.choices, read_only=True, **kwargs)


class AlternativeSerializer(serializers.ModelSerializer):
    proposer = StakeholderSerializer(allow_null=True)

    class Meta:
        model = Alternative
        fields = ["position", "label", "text", "proposer"]


class ParagraphSerializer(serializers.ModelSerializer):
    """A paragraph as the document shows it: number, status, current text."""

    current_version = serializers.IntegerField(
        source="current_version.sequence",
        help_text="Send this as expected_version (or base_version) when acting on this text.",
    )
    alternatives = AlternativeSerializer(source="current_version.alternatives", many=True)
    status = ParagraphStatusField()

    class Meta:
        model = Paragraph
        fields = [
            "uid",
            "number",
            "insertion",
            "display_number",
            "label",
            "status",
            "status_changed_at",
            "current_version",
            "alternatives",
        ]


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Paragraphs, not counting deleted ones.")
    settled = serializers.IntegerField(help_text="Pre-agreed or agreed.")
    open_paragraphs = serializers.ListField(child=serializers.CharField())
    status_line = serializers.CharField(help_text='e.g. "Pre-agreed (besides Paras 2, 27-30)".')


class ChapterSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    paragraphs = ParagraphSerializer(many=True)

    class Meta:
        model = Chapter
        fields = ["letter", "title", "heading", "is_annex", "order", "progress", "paragraphs"]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, chapter: Chapter) -> dict:
        progress = selectors.chapter_progress(chapter)
        return {
            "total": progress.total,
            "settled": progress.settled,
            "open_paragraphs": list(progress.open_numbers),
            "status_line": progress.summary,
        }


class DocumentSummarySerializer(serializers.ModelSerializer):
    paragraph_count = serializers.IntegerField(help_text="Not counting deleted paragraphs.")
    settled_count = serializers.IntegerField(help_text="Pre-agreed or agreed.")
    agreed_count = serializers.IntegerField()

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "short_title",
            "symbol_number",
            "paragraph_count",
            "settled_count",
            "agreed_count",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chapters = ChapterSerializer(many=True)

    class Meta:
        model = Document
        fields = ["process", "slug", "title", "short_title", "symbol_number", "chapters"]


class VersionSerializer(serializers.ModelSerializer):
    """One immutable state of the text, and how it came about (the audit record)."""

    author = UserSerializer(allow_null=True)
    on_behalf_of = StakeholderSerializer(allow_null=True)
    alternatives = AlternativeSerializer(many=True)

    class Meta:
        model = ParagraphVersion
        fields = [
            "sequence",
            "change",
            "author",
            "actor_role",
            "on_behalf_of",
            "reason",
            "source_proposal_id",
            "created_at",
            "alternatives",
        ]


class ParagraphDetailSerializer(ParagraphSerializer):
    process = serializers.CharField(source="chapter.document.process.slug")
    document = serializers.CharField(source="chapter.document.slug")
    chapter = serializers.CharField(source="chapter.heading")
    versions = VersionSerializer(many=True, help_text="The whole history, oldest first.")

    class Meta(ParagraphSerializer.Meta):
        fields = [
            *ParagraphSerializer.Meta.fields[:1],
            "process",
            "document",
            "chapter",
            *ParagraphSerializer.Meta.fields[1:],
            "versions",
        ]


class StatusChangeSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        source="version.sequence", help_text="The version the decision was taken on."
    )
    actor = UserSerializer()
    from_status = ParagraphStatusField()
    to_status = ParagraphStatusField()

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "from_status",
            "to_status",
            "version",
            "actor",
            "actor_role",
            "source_proposal_id",
            "reason",
            "created_at",
        ]


# --- Input --------------------------------------------------------------------------------------


class ExpectedVersionMixin(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1,
        help_text="The version you were looking at; if the text has moved on since, the "
        "action is refused with 409 stale_version.",
    )


class ReasonMixin(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AlternativeInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    proposer = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text="The stakeholder credited with this alternative (keep the current one's).",
    )


class ReviseInputSerializer(ExpectedVersionMixin, ReasonMixin):
    """The pen-holder's edit: the whole new text, as one alternative or several."""

    alternatives = AlternativeInputSerializer(
        many=True, allow_empty=True, max_length=services.MAX_ALTERNATIVES
    )
    reason = serializers.CharField(allow_blank=True, help_text="Why the text is edited.")

    def validate_alternatives(self, value: list[dict]) -> list[services.AlternativeText]:
        return [services.AlternativeText(text=a["text"], proposer=a["proposer"]) for a in value]


class RetainAlternativeInputSerializer(ExpectedVersionMixin, ReasonMixin):
    position = serializers.IntegerField(min_value=1, help_text="The ALT to keep (1 for ALT 1).")


class BracketMoveInputSerializer(ExpectedVersionMixin, ReasonMixin):
    alternative = serializers.IntegerField(
        min_value=1, required=False, default=1, help_text="Which ALT the passage is in."
    )
    bracket_start = serializers.IntegerField(
        min_value=0,
        help_text="The 0-based offset of the passage's opening bracket in that ALT's text.",
    )


class StatusInputSerializer(ExpectedVersionMixin, ReasonMixin):
    pass


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Why the paragraph is reopened.")
    expected_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version the Chair was looking at; 409 if it is no longer current.",
    )


# --- Views --------------------------------------------------------------------------------------

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


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlatformViewSet):
    """The documents of a process; one document with its chapters and paragraphs."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    serializer_class = DocumentSummarySerializer
    detail_serializer_class = DocumentSerializer

    @cached_property
    def process(self) -> Process:
        process = Process.objects.filter(slug=self.kwargs["process_slug"]).first()
        if process is None:
            raise not_found()
        readable_or_404(self.request.user, process)
        return process

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, not a request
            return Document.objects.none()
        return selectors.documents_with_progress(process=self.process)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return self.serializer_class

    def decorate(self, document: Document) -> None:
        """Hook for the apps above drafts: attach what they know about the loaded paragraphs."""

    @extend_schema(parameters=[PROCESS_SLUG])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[PROCESS_SLUG], responses={200: DocumentSerializer, **error_responses(404)}
    )
    def retrieve(self, request, *args, **kwargs):
        try:
            document = selectors.document_with_text(process=self.process, slug=kwargs["slug"])
        except Document.DoesNotExist:
            raise not_found() from None
        self.decorate(document)
        return Response(self.get_serializer(document).data)


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
