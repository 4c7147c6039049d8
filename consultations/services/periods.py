"""Comment periods and general comments on a document."""

from consultations.models import CommentPeriod, ProposalKind
from drafts.models import Paragraph


def period_for_proposal(*, paragraph: Paragraph, kind: ProposalKind) -> CommentPeriod | None:
    """The open period a proposal (or paragraph comment) of `kind` on `paragraph` falls in, or
    None where the document has never had a period (input is then always open). Raises
    RuleViolation, with the closing time in the process's zone, when input is closed.

    Precondition: the caller holds the paragraph's lock."""
    return None
