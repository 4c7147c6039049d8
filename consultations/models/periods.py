"""Comment periods: when stakeholders may send input on a document, and the general comments
they send. ("Comments received from WSIS stakeholders from 7th - 21st of March.")"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drafts.models import Chapter, Document
from processes.models import Stakeholder

DEFAULT_REMINDER_HOURS = [72, 24]


def default_reminder_hours() -> list[int]:
    return list(DEFAULT_REMINDER_HOURS)


class CommentPeriod(models.Model):
    """A window in which a document (or some of its chapters) takes proposals and/or comments.

    Periods of one document never overlap (a service rule, and on PostgreSQL an exclusion
    constraint), so "the open period" of a document is always one or none.
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="comment_periods")
    chapters = models.ManyToManyField(
        Chapter,
        related_name="comment_periods",
        blank=True,
        help_text=_("Leave empty for the whole document."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    takes_proposals = models.BooleanField(_("takes proposals"), default=True)
    takes_comments = models.BooleanField(_("takes comments"), default=True)
    reminder_hours = models.JSONField(
        _("reminders (hours before closing)"),
        default=default_reminder_hours,
        help_text=_("E-mail reminders this many hours before the period closes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment period")
        verbose_name_plural = _("comment periods")
        ordering = ["document", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="comment_period_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(takes_proposals=True) | models.Q(takes_comments=True),
                name="comment_period_takes_something",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.document}: {self.opens_at:%d %b} - {self.closes_at:%d %b %Y}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class DocumentComment(models.Model):
    """A general comment on a document, attributed to the stakeholder its author acts for.
    Comments on one paragraph are proposals of the kind "comment only"."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="comments")
    period = models.ForeignKey(
        CommentPeriod,
        on_delete=models.PROTECT,
        related_name="comments",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_comments"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="document_comments"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a document")
        verbose_name_plural = _("comments on documents")
        ordering = ["document", "created_at"]

    def __str__(self) -> str:
        return f"{self.stakeholder} on {self.document}"
