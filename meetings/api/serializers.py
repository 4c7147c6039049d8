"""What the meetings API sends (meetings, participants, outcomes, action items, the screen) and
accepts. Serializers convert; they never save (GUIDE §3.7): the services do.

Each set of choices is its own schema component (MeetingMode, Attendance, OutcomeKind,
ActionItemState), apart from the other "mode", "kind" and "state" fields of the API.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from drafts.api.serializers import AlternativeSerializer, ParagraphStatusField
from drafts.models import Document, Paragraph, Publication
from meetings.models import (
    ActionItem,
    ActionItemState,
    Attendance,
    Meeting,
    MeetingMode,
    OutcomeKind,
    OutcomePoint,
    Participant,
)
from meetings.selectors import AttendanceSummary
from processes.api import StakeholderSerializer, UserSerializer
from processes.models import Member, Stakeholder

# Meetings and outcome points are numbered in small integer columns.
MAX_NUMBER = 32_767

# --- Choices, each its own schema component -----------------------------------------------------


def _choice_field(choices, name: str, doc: str):
    @extend_schema_field({"type": "string", "enum": choices.values}, component_name=name)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = Field.__qualname__ = f"{name}Field"
    Field.__doc__ = doc
    return Field


MeetingModeField = _choice_field(MeetingMode, "MeetingMode", "physical, remote or hybrid.")
AttendanceField = _choice_field(Attendance, "Attendance", "in_room or remote, for one day.")
OutcomeKindField = _choice_field(OutcomeKind, "OutcomeKind", "point or decision.")
ActionItemStateField = _choice_field(ActionItemState, "ActionItemState", "open, done, cancelled.")


# --- Output -------------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    """A member of the process: a person in one role, for one stakeholder (or ex officio)."""

    name = serializers.SerializerMethodField()
    stakeholder = StakeholderSerializer(allow_null=True)

    class Meta:
        model = Member
        fields = ["id", "name", "role", "stakeholder"]

    def get_name(self, member: Member) -> str:
        return member.user.get_full_name() or member.user.get_username()


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(help_text='e.g. "Webcast".')
    url = serializers.URLField()


class AttendanceSummarySerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    stakeholders = serializers.IntegerField(help_text="Countries and organizations represented.")
    in_room = serializers.IntegerField(help_text="Participants in the room on at least one day.")
    remote = serializers.IntegerField(help_text="Participants remote on at least one day.")


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting with its attendance figures; `summary` (an AttendanceSummary) is attached to
    each meeting by the view before serializing."""

    mode = MeetingModeField(read_only=True)
    links = serializers.SerializerMethodField(help_text="Remote-participation links.")
    chair = MemberSerializer(allow_null=True)
    vice_chairs = StakeholderSerializer(many=True)
    agenda = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the documents."
    )
    attendance = serializers.SerializerMethodField()
    on_screen = serializers.UUIDField(
        source="on_screen.uid",
        allow_null=True,
        default=None,
        help_text="The uid of the paragraph on screen; null when the screen is blank.",
    )
    page_url = serializers.SerializerMethodField()
    outcomes_pdf_url = serializers.SerializerMethodField()
    screen_url = serializers.SerializerMethodField(help_text="The live screen's page.")

    class Meta:
        model = Meeting
        fields = [
            "number",
            "phase",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "mode",
            "links",
            "chair",
            "vice_chairs",
            "agenda",
            "attendance",
            "on_screen",
            "page_url",
            "outcomes_pdf_url",
            "screen_url",
        ]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, meeting: Meeting) -> list[dict]:
        return [{"label": label, "url": url} for label, url in meeting.links]

    @extend_schema_field(AttendanceSummarySerializer)
    def get_attendance(self, meeting: Meeting) -> dict:
        summary: AttendanceSummary = meeting.summary
        return AttendanceSummarySerializer(summary).data

    def _url(self, meeting: Meeting, name: str) -> str:
        path = reverse(name, args=[meeting.process.slug, meeting.number])
        return self.context["request"].build_absolute_uri(path)

    def get_page_url(self, meeting: Meeting) -> str:
        return self._url(meeting, "meetings:meeting")

    def get_outcomes_pdf_url(self, meeting: Meeting) -> str:
        return self._url(meeting, "meetings:outcomes_pdf")

    def get_screen_url(self, meeting: Meeting) -> str:
        return self._url(meeting, "meetings:screen")


