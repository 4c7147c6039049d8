"""Consolidated texts: frozen, citable snapshots of a document or of one of its chapters.

A publication points at immutable paragraph versions, so freezing it copies no text: the rows
below record which version of which paragraph was published, under which number and status.
None of them is ever changed or deleted; only the PDF's rendering state moves on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models.renderings import Rendering
from drafts.models.text import (
    Chapter,
    Document,
    ImmutableRecordError,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
)
from processes.models import Process


class PublicationStage(models.TextChoices):
    """Where the text stands; the label is what the symbol and the title say."""

    ZERO_DRAFT = "zero_draft", _("Zero draft")
    FIRST_DRAFT = "first_draft", _("First draft")
    REVISED_DRAFT = "revised_draft", _("Revised draft")
    PRE_AGREED = "pre_agreed", _("Pre-agreed")
    AGREED = "agreed", _("Agreed")
    FINAL = "final", _("Final")


class ImmutableModel(models.Model):
    """Created once, never changed or deleted (from code, the admin or the API)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError(f"A published {self._meta.verbose_name} never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"A published {self._meta.verbose_name} is never deleted.")


class Publication(ImmutableModel):
    """A consolidated text as the secretariat published it, e.g. WSIS+10/4/26/Pre-agreed."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="publications")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="publications")
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.PROTECT,
        related_name="publications",
        null=True,
        blank=True,
        help_text=_("Empty when the whole document is published."),
    )
    symbol = models.CharField(_("symbol"), max_length=160, unique=True)
    meeting_number = models.PositiveIntegerField(_("meeting number"))
    document_number = models.PositiveIntegerField(_("document number"))
    stage = models.CharField(_("stage"), max_length=20, choices=PublicationStage.choices)
    title = models.CharField(_("title"), max_length=600)
    status_as_of = models.DateTimeField(_("status as of"))
    status_as_of_label = models.CharField(
        _("status as of, as printed"),
        max_length=120,
        help_text=_("Status as of 17 April 2014, COB"),
    )
    status_line = models.CharField(_("status line"), max_length=2000)
    snapshot_hash = models.CharField(
        _("snapshot hash"),
        max_length=64,
        help_text=_("Hash of every published paragraph's version, number and status."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The last earlier publication of the same document or chapter."),
    )
    rendering = models.ForeignKey(Rendering, on_delete=models.PROTECT, related_name="publications")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="publications"
    )
    published_by_role = models.CharField(_("published as"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "meeting_number", "document_number"],
                name="publication_unique_number_in_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol


class PublishedChapter(ImmutableModel):
    """A chapter as it stood in a publication, with its own status line."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="chapters")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=420)
    status_line = models.CharField(_("status line"), max_length=2000)

    class Meta:
        verbose_name = _("published chapter")
        verbose_name_plural = _("published chapters")
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="published_chapter_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication}: {self.heading}"


class ParagraphChange(models.TextChoices):
    """What happened to a paragraph since the previous publication of the same text."""

    FIRST = "first", _("First publication")
    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    RENUMBERED = "renumbered", _("Renumbered")
    UNCHANGED = "unchanged", _("Unchanged")


class PublishedParagraph(ImmutableModel):
    """One paragraph of a publication: the version published, and its number and status then."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="paragraphs"
    )
    published_chapter = models.ForeignKey(
        PublishedChapter, on_delete=models.PROTECT, related_name="paragraphs"
    )
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ParagraphVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    display_number = models.CharField(_("number"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=ParagraphStatus.choices)
    change = models.CharField(
        _("since the previous publication"), max_length=20, choices=ParagraphChange.choices
    )
    previous_number = models.CharField(
        _("number in the previous publication"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("published paragraph")
        verbose_name_plural = _("published paragraphs")
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="published_paragraph_unique_position"
            ),
            models.UniqueConstraint(
                fields=["publication", "paragraph"], name="published_paragraph_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication}: Para {self.display_number}"

    @property
    def label(self) -> str:
        return f"Para {self.display_number}"
