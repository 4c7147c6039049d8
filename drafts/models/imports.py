"""A zero draft uploaded for import, waiting for the secretariat to confirm it.

Uploading creates nothing but this record: what was recognised (chapters, paragraphs,
alternatives) and every problem found, for the preview. Confirming creates the document through
the text services, in one transaction; discarding keeps the record, so that who uploaded what
and who decided stays known. Writes go through drafts.services.imports only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models.text import Document
from drafts.wordio.parsing import ParsedDocument
from processes.models import Process


class ImportState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class DocumentImport(models.Model):
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="document_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_imports"
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    # drafts.wordio.parsing.ParsedDocument.structure(): {"title", "chapters": [{"letter",
    # "title", "is_annex", "block", "paragraphs": [{"number", "insertion", "display_number",
    # "block", "alternatives": [text, …]}]}]}
    structure = models.JSONField(_("what was recognised"), default=dict)
    # [{"where", "message", "block"}]: problems block the confirmation; notes do not.
    problems = models.JSONField(_("problems"), default=list)
    notes = models.JSONField(_("notes"), default=list)
    state = models.CharField(
        _("state"), max_length=20, choices=ImportState.choices, default=ImportState.PENDING
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="imports",
        null=True,
        blank=True,
        help_text=_("The document created when the import was confirmed."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Who confirmed or discarded the import."),
    )
    decided_by_role = models.CharField(_("decided as"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(state=ImportState.CONFIRMED, document__isnull=False)
                    | (~models.Q(state=ImportState.CONFIRMED) & models.Q(document__isnull=True))
                ),
                name="document_import_document_once_confirmed",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state=ImportState.PENDING, decided_at__isnull=True)
                    | (~models.Q(state=ImportState.PENDING) & models.Q(decided_at__isnull=False))
                ),
                name="document_import_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state == ImportState.PENDING

    @property
    def parsed(self) -> ParsedDocument:
        """The preview as objects: chapters with their headings, paragraphs with their labels
        ("Para 21bis"), problems and notes, for pages and the API."""
        return ParsedDocument.from_structure(self.structure, self.problems, self.notes)

    @property
    def paragraph_count(self) -> int:
        return sum(len(c["paragraphs"]) for c in self.structure.get("chapters", []))

    @property
    def can_be_confirmed(self) -> bool:
        return self.is_pending and not self.problems and self.paragraph_count > 0
