"""What the proposals' API sends (proposals, decisions, the text with its pending proposals)
and accepts. Serializers convert; they never save (GUIDE §3.7): the services do."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import Decision, Proposal, ProposalKind, ProposalState
from drafts import diffing
from drafts.api.serializers import (
    ChapterSerializer,
    DocumentSerializer,
    ExpectedVersionMixin,
    ParagraphSerializer,
    ParagraphStatusField,
    ReasonMixin,
)
from drafts.models import Paragraph
from processes.api import StakeholderSerializer, UserSerializer
from processes.models import Stakeholder

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
    status = ParagraphStatusField()

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


class ParagraphWithProposalsSerializer(ParagraphSerializer):
    pending_proposal_count = serializers.IntegerField(
        source="pending_count",
        help_text="Proposals waiting for the Chair (submitted or needing a redraft).",
    )

    class Meta(ParagraphSerializer.Meta):
        fields = [*ParagraphSerializer.Meta.fields, "pending_proposal_count"]


class ChapterWithProposalsSerializer(ChapterSerializer):
    paragraphs = ParagraphWithProposalsSerializer(many=True)


class DocumentWithProposalsSerializer(DocumentSerializer):
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


class DecisionInputSerializer(ExpectedVersionMixin, ReasonMixin):
    pass


class RejectInputSerializer(ExpectedVersionMixin):
    reason = serializers.CharField(allow_blank=True, help_text="Its author is told why.")


class ProposalFilterSerializer(serializers.Serializer):
    state = serializers.MultipleChoiceField(choices=ProposalState.choices, required=False)
