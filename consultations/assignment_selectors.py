"""Reads about redraft assignments that the pages, the API, the propose form and the reminders
need, at a constant number of queries however many assignments and paragraphs there are.

`summary` writes an assignment the way the Chair's outcomes do:
"Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014, 18:00 (Europe/Zurich)".
"""

from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import AssignmentState, Proposal, RedraftAssignment
from drafts import numbering
from drafts.models import Document, Paragraph
from processes.models import Member, Process, Role, Stakeholder
from processes.permissions import PROPOSING_ROLES

# An assignment may still be answered (a redraft links to it) in these states: the first
# redraft marks it answered, and the assignee may go on to redraft its other paragraphs.
ANSWERABLE_STATES = (AssignmentState.OPEN, AssignmentState.ANSWERED)


def _with_everything(queryset: QuerySet[RedraftAssignment]) -> QuerySet[RedraftAssignment]:
    """What a page or the API shows of an assignment: assignee, paragraphs, answers (3 queries
    for any number of assignments)."""
    return queryset.select_related(
        "document__process",
        "stakeholder",
        "focal_point__user",
        "focal_point__stakeholder",
        "assigned_by",
    ).prefetch_related(
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.select_related("chapter").order_by(
                "chapter__order", "number", "insertion"
            ),
        ),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related(
                "paragraph__chapter", "stakeholder", "author"
            ).order_by("created_at", "pk"),
        ),
    )


def assignments_of(document: Document) -> QuerySet[RedraftAssignment]:
    """The document's assignments, the nearest due first, each with its paragraphs (in document
    order) and the proposals that answered it."""
    return _with_everything(RedraftAssignment.objects.filter(document=document)).order_by(
        "due_at", "pk"
    )


def assignments_made_between(*, process: Process, start, end) -> QuerySet[RedraftAssignment]:
    """Assignments the Chair made in [start, end) (a meeting's days), the nearest due first."""
    return _with_everything(
        RedraftAssignment.objects.filter(
            document__process=process, created_at__gte=start, created_at__lt=end
        )
    ).order_by("due_at", "pk")


def assignment_by_id(pk) -> RedraftAssignment | None:
    try:
        return _with_everything(RedraftAssignment.objects.all()).get(pk=pk)
    except (RedraftAssignment.DoesNotExist, ValueError, TypeError):
        return None


def answerable_assignments(*, user, paragraph: Paragraph) -> list[RedraftAssignment]:
    """The assignments on this paragraph that `user` may answer with a redraft now (open or
    already answered once, never cancelled), nearest due first. Two queries."""
    if not user.is_authenticated:
        return []
    candidates = (
        RedraftAssignment.objects.filter(paragraphs=paragraph, state__in=ANSWERABLE_STATES)
        .select_related("document__process", "stakeholder", "focal_point__user")
        .prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.select_related("chapter"))
        )
        .order_by("due_at", "pk")
    )
    return [a for a in candidates if permissions.can_answer_assignment(user, a)]


def assignment_choices(*, user, paragraph: Paragraph) -> list[tuple[int, str]]:
    """What the propose form offers an assignee (`ProposalForm.offer_assignments`): each
    assignment they may answer on this paragraph, as (id, its summary)."""
    return [(a.pk, summary(a)) for a in answerable_assignments(user=user, paragraph=paragraph)]


def assignable_stakeholders(process: Process) -> QuerySet[Stakeholder]:
    """Stakeholders someone could answer for: those with an active delegate or focal point."""
    return (
        Stakeholder.objects.filter(
            members__process=process,
            members__is_active=True,
            members__role__in=PROPOSING_ROLES,
        )
        .distinct()
        .order_by("name")
    )


def assignable_focal_points(process: Process) -> QuerySet[Member]:
    """Active focal points of the process, who may be asked to redraft in person."""
    return (
        Member.objects.filter(process=process, role=Role.FOCAL_POINT, is_active=True)
        .select_related("user", "stakeholder")
        .order_by("stakeholder__name", "user__last_name", "user__first_name", "pk")
    )


# --- How an assignment reads --------------------------------------------------------------------


def paragraphs_label(paragraphs) -> str:
    """ "Chapter B, Paras 27-30" or "Chapter A, Para 11; Chapter B, Paras 2, 21" (ranges
    compressed as the status line writes them). `paragraphs` in document order."""
    parts = []
    for chapter, in_chapter in groupby(paragraphs, key=lambda p: p.chapter):
        labels = [p.display_number for p in in_chapter]
        where = f"Chapter {chapter.letter}" if chapter.letter else _("Annex")
        word = _("Paras") if len(labels) > 1 else _("Para")
        parts.append(f"{where}, {word} {numbering.compress_ranges(labels)}")
    return "; ".join(parts)


def assignee_label(assignment: RedraftAssignment) -> str:
    """ "Saudi Arabia", or for a focal point in person "Anna Meyer, HEP"."""
    if assignment.focal_point_id:
        member = assignment.focal_point
        name = member.user.get_full_name() or member.user.get_username()
        return f"{name}, {member.stakeholder}" if member.stakeholder_id else name
    return str(assignment.stakeholder)


def local_deadline(moment, process: Process) -> str:
    """ "12 May 2014, 18:00 (Europe/Zurich)": a deadline as people in the process read it."""
    local = timezone.localtime(moment, process.zone)
    return f"{date_format(local, 'j F Y, H:i')} ({process.time_zone})"


def ordered_paragraphs(assignment: RedraftAssignment) -> list[Paragraph]:
    return sorted(
        assignment.paragraphs.all(),
        key=lambda p: (p.chapter.order, p.number, p.insertion),
    )


def summary(assignment: RedraftAssignment) -> str:
    """ "Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014, 18:00
    (Europe/Zurich)". Reads the prefetched paragraphs when a selector loaded them."""
    return _("%(paragraphs)s (%(assignee)s): redraft before %(due)s") % {
        "paragraphs": paragraphs_label(ordered_paragraphs(assignment)),
        "assignee": assignee_label(assignment),
        "due": local_deadline(assignment.due_at, assignment.document.process),
    }
