"""Celery tasks of drafts: thin, idempotent, given ids (GUIDE §3.6)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from drafts.services import renderings

# Failures that another attempt would only repeat.
FINAL_FAILURES = (renderings.RenderingFailed, SoftTimeLimitExceeded, MemoryError)


def _reason(error: BaseException, *, soft_time_limit: float) -> str:
    """What the secretariat reads under "failed"."""
    if isinstance(error, SoftTimeLimitExceeded):
        return _("Rendering took longer than %(seconds)s seconds and was stopped.") % {
            "seconds": f"{soft_time_limit:.10g}"  # 300, 2.5, 86400: no ".0", no exponent
        }
    if isinstance(error, MemoryError):
        return _("Rendering needed more than %(mb)d MB of memory and was stopped.") % {
            "mb": settings.RENDER_MEMORY_LIMIT_MB
        }
    if isinstance(error, renderings.RenderingFailed):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _soft_time_limit(task) -> float:
    """The limit the worker applied: the message's own if it was sent with one, else the task's
    (CELERY_TASK_ANNOTATIONS, from RENDER_TIME_LIMIT_SECONDS)."""
    _hard, soft = task.request.timelimit or (None, None)
    return soft or task.soft_time_limit or settings.RENDER_TIME_LIMIT_SECONDS


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_pdf(self, rendering_id: int) -> int:
    """Renders one PDF; safe to run twice (a ready rendering, or one another worker is on, is left
    alone). Limits come from settings: soft and hard time limits in CELERY_TASK_ANNOTATIONS, the
    memory limit per worker process in wsisplatform.celery.

    Anything but a final failure (a database restart, a full disk) is retried with a growing
    pause, the rendering shown as queued with the reason; after the last retry, or when the task
    runs in-process (no broker: nobody would run the retry), it is recorded as failed."""
    try:
        renderings.render(rendering_id=rendering_id)
    except Exception as error:
        retry = (
            not isinstance(error, FINAL_FAILURES)
            and not self.request.is_eager
            and self.request.retries < self.max_retries
        )
        reason = _reason(error, soft_time_limit=_soft_time_limit(self))
        renderings.record_failure(rendering_id=rendering_id, reason=reason, final=not retry)
        if retry:
            raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return rendering_id
