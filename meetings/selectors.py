"""Reads that the meeting pages, the screen and the API need, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from consultations.assignment_selectors import assignments_made_between
from consultations.models import PENDING_STATES, RedraftAssignment
from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
)
from meetings.models import (
    ActionItem,
    ActionItemState,
    Attendance,
    AttendanceDay,
    Meeting,
    OutcomePoint,
    Participant,
)
from processes.models import Process


def meetings_of(process: Process) -> QuerySet[Meeting]:
    """The process's meetings, the latest first."""
    return (
        Meeting.objects.filter(process=process)
        .select_related("process", "chair__user", "chair__stakeholder")
        .order_by("-starts_on", "-number")
    )


def meeting_by_number(*, process: Process, number: int) -> Meeting | None:
    return (
        Meeting.objects.filter(process=process, number=number)
        .select_related(
            "process", "chair__user", "chair__stakeholder", "on_screen__chapter__document"
        )
        .prefetch_related(
            "vice_chairs", Prefetch("agenda", queryset=Document.objects.order_by("title"))
        )
        .first()
    )


def next_and_latest_meetings(
    process: Process, *, today: date
) -> tuple[Meeting | None, Meeting | None]:
    """The meeting to come (one under way counts until its last day is over) and the latest
    held, preferring one whose outcomes the Chair has recorded (a meeting just held without
    them, or one announced and past, says less to a reader). Two or three queries."""
    meetings = meetings_of(process)
    upcoming = meetings.filter(ends_on__gte=today).order_by("starts_on", "number").first()
    held = meetings.filter(ends_on__lt=today)
    latest = held.filter(outcome_points__isnull=False).distinct().first() or held.first()
    return upcoming, latest


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting after this one in the process (by date), announced or held."""
    return (
        Meeting.objects.filter(process_id=meeting.process_id, starts_on__gt=meeting.ends_on)
        .order_by("starts_on", "number")
        .first()
    )


# --- Who took part -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSummary:
    participants: int
    stakeholders: int
    in_room: int
    remote: int

    @property
    def modes(self) -> str:
        if self.in_room and self.remote:
            return "in the room and remote"
        return "in the room" if self.in_room else "remote" if self.remote else ""


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    """ "140 participants from 70 countries/organizations, in the room and remote": one query."""
    figures = Participant.objects.filter(meeting=meeting).aggregate(
        participants=Count("pk", distinct=True),
        stakeholders=Count("stakeholder", distinct=True),
        in_room=Count("pk", filter=Q(days__attendance=Attendance.IN_ROOM), distinct=True),
        remote=Count("pk", filter=Q(days__attendance=Attendance.REMOTE), distinct=True),
    )
    return AttendanceSummary(**figures)


def participants_of(meeting: Meeting) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(meeting=meeting)
        .select_related("member__user", "stakeholder")
        .prefetch_related(Prefetch("days", queryset=AttendanceDay.objects.order_by("day")))
        .order_by("stakeholder__name", "member__user__last_name", "pk")
    )


# --- The Chair's outcomes ------------------------------------------------------------------------


def _action_items() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "meeting__process",
        "owner_stakeholder",
        "owner_member__user",
        "owner_member__stakeholder",
        "outcome_point",
    ).order_by("due_on", "pk")


def outcome_points_of(meeting: Meeting) -> QuerySet[OutcomePoint]:
    return (
        OutcomePoint.objects.filter(meeting=meeting)
        .prefetch_related(
            "documents",
            "publications",
            Prefetch("paragraphs", queryset=Paragraph.objects.select_related("chapter__document")),
            Prefetch("action_items", queryset=_action_items()),
        )
        .order_by("number")
    )


def action_items_of(meeting: Meeting) -> QuerySet[ActionItem]:
    return _action_items().filter(meeting=meeting)


def _local_day_bounds(meeting: Meeting) -> tuple[datetime, datetime]:
    zone = meeting.process.zone
    start = datetime.combine(meeting.starts_on, time.min, tzinfo=zone)
    end = datetime.combine(meeting.ends_on + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def assignments_made_at(meeting: Meeting) -> QuerySet[RedraftAssignment]:
    """Redraft assignments the Chair made during the meeting's days (in the process's zone)."""
    start, end = _local_day_bounds(meeting)
    return assignments_made_between(process=meeting.process, start=start, end=end)


def overdue_action_items(process: Process, *, today: date | None = None) -> QuerySet[ActionItem]:
    """Open action items whose due date has passed in the process's zone."""
    today = today or timezone.localdate(timezone=process.zone)
    return _action_items().filter(
        meeting__process=process, state=ActionItemState.OPEN, due_on__lt=today
    )


