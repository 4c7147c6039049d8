"""Redraft assignments: the Chair asks a stakeholder or a focal point to redraft paragraphs by a
date ("Chapter B, Paras 27-30 (Saudi Arabia): redraft before the fifth meeting")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models import Document, Paragraph
from processes.models import Member, Stakeholder


class AssignmentState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Redraft received")
    CANCELLED = "cancelled", _("Cancelled")


class RedraftAssignment(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="redraft_assignments"
    )
    paragraphs = models.ManyToManyField(Paragraph, related_name="redraft_assignments")
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="redraft_assignments",
        null=True,
        blank=True,
        help_text=_("Every delegate and focal point of this stakeholder may answer."),
    )
    focal_point = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="redraft_assignments",
        null=True,
        blank=True,
        help_text=_("Or one focal point in person."),
    )
    instruction = models.TextField(_("instruction"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.OPEN
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by_role = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redraft assignment")
        verbose_name_plural = _("redraft assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stakeholder__isnull=False) | models.Q(focal_point__isnull=False),
                name="redraft_assignment_has_an_assignee",
            ),
        ]

    def __str__(self) -> str:
        return f"Redraft for {self.assignee_name} due {self.due_at:%d %b %Y}"

    @property
    def assignee_name(self) -> str:
        if self.focal_point_id:
            return str(self.focal_point.user.get_full_name() or self.focal_point.user)
        return str(self.stakeholder)
