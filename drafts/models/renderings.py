"""PDFs rendered by workers: one machinery for publications, comparisons, compilations, outcomes.

A `Rendering` is HTML in, PDF out. The HTML is rendered and stored when the request is made
(cheap, and it fixes what will be printed); a Celery task turns it into a PDF with WeasyPrint.
Renderings are keyed by the hash of their HTML, so asking twice for the same content renders once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderingState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Rendering(models.Model):
    """A PDF made (or being made) from stored HTML. Its state is the only thing that changes."""

    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the HTML and the print stylesheet: the same content renders once."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=40, help_text=_("publication, comparison, compilation …")
    )
    filename = models.CharField(_("file name"), max_length=200)
    html = models.TextField(_("HTML"))
    state = models.CharField(
        _("state"), max_length=20, choices=RenderingState.choices, default=RenderingState.QUEUED
    )
    file = models.FileField(_("PDF"), upload_to="renderings/%Y/%m/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    byte_size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendering")
        verbose_name_plural = _("renderings")
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_ready(self) -> bool:
        return self.state == RenderingState.READY and bool(self.file)

    @property
    def is_pending(self) -> bool:
        return self.state in (RenderingState.QUEUED, RenderingState.RENDERING)