@dataclass
class Outcomes:
    meeting: Meeting
    points: list[OutcomePoint]
    action_items: list[ActionItem]
    assignments: list[RedraftAssignment]
    next_meeting: Meeting | None
    summary: AttendanceSummary
    today: date = field(default_factory=timezone.localdate)


def outcomes_of(meeting: Meeting) -> Outcomes:
    return Outcomes(
        meeting=meeting,
        points=list(outcome_points_of(meeting)),
        action_items=list(action_items_of(meeting)),
        assignments=list(assignments_made_at(meeting)),
        next_meeting=next_meeting(meeting),
        summary=attendance_summary(meeting),
        today=timezone.localdate(timezone=meeting.process.zone),
    )


# --- The live screen -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OnScreen:
    """What the screen shows: the paragraph's current text, its status and its last change."""

    meeting: Meeting
    paragraph: Paragraph | None
    alternatives: list[Alternative]
    previous_texts: list[str] | None
    last_change_at: datetime | None
    last_change_kind: str  # "revised", "status" or ""


@dataclass(frozen=True)
class ScreenVersion:
    """What identifies the screen's content: equal versions render the same screen."""

    document_id: int | None
    token: str


def screen_version(meeting_id: int) -> ScreenVersion | None:
    """The screen's document and identity, without rendering it (one query)."""
    row = (
        Meeting.objects.filter(pk=meeting_id)
        .values_list(
            "on_screen__chapter__document_id",
            "on_screen_id",
            "on_screen_since",
            "on_screen__current_version_id",
            "on_screen__status",
            "on_screen__status_changed_at",
            # What a renumbering or a new title changes without a new version:
            "on_screen__number",
            "on_screen__insertion",
            "on_screen__chapter__letter",
            "on_screen__chapter__document__title",
        )
        .first()
    )
    if row is None:
        return None
    return ScreenVersion(document_id=row[0], token="|".join(map(str, row[1:])))


