"""Who may propose and who may decide: one function per action (GUIDE §3.4)."""

from consultations.models import Proposal
from drafts.models import Paragraph
from processes.models import Member, Process, Stakeholder
from processes.permissions import PROPOSING_ROLES, User, chairs


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
