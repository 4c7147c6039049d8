"""Telling people what happened: authors about their proposals, followers about paragraphs.

Each function runs inside the caller's transaction; e-mails leave only after it commits.
"""

from consultations.models import Proposal
from drafts.models import Paragraph, StatusChange


def proposal_submitted(*, proposal: Proposal) -> None:
    """Followers of the paragraph hear of a new proposal."""


def proposal_decided(*, proposal: Proposal, reason: str) -> None:
    """The author hears that their proposal was accepted (in some form) or rejected."""


def proposal_needs_redraft(*, proposal: Proposal, problem: str) -> None:
    """The author hears that the text moved on and their proposal must be redrafted."""


def paragraph_status_changed(*, paragraph: Paragraph, status_change: StatusChange) -> None:
    """Followers of the paragraph hear that it was pre-agreed, agreed, reopened or deleted."""