class ParticipantSerializer(serializers.ModelSerializer):
    member = MemberSerializer()
    stakeholder = StakeholderSerializer(
        allow_null=True, help_text="Whom they represented; null for the Chair or secretariat."
    )
    days = serializers.SerializerMethodField(
        help_text='How they took part each day: {"2014-04-14": "in_room", …}; a day left out: '
        "absent."
    )

    class Meta:
        model = Participant
        fields = ["id", "member", "stakeholder", "days"]

    @extend_schema_field(serializers.DictField(child=AttendanceField()))
    def get_days(self, participant: Participant) -> dict:
        return {day.day.isoformat(): day.attendance for day in participant.days.all()}


class LinkedParagraphSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="chapter.document.slug")
    chapter = serializers.CharField(
        source="chapter.letter", help_text="The chapter's letter ('' for an annex)."
    )

    class Meta:
        model = Paragraph
        fields = ["uid", "document", "chapter", "display_number"]


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting.number", help_text="The meeting's number.")
    outcome_point = serializers.IntegerField(
        source="outcome_point.number",
        allow_null=True,
        default=None,
        help_text="The number of the outcome point it comes from, if any.",
    )
    owner = serializers.CharField(
        source="owner_name", help_text='Who must do it, as the outcomes say: "Saudi Arabia".'
    )
    owner_stakeholder = StakeholderSerializer(allow_null=True)
    owner_member = MemberSerializer(allow_null=True)
    state = ActionItemStateField(read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Open and past its due date in the process's time zone."
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "outcome_point",
            "text",
            "owner",
            "owner_stakeholder",
            "owner_member",
            "owner_is_secretariat",
            "due_on",
            "state",
            "state_changed_at",
            "overdue",
            "created_at",
        ]

    def get_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue_on(self.context["today"])


class OutcomePointSerializer(serializers.ModelSerializer):
    kind = OutcomeKindField(read_only=True)
    documents = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the documents."
    )
    publications = serializers.SlugRelatedField(
        slug_field="symbol", many=True, read_only=True, help_text="Symbols of the publications."
    )
    paragraphs = LinkedParagraphSerializer(many=True)
    action_items = ActionItemSerializer(many=True)
    recorded_by = UserSerializer()

    class Meta:
        model = OutcomePoint
        fields = [
            "number",
            "kind",
            "text",
            "documents",
            "publications",
            "paragraphs",
            "action_items",
            "recorded_by",
            "recorded_at",
        ]


class ScreenParagraphSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="chapter.document.slug")
    chapter = serializers.CharField(
        source="chapter.letter", help_text="The chapter's letter ('' for an annex)."
    )
    chapter_heading = serializers.CharField(source="chapter.heading")
    status = ParagraphStatusField()
    current_version = serializers.IntegerField(
        source="current_version.sequence",
        help_text="Send this as expected_version when acting on the text.",
    )

    class Meta:
        model = Paragraph
        fields = [
            "uid",
            "display_number",
            "label",
            "document",
            "chapter",
            "chapter_heading",
            "status",
            "current_version",
        ]


class ScreenSerializer(serializers.Serializer):
    """What the room and remote participants see (selectors.OnScreen)."""

    paragraph = ScreenParagraphSerializer(
        allow_null=True, help_text="The paragraph on screen; null when the screen is blank."
    )
    alternatives = AlternativeSerializer(
        many=True, help_text="Its current text: one alternative, or ALT 1, ALT 2 …"
    )
    on_screen_since = serializers.DateTimeField(source="meeting.on_screen_since", allow_null=True)
    last_change_at = serializers.DateTimeField(
        allow_null=True, help_text="When the text or status on screen last changed."
    )
    last_change_kind = serializers.CharField(help_text='"revised", "status" or "".')


# --- Input --------------------------------------------------------------------------------------


class _InProcess:
    """Looks related objects up in the process of the view (context["process"]) only."""

    def get_queryset(self):
        return super().get_queryset().filter(**{self.process_lookup: self.context["process"]})


class ProcessDocumentField(_InProcess, serializers.SlugRelatedField):
    process_lookup = "process"

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Document.objects.all(), **kwargs)


class ProcessPublicationField(_InProcess, serializers.SlugRelatedField):
    process_lookup = "process"

    def __init__(self, **kwargs):
        super().__init__(slug_field="symbol", queryset=Publication.objects.all(), **kwargs)


