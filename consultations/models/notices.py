"""What the platform tells people: deadline reminders (each sent exactly once), notifications
about proposals and followed paragraphs, and who follows which paragraph."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.assignments import RedraftAssignment
from consultations.models.periods import CommentPeriod
from consultations.models.proposals import Proposal
from drafts.models import Paragraph
from processes.models import Member


class ReminderState(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")


class ReminderDelivery(models.Model):
    """One reminder to one member at one offset before one deadline.

    The unique constraints make "exactly once" a fact of the database: two beat runs, or two
    workers at once, cannot both create it; only the one that did sends it. A mail server that
    refuses leaves it pending (with the error), to be tried again, never marked sent.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(
        CommentPeriod,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
    )
    assignment = models.ForeignKey(
        RedraftAssignment,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
    )
    hours_before = models.PositiveIntegerField(_("hours before the deadline"))
    state = models.CharField(
        max_length=20, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period", "hours_before"],
                condition=models.Q(period__isnull=False),
                name="reminder_once_per_member_period_offset",
            ),
            models.UniqueConstraint(
                fields=["member", "assignment", "hours_before"],
                condition=models.Q(assignment__isnull=False),
                name="reminder_once_per_member_assignment_offset",
            ),
            models.CheckConstraint(
                condition=models.Q(period__isnull=False, assignment__isnull=True)
                | models.Q(period__isnull=True, assignment__isnull=False),
                name="reminder_for_a_period_or_an_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.member} {self.hours_before} h before"


class NotificationKind(models.TextChoices):
    PROPOSAL_DECIDED = "proposal_decided", _("Your proposal was decided")
    PROPOSAL_NEEDS_REDRAFT = "proposal_needs_redraft", _("Your proposal needs a redraft")
    NEW_PROPOSAL = "new_proposal", _("New proposal on a paragraph you follow")
    STATUS_CHANGED = "status_changed", _("A paragraph you follow changed status")
    ASSIGNED = "assigned", _("A redraft was assigned to you")


class Notification(models.Model):
    """An item in a member's in-app list (their dashboard), also sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    message = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.get_kind_display()}"


class ParagraphFollow(models.Model):
    """A member asked to hear of new proposals and status changes on this paragraph."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_paragraphs"
    )
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed paragraph")
        verbose_name_plural = _("followed paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["user", "paragraph"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.paragraph}"
