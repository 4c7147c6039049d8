"""Who may propose and who may decide: one function per action (GUIDE §3.4)."""

from consultations.models import Proposal, RedraftAssignment
from drafts.models import Document, Paragraph
from processes.models import Member, Process, Stakeholder
from processes.permissions import (
    PROPOSING_ROLES,
    User,
    can_read_drafts,
    chairs,
    is_secretariat,
)


def stakeholders_represented(user: User, process: Process) -> list[Stakeholder]:
    """The stakeholders this person may propose for: those they serve as delegate or focal
    point. Cached on the user object for the request, like the roles."""
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_proposing_stakeholders", {})
    if process.pk not in cache:
        cache[process.pk] = [
            member.stakeholder
            for member in Member.objects.filter(
                user=user,
                process=process,
                is_active=True,
                role__in=PROPOSING_ROLES,
                stakeholder__isnull=False,
            )
            .select_related("stakeholder")
            .order_by("stakeholder__name")
        ]
    return cache[process.pk]


def can_propose(user: User, paragraph: Paragraph) -> bool:
    """Delegates and focal points propose on behalf of a stakeholder; observers only watch."""
    return bool(stakeholders_represented(user, paragraph.chapter.document.process))


def _is_acting_author(user: User, proposal: Proposal) -> bool:
    """The author, while still acting for the proposal's stakeholder in the process: a delegate
    whose membership ended no longer speaks for it."""
    if not (user.is_authenticated and proposal.author_id == user.pk):
        return False
    process = proposal.paragraph.chapter.document.process
    return any(s.pk == proposal.stakeholder_id for s in stakeholders_represented(user, process))


def can_withdraw(user: User, proposal: Proposal) -> bool:
    return _is_acting_author(user, proposal)


def can_redraft(user: User, proposal: Proposal) -> bool:
    return _is_acting_author(user, proposal)


def can_decide(user: User, proposal: Proposal) -> bool:
    """The Chair and Vice-Chairs decide on proposals."""
    return chairs(user, proposal.paragraph.chapter.document.process)


# --- Comment periods, comments, compilations, assignments, following ------------------------


def can_manage_periods(user: User, process: Process) -> bool:
    """Opening, changing and closing comment periods is the secretariat's work."""
    return is_secretariat(user, process)


def can_comment_on_document(user: User, document: Document) -> bool:
    """General comments come from those who speak for a stakeholder, like proposals."""
    return bool(stakeholders_represented(user, document.process))


def can_read_compilation(user: User, document: Document) -> bool:
    """A compilation shows what was sent in: whoever may read the drafts may read it."""
    return can_read_drafts(user, document.process)


def can_assign_redrafts(user: User, process: Process) -> bool:
    return chairs(user, process)


def can_answer_assignment(user: User, assignment: RedraftAssignment) -> bool:
    """The focal point it names, or anyone acting for the stakeholder it names."""
    if not user.is_authenticated:
        return False
    if assignment.focal_point_id:
        return assignment.focal_point.user_id == user.pk and assignment.focal_point.is_active
    represented = stakeholders_represented(user, assignment.document.process)
    return any(s.pk == assignment.stakeholder_id for s in represented)


def can_follow(user: User, paragraph: Paragraph) -> bool:
    return user.is_authenticated and can_read_drafts(user, paragraph.chapter.document.process)
