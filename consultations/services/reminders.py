"""Deadline reminders: before a comment period closes, and before a redraft falls due."""


def send_due_reminders() -> int:
    """Creates and sends every reminder that is due; returns how many were sent."""
    return 0
