"""The secretariat's edit as pen-holder (a reason is required)."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import forms, selectors
from consultations.views.actions import run_action, version_note
from consultations.views.paragraph import PageInput, load_paragraph
from drafts import permissions as drafts_permissions
from drafts import services as drafts_services


@require_POST
def revise(request, process_slug, document_slug, paragraph_uid):
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
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
        return _("Text edited. %(note)s") % {"note": version_note(paragraph)}

    return run_action(
        request,
        paragraph,
        form_name="revise",
        allowed=drafts_permissions.can_revise_paragraph(request.user, paragraph),
        refusal=_("Only the Chair, the Vice-Chairs and the secretariat can change the text."),
        form=form,
        act=act,
        page_input=PageInput(pen_form=form),
    )
