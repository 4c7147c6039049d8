"""What delegates and focal points do on the paragraph page: propose (with the live redline
preview), withdraw and redraft their proposals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consultations import assignment_selectors, forms, permissions, services
from consultations.models import KINDS_WITH_TEXT, ProposalKind
from consultations.views.actions import action_view, run_action
from consultations.views.paragraph import (
    PageInput,
    Preview,
    load_paragraph,
    proposal_or_404,
    propose_form_for,
    render_page,
)
from drafts import brackets, diffing
from drafts import selectors as drafts_selectors
from drafts import services as drafts_services
from drafts.models import Paragraph
from processes.errors import InvalidInput

# --- Proposing ----------------------------------------------------------------------------------


@require_POST
def propose(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> HttpResponse:
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
    user = request.user
    form = propose_form_for(paragraph, user, request.POST)
    form.offer_assignments(assignment_selectors.assignment_choices(user=user, paragraph=paragraph))
    page_input = PageInput(propose_form=form)

    if "preview" in request.POST and permissions.can_propose(user, paragraph):
        # Without JavaScript, the "Preview" button shows the redline on the page, saving nothing.
        page_input.preview = _preview(paragraph, form.data)
        return render_page(request, paragraph, page_input=page_input)

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
            assignment=_named_assignment(data.get("assignment")),
        )
        if proposal.assignment_id:
            return _(
                "Your redraft (proposal no. %(id)d) on %(para)s answers assignment %(assignment)d "
                "and is submitted to the Chair."
            ) % {"id": proposal.pk, "para": paragraph.label, "assignment": proposal.assignment_id}
        return _("Your proposal (no. %(id)d) on %(para)s is submitted to the Chair.") % {
            "id": proposal.pk,
            "para": paragraph.label,
        }

    return run_action(
        request,
        paragraph,
        form_name="propose",
        allowed=permissions.can_propose(user, paragraph),
        refusal=_("Only delegates and focal points can make proposals; observers follow the text."),
        form=form,
        act=act,
        page_input=page_input,
    )


def _named_assignment(pk: int | None):
    """The assignment the form names (None for none); the service checks it may be answered."""
    if not pk:
        return None
    assignment = assignment_selectors.assignment_by_id(pk)
    if assignment is None:
        raise InvalidInput(_("There is no redraft assignment no. %(id)d.") % {"id": pk})
    return assignment


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
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
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


withdraw = action_view(
    services.withdraw_proposal,
    forms.WithdrawForm,
    gettext_lazy("Proposal %(id)d is withdrawn."),
    allowed=permissions.can_withdraw,
    refusal=gettext_lazy("Only its author can withdraw a proposal."),
)


@require_POST
def redraft(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid, proposal_id: int
) -> HttpResponse:
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
    proposal = proposal_or_404(paragraph, proposal_id)
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

    return run_action(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_redraft(request.user, proposal),
        refusal=_("Only its author can redraft a proposal."),
        form=form,
        act=act,
        page_input=PageInput(redraft_forms={proposal.pk: form}),
    )