def on_screen(meeting_id: int) -> OnScreen | None:
    """The screen of the meeting, read fresh (5 queries, or 1 with nothing on screen)."""
    meeting = (
        Meeting.objects.select_related(
            "process", "on_screen__chapter__document", "on_screen__current_version"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    paragraph = meeting.on_screen
    if paragraph is None:
        return OnScreen(meeting, None, [], None, None, "")
    version = paragraph.current_version
    alternatives = list(
        Alternative.objects.filter(version=version).select_related("proposer").order_by("position")
    )
    previous = (
        ParagraphVersion.objects.filter(paragraph=paragraph, sequence__lt=version.sequence)
        .order_by("-sequence")
        .first()
    )
    previous_texts = (
        [alt.text for alt in previous.alternatives.order_by("position")] if previous else None
    )
    revised_at = version.created_at if previous else None
    status_at = paragraph.status_changed_at
    if status_at and (revised_at is None or status_at > revised_at):
        last_at, kind = status_at, "status"
    else:
        last_at, kind = revised_at, "revised" if revised_at else ""
    return OnScreen(meeting, paragraph, alternatives, previous_texts, last_at, kind)


# --- The Chair's meeting dashboard --------------------------------------------------------------


BAR_ORDER = (ParagraphStatus.AGREED, ParagraphStatus.PRE_AGREED, ParagraphStatus.OPEN)


@dataclass(frozen=True)
class ChapterBar:
    chapter: Chapter
    counts: dict[str, int]  # status -> paragraphs
    total: int

    @property
    def segments(self) -> list[tuple[str, str, int, float]]:
        """(status, label, paragraphs, percentage of the chapter), settled first: the bar."""
        return [
            (
                status.value,
                str(status.label).lower(),
                self.counts.get(status, 0),
                100 * self.counts.get(status, 0) / self.total if self.total else 0.0,
            )
            for status in BAR_ORDER
        ]


@dataclass
class AgendaDocument:
    document: Document
    bars: list[ChapterBar]
    pending: list[Paragraph]  # paragraphs with proposals waiting for the Chair


def agenda_progress(meeting: Meeting) -> list[AgendaDocument]:
    """Per document on the agenda: a bar of paragraph statuses per chapter, and the paragraphs
    with pending proposals (each with `pending_count`). Three queries for any agenda."""
    documents = list(
        meeting.agenda.order_by("title").prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.order_by("order"))
        )
    )
    counts: dict[int, dict[str, int]] = {}
    for chapter_id, status, count in (
        Paragraph.objects.filter(chapter__document__in=documents)
        .exclude(status=ParagraphStatus.DELETED)
        .order_by()
        .values_list("chapter_id", "status")
        .annotate(count=Count("pk"))
    ):
        counts.setdefault(chapter_id, {})[status] = count
    pending = list(
        Paragraph.objects.filter(
            chapter__document__in=documents, proposals__state__in=PENDING_STATES
        )
        .select_related("chapter__document")
        .annotate(pending_count=Count("proposals", filter=Q(proposals__state__in=PENDING_STATES)))
        .order_by("chapter__order", "number", "insertion")
    )
    result = []
    for document in documents:
        bars = [
            ChapterBar(
                chapter, counts.get(chapter.pk, {}), sum(counts.get(chapter.pk, {}).values())
            )
            for chapter in document.chapters.all()
        ]
        result.append(
            AgendaDocument(
                document, bars, [p for p in pending if p.chapter.document_id == document.pk]
            )
        )
    return result


def agenda_paragraph_choices(meeting: Meeting) -> list[tuple[str, list[tuple[str, str]]]]:
    """The paragraphs the Chair may put on screen, grouped by document: (document title,
    [(uid, "Chapter B, Para 21 (open)")]). One query."""
    groups: dict[str, list[tuple[str, str]]] = {}
    paragraphs = (
        Paragraph.objects.filter(chapter__document__meetings=meeting)
        .exclude(status=ParagraphStatus.DELETED)
        .select_related("chapter__document")
        .order_by("chapter__document__title", "chapter__order", "number", "insertion")
    )
    for paragraph in paragraphs:
        label = (
            f"Chapter {paragraph.chapter.letter}, Para {paragraph.display_number} "
            f"({paragraph.get_status_display().lower()})"
        )
        groups.setdefault(paragraph.chapter.document.title, []).append((str(paragraph.uid), label))
    return list(groups.items())


# --- The REST API -------------------------------------------------------------------------------


def meetings_with_attendance(process: Process) -> QuerySet[Meeting]:
    """The process's meetings (latest first) with what a list shows of each: vice-chairs, agenda,
    the paragraph on screen and the attendance figures (`participant_count`, `stakeholder_count`,
    `in_room_count`, `remote_count`), in three queries however many meetings."""
    on_day = "participants__days__attendance"
    return (
        meetings_of(process)
        .select_related("on_screen")
        .prefetch_related(
            "vice_chairs", Prefetch("agenda", queryset=Document.objects.order_by("title"))
        )
        .annotate(
            participant_count=Count("participants", distinct=True),
            stakeholder_count=Count("participants__stakeholder", distinct=True),
            in_room_count=Count(
                "participants", filter=Q(**{on_day: Attendance.IN_ROOM}), distinct=True
            ),
            remote_count=Count(
                "participants", filter=Q(**{on_day: Attendance.REMOTE}), distinct=True
            ),
        )
    )


def action_items_of_process(process: Process) -> QuerySet[ActionItem]:
    """Every action item of the process's meetings, the nearest due first."""
    return _action_items().filter(meeting__process=process)
