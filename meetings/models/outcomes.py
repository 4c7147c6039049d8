"""The Chair's main outcomes of a meeting: numbered points and decisions, and action items with
an owner and a due date ("all above mentioned texts should be published on the website by the
15th of May")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models import Document, Paragraph, Publication
from meetings.models.meetings import Meeting
from processes.models import Member, Stakeholder


class OutcomeKind(models.TextChoices):
    POINT = "point", _("Outcome")
    DECISION = "decision", _("Decision")


class OutcomePoint(models.Model):
    """One numbered point of the Chair's main outcomes; its text is free, its links explicit."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcome_points")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=OutcomeKind.choices, default=OutcomeKind.POINT
    )
    text = models.TextField(_("text"))
    documents = models.ManyToManyField(Document, related_name="+", blank=True)
    publications = models.ManyToManyField(Publication, related_name="+", blank=True)
    paragraphs = models.ManyToManyField(Paragraph, related_name="+", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome point")
        verbose_name_plural = _("outcome points")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="outcome_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class ActionItemState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    """Something the meeting asked someone to do by a date. Exactly one owner: a stakeholder, a
    focal point in person, or the secretariat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    outcome_point = models.ForeignKey(
        OutcomePoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    text = models.TextField(_("what is to be done"))
    owner_stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items"
    )
    owner_member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items"
    )
    owner_is_secretariat = models.BooleanField(_("the secretariat"), default=False)
    due_on = models.DateField(_("due"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ActionItemState.choices, default=ActionItemState.OPEN
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["meeting", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        owner_stakeholder__isnull=False,
                        owner_member__isnull=True,
                        owner_is_secretariat=False,
                    )
                    | models.Q(
                        owner_stakeholder__isnull=True,
                        owner_member__isnull=False,
                        owner_is_secretariat=False,
                    )
                    | models.Q(
                        owner_stakeholder__isnull=True,
                        owner_member__isnull=True,
                        owner_is_secretariat=True,
                    )
                ),
                name="action_item_has_exactly_one_owner",
                violation_error_message=_(
                    "An action item has one owner: a stakeholder, a focal point or the secretariat."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.owner_name})"

    def is_overdue_on(self, today) -> bool:
        """Still open after its due date (`today` in the process's zone). The same rule, as a
        query: `selectors.overdue_action_items`."""
        return (
            self.state == ActionItemState.OPEN and self.due_on is not None and self.due_on < today
        )

    @property
    def owner_name(self) -> str:
        if self.owner_is_secretariat:
            return str(_("The secretariat"))
        if self.owner_member_id:
            member = self.owner_member
            who = member.user.get_full_name() or member.user.get_username()
            return f"{who} ({member.stakeholder})" if member.stakeholder_id else who
        return str(self.owner_stakeholder)
