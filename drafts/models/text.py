"""The text: documents, chapters, paragraphs and their immutable versions.

A paragraph's text is never overwritten. Each change creates a new `ParagraphVersion` holding the
whole paragraph as one or more labelled alternatives, with who made it, when and why; the
paragraph points at its current version. Writes go through `drafts.services` only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts import numbering
from processes.models import Process, Stakeholder


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a record that history depends on."""


class Document(models.Model):
    """An outcome document under negotiation, e.g. the WSIS+10 Vision for WSIS Beyond 2015."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=400)
    short_title = models.CharField(_("short title"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    symbol_number = models.PositiveIntegerField(
        _("number used in symbols"),
        null=True,
        blank=True,
        help_text=_("The document number in symbols such as WSIS+10/4/25/Pre-agreed."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["process", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="document_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title


class Chapter(models.Model):
    """A lettered part of a document (Chapter A, Chapter B …) or its annex."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chapters")
    letter = models.CharField(
        _("letter"), max_length=10, blank=True, help_text=_("A, B, C …; empty for an annex.")
    )
    title = models.CharField(_("title"), max_length=400)
    order = models.PositiveIntegerField(_("order"))
    is_annex = models.BooleanField(_("annex"), default=False)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="chapter_unique_order"),
            models.UniqueConstraint(
                fields=["document", "letter"],
                condition=~models.Q(letter=""),
                name="chapter_unique_letter",
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        if self.is_annex and not self.letter:
            return f"Annex: {self.title}"
        return f"Chapter {self.letter}: {self.title}"


class ParagraphStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PRE_AGREED = "pre_agreed", _("Pre-agreed")
    AGREED = "agreed", _("Agreed")
    # Deleted by decision: the paragraph keeps its identity and history, struck from the text.
    DELETED = "deleted", _("Deleted")


class ChangeKind(models.TextChoices):
    """What produced a version: the audit trail names the kind of move, not just the text."""

    DRAFTED = "drafted", _("Drafted")
    PEN_EDIT = "pen_edit", _("Edited by the pen-holder")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted")
    ACCEPTED_AS_ALTERNATIVE = "accepted_as_alternative", _("Proposal accepted as an alternative")
    ACCEPTED_IN_BRACKETS = "accepted_in_brackets", _("Proposal accepted in brackets")
    ALTERNATIVE_REMOVED = "alternative_removed", _("Alternative removed")
    ALTERNATIVE_RETAINED = "alternative_retained", _("One alternative retained")
    BRACKETS_LIFTED = "brackets_lifted", _("Brackets lifted")
    PASSAGE_STRUCK = "passage_struck", _("Bracketed passage struck")


class Paragraph(models.Model):
    """The unit of negotiation.

    Its identity (`uid`) outlives renumbering: the number shown is `number` plus an insertion
    suffix (21, 21bis, 21ter), and paragraphs are ordered by (number, insertion).
    """

    uid = models.UUIDField(_("identity"), default=uuid.uuid4, unique=True, editable=False)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="paragraphs")
    number = models.PositiveIntegerField(_("number"))
    insertion = models.PositiveSmallIntegerField(
        _("insertion suffix"), default=0, help_text=_("0 for none, 1 for bis, 2 for ter …")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ParagraphStatus.choices, default=ParagraphStatus.OPEN
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # Points at the newest version; kept on the row so that a page loads every paragraph's current
    # text with one join instead of a query per paragraph.
    current_version = models.OneToOneField(
        "ParagraphVersion",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["chapter", "number", "insertion"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number", "insertion"], name="paragraph_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.chapter.document} {self.chapter.letter or 'Annex'} Para {self.display_number}"
        )

    @property
    def display_number(self) -> str:
        return numbering.display_number(self.number, self.insertion)

    @property
    def is_settled(self) -> bool:
        return self.status in (ParagraphStatus.PRE_AGREED, ParagraphStatus.AGREED)

    @property
    def label(self) -> str:
        """How people cite it: "Para 21"."""
        return f"Para {self.display_number}"


class ParagraphVersion(models.Model):
    """One immutable state of a paragraph's text: its alternatives, who made it, when and why."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="versions")
    sequence = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="paragraph_versions",
        null=True,
        blank=True,
    )
    on_behalf_of = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="paragraph_versions",
        null=True,
        blank=True,
        help_text=_("The stakeholder whose proposal or redraft produced this version."),
    )
    reason = models.TextField(_("reason"), blank=True)
    change = models.CharField(
        _("change"), max_length=30, choices=ChangeKind.choices, default=ChangeKind.DRAFTED
    )
    actor_role = models.CharField(_("acting as"), max_length=20, blank=True)
    # The consultations app stands above drafts, so the proposal is referenced by id only.
    source_proposal_id = models.PositiveBigIntegerField(_("from proposal"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paragraph version")
        verbose_name_plural = _("paragraph versions")
        ordering = ["paragraph", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "sequence"], name="paragraph_version_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} v{self.sequence}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("A paragraph version is never changed; create a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("A paragraph version is never deleted.")


class Alternative(models.Model):
    """One of the competing texts of a paragraph version, shown as ALT 1, ALT 2 … when several."""

    version = models.ForeignKey(
        ParagraphVersion, on_delete=models.PROTECT, related_name="alternatives"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    proposer = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="alternatives",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="alternative_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"ALT {self.position}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("An alternative belongs to an immutable version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("An alternative belongs to an immutable version.")

    @property
    def label(self) -> str:
        return f"ALT {self.position}"


class StatusChange(models.Model):
    """The audit record of a paragraph's status: who moved it from what to what, and when."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="status_changes"
    )
    version = models.ForeignKey(
        ParagraphVersion,
        on_delete=models.PROTECT,
        related_name="status_changes",
        help_text=_("The text the decision was taken on."),
    )
    from_status = models.CharField(max_length=20, choices=ParagraphStatus.choices)
    to_status = models.CharField(max_length=20, choices=ParagraphStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_changes"
    )
    actor_role = models.CharField(max_length=20, blank=True)
    source_proposal_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["paragraph", "created_at"]

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.from_status} → {self.to_status}"
