"""What the text's API sends (documents, paragraphs, versions, status changes) and accepts.

Serializers convert; they never save (GUIDE §3.7): the services do.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts import selectors, services
from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    StatusChange,
)
from processes.api import StakeholderSerializer, UserSerializer
from processes.models import Stakeholder

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
