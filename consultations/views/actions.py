"""How every action on the paragraph page runs: refused (403), incomplete (400), refused by the
service (its status), or done (a redirect to the page with a message)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from consultations.views.paragraph import PageInput, Problem, load_paragraph, page_url, render_page
from drafts.models import Paragraph
from processes.errors import DomainError


def run_action(
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
        return redirect_to_login(page_url(paragraph))
    page_input = page_input or PageInput()
    page_input.kept = request.POST
    if not allowed:
        return render_page(
            request,
            paragraph,
            status=403,
            problem=Problem(refusal, form=form_name),
            page_input=page_input,
        )
    if not form.is_valid():
        return render_page(
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
        fresh = load_paragraph(
            request,
            paragraph.chapter.document.process.slug,
            paragraph.chapter.document.slug,
            paragraph.uid,
        )
        return render_page(
            request,
            fresh,
            status=error.http_status,
            problem=Problem.from_error(error, form_name),
            page_input=page_input,
        )
    messages.success(request, done)
    return redirect(page_url(paragraph))


def version_note(paragraph: Paragraph) -> str:
    paragraph.refresh_from_db(fields=["current_version", "status"])
    return _("%(para)s is now at version %(version)d.") % {
        "para": paragraph.label,
        "version": paragraph.current_version.sequence,
    }