class ProcessMemberField(_InProcess, serializers.PrimaryKeyRelatedField):
    process_lookup = "process"

    def __init__(self, **kwargs):
        queryset = Member.objects.select_related("user", "stakeholder", "process")
        super().__init__(queryset=queryset, **kwargs)


class LinkInputSerializer(serializers.Serializer):
    label = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default="", help_text='"Webcast".'
    )
    url = serializers.CharField(max_length=2000, help_text="https://…")


def links_as_text(links: list[dict]) -> str:
    """The links as the meeting stores them: one per line, the label then the address."""
    lines = []
    for link in links:
        label = " ".join(link["label"].split())
        address = "".join(link["url"].split())
        lines.append(f"{label} {address}".strip())
    return "\n".join(lines)


class MeetingInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        max_value=MAX_NUMBER, help_text="4 for the fourth meeting; unique in the process."
    )
    title = serializers.CharField(allow_blank=True, max_length=300)
    phase = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    venue = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    mode = MeetingModeField(required=False, default=MeetingMode.HYBRID)
    links = LinkInputSerializer(many=True, required=False, default=list)
    chair = ProcessMemberField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The membership id of the Chair or Vice-Chair who chairs it.",
    )
    vice_chairs = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text="Stakeholder ids.",
    )
    agenda = ProcessDocumentField(
        many=True, required=False, default=list, help_text="Slugs of the process's documents."
    )


class MeetingChangeSerializer(MeetingInputSerializer):
    """Every field optional: what is left out stays as it is. The number does not change."""

    number = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class ParticipantInputSerializer(serializers.Serializer):
    member = ProcessMemberField(help_text="The membership id of the person who takes part.")
    days = serializers.DictField(
        child=AttendanceField(),
        required=False,
        allow_null=True,
        default=None,
        help_text='{"2014-04-14": "in_room", "2014-04-15": "remote"}; left out: every day of '
        "the meeting, in the room for a physical meeting, else remote.",
    )

    def validate_days(self, days: dict | None) -> dict[date, str] | None:
        if days is None:
            return None
        parsed = {}
        for key, attendance in days.items():
            try:
                parsed[date.fromisoformat(key)] = attendance
            except ValueError as error:
                raise serializers.ValidationError(
                    _("“%(key)s” is not a day (YYYY-MM-DD).") % {"key": key[:40]}
                ) from error
        return parsed


class OutcomePointInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    kind = OutcomeKindField(required=False, default=OutcomeKind.POINT)
    documents = ProcessDocumentField(
        many=True, required=False, default=list, help_text="Slugs of the documents it is about."
    )
    publications = ProcessPublicationField(
        many=True, required=False, default=list, help_text="Symbols of the publications."
    )
    paragraphs = serializers.SlugRelatedField(
        slug_field="uid",
        queryset=Paragraph.objects.select_related("chapter__document"),
        many=True,
        required=False,
        default=list,
        help_text="Uids of the paragraphs it is about.",
    )


class ActionItemInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    owner_stakeholder = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The owner, a stakeholder (id) …",
    )
    owner_member = ProcessMemberField(
        required=False,
        allow_null=True,
        default=None,
        help_text="… or a focal point in person (membership id) …",
    )
    owner_is_secretariat = serializers.BooleanField(
        required=False, default=False, help_text="… or the secretariat: exactly one of the three."
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    outcome_point = serializers.IntegerField(
        min_value=1,
        max_value=MAX_NUMBER,
        required=False,
        allow_null=True,
        default=None,
        help_text="The number of this meeting's outcome point it comes from.",
    )

    def validate_outcome_point(self, number: int | None) -> OutcomePoint | None:
        if number is None:
            return None
        point = OutcomePoint.objects.filter(meeting=self.context["meeting"], number=number).first()
        if point is None:
            raise serializers.ValidationError(
                _("This meeting has no outcome point %(n)d.") % {"n": number}
            )
        return point


class ActionItemStateInputSerializer(serializers.Serializer):
    state = ActionItemStateField()


class ScreenInputSerializer(serializers.Serializer):
    paragraph = serializers.SlugRelatedField(
        slug_field="uid",
        queryset=Paragraph.objects.select_related("chapter__document"),
        help_text="The uid of the paragraph to put on screen.",
    )
