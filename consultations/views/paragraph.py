"""The paragraph page: the text, its proposals, and the forms each user may use.

When an action fails the page is rendered again (`render_page`) with the refusal (`Problem`) and
what the user had typed (`PageInput`).
"""

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from consultations import assignment_selectors, dashboard_selectors, forms, permissions, selectors
from consultations.models import KINDS_WITH_TEXT, Proposal, ProposalKind, ProposalState
from consultations.services import periods as period_services
from drafts import brackets, diffing
from drafts import permissions as drafts_permissions
from drafts import services as drafts_services
from drafts.models import Paragraph, ParagraphStatus
from drafts.views import readable_process
from processes.errors import DomainError, RuleViolation, StaleVersion


@dataclass(frozen=True)
class Preview:
    """The live redline under the propose form: what the proposal would change (saving nothing),
    or why it cannot be shown."""

    ops: tuple[diffing.DiffOp, ...] = ()
    heading: str = ""
    note: str = ""
    warning: str = ""


@dataclass(frozen=True)
class Problem:
    """A refusal shown on the page: the message, and which form it answers."""

    message: str
    form: str = ""
    conflict: bool = False

    @classmethod
    def from_error(cls, error: DomainError, form: str) -> "Problem":
        return cls(message=error.message, form=form, conflict=isinstance(error, StaleVersion))


@dataclass
class PageInput:
    """What the failed (or previewed) form held, so that the page shows it again."""

    propose_form: forms.ProposalForm | None = None
    preview: Preview | None = None
    pen_form: forms.PenEditForm | None = None
    redraft_forms: dict[int, forms.RedraftForm] = field(default_factory=dict)
    kept: dict = field(default_factory=dict)


def load_paragraph(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> Paragraph:
    process = readable_process(request, process_slug)
    try:
        return selectors.paragraph_for_page(
            process=process, document_slug=document_slug, uid=paragraph_uid
        )
    except Paragraph.DoesNotExist:
        raise Http404 from None


def proposal_or_404(paragraph: Paragraph, proposal_id: int) -> Proposal:
    proposal = selectors.proposal_on_paragraph(paragraph, proposal_id)
    if proposal is None:
        raise Http404
    return proposal


def page_url(paragraph: Paragraph) -> str:
    document = paragraph.chapter.document
    return reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )


@dataclass(frozen=True)
class BracketOnPage:
    alternative: int
    start: int
    depth: int
    text: str
    attributions: str


def _bracketed_passages(alternatives) -> list[BracketOnPage]:
    found = []
    for alternative in alternatives:
        try:
            passages = brackets.bracketed_passages(alternative.text)
        except brackets.BracketError:
            continue  # stored text is validated on the way in; never fail the page on it
        for passage in passages:
            found.append(
                BracketOnPage(
                    alternative=alternative.position,
                    start=passage.start,
                    depth=passage.depth,
                    text=passage.text,
                    attributions=", ".join(a.text for a in passage.attributions),
                )
            )
    return found


def propose_form_for(paragraph: Paragraph, user, data=None, alternative: int | None = None):
    alternatives = list(paragraph.current_version.alternatives.all())
    position = alternative if alternative and 1 <= alternative <= len(alternatives) else 1
    form = forms.ProposalForm(
        data,
        alternative_count=len(alternatives),
        stakeholders=permissions.stakeholders_represented(user, paragraph.chapter.document.process),
        initial={
            "kind": ProposalKind.AMEND,
            "alternative": position,
            "text": alternatives[position - 1].text if alternatives else "",
            "base_version": paragraph.current_version.sequence,
        },
    )
    # An assignee proposing on an assigned paragraph says which assignment it answers.
    form.offer_assignments(assignment_selectors.assignment_choices(user=user, paragraph=paragraph))
    return form


def _input_closed(paragraph: Paragraph) -> str:
    """Why the paragraph takes no proposals now (its document's comment periods), or ""."""
    try:
        period_services.period_for_proposal(paragraph=paragraph, kind=ProposalKind.AMEND)
    except RuleViolation as error:
        return error.message
    return ""


