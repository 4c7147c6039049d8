"""Redraft assignments: the Chair asks a stakeholder or focal point to redraft paragraphs."""

from consultations.models import Proposal, RedraftAssignment
from drafts.models import Paragraph
from processes.models import Stakeholder


def check_answer(
    *, assignment: RedraftAssignment, actor, stakeholder: Stakeholder, paragraph: Paragraph
) -> None:
    """Refuses a redraft that does not answer `assignment` (another paragraph, another
    stakeholder, a cancelled assignment). Called by submit_proposal before it saves."""


def record_answer(*, assignment: RedraftAssignment, proposal: Proposal) -> None:
    """The assignment has received a redraft (called inside submit_proposal's transaction)."""
