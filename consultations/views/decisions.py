"""What the Chair and Vice-Chairs do on the paragraph page: decide on proposals, and move the
text and its status. Each is one service behind `action_view`."""

from django.utils.translation import gettext_lazy as _

from consultations import forms, permissions, services
from consultations.views.actions import action_view
from drafts import permissions as drafts_permissions
from drafts import services as drafts_services

# --- Decisions on proposals ---------------------------------------------------------------------

ON_PROPOSALS = {
    "allowed": permissions.can_decide,
    "refusal": _("Only the Chair or a Vice-Chair can decide on proposals."),
}

accept = action_view(
    services.accept_proposal,
    forms.DecisionForm,
    _("Proposal %(id)d accepted."),
    with_version_note=True,
    **ON_PROPOSALS,
)
accept_as_alternative = action_view(
    services.accept_as_alternative,
    forms.DecisionForm,
    _("Proposal %(id)d accepted as an alternative."),
    with_version_note=True,
    **ON_PROPOSALS,
)
accept_in_brackets = action_view(
    services.accept_in_brackets,
    forms.DecisionForm,
    _("Proposal %(id)d accepted in brackets."),
    with_version_note=True,
    **ON_PROPOSALS,
)
reject = action_view(
    services.reject_proposal,
    forms.DecisionForm,
    _("Proposal %(id)d rejected; its author sees your reason."),
    **ON_PROPOSALS,
)

# --- Moves on the text --------------------------------------------------------------------------

IN_THE_ROOM = {
    "form_name": "text",
    "allowed": drafts_permissions.can_edit_in_the_room,
    "with_version_note": True,
}

retain_alternative = action_view(
    drafts_services.retain_alternative,
    forms.RetainForm,
    _("ALT %(position)d retained; the other alternatives are dropped."),
    refusal=_("Only the Chair or a Vice-Chair can choose between alternatives."),
    **IN_THE_ROOM,
)
lift_brackets = action_view(
    drafts_services.lift_brackets,
    forms.BracketForm,
    _("Brackets lifted: the passage stays, agreed."),
    refusal=_("Only the Chair or a Vice-Chair can lift brackets."),
    **IN_THE_ROOM,
)
strike_passage = action_view(
    drafts_services.strike_bracketed_passage,
    forms.BracketForm,
    _("Bracketed passage struck."),
    refusal=_("Only the Chair or a Vice-Chair can strike bracketed text."),
    **IN_THE_ROOM,
)

# --- Moves on the status ------------------------------------------------------------------------

mark_pre_agreed = action_view(
    drafts_services.mark_pre_agreed,
    forms.DecisionForm,
    _("%(para)s is pre-agreed."),
    form_name="status",
    allowed=drafts_permissions.can_mark_pre_agreed,
    refusal=_("Only the Chair or a Vice-Chair can mark a paragraph pre-agreed."),
)
mark_agreed = action_view(
    drafts_services.mark_agreed,
    forms.DecisionForm,
    _("%(para)s is agreed."),
    form_name="status",
    allowed=drafts_permissions.can_mark_agreed,
    refusal=_("Only the Chair or a Vice-Chair can mark a paragraph agreed."),
)
reopen = action_view(
    drafts_services.reopen,
    forms.DecisionForm,
    _("%(para)s is open for negotiation again."),
    form_name="status",
    allowed=drafts_permissions.can_reopen,
    refusal=_("Only the Chair or a Vice-Chair can reopen a paragraph."),
)
