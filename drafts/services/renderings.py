"""HTML in, PDF out, by a worker: the one machinery that publications, comparisons, compilations
and the Chair's outcomes all use.

`request_rendering` stores the HTML (rendered while the request is answered, which is cheap) and
queues the PDF after commit; `render` is what the task runs. Both are idempotent: the same HTML is
rendered once (its hash is the key), and a rendering that is ready is never rendered again.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.models import Rendering, RenderingState
from processes.errors import RuleViolation

# Bumped when the way HTML becomes PDF changes (WeasyPrint options, fonts, what drafts.pdf does
# after layout), so that content rendered the old way is not reused. 2: line numbers. 3: line
# numbers drawn once per number and repeated beside each line.
RENDERER_VERSION = "3"
PRINT_STYLESHEET = "drafts/print.css"


class RenderingFailed(Exception):
    """A render that cannot succeed however often it is retried (too big, invalid)."""


def print_stylesheet() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if path is None:  # pragma: no cover - a packaging error, not a user's
        raise RuntimeError(f"The print stylesheet {PRINT_STYLESHEET} is missing.")
    with open(path, encoding="utf-8") as stylesheet:
        return stylesheet.read()


def content_hash(html: str, stylesheet: str) -> str:
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, stylesheet, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def request_rendering(
    *, purpose: str, filename: str, html: str, retry_failed: bool = False
) -> Rendering:
    """The rendering of this HTML: the existing one if the same content was asked for before,
    else a new one queued for a worker once the caller's transaction commits.

    `retry_failed`: asking again for a PDF made on request (a comparison, a compilation) is the
    reader's "try again", so a failed or stalled one is queued again. Publications leave that to
    the secretariat (`retry_rendering`)."""
    key = content_hash(html, print_stylesheet())
    rendering, created = Rendering.objects.get_or_create(
        content_hash=key, defaults={"purpose": purpose, "filename": filename, "html": html}
    )
    if created:
        queue_rendering(rendering)
    elif retry_failed and (rendering.state == RenderingState.FAILED or is_stalled(rendering)):
        rendering = retry_rendering(rendering=rendering)
    return rendering


def queue_rendering(rendering: Rendering) -> None:
    """Hands the rendering to a worker after commit (never inside an open transaction)."""
    from drafts.tasks import render_pdf  # tasks import services: import here, not at the top

    rendering_id = rendering.pk
    # The queue is named at send time: Celery caches its routes at the first send, so a queue
    # configured later (a deployment's CELERY_QUEUE read late, a test's own queue) would be
    # ignored by a plain delay().
    transaction.on_commit(
        lambda: render_pdf.apply_async(
            args=[rendering_id], queue=render_pdf.app.conf.task_default_queue
        )
    )


def is_stalled(rendering: Rendering, *, now=None) -> bool:
    """Waiting or rendering for longer than a render may take: its worker was killed (the hard
    time limit, a restart) or its message lost. Such a rendering can be queued again."""
    if not rendering.is_pending:
        return False
    since = rendering.started_at or rendering.queued_at
    # The hard limit (CELERY_TASK_ANNOTATIONS) is the soft one plus 30 s.
    limit = timedelta(seconds=settings.RENDER_TIME_LIMIT_SECONDS + 60)
    return since is not None and since < (now or timezone.now()) - limit


@transaction.atomic
def retry_rendering(*, rendering: Rendering) -> Rendering:
    """Queues a failed (or stalled) rendering again: the secretariat's "try again"."""
    rendering = Rendering.objects.select_for_update().get(pk=rendering.pk)
    if rendering.state != RenderingState.FAILED and not is_stalled(rendering):
        raise RuleViolation(
            _("The PDF is %(state)s; only a failed one is tried again.")
            % {"state": rendering.get_state_display().lower()},
            code="rendering_not_failed",
        )
    rendering.state = RenderingState.QUEUED
    rendering.error = ""
    rendering.queued_at = timezone.now()
    rendering.started_at = None
    rendering.save(update_fields=["state", "error", "queued_at", "started_at"])
    queue_rendering(rendering)
    return rendering


def _claim(rendering_id: int) -> Rendering | None:
    """Marks the rendering as being rendered, or None when there is nothing to do: it is ready,
    or another worker started on it within the time limit (a redelivered message)."""
    with transaction.atomic():
        rendering = Rendering.objects.select_for_update().filter(pk=rendering_id).first()
        if rendering is None or rendering.is_ready:
            return None
        now = timezone.now()
        busy_since = now - timedelta(seconds=settings.RENDER_TIME_LIMIT_SECONDS)
        if (
            rendering.state == RenderingState.RENDERING
            and rendering.started_at
            and rendering.started_at > busy_since
        ):
            return None
        rendering.state = RenderingState.RENDERING
        rendering.started_at = now
        rendering.attempts += 1
        rendering.save(update_fields=["state", "started_at", "attempts"])
        return rendering


def render(*, rendering_id: int) -> Rendering | None:
    """Renders the PDF (what the task runs): nothing when it is ready or another worker is on it.
    Not one transaction: the state "rendering" must be visible while WeasyPrint works, and no
    row lock is held for seconds. Raises RenderingFailed when no retry can help."""
    rendering = _claim(rendering_id)
    if rendering is None:
        return Rendering.objects.filter(pk=rendering_id).first()
    size = len(rendering.html.encode("utf-8"))
    if size > settings.RENDER_MAX_HTML_BYTES:
        raise RenderingFailed(
            _("The text is too long to print (%(size)s of HTML; the limit is %(max)s).")
            % {"size": _megabytes(size), "max": _megabytes(settings.RENDER_MAX_HTML_BYTES)}
        )
    from drafts.pdf import html_to_pdf  # WeasyPrint loads only in the process that renders

    pdf = html_to_pdf(rendering.html, stylesheet=print_stylesheet())
    with transaction.atomic():
        rendering = Rendering.objects.select_for_update().get(pk=rendering_id)
        if rendering.is_ready:  # another delivery finished first
            return rendering
        rendering.file.save(rendering.filename, ContentFile(pdf.data), save=False)
        rendering.page_count = pdf.page_count
        rendering.byte_size = len(pdf.data)
        rendering.state = RenderingState.READY
        rendering.error = ""
        rendering.finished_at = timezone.now()
        rendering.save()
    return rendering


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def record_failure(*, rendering_id: int, reason: str, final: bool) -> None:
    """Keeps the reason; `final` when no retry follows (state failed: the page offers "try
    again"), else the rendering waits for the task's next attempt (queued, reason shown)."""
    with transaction.atomic():
        rendering = Rendering.objects.select_for_update().filter(pk=rendering_id).first()
        if rendering is None or rendering.is_ready:
            return
        rendering.error = reason[:2000]
        rendering.state = RenderingState.FAILED if final else RenderingState.QUEUED
        rendering.finished_at = timezone.now() if final else None
        rendering.save(update_fields=["error", "state", "finished_at"])
