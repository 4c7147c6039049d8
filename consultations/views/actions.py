"""How every action on the paragraph page runs: refused (403), incomplete (400), refused by the
service (its status), or done (a redirect to the page with a message).

`run_action` is that sequence; `action_view` builds the whole view of an action that only passes
its form to one service (the Chair's decisions and moves, withdrawing).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations.views.paragraph import (
    PageInput,
    Problem,
    load_paragraph,
    page_url,
    proposal_or_404,
    render_page,
)
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


def action_view(
    service: Callable[..., Any],
    form_class: type,
    done: str,
    *,
    allowed: Callable[[Any, Any], bool],
    refusal: str,
    form_name: str = "",
    with_version_note: bool = False,
) -> Callable[..., HttpResponse]:
    """The view of an action that passes its form to one service, through `run_action`.

    On a proposal when the URL names one (the answer goes to the form `proposal-<id>`), else on
    the paragraph (the form `form_name`). `allowed(user, target)` is the permission function;
    the service is called as `service(proposal=... or paragraph=..., actor=user, **form data)`,
    so the form's fields are named as the service's keywords. Success says `done`, formatted
    with the proposal's `id`, the paragraph's label as `para` and the form's fields, followed,
    `with_version_note`, by the version the paragraph is now at.
    """

    @require_POST
    def view(request, process_slug, document_slug, paragraph_uid, proposal_id=None):
        paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
        if proposal_id is None:
            target, keyword, answered_form = paragraph, "paragraph", form_name
        else:
            target = proposal_or_404(paragraph, proposal_id)
            keyword, answered_form = "proposal", f"proposal-{target.pk}"

        def act(data) -> str:
            service(**{keyword: target}, actor=request.user, **data)
            message = done % {"id": target.pk, "para": paragraph.label, **data}
            return f"{message} {version_note(paragraph)}" if with_version_note else message

        return run_action(
            request,
            paragraph,
            form_name=answered_form,
            allowed=allowed(request.user, target),
            refusal=str(refusal),
            form=form_class(request.POST),
            act=act,
        )

    view.__name__ = view.__qualname__ = service.__name__
    view.__doc__ = f"Calls {service.__module__}.{service.__name__}."
    return view
