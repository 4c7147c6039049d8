"""Celery tasks of consultations: thin, idempotent, given ids (GUIDE §3.6)."""

from celery import shared_task


@shared_task
def send_due_reminders() -> int:
    """Run by beat (CELERY_BEAT_SCHEDULE): sends every reminder that is due and not yet sent.
    Returns how many were sent."""
    from consultations.services import reminders

    return reminders.send_due_reminders()
