"""What stakeholders send in and what they are told: proposals and decisions, comment periods
and general comments, redraft assignments, reminders, notifications and followed paragraphs."""

from consultations.models.assignments import AssignmentState, RedraftAssignment
from consultations.models.notices import (
    Notification,
    NotificationKind,
    ParagraphFollow,
    ReminderDelivery,
    ReminderState,
)
from consultations.models.periods import (
    DEFAULT_REMINDER_HOURS,
    CommentPeriod,
    DocumentComment,
)
from consultations.models.proposals import (
    KINDS_ON_AN_ALTERNATIVE,
    KINDS_WITH_TEXT,
    PENDING_STATES,
    Decision,
    DecisionOutcome,
    Proposal,
    ProposalKind,
    ProposalState,
)

__all__ = [
    "DEFAULT_REMINDER_HOURS",
    "KINDS_ON_AN_ALTERNATIVE",
    "KINDS_WITH_TEXT",
    "PENDING_STATES",
    "AssignmentState",
    "CommentPeriod",
    "Decision",
    "DecisionOutcome",
    "DocumentComment",
    "Notification",
    "NotificationKind",
    "ParagraphFollow",
    "Proposal",
    "ProposalKind",
    "ProposalState",
    "RedraftAssignment",
    "ReminderDelivery",
    "ReminderState",
]
