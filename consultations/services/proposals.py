"""Proposals and the Chair's decisions on them.

A proposal is made against the version its author was looking at. When the text moves on, the
proposal is re-applied with `drafts.diffing.rebase`, which merges only when the proposal's changes
and the newer changes do not touch; otherwise the proposal is marked *needs redraft* and its
author redrafts it against the current text. Nothing is ever merged by guesswork.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations import permissions
from consultations.models import (
    KINDS_ON_AN_ALTERNATIVE,
    KINDS_WITH_TEXT,
    Decision,
    DecisionOutcome,
    Proposal,
    ProposalKind,
    ProposalState,
    RedraftAssignment,
)
from consultations.services import assignments, notifications, periods
from drafts import diffing
from drafts import services as drafts
from drafts.models import ChangeKind, Paragraph, ParagraphStatus, ParagraphVersion
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Stakeholder
from processes.selectors import acting_role

MAX_RATIONALE_LENGTH = 5_000


class ProposalNeedsRedraft(RuleViolation):
    """The proposal conflicts with changes made since it was written."""


# --- What a proposal would do to the current text (no writes) ---------------------------------


@dataclass(frozen=True)
class AppliedProposal:
    """The proposal re-applied to the current text: the new alternatives, or why it cannot be."""

    alternatives: list[drafts.AlternativeText] | None
    target_position: int | None = None  # the current ALT an amendment or removal lands on
    merged_text: str = ""  # an amendment's text as it reads on the current version
    conflicts: tuple[diffing.Conflict, ...] = ()
    problem: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.alternatives is not None


def _base_texts(proposal: Proposal) -> list[str]:
    return [alt.text for alt in proposal.base_version.alternatives.all()]


def apply_to_current(
    proposal: Proposal, current: list[drafts.AlternativeText], *, current_version_id: int
) -> AppliedProposal:
    """Re-applies the proposal to the current alternatives of its paragraph."""
    kind = proposal.kind
    if kind == ProposalKind.ADD_ALTERNATIVE:
        added = drafts.AlternativeText(text=proposal.text, proposer=proposal.stakeholder)
        return AppliedProposal(alternatives=[*current, added])
    if kind in (ProposalKind.INSERT_AFTER, ProposalKind.DELETE_PARAGRAPH, ProposalKind.COMMENT):
        return AppliedProposal(alternatives=list(current))

    # Amendments and removals name one alternative of the base version: find it today.
    base_texts = _base_texts(proposal)
    position = proposal.alternative_position
    base_text = base_texts[position - 1]
    current_texts = [alt.text for alt in current]
    if proposal.base_version_id == current_version_id:
        target = position
    elif base_text in current_texts:
        target = current_texts.index(base_text) + 1
    elif len(base_texts) == len(current_texts):
        target = position
    else:
        return AppliedProposal(
            alternatives=None,
            problem=_(
                "ALT %(position)s has been changed and the alternatives renumbered since this "
                "proposal was made."
            )
            % {"position": position},
        )

    if kind == ProposalKind.REMOVE_ALTERNATIVE:
        if current_texts[target - 1] != base_text:
            return AppliedProposal(
                alternatives=None,
                target_position=target,
                problem=_("The alternative it removes has been changed since."),
            )
        if len(current) < 2:
            return AppliedProposal(
                alternatives=None,
                target_position=target,
                problem=_("It would remove the only remaining text."),
            )
        return AppliedProposal(
            alternatives=[alt for n, alt in enumerate(current, start=1) if n != target],
            target_position=target,
        )

    # An amendment: rebase the proposed text onto the alternative as it reads now.
    result = diffing.rebase(base_text, proposal.text, current_texts[target - 1])
    if not result.ok:
        return AppliedProposal(
            alternatives=None,
            target_position=target,
            conflicts=result.conflicts,
            problem=_("It changes words that have been changed since it was made."),
        )
    amended = list(current)
    amended[target - 1] = drafts.AlternativeText(
        text=result.merged, proposer=current[target - 1].proposer
    )
    return AppliedProposal(alternatives=amended, target_position=target, merged_text=result.merged)


# --- Delegates ----------------------------------------------------------------------------------


def _settled_message(paragraph: Paragraph) -> str:
    when = ""
    if paragraph.status_changed_at:
        local = timezone.localtime(
            paragraph.status_changed_at, paragraph.chapter.document.process.zone
        )
        when = _(" on %(date)s") % {"date": date_format(local, "j F Y")}
    return _("%(para)s was %(status)s%(when)s; ask the Chair to reopen it.") % {
        "para": paragraph.label,
        "status": paragraph.get_status_display().lower(),
        "when": when,
    }


def _validated_text(text: str, *, label: str) -> str:
    cleaned = drafts.clean_alternatives([drafts.AlternativeText(text=text)], paragraph_label=label)
    return cleaned[0].text


def _choose_stakeholder(actor, paragraph: Paragraph, on_behalf_of: Stakeholder | None):
    represented = permissions.stakeholders_represented(actor, paragraph.chapter.document.process)
    if not represented:
        raise ActionNotAllowed(
            _("Only delegates and focal points can make proposals; observers follow the text.")
        )
    if on_behalf_of is None:
        if len(represented) > 1:
            raise InvalidInput(
                _("You act for %(names)s: say on whose behalf you propose.")
                % {"names": ", ".join(s.name for s in represented)}
            )
        return represented[0]
    if on_behalf_of not in represented:
        raise ActionNotAllowed(
            _("You do not act for %(name)s in this process.") % {"name": on_behalf_of.name}
        )
    return on_behalf_of


@transaction.atomic
def submit_proposal(
    *,
    paragraph: Paragraph,
    actor,
    kind: str,
    base_version: int,
    text: str = "",
    alternative_position: int | None = None,
    rationale: str = "",
    on_behalf_of: Stakeholder | None = None,
    redraft_of: Proposal | None = None,
    assignment: RedraftAssignment | None = None,
) -> Proposal:
    """A delegate proposes a change to the paragraph as they saw it at `base_version`.

    Only while a comment period is open, where the process uses them (`periods`); a redraft
    asked for by the Chair names its `assignment`."""
    paragraph = drafts.lock_paragraph(paragraph)
    stakeholder = _choose_stakeholder(actor, paragraph, on_behalf_of)
    if paragraph.status != ParagraphStatus.OPEN:
        raise RuleViolation(_settled_message(paragraph), code="paragraph_settled")
    try:
        kind = ProposalKind(kind)
    except ValueError:
        raise InvalidInput(_("Unknown kind of proposal: %(kind)s.") % {"kind": kind}) from None
    try:
        base = paragraph.versions.get(sequence=base_version)
    except (ParagraphVersion.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(
            _("%(para)s has no version %(version)s.")
            % {"para": paragraph.label, "version": base_version}
        ) from None
    rationale = rationale.strip()
    if len(rationale) > MAX_RATIONALE_LENGTH:
        raise InvalidInput(
            _("The rationale has %(length)d characters; the limit is %(max)d.")
            % {"length": len(rationale), "max": MAX_RATIONALE_LENGTH}
        )
    base_texts = [alt.text for alt in base.alternatives.all()]

    if kind in KINDS_ON_AN_ALTERNATIVE:
        if alternative_position is None and len(base_texts) == 1:
            alternative_position = 1
        if alternative_position is None or not 1 <= alternative_position <= len(base_texts):
            raise InvalidInput(
                _("Say which alternative of %(para)s (ALT 1 to ALT %(count)d) this is about.")
                % {"para": paragraph.label, "count": len(base_texts)}
            )
    else:
        alternative_position = None

    if kind in KINDS_WITH_TEXT:
        text = _validated_text(text, label=_("The proposed text"))
        if kind == ProposalKind.AMEND and text == base_texts[alternative_position - 1]:
            raise InvalidInput(_("The proposed text is the same as the current text."))
    else:
        text = ""
    if kind == ProposalKind.REMOVE_ALTERNATIVE and len(base_texts) < 2:
        raise InvalidInput(
            _("%(para)s has a single text; propose to delete the paragraph instead.")
            % {"para": paragraph.label}
        )
    if kind == ProposalKind.COMMENT and not rationale:
        raise InvalidInput(_("Write your comment."))
    if assignment is None:
        period = periods.period_for_proposal(paragraph=paragraph, kind=kind)
    else:
        assignments.check_answer(
            assignment=assignment, actor=actor, stakeholder=stakeholder, paragraph=paragraph
        )
        # The Chair asked for this redraft: it is due by the assignment's date, whatever the
        # comment periods say (the Chair's work does not depend on them). It still counts as
        # input of the open period, if there is one.
        try:
            period = periods.period_for_proposal(paragraph=paragraph, kind=kind)
        except RuleViolation:
            period = None

    proposal = Proposal.objects.create(
        paragraph=paragraph,
        base_version=base,
        kind=kind,
        alternative_position=alternative_position,
        text=text,
        rationale=rationale,
        author=actor,
        stakeholder=stakeholder,
        redraft_of=redraft_of,
        period=period,
        assignment=assignment,
    )
    if assignment is not None:
        assignments.record_answer(assignment=assignment, proposal=proposal)
    notifications.proposal_submitted(proposal=proposal)
    return proposal


def _lock_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("paragraph__chapter__document__process", "stakeholder", "base_version")
        .get(pk=proposal.pk)
    )


def _lock_for_decision(proposal: Proposal) -> Proposal:
    """Locks the proposal's paragraph, then the proposal: the order every writer follows.

    A decision that changes the text marks the paragraph's other pending proposals
    (`mark_conflicting_proposals` locks them) while it holds the paragraph's lock; a decision
    that held its own proposal while waiting for the paragraph would deadlock with it.
    """
    drafts.lock_paragraph(Paragraph(pk=proposal.paragraph_id))
    return _lock_proposal(proposal)


def _record(proposal: Proposal, *, outcome, actor, reason="", seen=None, resulting=None):
    process = proposal.paragraph.chapter.document.process
    return Decision.objects.create(
        proposal=proposal,
        outcome=outcome,
        actor=actor,
        actor_role=acting_role(user=actor, process=process) if actor else "",
        seen_version=seen,
        resulting_version=resulting,
        reason=reason,
    )


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, actor) -> Proposal:
    proposal = _lock_proposal(proposal)
    if not permissions.can_withdraw(actor, proposal):
        raise ActionNotAllowed(_("Only its author can withdraw a proposal."))
    if not proposal.is_pending:
        raise RuleViolation(
            _("Proposal %(id)d is already %(state)s.")
            % {"id": proposal.pk, "state": proposal.get_state_display().lower()},
            code="proposal_closed",
        )
    proposal.state = ProposalState.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "decided_at"])
    _record(proposal, outcome=DecisionOutcome.WITHDRAWN, actor=actor)
    return proposal


@transaction.atomic
def redraft_proposal(
    *, proposal: Proposal, actor, text: str = "", rationale: str | None = None
) -> Proposal:
    """The author answers a *needs redraft*: a new proposal against the current version."""
    proposal = _lock_proposal(proposal)
    if not permissions.can_redraft(actor, proposal):
        raise ActionNotAllowed(_("Only its author can redraft a proposal."))
    if proposal.state != ProposalState.NEEDS_REDRAFT:
        raise RuleViolation(
            _("Proposal %(id)d does not need a redraft; it is %(state)s.")
            % {"id": proposal.pk, "state": proposal.get_state_display().lower()},
            code="redraft_not_needed",
        )
    if hasattr(proposal, "redraft"):
        raise RuleViolation(
            _("Proposal %(id)d has already been redrafted as proposal %(new)d.")
            % {"id": proposal.pk, "new": proposal.redraft.pk},
            code="already_redrafted",
        )
    paragraph = proposal.paragraph
    current = paragraph.current_version
    position = proposal.alternative_position
    if position is not None:
        applied = apply_to_current(
            proposal, drafts.current_texts(paragraph), current_version_id=current.pk
        )
        position = applied.target_position or min(position, current.alternatives.count())
    new = submit_proposal(
        paragraph=paragraph,
        actor=actor,
        kind=proposal.kind,
        base_version=current.sequence,
        text=text,
        alternative_position=position,
        rationale=proposal.rationale if rationale is None else rationale,
        on_behalf_of=proposal.stakeholder,
        redraft_of=proposal,
        assignment=proposal.assignment,
    )
    # The redraft replaces it: the original no longer waits for the Chair.
    proposal.state = ProposalState.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "decided_at"])
    _record(
        proposal,
        outcome=DecisionOutcome.WITHDRAWN,
        actor=actor,
        reason=_("Redrafted as proposal %(id)d.") % {"id": new.pk},
    )
    return new


# --- The Chair ----------------------------------------------------------------------------------


def _open_for_decision(proposal: Proposal, actor) -> Paragraph:
    """Locks the proposal and its paragraph and checks that the actor may decide on it now."""
    if not permissions.can_decide(actor, proposal):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair can decide on proposals."))
    if proposal.state == ProposalState.WITHDRAWN:
        raise RuleViolation(
            _("Proposal %(id)d was withdrawn by its author; there is nothing to decide.")
            % {"id": proposal.pk},
            code="proposal_withdrawn",
        )
    if not proposal.is_pending:
        raise RuleViolation(
            _("Proposal %(id)d has already been decided: %(state)s.")
            % {"id": proposal.pk, "state": proposal.get_state_display().lower()},
            code="proposal_decided",
        )
    if proposal.kind == ProposalKind.COMMENT:
        raise RuleViolation(
            _("A comment is taken into account, not accepted or rejected."),
            code="comment_not_decided",
        )
    return drafts.lock_paragraph(proposal.paragraph)


def _applied_or_refuse(proposal: Proposal, paragraph: Paragraph) -> AppliedProposal:
    if proposal.state == ProposalState.NEEDS_REDRAFT:
        raise ProposalNeedsRedraft(
            _(
                "Proposal %(id)d conflicts with changes made to %(para)s since it was written; "
                "its author must redraft it."
            )
            % {"id": proposal.pk, "para": paragraph.label}
        )
    applied = apply_to_current(
        proposal, drafts.current_texts(paragraph), current_version_id=paragraph.current_version_id
    )
    if not applied.ok:
        raise ProposalNeedsRedraft(
            _("Proposal %(id)d cannot be applied to the current text: %(problem)s")
            % {"id": proposal.pk, "problem": applied.problem}
        )
    return applied


def _conclude(proposal, *, state, outcome, actor, reason, seen, resulting) -> Proposal:
    proposal.state = state
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "decided_at"])
    _record(proposal, outcome=outcome, actor=actor, reason=reason, seen=seen, resulting=resulting)
    notifications.proposal_decided(proposal=proposal, reason=reason)
    return proposal


def _attribution(proposal: Proposal) -> str:
    return proposal.stakeholder.attribution_name


def _decision_reason(proposal: Proposal, what: str, reason: str) -> str:
    return f"{what} (proposal {proposal.pk} by {proposal.stakeholder.name}). {reason}".strip()


def _take_up(
    proposal: Proposal, actor, expected_version: int, *, kinds=None
) -> tuple[Proposal, Paragraph, ParagraphVersion, AppliedProposal]:
    """What every acceptance starts with: lock, permission, state, version, and the proposal
    re-applied to the current text (or a refusal naming what is wrong)."""
    proposal = _lock_for_decision(proposal)
    paragraph = _open_for_decision(proposal, actor)
    drafts.check_expected_version(paragraph, expected_version)
    if kinds is not None and proposal.kind not in kinds:
        raise RuleViolation(
            _("Only a proposed text can become an alternative."), code="not_a_text_proposal"
        )
    return proposal, paragraph, paragraph.current_version, _applied_or_refuse(proposal, paragraph)


@transaction.atomic
def accept_proposal(
    *, proposal: Proposal, actor, expected_version: int, reason: str = ""
) -> Proposal:
    """The Chair accepts: the text changes as proposed, attributed to the proposal."""
    proposal, paragraph, seen, applied = _take_up(proposal, actor, expected_version)
    why = _decision_reason(proposal, _("Proposal accepted"), reason)
    resulting = None
    if proposal.kind == ProposalKind.INSERT_AFTER:
        new = drafts.insert_paragraph_after(
            paragraph=paragraph,
            alternatives=[
                drafts.AlternativeText(text=proposal.text, proposer=proposal.stakeholder)
            ],
            actor=actor,
            reason=why,
            on_behalf_of=proposal.stakeholder,
            change=ChangeKind.PROPOSAL_ACCEPTED,
            source_proposal_id=proposal.pk,
        )
        resulting = new.current_version
    elif proposal.kind == ProposalKind.DELETE_PARAGRAPH:
        drafts.delete_paragraph(
            paragraph=paragraph,
            actor=actor,
            expected_version=expected_version,
            reason=why,
            source_proposal_id=proposal.pk,
        )
    else:
        change = (
            ChangeKind.ALTERNATIVE_REMOVED
            if proposal.kind == ProposalKind.REMOVE_ALTERNATIVE
            else ChangeKind.PROPOSAL_ACCEPTED
        )
        resulting = drafts.revise_paragraph(
            paragraph=paragraph,
            alternatives=applied.alternatives,
            actor=actor,
            expected_version=expected_version,
            reason=why,
            on_behalf_of=proposal.stakeholder,
            change=change,
            source_proposal_id=proposal.pk,
        )
    return _conclude(
        proposal,
        state=ProposalState.ACCEPTED,
        outcome=DecisionOutcome.ACCEPTED,
        actor=actor,
        reason=reason,
        seen=seen,
        resulting=resulting,
    )


@transaction.atomic
def accept_as_alternative(
    *, proposal: Proposal, actor, expected_version: int, reason: str = ""
) -> Proposal:
    """The Chair keeps the proposal beside the current text as a new ALT, with its proposer."""
    proposal, paragraph, seen, applied = _take_up(
        proposal, actor, expected_version, kinds=(ProposalKind.AMEND, ProposalKind.ADD_ALTERNATIVE)
    )
    current = drafts.current_texts(paragraph)
    new_text = applied.merged_text if proposal.kind == ProposalKind.AMEND else proposal.text
    alternatives = [*current, drafts.AlternativeText(text=new_text, proposer=proposal.stakeholder)]
    resulting = drafts.revise_paragraph(
        paragraph=paragraph,
        alternatives=alternatives,
        actor=actor,
        expected_version=expected_version,
        reason=_decision_reason(
            proposal, _("Accepted as ALT %(n)d") % {"n": len(alternatives)}, reason
        ),
        on_behalf_of=proposal.stakeholder,
        change=ChangeKind.ACCEPTED_AS_ALTERNATIVE,
        source_proposal_id=proposal.pk,
    )
    return _conclude(
        proposal,
        state=ProposalState.ACCEPTED_AS_ALTERNATIVE,
        outcome=DecisionOutcome.ACCEPTED_AS_ALTERNATIVE,
        actor=actor,
        reason=reason,
        seen=seen,
        resulting=resulting,
    )


@transaction.atomic
def accept_in_brackets(
    *, proposal: Proposal, actor, expected_version: int, reason: str = ""
) -> Proposal:
    """The Chair takes the proposal into the text in brackets, credited to its stakeholder."""
    proposal, paragraph, seen, applied = _take_up(proposal, actor, expected_version)
    credit = _attribution(proposal)
    why = _decision_reason(proposal, _("Accepted in brackets"), reason)
    current = drafts.current_texts(paragraph)

    if proposal.kind == ProposalKind.INSERT_AFTER:
        new = drafts.insert_paragraph_after(
            paragraph=paragraph,
            alternatives=[
                drafts.AlternativeText(
                    text=f"[{proposal.text}] [proposed by {credit}]", proposer=proposal.stakeholder
                )
            ],
            actor=actor,
            reason=why,
            on_behalf_of=proposal.stakeholder,
            change=ChangeKind.ACCEPTED_IN_BRACKETS,
            source_proposal_id=proposal.pk,
        )
        resulting = new.current_version
    else:
        bracketed = list(current)
        if proposal.kind == ProposalKind.AMEND:
            target = applied.target_position - 1
            bracketed[target] = drafts.AlternativeText(
                text=diffing.bracket_changes(
                    current[target].text, applied.merged_text, credit=credit
                ),
                proposer=current[target].proposer,
            )
        elif proposal.kind == ProposalKind.ADD_ALTERNATIVE:
            bracketed.append(
                drafts.AlternativeText(
                    text=f"[{proposal.text}] [proposed by {credit}]", proposer=proposal.stakeholder
                )
            )
        else:  # a removal or deletion in brackets: the text stays, marked as contested
            targets = (
                [applied.target_position - 1]
                if proposal.kind == ProposalKind.REMOVE_ALTERNATIVE
                else range(len(current))
            )
            for index in targets:
                bracketed[index] = drafts.AlternativeText(
                    text=f"[{current[index].text}] [deletion proposed by {credit}]",
                    proposer=current[index].proposer,
                )
        resulting = drafts.revise_paragraph(
            paragraph=paragraph,
            alternatives=bracketed,
            actor=actor,
            expected_version=expected_version,
            reason=why,
            on_behalf_of=proposal.stakeholder,
            change=ChangeKind.ACCEPTED_IN_BRACKETS,
            source_proposal_id=proposal.pk,
        )
    return _conclude(
        proposal,
        state=ProposalState.ACCEPTED_IN_BRACKETS,
        outcome=DecisionOutcome.ACCEPTED_IN_BRACKETS,
        actor=actor,
        reason=reason,
        seen=seen,
        resulting=resulting,
    )


@transaction.atomic
def reject_proposal(
    *, proposal: Proposal, actor, reason: str, expected_version: int | None = None
) -> Proposal:
    """The Chair rejects a proposal, saying why (its author is told)."""
    proposal = _lock_for_decision(proposal)
    paragraph = _open_for_decision(proposal, actor)
    if expected_version is not None:
        drafts.check_expected_version(paragraph, expected_version)
    if not reason.strip():
        raise InvalidInput(
            _("Give the reason for rejecting proposal %(id)d.") % {"id": proposal.pk}
        )
    return _conclude(
        proposal,
        state=ProposalState.REJECTED,
        outcome=DecisionOutcome.REJECTED,
        actor=actor,
        reason=reason.strip(),
        seen=paragraph.current_version,
        resulting=None,
    )


def mark_conflicting_proposals(*, paragraph: Paragraph, version: ParagraphVersion) -> list[int]:
    """After the text changed: every pending proposal that no longer applies needs a redraft.

    Precondition: runs inside the transaction that recorded `version` (the drafts signal).
    Returns the ids marked.
    """
    current = [
        drafts.AlternativeText(text=alt.text, proposer=alt.proposer)
        for alt in version.alternatives.order_by("position")
    ]
    marked = []
    pending = (
        Proposal.objects.select_for_update(of=("self",))
        .filter(paragraph=paragraph, state=ProposalState.SUBMITTED)
        .exclude(pk=version.source_proposal_id or 0)
        .select_related("stakeholder")
    )
    for proposal in pending:
        applied = apply_to_current(proposal, current, current_version_id=version.pk)
        if applied.ok:
            continue
        proposal.state = ProposalState.NEEDS_REDRAFT
        proposal.save(update_fields=["state"])
        _record(
            proposal,
            outcome=DecisionOutcome.NEEDS_REDRAFT,
            actor=None,
            reason=applied.problem,
            seen=version,
        )
        notifications.proposal_needs_redraft(proposal=proposal, problem=applied.problem)
        marked.append(proposal.pk)
    return marked
