"""Every write of consultations. Views, the API, tasks and receivers call these.

- `proposals`: submitting, withdrawing, redrafting proposals and the Chair's decisions (re-exported
  here, as most callers want them);
- `periods`: comment periods and general comments;
- `assignments`: redraft assignments;
- `reminders`: deadline reminders, each sent exactly once;
- `notifications`: telling authors and followers what happened.
"""

from consultations.services.proposals import (
    MAX_RATIONALE_LENGTH,
    AppliedProposal,
    ProposalNeedsRedraft,
    accept_as_alternative,
    accept_in_brackets,
    accept_proposal,
    apply_to_current,
    mark_conflicting_proposals,
    redraft_proposal,
    reject_proposal,
    submit_proposal,
    withdraw_proposal,
)

__all__ = [
    "MAX_RATIONALE_LENGTH",
    "AppliedProposal",
    "ProposalNeedsRedraft",
    "accept_as_alternative",
    "accept_in_brackets",
    "accept_proposal",
    "apply_to_current",
    "mark_conflicting_proposals",
    "redraft_proposal",
    "reject_proposal",
    "submit_proposal",
    "withdraw_proposal",
]
