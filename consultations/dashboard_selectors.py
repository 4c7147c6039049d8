"""Reads for a member's dashboard, and for what the paragraph page shows of following and of
redraft assignments, at a constant number of queries however much there is to show.

The dashboard (`dashboard_for`): the proposals of every stakeholder the member acts for (as a
delegate or focal point) with their states and the Chair's reasons; the redraft assignments
that name one of those stakeholders or the member as focal point; the open and the next comment
period of each document; the member's notifications (newest first) and followed paragraphs.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.models import (
    AssignmentState,
    CommentPeriod,
    Decision,
    DecisionOutcome,
    Notification,
    ParagraphFollow,
    Proposal,
    ProposalState,
    RedraftAssignment,
)
from drafts import numbering
from drafts.models import Chapter, Paragraph
from processes.models import Member, Process, Role, Stakeholder
from processes.permissions import PROPOSING_ROLES

# Assignments still to be worked on: open, or answered for some of their paragraphs (the
# assignee may go on to redraft the others; see consultations.services.assignments).
LIVE_ASSIGNMENT_STATES = (AssignmentState.OPEN, AssignmentState.ANSWERED)

# How many notifications the dashboard lists (the newest); the unread count counts them all.
NOTIFICATIONS_SHOWN = 50

# The order in which a member's proposals are listed: what asks something of them first.
_STATE_ORDER = {
    ProposalState.NEEDS_REDRAFT: 0,
    ProposalState.SUBMITTED: 1,
}


def in_process(process: Process) -> Q:
    """Notifications that belong to the process: about one of its paragraphs (every one that
    `services.notifications` writes names its paragraph), or about none."""
    return Q(paragraph__chapter__document__process=process) | Q(paragraph__isnull=True)


# --- Pieces shared with the paragraph page ------------------------------------------------------


def paragraphs_label(paragraphs) -> str:
    """ "Chapter B, Paras 27-30" or "Chapter A, Para 11; Chapter B, Paras 2, 21" (ranges
    compressed as the status line writes them). `paragraphs` in document order."""
    parts = []
    for chapter, in_chapter in groupby(paragraphs, key=lambda p: p.chapter):
        labels = [p.display_number for p in in_chapter]
        where = f"Chapter {chapter.letter}" if chapter.letter else "Annex"
        word = "Paras" if len(labels) > 1 else "Para"
        parts.append(f"{where}, {word} {numbering.compress_ranges(labels)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class AssignmentShown:
    """A redraft assignment as the dashboard and the paragraph page list it."""

    assignment: RedraftAssignment
    assignee: str
    paragraphs: list[Paragraph]
    paragraphs_label: str
    overdue: bool


def _assignee(assignment: RedraftAssignment) -> str:
    """ "Saudi Arabia", or for a focal point in person "A. Focal (HEP)"."""
    if assignment.focal_point_id:
        member = assignment.focal_point
        name = member.user.get_full_name() or member.user.get_username()
        return f"{name} ({member.stakeholder})" if member.stakeholder_id else name
    return str(assignment.stakeholder)


def _assignments(queryset, now: datetime) -> list[AssignmentShown]:
    """Two queries: the assignments with assignee and document, and their paragraphs."""
    rows = (
        queryset.filter(state__in=LIVE_ASSIGNMENT_STATES)
        .select_related("document", "stakeholder", "focal_point__user", "focal_point__stakeholder")
        .prefetch_related(
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("chapter").order_by(
                    "chapter__order", "number", "insertion"
                ),
            )
        )
        .order_by("due_at", "pk")
    )
    shown = []
    for assignment in rows:
        paragraphs = list(assignment.paragraphs.all())
        shown.append(
            AssignmentShown(
                assignment=assignment,
                assignee=_assignee(assignment),
                paragraphs=paragraphs,
                paragraphs_label=paragraphs_label(paragraphs),
                overdue=assignment.due_at <= now,
            )
        )
    return shown


def assignments_on(paragraph: Paragraph) -> list[AssignmentShown]:
    """The redraft assignments still to be worked on that include this paragraph, nearest due
    first (two queries)."""
    return _assignments(RedraftAssignment.objects.filter(paragraphs=paragraph), timezone.now())


@dataclass(frozen=True)
class ReaderState:
    """What the page header and the follow button need about the signed-in reader."""

    unread: int = 0
    following: bool = False


def reader_state(user, process: Process, paragraph: Paragraph | None = None) -> ReaderState:
    """The reader's unread notifications in the process and whether they follow `paragraph`:
    one query for a signed-in reader, none for a visitor."""
    if not user.is_authenticated:
        return ReaderState()
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .filter(in_process(process))
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    annotations = {"unread": Coalesce(Subquery(unread), 0)}
    if paragraph is not None:
        annotations["following"] = Exists(
            ParagraphFollow.objects.filter(user=OuterRef("pk"), paragraph=paragraph)
        )
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**annotations)
        .values(*annotations)
        .first()
    )
    if row is None:
        return ReaderState()
    return ReaderState(unread=row["unread"], following=bool(row.get("following", False)))


# --- The dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalShown:
    """One of my stakeholders' proposals with the decision that settled where it stands."""

    proposal: Proposal
    decision: Decision | None

    @property
    def reason(self) -> str:
        return self.decision.reason if self.decision else ""

    @property
    def decided_by_the_chair(self) -> bool:
        return bool(
            self.decision
            and self.decision.actor_id
            and self.decision.outcome != DecisionOutcome.WITHDRAWN
        )