def render_page(
    request: HttpRequest,
    paragraph: Paragraph,
    *,
    status: int = 200,
    problem: Problem | None = None,
    page_input: PageInput | None = None,
) -> HttpResponse:
    user = request.user
    page_input = page_input or PageInput()
    version = paragraph.current_version
    alternatives = list(version.alternatives.all())
    current = selectors.current_alternatives(paragraph)
    is_open = paragraph.status == ParagraphStatus.OPEN

    proposals = selectors.proposals_for_page(paragraph, current)
    for shown in proposals:
        proposal = shown.proposal
        shown.may_withdraw = proposal.is_pending and permissions.can_withdraw(user, proposal)
        shown.may_redraft = (
            is_open
            and proposal.state == ProposalState.NEEDS_REDRAFT
            and not hasattr(proposal, "redraft")
            and permissions.can_redraft(user, proposal)
        )
        shown.may_decide = (
            is_open
            and proposal.is_pending
            and proposal.kind != ProposalKind.COMMENT
            and permissions.can_decide(user, proposal)
        )
        shown.may_accept = shown.may_decide and proposal.state == ProposalState.SUBMITTED
        shown.may_accept_as_alternative = shown.may_accept and proposal.kind in (
            ProposalKind.AMEND,
            ProposalKind.ADD_ALTERNATIVE,
        )
        shown.kept_reason = _kept_reason(problem, page_input, f"proposal-{proposal.pk}")
        if shown.may_redraft:
            shown.redraft_form = page_input.redraft_forms.get(proposal.pk) or forms.RedraftForm(
                initial={
                    "text": _redraft_starting_text(shown, current),
                    "rationale": proposal.rationale,
                }
            )

    may_edit_in_the_room = is_open and drafts_permissions.can_edit_in_the_room(user, paragraph)
    may_propose = is_open and permissions.can_propose(user, paragraph)
    input_closed = _input_closed(paragraph) if may_propose else ""
    if (
        input_closed
        and page_input.propose_form is None
        and not assignment_selectors.assignment_choices(user=user, paragraph=paragraph)
    ):
        # No comment period is open: a form that would only be refused is not offered (a
        # redraft the Chair assigned is still taken; text just refused stays in its form).
        may_propose = False
    may_pen_edit = (
        is_open
        and drafts_permissions.can_revise_paragraph(user, paragraph)
        and not drafts_permissions.can_edit_in_the_room(user, paragraph)
    )
    requested_alternative = _int_or_none(request.GET.get("alternative"))
    process = paragraph.chapter.document.process
    reader = dashboard_selectors.reader_state(user, process, paragraph)
    context = {
        "process": process,
        "document": paragraph.chapter.document,
        "chapter": paragraph.chapter,
        "paragraph": paragraph,
        "version": version,
        "alternatives": alternatives,
        "problem": problem,
        "kept": bool(page_input.kept),
        "status_reason": _kept_reason(problem, page_input, "status"),
        "pending": [shown for shown in proposals if shown.proposal.is_pending],
        "decided": [shown for shown in reversed(proposals) if not shown.proposal.is_pending],
        "proposal_count": len(proposals),
        "may_propose": may_propose,
        "input_closed": input_closed,
        "propose_form": (
            (
                page_input.propose_form
                or propose_form_for(paragraph, user, None, requested_alternative)
            )
            if may_propose
            else None
        ),
        "preview": page_input.preview,
        "may_edit_in_the_room": may_edit_in_the_room,
        "bracketed_passages": _bracketed_passages(alternatives) if may_edit_in_the_room else [],
        "may_mark_pre_agreed": paragraph.status == ParagraphStatus.OPEN
        and drafts_permissions.can_mark_pre_agreed(user, paragraph),
        "may_mark_agreed": paragraph.status in (ParagraphStatus.OPEN, ParagraphStatus.PRE_AGREED)
        and drafts_permissions.can_mark_agreed(user, paragraph),
        "may_reopen": paragraph.status == ParagraphStatus.PRE_AGREED
        and drafts_permissions.can_reopen(user, paragraph),
        "unsettled_reasons": drafts_services.unsettled_reasons([a.text for a in alternatives]),
        "may_pen_edit": may_pen_edit,
        "pen_form": (
            (
                page_input.pen_form
                or forms.PenEditForm(
                    alternative_texts=[a.text for a in alternatives],
                    initial={"expected_version": version.sequence},
                )
            )
            if may_pen_edit
            else None
        ),
        "may_follow": permissions.can_follow(user, paragraph),
        "following": reader.following,
        "follow_problem": problem.message if problem and problem.form == "follow" else "",
        "unread_notifications": reader.unread,
        "assignments": dashboard_selectors.assignments_on(paragraph),
    }
    return render(request, "consultations/paragraph_detail.html", context, status=status)


def _kept_reason(problem: Problem | None, page_input: PageInput, form_name: str) -> str:
    if problem and problem.form == form_name:
        return page_input.kept.get("reason", "")
    return ""


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _redraft_starting_text(shown: selectors.ProposalOnPage, current) -> str:
    """A redraft starts from the alternative as it reads now (the author re-makes their change)."""
    proposal = shown.proposal
    if proposal.kind not in KINDS_WITH_TEXT:
        return ""
    if proposal.kind != ProposalKind.AMEND:
        return proposal.text
    position = (shown.applied.target_position if shown.applied else None) or min(
        proposal.alternative_position or 1, len(current)
    )
    return current[position - 1].text


@require_GET
def paragraph_detail(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> HttpResponse:
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
    return render_page(request, paragraph)
