"""Who may do what with meetings: one function per action (GUIDE §3.4), used by templates, the API
and the services, which re-check."""

from processes.models import Process
from processes.permissions import User, can_read_drafts, holds_the_pen, is_secretariat


def can_read_meetings(user: User, process: Process) -> bool:
    """Meetings, their outcomes and the live screen are as public as the process's drafts."""
    return can_read_drafts(user, process)


def can_organise_meetings(user: User, process: Process) -> bool:
    """Scheduling meetings, their agenda and participants is the secretariat's work."""
    return is_secretariat(user, process)


def can_record_outcomes(user: User, process: Process) -> bool:
    """The Chair's main outcomes are written by the Chair, the Vice-Chairs or the secretariat."""
    return holds_the_pen(user, process)


def can_put_on_screen(user: User, process: Process) -> bool:
    """In the room, the Chair (or the secretariat at the keyboard) decides what is projected."""
    return holds_the_pen(user, process)


def can_see_meeting_dashboard(user: User, process: Process) -> bool:
    return holds_the_pen(user, process)