@dataclass(frozen=True)
class PeriodShown:
    period: CommentPeriod
    is_open: bool
    chapters: list[Chapter]


@dataclass
class Dashboard:
    process: Process
    roles: list[str] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    proposals: list[ProposalShown] = field(default_factory=list)
    assignments: list[AssignmentShown] = field(default_factory=list)
    periods: list[PeriodShown] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    unread: int = 0
    follows: list[ParagraphFollow] = field(default_factory=list)

    @property
    def acts_for_a_stakeholder(self) -> bool:
        return bool(self.stakeholders)

    @property
    def pending_count(self) -> int:
        return sum(1 for shown in self.proposals if shown.proposal.is_pending)


def _proposals(process: Process, stakeholders: list[Stakeholder]) -> list[ProposalShown]:
    """Two queries: the proposals with paragraph, document, stakeholder and author; their
    decisions with the deciders."""
    if not stakeholders:
        return []
    decisions = Decision.objects.select_related("actor").order_by("created_at", "pk")
    proposals = (
        Proposal.objects.filter(
            stakeholder__in=stakeholders, paragraph__chapter__document__process=process
        )
        .select_related("paragraph__chapter__document", "stakeholder", "author")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .order_by("-created_at", "-pk")
    )
    shown = []
    for proposal in proposals:
        made = list(proposal.decisions.all())
        shown.append(ProposalShown(proposal=proposal, decision=made[-1] if made else None))
    # What asks something of the member first (needs redraft, then waiting for the Chair), each
    # group newest first (the sort is stable).
    shown.sort(key=lambda row: _STATE_ORDER.get(row.proposal.state, 2))
    return shown


def _periods(process: Process, now: datetime) -> list[PeriodShown]:
    """Two queries: the periods not yet closed, with their documents; their chapters. Of each
    document, the open period and the next one."""
    periods = (
        CommentPeriod.objects.filter(document__process=process, closes_at__gt=now)
        .select_related("document")
        .prefetch_related(Prefetch("chapters", queryset=Chapter.objects.order_by("order")))
        .order_by("document__order", "document__title", "document_id", "opens_at")
    )
    shown = []
    for _document, of_document in groupby(periods, key=lambda period: period.document_id):
        of_document = list(of_document)
        current = [p for p in of_document if p.opens_at <= now]
        upcoming = [p for p in of_document if p.opens_at > now]
        for period in current[:1] + upcoming[:1]:
            shown.append(
                PeriodShown(
                    period=period, is_open=period.is_open(now), chapters=list(period.chapters.all())
                )
            )
    return shown


def notifications_for(user, process: Process) -> tuple[list[Notification], int]:
    """The newest notifications of the user in the process, and how many are unread in all
    (two queries)."""
    mine = Notification.objects.filter(recipient=user).filter(in_process(process))
    listed = list(mine.order_by("-created_at", "-pk")[:NOTIFICATIONS_SHOWN])
    return listed, mine.filter(read_at__isnull=True).count()


def _follows(user, process: Process) -> list[ParagraphFollow]:
    return list(
        ParagraphFollow.objects.filter(user=user, paragraph__chapter__document__process=process)
        .select_related("paragraph__chapter__document")
        .order_by(
            "paragraph__chapter__document__order",
            "paragraph__chapter__document__title",
            "paragraph__chapter__order",
            "paragraph__number",
            "paragraph__insertion",
        )
    )


def dashboard_for(*, user, process: Process) -> Dashboard:
    """Everything on the user's dashboard in the process: at most 10 queries, whatever the
    number of proposals, assignments, periods, notifications and followed paragraphs.

    The caller has checked that the user may read the process."""
    now = timezone.now()
    memberships = list(
        Member.objects.filter(user=user, process=process, is_active=True).select_related(
            "stakeholder"
        )
    )
    stakeholders = sorted(
        {m.stakeholder for m in memberships if m.stakeholder_id and m.role in PROPOSING_ROLES},
        key=lambda stakeholder: stakeholder.name,
    )
    roles = sorted({m.role for m in memberships}, key=list(Role).index)
    focal_points = [m.pk for m in memberships if m.role == Role.FOCAL_POINT]
    assignments = []
    if stakeholders or focal_points:
        assignments = _assignments(
            RedraftAssignment.objects.filter(document__process=process).filter(
                Q(stakeholder__in=stakeholders) | Q(focal_point__in=focal_points)
            ),
            now,
        )
    notifications, unread = notifications_for(user, process)
    return Dashboard(
        process=process,
        roles=[Role(role).label for role in roles],
        stakeholders=stakeholders,
        proposals=_proposals(process, stakeholders),
        assignments=assignments,
        periods=_periods(process, now),
        notifications=notifications,
        unread=unread,
        follows=_follows(user, process),
    )
