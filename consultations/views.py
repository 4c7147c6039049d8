"""The document page and the paragraph page: reading the text, proposing, deciding.

Views are thin: they parse the form, check the permission function to show a refusal early,
call the service (which checks everything again under a lock) and either redirect to the page
or render it again with the service's message and the input kept. Every action is a plain form
post; htmx only spares the full page load (see base.html for which refusals it swaps in).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consultations import forms, permissions, selectors, services
from consultations.models import KINDS_WITH_TEXT, Proposal, ProposalKind, ProposalState
from drafts import brackets, diffing
from drafts import permissions as drafts_permissions
from drafts import selectors as drafts_selectors
from drafts import services as drafts_services
from drafts.models import Document, Paragraph, ParagraphStatus
from drafts.views import readable_process
from processes.errors import DomainError, StaleVersion
from processes.permissions import chairs, holds_the_pen

# --- The document page --------------------------------------------------------------------------


@require_GET
def document_detail(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    """The whole working draft, each paragraph linked to its page with its pending proposals."""
    process = readable_process(request, process_slug)
    try:
        document = selectors.document_with_pending_counts(process=process, slug=document_slug)
    except Document.DoesNotExist:
        raise Http404 from None
    chapters = [
        (chapter, drafts_selectors.chapter_progress(chapter)) for chapter in document.chapters.all()
    ]
    return render(
        request,
        "consultations/document_detail.html",
        {
            "process": process,
            "document": document,
            "chapters": chapters,
            "paragraph_count": sum(progress.total for _, progress in chapters),
            "settled_count": sum(progress.settled for _, progress in chapters),
            "user_chairs": chairs(request.user, process),
            "user_holds_pen": holds_the_pen(request.user, process),
        },
    )


# --- The paragraph page -------------------------------------------------------------------------


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
    preview: "Preview | None" = None
    pen_form: forms.PenEditForm | None = None
    redraft_forms: dict[int, forms.RedraftForm] = field(default_factory=dict)
    kept: dict = field(default_factory=dict)


def _load(request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid) -> Paragraph:
    process = readable_process(request, process_slug)
    try:
        return selectors.paragraph_for_page(
            process=process, document_slug=document_slug, uid=paragraph_uid
        )
    except Paragraph.DoesNotExist:
        raise Http404 from None


def _page_url(paragraph: Paragraph) -> str:
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


def _propose_form(paragraph: Paragraph, user, data=None, alternative: int | None = None):
    alternatives = list(paragraph.current_version.alternatives.all())
    position = alternative if alternative and 1 <= alternative <= len(alternatives) else 1
    return forms.ProposalForm(
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


def _render_page(
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
    may_pen_edit = (
        is_open
        and drafts_permissions.can_revise_paragraph(user, paragraph)
        and not drafts_permissions.can_edit_in_the_room(user, paragraph)
    )
    requested_alternative = _int_or_none(request.GET.get("alternative"))
    context = {
        "process": paragraph.chapter.document.process,
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
        "propose_form": (
            (page_input.propose_form or _propose_form(paragraph, user, None, requested_alternative))
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
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    return _render_page(request, paragraph)


# --- Acting on the page -------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    paragraph: Paragraph,
    *,
    form_name: str,
    allowed: bool,
    refusal: str,
    form,
    act: Callable[[dict], str],
    page_input: PageInput | None = None,
) -> HttpResponse:
    """Runs one action: refusal (403), incomplete form (400), domain error (its status), or
    success (a redirect to the page, with the message `act` returns)."""
    if not request.user.is_authenticated:
        return redirect_to_login(_page_url(paragraph))
    page_input = page_input or PageInput()
    page_input.kept = request.POST
    if not allowed:
        return _render_page(
            request,
            paragraph,
            status=403,
            problem=Problem(refusal, form=form_name),
            page_input=page_input,
        )
    if not form.is_valid():
        return _render_page(
            request,
            paragraph,
            status=400,
            problem=Problem(
                _("The form was incomplete; reload the page and try again."), form=form_name
            ),
            page_input=page_input,
        )
    try:
        done = act(form.cleaned_data)
    except DomainError as error:
        # Nothing was saved (each service is one transaction); show the text as it is now.
        fresh = _load(
            request,
            paragraph.chapter.document.process.slug,
            paragraph.chapter.document.slug,
            paragraph.uid,
        )
        return _render_page(
            request,
            fresh,
            status=error.http_status,
            problem=Problem.from_error(error, form_name),
            page_input=page_input,
        )
    messages.success(request, done)
    return redirect(_page_url(paragraph))


def _version_note(paragraph: Paragraph) -> str:
    paragraph.refresh_from_db(fields=["current_version", "status"])
    return _("%(para)s is now at version %(version)d.") % {
        "para": paragraph.label,
        "version": paragraph.current_version.sequence,
    }


@require_POST
def propose(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> HttpResponse:
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    user = request.user
    form = _propose_form(paragraph, user, request.POST)
    page_input = PageInput(propose_form=form)

    if "preview" in request.POST and permissions.can_propose(user, paragraph):
        # Without JavaScript, the "Preview" button shows the redline on the page, saving nothing.
        page_input.preview = _preview(paragraph, form.data)
        return _render_page(request, paragraph, page_input=page_input)

    def act(data) -> str:
        proposal = services.submit_proposal(
            paragraph=paragraph,
            actor=user,
            kind=data["kind"],
            base_version=data["base_version"],
            text=data["text"],
            alternative_position=data["alternative"],
            rationale=data["rationale"],
            on_behalf_of=form.stakeholder() if form.chooses_stakeholder else None,
        )
        return _("Your proposal (no. %(id)d) on %(para)s is submitted to the Chair.") % {
            "id": proposal.pk,
            "para": paragraph.label,
        }

    return _act(
        request,
        paragraph,
        form_name="propose",
        allowed=permissions.can_propose(user, paragraph),
        refusal=_("Only delegates and focal points can make proposals; observers follow the text."),
        form=form,
        act=act,
        page_input=page_input,
    )


# --- The live redline preview -------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    ops: tuple[diffing.DiffOp, ...] = ()
    heading: str = ""
    note: str = ""
    warning: str = ""


def _preview(paragraph: Paragraph, data) -> Preview:
    """The redline of what the form would propose, against the version it names. Saves nothing."""
    form = forms.PreviewForm(data, alternative_count=drafts_services.MAX_ALTERNATIVES)
    if not form.is_valid():
        return Preview(warning=_("Reload the page to preview your proposal."))
    kind = form.cleaned_data["kind"] or ProposalKind.AMEND
    text = form.cleaned_data["text"].strip()
    base = drafts_selectors.version_texts(paragraph, form.cleaned_data["base_version"])
    if base is None:
        return Preview(warning=_("Reload the page to preview your proposal."))
    position = form.cleaned_data["alternative"] or 1
    if position > len(base):
        position = 1
    label = f"ALT {position}" if len(base) > 1 else paragraph.label
    if len(text) > drafts_services.MAX_PARAGRAPH_TEXT_LENGTH:
        return Preview(
            warning=_("Your text has %(length)d characters; the limit is %(max)d.")
            % {"length": len(text), "max": drafts_services.MAX_PARAGRAPH_TEXT_LENGTH}
        )
    warning = ""
    if kind in KINDS_WITH_TEXT and text:
        try:
            brackets.validate(text)
        except brackets.BracketError as error:
            warning = error.message

    if kind == ProposalKind.AMEND:
        if text == base[position - 1]:
            return Preview(note=_("No change yet: edit the text to see your redline."))
        return Preview(
            ops=diffing.redline(base[position - 1], text),
            heading=_("Your amendment to %(label)s") % {"label": label},
            warning=warning,
        )
    if kind == ProposalKind.ADD_ALTERNATIVE:
        return Preview(
            ops=diffing.redline("", text),
            heading=_("Your new alternative (ALT %(n)d)") % {"n": len(base) + 1},
            warning=warning,
        )
    if kind == ProposalKind.INSERT_AFTER:
        return Preview(
            ops=diffing.redline("", text),
            heading=_("Your new paragraph after %(para)s") % {"para": paragraph.label},
            warning=warning,
        )
    if kind == ProposalKind.REMOVE_ALTERNATIVE:
        return Preview(
            ops=diffing.redline(base[position - 1], ""),
            heading=_("%(label)s would be removed") % {"label": label},
        )
    if kind == ProposalKind.DELETE_PARAGRAPH:
        return Preview(
            ops=diffing.redline(" / ".join(base), ""),
            heading=_("%(para)s would be deleted") % {"para": paragraph.label},
        )
    return Preview(note=_("A comment does not change the text."))


@require_POST
def preview(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> HttpResponse:
    """The live redline under the propose form (htmx posts the form here as the user types)."""
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    if not permissions.can_propose(request.user, paragraph):
        result, status = (
            Preview(warning=_("Only delegates and focal points can make proposals.")),
            403,
        )
    else:
        result, status = _preview(paragraph, request.POST), 200
    return render(
        request, "consultations/_redline_preview.html", {"preview": result}, status=status
    )


# --- The author: withdraw, redraft --------------------------------------------------------------


def _proposal_or_404(paragraph: Paragraph, proposal_id: int) -> Proposal:
    proposal = selectors.proposal_on_paragraph(paragraph, proposal_id)
    if proposal is None:
        raise Http404
    return proposal


@require_POST
def withdraw(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid, proposal_id: int
) -> HttpResponse:
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    proposal = _proposal_or_404(paragraph, proposal_id)

    def act(data) -> str:
        services.withdraw_proposal(proposal=proposal, actor=request.user)
        return _("Proposal %(id)d is withdrawn.") % {"id": proposal.pk}

    return _act(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_withdraw(request.user, proposal),
        refusal=_("Only its author can withdraw a proposal."),
        form=forms.WithdrawForm(request.POST),
        act=act,
    )


@require_POST
def redraft(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid, proposal_id: int
) -> HttpResponse:
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    proposal = _proposal_or_404(paragraph, proposal_id)
    form = forms.RedraftForm(request.POST)

    def act(data) -> str:
        new = services.redraft_proposal(
            proposal=proposal,
            actor=request.user,
            text=data["text"],
            rationale=data["rationale"],
        )
        return _("Your redraft (proposal %(new)d) replaces proposal %(old)d.") % {
            "new": new.pk,
            "old": proposal.pk,
        }

    return _act(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_redraft(request.user, proposal),
        refusal=_("Only its author can redraft a proposal."),
        form=form,
        act=act,
        page_input=PageInput(redraft_forms={proposal.pk: form}),
    )


# --- The Chair: decisions on proposals ----------------------------------------------------------


def _decide(request, paragraph_args, proposal_id: int, *, service, done: str) -> HttpResponse:
    paragraph = _load(request, *paragraph_args)
    proposal = _proposal_or_404(paragraph, proposal_id)

    def act(data) -> str:
        service(
            proposal=proposal,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return f"{done % {'id': proposal.pk}} {_version_note(paragraph)}"

    return _act(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_decide(request.user, proposal),
        refusal=_("Only the Chair or a Vice-Chair can decide on proposals."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


@require_POST
def accept(request, process_slug, document_slug, paragraph_uid, proposal_id: int):
    return _decide(
        request,
        (process_slug, document_slug, paragraph_uid),
        proposal_id,
        service=services.accept_proposal,
        done=_("Proposal %(id)d accepted."),
    )


@require_POST
def accept_as_alternative(request, process_slug, document_slug, paragraph_uid, proposal_id: int):
    return _decide(
        request,
        (process_slug, document_slug, paragraph_uid),
        proposal_id,
        service=services.accept_as_alternative,
        done=_("Proposal %(id)d accepted as an alternative."),
    )


@require_POST
def accept_in_brackets(request, process_slug, document_slug, paragraph_uid, proposal_id: int):
    return _decide(
        request,
        (process_slug, document_slug, paragraph_uid),
        proposal_id,
        service=services.accept_in_brackets,
        done=_("Proposal %(id)d accepted in brackets."),
    )


@require_POST
def reject(request, process_slug, document_slug, paragraph_uid, proposal_id: int):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    proposal = _proposal_or_404(paragraph, proposal_id)

    def act(data) -> str:
        services.reject_proposal(
            proposal=proposal,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return _("Proposal %(id)d rejected; its author sees your reason.") % {"id": proposal.pk}

    return _act(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_decide(request.user, proposal),
        refusal=_("Only the Chair or a Vice-Chair can decide on proposals."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


# --- The Chair: moves on the text and its status ------------------------------------------------


@require_POST
def retain_alternative(request, process_slug, document_slug, paragraph_uid):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.retain_alternative(
            paragraph=paragraph,
            position=data["position"],
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("ALT %(n)d retained; the other alternatives are dropped. %(note)s") % {
            "n": data["position"],
            "note": _version_note(paragraph),
        }

    return _act(
        request,
        paragraph,
        form_name="text",
        allowed=drafts_permissions.can_edit_in_the_room(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can choose between alternatives."),
        form=forms.RetainForm(request.POST),
        act=act,
    )


def _bracket_move(request, paragraph_args, *, service, done: str, refusal: str) -> HttpResponse:
    paragraph = _load(request, *paragraph_args)

    def act(data) -> str:
        service(
            paragraph=paragraph,
            bracket_start=data["bracket_start"],
            alternative=data["alternative"],
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return f"{done} {_version_note(paragraph)}"

    return _act(
        request,
        paragraph,
        form_name="text",
        allowed=drafts_permissions.can_edit_in_the_room(request.user, paragraph),
        refusal=refusal,
        form=forms.BracketForm(request.POST),
        act=act,
    )


@require_POST
def lift_brackets(request, process_slug, document_slug, paragraph_uid):
    return _bracket_move(
        request,
        (process_slug, document_slug, paragraph_uid),
        service=drafts_services.lift_brackets,
        done=_("Brackets lifted: the passage stays, agreed."),
        refusal=_("Only the Chair or a Vice-Chair can lift brackets."),
    )


@require_POST
def strike_passage(request, process_slug, document_slug, paragraph_uid):
    return _bracket_move(
        request,
        (process_slug, document_slug, paragraph_uid),
        service=drafts_services.strike_bracketed_passage,
        done=_("Bracketed passage struck."),
        refusal=_("Only the Chair or a Vice-Chair can strike bracketed text."),
    )


@require_POST
def mark_pre_agreed(request, process_slug, document_slug, paragraph_uid):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.mark_pre_agreed(
            paragraph=paragraph,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("%(para)s is pre-agreed.") % {"para": paragraph.label}

    return _act(
        request,
        paragraph,
        form_name="status",
        allowed=drafts_permissions.can_mark_pre_agreed(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can mark a paragraph pre-agreed."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


@require_POST
def mark_agreed(request, process_slug, document_slug, paragraph_uid):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.mark_agreed(
            paragraph=paragraph,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("%(para)s is agreed.") % {"para": paragraph.label}

    return _act(
        request,
        paragraph,
        form_name="status",
        allowed=drafts_permissions.can_mark_agreed(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can mark a paragraph agreed."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


@require_POST
def reopen(request, process_slug, document_slug, paragraph_uid):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.reopen(
            paragraph=paragraph,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return _("%(para)s is open for negotiation again.") % {"para": paragraph.label}

    return _act(
        request,
        paragraph,
        form_name="status",
        allowed=drafts_permissions.can_reopen(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can reopen a paragraph."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


# --- The secretariat: the pen-holder's edit -----------------------------------------------------


@require_POST
def revise(request, process_slug, document_slug, paragraph_uid):
    paragraph = _load(request, process_slug, document_slug, paragraph_uid)
    current = selectors.current_alternatives(paragraph)
    form = forms.PenEditForm(request.POST, alternative_texts=[alt.text for alt in current])

    def act(data) -> str:
        drafts_services.revise_paragraph(
            paragraph=paragraph,
            alternatives=[
                drafts_services.AlternativeText(text=text, proposer=alt.proposer)
                for text, alt in zip(form.texts(), current, strict=True)
            ],
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("Text edited. %(note)s") % {"note": _version_note(paragraph)}

    return _act(
        request,
        paragraph,
        form_name="revise",
        allowed=drafts_permissions.can_revise_paragraph(request.user, paragraph),
        refusal=_("Only the Chair, the Vice-Chairs and the secretariat can change the text."),
        form=form,
        act=act,
        page_input=PageInput(pen_form=form),
    )
