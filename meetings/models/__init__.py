from meetings.models.meetings import (
    Attendance,
    AttendanceDay,
    Meeting,
    MeetingMode,
    Participant,
)
from meetings.models.outcomes import ActionItem, ActionItemState, OutcomeKind, OutcomePoint

__all__ = [
    "ActionItem",
    "ActionItemState",
    "Attendance",
    "AttendanceDay",
    "Meeting",
    "MeetingMode",
    "OutcomeKind",
    "OutcomePoint",
    "Participant",
]
