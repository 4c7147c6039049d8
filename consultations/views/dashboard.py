"""A member's dashboard (their stakeholder's proposals, assignments, open periods,
notifications) and following a paragraph.

Both forms here are plain posts; htmx, where it runs, swaps only the part they change (the
follow box, the list of notifications) instead of loading the page again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from consultations import dashboard_selectors, permissions
from consultations.services import notifications
from consultations.views.paragraph import Problem, load_paragraph, page_url, render_page
from drafts.views import readable_process
from processes.errors import ActionNotAllowed


def _swaps_a_part(request: HttpRequest) -> bool:
    """An htmx request aimed at one part of the page (not a boosted link or form)."""
    return bool(request.htmx) and not request.htmx.boosted


@login_required
@require_GET
def dashboard(request: HttpRequest, process_slug: str) -> HttpResponse:
    """Visitors are sent to log in; people who may not read the process get a 404 (as on every
    page of a closed process); anyone who may read it sees their own dashboard, with proposals
    and assignments when they act for a stakeholder."""
    process = readable_process(request, process_slug)
    board = dashboard_selectors.dashboard_for(user=request.user, process=process)
    return render(
        request,
        "consultations/dashboard/dashboard.html",
        {"process": process, "board": board, "unread_notifications": board.unread},
    )


@login_required
@require_POST
def mark_notifications_read(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = readable_process(request, process_slug)
    count = notifications.mark_notifications_read(actor=request.user, process=process)
    if _swaps_a_part(request):
        listed, unread = dashboard_selectors.notifications_for(request.user, process)
        return render(
            request,
            "consultations/dashboard/_notifications.html",
            {"process": process, "notifications": listed, "unread": unread, "oob": True},
        )
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("dashboard:dashboard", process.slug)


def _back_to(request: HttpRequest, default: str) -> str:
    """Where a plain follow form returns: its `next` when it is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def follow(request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid):
    """Follows (`follow=1`) or unfollows (`follow=0`) the paragraph. Saying what one wants,
    rather than toggling, makes a repeated post (a double click, a retry) change nothing."""
    paragraph = load_paragraph(request, process_slug, document_slug, paragraph_uid)
    if not request.user.is_authenticated:
        login = redirect_to_login(page_url(paragraph))
        return HttpResponseClientRedirect(login.url) if request.htmx else login
    wanted = request.POST.get("follow")
    if wanted not in ("0", "1"):
        return _follow_answer(
            request, paragraph, problem=_("Say whether to follow the paragraph."), status=400
        )
    try:
        if wanted == "1":
            notifications.follow_paragraph(paragraph=paragraph, actor=request.user)
            done = _("You follow %(para)s: you will hear of new proposals and status changes.")
        else:
            notifications.unfollow_paragraph(paragraph=paragraph, actor=request.user)
            done = _("You no longer follow %(para)s.")
    except ActionNotAllowed as error:
        return _follow_answer(request, paragraph, problem=error.message, status=403)
    if _swaps_a_part(request):
        return _follow_answer(request, paragraph, following=wanted == "1")
    messages.success(request, done % {"para": paragraph.label})
    return redirect(_back_to(request, page_url(paragraph)))


def _follow_answer(
    request: HttpRequest,
    paragraph,
    *,
    following: bool | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The follow box alone for htmx; else, for a refusal, the paragraph page saying why."""
    if not _swaps_a_part(request):
        return render_page(request, paragraph, status=status, problem=Problem(problem, "follow"))
    if following is None:
        following = dashboard_selectors.reader_state(
            request.user, paragraph.chapter.document.process, paragraph
        ).following
    return render(
        request,
        "consultations/dashboard/_follow.html",
        {
            "process": paragraph.chapter.document.process,
            "document": paragraph.chapter.document,
            "paragraph": paragraph,
            "following": following,
            "may_follow": permissions.can_follow(request.user, paragraph),
            "follow_problem": problem,
            "announce": not problem,
        },
        status=status,
    )
