"""Proposals on paragraphs, and the Chair's decisions on them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drafts.models import Paragraph, ParagraphVersion
from processes.models import Stakeholder


class ProposalKind(models.TextChoices):
    AMEND = "amend", _("Amend the text")
    ADD_ALTERNATIVE = "add_alternative", _("Add an alternative")
    REMOVE_ALTERNATIVE = "remove_alternative", _("Remove an alternative")
    DELETE_PARAGRAPH = "delete_paragraph", _("Delete the paragraph")
    INSERT_AFTER = "insert_after", _("Insert a new paragraph after this one")
    COMMENT = "comment", _("Comment only")


# Kinds whose text the Chair may take as a new alternative or in brackets.
KINDS_WITH_TEXT = {ProposalKind.AMEND, ProposalKind.ADD_ALTERNATIVE, ProposalKind.INSERT_AFTER}
# Kinds that name one alternative of the version they were made against.
KINDS_ON_AN_ALTERNATIVE = {ProposalKind.AMEND, ProposalKind.REMOVE_ALTERNATIVE}


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_AS_ALTERNATIVE = "accepted_as_alternative", _("Accepted as an alternative")
    ACCEPTED_IN_BRACKETS = "accepted_in_brackets", _("Accepted in brackets")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NEEDS_REDRAFT = "needs_redraft", _("Needs redraft")


# States in which a proposal still waits for the Chair.
PENDING_STATES = {ProposalState.SUBMITTED, ProposalState.NEEDS_REDRAFT}


class Proposal(models.Model):
    """A delegate's proposal on a paragraph, on behalf of a stakeholder, against the version
    they were looking at (`base_version`)."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="proposals")
    base_version = models.ForeignKey(
        ParagraphVersion, on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ProposalKind.choices)
    alternative_position = models.PositiveSmallIntegerField(
        _("alternative"),
        null=True,
        blank=True,
        help_text=_("Which ALT of the base version an amendment or removal is about."),
    )
    text = models.TextField(_("proposed text"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="proposals")
    state = models.CharField(
        _("state"), max_length=30, choices=ProposalState.choices, default=ProposalState.SUBMITTED
    )
    period = models.ForeignKey(
        "consultations.CommentPeriod",
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        help_text=_("The comment period it was received in (none where the process has none)."),
    )
    assignment = models.ForeignKey(
        "consultations.RedraftAssignment",
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        help_text=_("The redraft assignment this proposal answers."),
    )
    redraft_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="redraft",
        null=True,
        blank=True,
        help_text=_("The proposal this one redrafts against a newer version."),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["paragraph", "created_at"]
        indexes = [models.Index(fields=["paragraph", "state"])]

    def __str__(self) -> str:
        return f"Proposal {self.pk} on {self.paragraph.label} by {self.stakeholder}"

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def base_text(self) -> str:
        """The text of the alternative it was made against ("" when it names none).

        Reads the prefetched base version's alternatives when a selector loaded them.
        """
        if self.alternative_position is None:
            return ""
        for alternative in self.base_version.alternatives.all():
            if alternative.position == self.alternative_position:
                return alternative.text
        return ""


class DecisionOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_AS_ALTERNATIVE = "accepted_as_alternative", _("Accepted as an alternative")
    ACCEPTED_IN_BRACKETS = "accepted_in_brackets", _("Accepted in brackets")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")
    NEEDS_REDRAFT = "needs_redraft", _("Conflicts with the current text: needs redraft")


class Decision(models.Model):
    """The audit record of what happened to a proposal: who, in which role, when, on which
    version, with what result."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposal_decisions",
        null=True,
        blank=True,
        help_text=_("Empty when the platform itself found a conflict."),
    )
    actor_role = models.CharField(max_length=20, blank=True)
    seen_version = models.ForeignKey(
        ParagraphVersion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The version the decider was looking at."),
    )
    resulting_version = models.ForeignKey(
        ParagraphVersion,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The version the decision created, if it changed the text."),
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["proposal", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: proposal {self.proposal_id}"
