"""The meeting pages. One module per part: `home` (the process home), `meetings` (schedule,
meeting page, participants), `outcomes` (the Chair's outcomes, action items), `screen` (the live
screen and its stream) and `dashboard` (the Chair's meeting dashboard)."""

from meetings.views.dashboard import meeting_dashboard
from meetings.views.home import process_home
from meetings.views.meetings import (
    edit_meeting,
    meeting_detail,
    meeting_list,
    meeting_participants,
    schedule_meeting,
)
from meetings.views.outcomes import (
    action_item_state,
    add_action_item,
    add_outcome_point,
    meeting_outcomes,
    outcomes_pdf,
)
from meetings.views.screen import (
    clear_screen,
    put_next_on_screen,
    put_on_screen,
    screen,
    screen_events,
    screen_state,
)

__all__ = [
    "action_item_state",
    "add_action_item",
    "add_outcome_point",
    "clear_screen",
    "edit_meeting",
    "meeting_dashboard",
    "meeting_detail",
    "meeting_list",
    "meeting_outcomes",
    "meeting_participants",
    "outcomes_pdf",
    "process_home",
    "put_next_on_screen",
    "put_on_screen",
    "schedule_meeting",
    "screen",
    "screen_events",
    "screen_state",
]
