"""Redraft assignments: the Chair asks a stakeholder or focal point to redraft paragraphs.

"Chapter B, Paras 27-30 (Saudi Arabia): redraft before the fifth meeting." The assignee answers
with proposals on those paragraphs that name the assignment (`submit_proposal(assignment=...)`,
which calls `check_answer` before it saves and `record_answer` after).

The life of an assignment:

- *open* from the moment the Chair assigns it;
- *answered* when the first redraft linked to it arrives. Further redrafts may still link to it
  while it is answered: an assignment of Paras 27-30 is usually answered paragraph by paragraph,
  and each of those redrafts belongs to it. Reminders stop once it is answered;
- *cancelled* by the Chair or a Vice-Chair, from open only (an answered assignment has done its
  work). Nothing links to a cancelled assignment any more, and its reminders stop.

A redraft that arrives after the due date is still linked (and shown as late): the due date is
what the Chair asked for; whether input is accepted at all is the comment period's rule.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import assignment_selectors, permissions
from consultations.models import AssignmentState, Proposal, RedraftAssignment
from drafts.models import Document, Paragraph, ParagraphStatus
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Member, Role, Stakeholder
from processes.permissions import PROPOSING_ROLES
from processes.selectors import acting_role

MAX_INSTRUCTION_LENGTH = 5_000


def _lock_paragraphs(paragraphs) -> list[Paragraph]:
    """The paragraphs, re-read under row locks taken in primary-key order (so two Chairs
    assigning overlapping paragraphs cannot deadlock), in document order."""
    pks = sorted({p.pk for p in paragraphs})
    list(Paragraph.objects.select_for_update().filter(pk__in=pks).order_by("pk").values("pk"))
    return list(
        Paragraph.objects.select_related("chapter__document")
        .filter(pk__in=pks)
        .order_by("chapter__order", "number", "insertion")
    )


def _check_assignee(
    *, document: Document, stakeholder: Stakeholder | None, focal_point: Member | None
) -> None:
    process = document.process
    if (stakeholder is None) == (focal_point is None):
        raise InvalidInput(
            _("Assign the redraft either to a stakeholder or to one focal point, not both.")
            if stakeholder is not None
            else _("Say who should redraft: a stakeholder or a focal point.")
        )
    if stakeholder is not None:
        has_members = Member.objects.filter(
            process=process,
            stakeholder=stakeholder,
            is_active=True,
            role__in=PROPOSING_ROLES,
        ).exists()
        if not has_members:
            raise InvalidInput(
                _(
                    "%(name)s has no active delegate or focal point in %(process)s: nobody could "
                    "answer the assignment. Ask the secretariat to add one first."
                )
                % {"name": stakeholder.name, "process": process.code}
            )
        return
    if (
        focal_point.process_id != process.pk
        or focal_point.role != Role.FOCAL_POINT
        or not focal_point.is_active
    ):
        name = focal_point.user.get_full_name() or focal_point.user.get_username()
        raise InvalidInput(
            _("%(name)s is not an active focal point of %(process)s.")
            % {"name": name, "process": process.code}
        )


@transaction.atomic
def assign_redraft(
    *,
    document: Document,
    paragraphs,
    actor,
    due_at: datetime,
    instruction: str,
    stakeholder: Stakeholder | None = None,
    focal_point: Member | None = None,
) -> RedraftAssignment:
    """The Chair (or a Vice-Chair) asks a stakeholder, or one focal point in person, to redraft
    open paragraphs of `document` by `due_at` (aware; entered in the process's zone).

    Locks the paragraphs, so that none is pre-agreed between the check and the assignment."""
    process = document.process
    if not permissions.can_assign_redrafts(actor, process):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair assigns redrafts."))
    instruction = (instruction or "").strip()
    if not instruction:
        raise InvalidInput(
            _('Write the instruction: what should the redraft do (e.g. "merge ALT 1 and ALT 2")?')
        )
    if len(instruction) > MAX_INSTRUCTION_LENGTH:
        raise InvalidInput(
            _("The instruction has %(length)d characters; the limit is %(max)d.")
            % {"length": len(instruction), "max": MAX_INSTRUCTION_LENGTH}
        )
    paragraphs = list(paragraphs or [])
    if not paragraphs:
        raise InvalidInput(_("Choose at least one paragraph to redraft."))
    locked = _lock_paragraphs(paragraphs)
    if len(locked) != len({p.pk for p in paragraphs}):
        raise InvalidInput(_("A paragraph chosen no longer exists; reload the page."))
    elsewhere = [p for p in locked if p.chapter.document_id != document.pk]
    if elsewhere:
        raise InvalidInput(
            _(
                "%(paragraphs)s of %(other)s %(verb)s not in %(document)s: assign paragraphs of "
                "one document at a time."
            )
            % {
                "paragraphs": assignment_selectors.paragraphs_label(elsewhere),
                "other": elsewhere[0].chapter.document,
                "verb": _("are") if len(elsewhere) > 1 else _("is"),
                "document": document,
            }
        )
    settled = [p for p in locked if p.status != ParagraphStatus.OPEN]
    if settled:
        raise RuleViolation(
            _(
                "Only open paragraphs are redrafted: %(paragraphs)s %(verb)s %(statuses)s. "
                "Ask the Chair to reopen %(them)s first, or leave %(them)s out."
            )
            % {
                "paragraphs": assignment_selectors.paragraphs_label(settled),
                "verb": _("are") if len(settled) > 1 else _("is"),
                "statuses": ", ".join(sorted({p.get_status_display().lower() for p in settled})),
                "them": _("them") if len(settled) > 1 else _("it"),
            },
            code="paragraph_settled",
        )
    if due_at is None or timezone.is_naive(due_at):
        raise InvalidInput(_("Give the due date with its time zone (the process's zone)."))
    now = timezone.now()
    if due_at <= now:
        raise InvalidInput(
            _("The due date %(due)s has already passed; choose a time in the future.")
            % {"due": assignment_selectors.local_deadline(due_at, process)}
        )
    _check_assignee(document=document, stakeholder=stakeholder, focal_point=focal_point)

    assignment = RedraftAssignment.objects.create(
        document=document,
        stakeholder=stakeholder,
        focal_point=focal_point,
        instruction=instruction,
        due_at=due_at,
        assigned_by=actor,
        assigned_by_role=acting_role(user=actor, process=process),
    )
    assignment.paragraphs.set(locked)
    return assignment


def _lock_assignment(assignment: RedraftAssignment) -> RedraftAssignment:
    RedraftAssignment.objects.select_for_update().filter(pk=assignment.pk).values_list("pk").get()
    return RedraftAssignment.objects.select_related(
        "document__process", "stakeholder", "focal_point__user", "focal_point__stakeholder"
    ).get(pk=assignment.pk)


@transaction.atomic
def cancel_assignment(*, assignment: RedraftAssignment, actor) -> RedraftAssignment:
    """The Chair (or a Vice-Chair) withdraws an open assignment; its reminders stop."""
    assignment = _lock_assignment(assignment)
    if not permissions.can_assign_redrafts(actor, assignment.document.process):
        raise ActionNotAllowed(_("Only the Chair or a Vice-Chair cancels redraft assignments."))
    if assignment.state == AssignmentState.CANCELLED:
        raise RuleViolation(
            _("Assignment %(id)d is already cancelled.") % {"id": assignment.pk},
            code="assignment_cancelled",
        )
    if assignment.state == AssignmentState.ANSWERED:
        raise RuleViolation(
            _(
                "Assignment %(id)d has already been answered with a redraft; decide on the "
                "redraft instead."
            )
            % {"id": assignment.pk},
            code="assignment_answered",
        )
    assignment.state = AssignmentState.CANCELLED
    assignment.save(update_fields=["state"])
    return assignment


def check_answer(
    *, assignment: RedraftAssignment, actor, stakeholder: Stakeholder, paragraph: Paragraph
) -> None:
    """Refuses a redraft that does not answer `assignment` (another paragraph, another
    stakeholder, a cancelled assignment). Called by submit_proposal before it saves.

    Precondition: the caller holds the paragraph's lock (and a transaction); this takes the
    assignment's, after the paragraph's, as every writer does, so that a cancellation cannot
    slip in between the check and `record_answer`."""
    locked = _lock_assignment(assignment)
    # The caller's object is the one record_answer will update: keep it current.
    assignment.state = locked.state
    if locked.state == AssignmentState.CANCELLED:
        raise RuleViolation(
            _(
                "Assignment %(id)d was cancelled by the Chair; submit your proposal without "
                "naming it."
            )
            % {"id": locked.pk},
            code="assignment_cancelled",
        )
    if not permissions.can_answer_assignment(actor, locked):
        raise ActionNotAllowed(
            _("This redraft was assigned to %(assignee)s; you do not answer for them.")
            % {"assignee": assignment_selectors.assignee_label(locked)}
        )
    if not locked.paragraphs.filter(pk=paragraph.pk).exists():
        chosen = assignment_selectors.ordered_paragraphs(
            RedraftAssignment.objects.prefetch_related("paragraphs__chapter").get(pk=locked.pk)
        )
        raise InvalidInput(
            _("Assignment %(id)d is about %(paragraphs)s; %(para)s is not one of them.")
            % {
                "id": locked.pk,
                "paragraphs": assignment_selectors.paragraphs_label(chosen),
                "para": paragraph.label,
            }
        )
    expected = locked.focal_point.stakeholder if locked.focal_point_id else locked.stakeholder
    if expected is not None and stakeholder.pk != expected.pk:
        raise InvalidInput(
            _(
                "Assignment %(id)d asks %(name)s for a redraft: submit it on behalf of "
                "%(name)s, not %(other)s."
            )
            % {"id": locked.pk, "name": expected.name, "other": stakeholder.name}
        )


def record_answer(*, assignment: RedraftAssignment, proposal: Proposal) -> None:
    """The assignment has received a redraft (called inside submit_proposal's transaction,
    after `check_answer`, whose lock is still held). The first answer marks it answered; the
    proposal's own link (`proposal.assignment`) records every answer."""
    if assignment.state == AssignmentState.OPEN:
        assignment.state = AssignmentState.ANSWERED
        RedraftAssignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.ANSWERED)
