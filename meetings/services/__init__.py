"""Writes about meetings: each a plain function in one transaction that re-checks permission."""

from meetings.services.meetings import (
    add_participant,
    record_attendance,
    remove_participant,
    schedule_meeting,
    update_meeting,
)
from meetings.services.outcomes import (
    add_action_item,
    record_outcome_point,
    request_outcomes_pdf,
    set_action_item_state,
)
from meetings.services.screen import (
    clear_screen,
    put_next_open_on_screen,
    put_on_screen,
    screen_channel,
)

__all__ = [
    "add_action_item",
    "add_participant",
    "clear_screen",
    "put_next_open_on_screen",
    "put_on_screen",
    "record_attendance",
    "record_outcome_point",
    "remove_participant",
    "request_outcomes_pdf",
    "schedule_meeting",
    "screen_channel",
    "set_action_item_state",
    "update_meeting",
]
