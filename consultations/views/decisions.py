"""What the Chair and Vice-Chairs do on the paragraph page: decide on proposals, and move the
text and its status."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import forms, permissions, services
from consultations.views.actions import run_action, version_note
from consultations.views.paragraph import load_paragraph, proposal_or_404
from drafts import permissions as drafts_permissions
from drafts import services as drafts_services

# --- Decisions on proposals ---------------------------------------------------------------------


def _decide(request, paragraph_args, proposal_id: int, *, service, done: str) -> HttpResponse:
    paragraph = load_paragraph(request, *paragraph_args)
    proposal = proposal_or_404(paragraph, proposal_id)

    def act(data) -> str:
        service(
            proposal=proposal,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return f"{done % {'id': proposal.pk}} {version_note(paragraph)}"

    return run_action(
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
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
    proposal = proposal_or_404(paragraph, proposal_id)

    def act(data) -> str:
        services.reject_proposal(
            proposal=proposal,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return _("Proposal %(id)d rejected; its author sees your reason.") % {"id": proposal.pk}

    return run_action(
        request,
        paragraph,
        form_name=f"proposal-{proposal.pk}",
        allowed=permissions.can_decide(request.user, proposal),
        refusal=_("Only the Chair or a Vice-Chair can decide on proposals."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )


# --- Moves on the text and its status ----------------------------------------------------------


@require_POST
def retain_alternative(request, process_slug, document_slug, paragraph_uid):
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)

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
            "note": version_note(paragraph),
        }

    return run_action(
        request,
        paragraph,
        form_name="text",
        allowed=drafts_permissions.can_edit_in_the_room(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can choose between alternatives."),
        form=forms.RetainForm(request.POST),
        act=act,
    )


def _bracket_move(request, paragraph_args, *, service, done: str, refusal: str) -> HttpResponse:
    paragraph = load_paragraph(request, *paragraph_args)

    def act(data) -> str:
        service(
            paragraph=paragraph,
            bracket_start=data["bracket_start"],
            alternative=data["alternative"],
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return f"{done} {version_note(paragraph)}"

    return run_action(
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
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.mark_pre_agreed(
            paragraph=paragraph,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("%(para)s is pre-agreed.") % {"para": paragraph.label}

    return run_action(
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
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.mark_agreed(
            paragraph=paragraph,
            actor=request.user,
            expected_version=data["expected_version"],
            reason=data["reason"],
        )
        return _("%(para)s is agreed.") % {"para": paragraph.label}

    return run_action(
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
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)

    def act(data) -> str:
        drafts_services.reopen(
            paragraph=paragraph,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return _("%(para)s is open for negotiation again.") % {"para": paragraph.label}

    return run_action(
        request,
        paragraph,
        form_name="status",
        allowed=drafts_permissions.can_reopen(request.user, paragraph),
        refusal=_("Only the Chair or a Vice-Chair can reopen a paragraph."),
        form=forms.DecisionForm(request.POST),
        act=act,
    )
