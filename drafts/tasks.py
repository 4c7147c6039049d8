"""Celery tasks of drafts: thin, idempotent, given ids (GUIDE §3.6)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from drafts.services import renderings


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_pdf(self, rendering_id: int) -> int:
    """Renders one PDF. Limits come from settings (CELERY_TASK_ANNOTATIONS: soft and hard time
    limits; the worker's memory limit is set per process in wsisplatform.celery)."""
    try:
        renderings.render(rendering_id=rendering_id)
    except renderings.RenderingFailed as error:
        renderings.record_failure(rendering_id=rendering_id, reason=str(error), final=True)
    except SoftTimeLimitExceeded:
        reason = _("Rendering took longer than %(seconds)d seconds and was stopped.") % {
            "seconds": settings.RENDER_TIME_LIMIT_SECONDS
        }
        renderings.record_failure(rendering_id=rendering_id, reason=reason, final=True)
    except MemoryError:
        reason = _("Rendering needed more than %(mb)d MB of memory and was stopped.") % {
            "mb": settings.RENDER_MEMORY_LIMIT_MB
        }
        renderings.record_failure(rendering_id=rendering_id, reason=reason, final=True)
    except Exception as error:
        # Anything else may pass (a database restart, a full disk): retry with a growing pause,
        # then give up with the reason shown to the secretariat. Run in-process (no broker),
        # there is nobody to retry later: the failure is recorded at once.
        reason = f"{type(error).__name__}: {error}"
        if self.request.is_eager or self.request.retries >= self.max_retries:
            renderings.record_failure(rendering_id=rendering_id, reason=reason, final=True)
            return rendering_id
        renderings.record_failure(rendering_id=rendering_id, reason=reason, final=False)
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return rendering_id
