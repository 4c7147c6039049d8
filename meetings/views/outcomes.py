"""The Chair's main outcomes of a meeting, laid out as the Chair's document is: the title block,
the numbered points and decisions with what they link to, the action items, the redrafts assigned
at the meeting, the next meeting and the Chair's signature; and the same as a PDF.

Whoever may read the process's meetings reads the outcomes (404 otherwise, hiding the process).
The Chair, the Vice-Chairs and the secretariat record points and action items on the same page;
a refusal renders the page again with the service's message and the status it carries (400, 403,
409), the input kept; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from consultations import assignment_selectors
from drafts.views import pdf_file_response
from meetings import permissions, selectors
from meetings.forms.outcomes import (
    ActionItemForm,
    ActionItemStateForm,
    OutcomePointForm,
    paragraph_label,
)
from meetings.models import ActionItem, ActionItemState, Meeting
from meetings.services import outcomes as services
from meetings.views.access import readable_meeting
from meetings.views.meetings import dates_label
from processes.errors import DomainError

NOT_A_RECORDER = gettext_lazy(
    "Only the Chair, a Vice-Chair or the secretariat can record the meeting's outcomes."
)


def _meeting(request: HttpRequest, process_slug: str, number: int) -> Meeting:
    return readable_meeting(request.user, process_slug, number)


# --- What the page and the PDF show ------------------------------------------------------------


def _member_name(member) -> str:
    return member.user.get_full_name() or member.user.get_username()


def outcomes_context(meeting: Meeting) -> dict:
    """Everything the outcomes show, the same for every reader (the PDF is rendered from it:
    nothing here depends on who asks)."""
    process = meeting.process
    outcomes = selectors.outcomes_of(meeting)
    for point in outcomes.points:
        point.paragraph_links = [
            (paragraph, paragraph_label(paragraph))
            for paragraph in sorted(
                point.paragraphs.all(),
                key=lambda p: (p.chapter.document_id, p.chapter.order, p.number, p.insertion),
            )
        ]
    for item in outcomes.action_items:
        item.is_overdue = item.is_overdue_on(outcomes.today)
    assignments = [
        {
            "assignment": assignment,
            "paragraphs": assignment_selectors.paragraphs_label(
                assignment_selectors.ordered_paragraphs(assignment)
            ),
            "assignee": assignment_selectors.assignee_label(assignment),
            "due": assignment_selectors.local_deadline(assignment.due_at, process),
        }
        for assignment in outcomes.assignments
    ]
    following = outcomes.next_meeting
    chair = meeting.chair if meeting.chair_id else None
    return {
        "process": process,
        "meeting": meeting,
        "dates": dates_label(meeting.starts_on, meeting.ends_on),
        "points": outcomes.points,
        "action_items": outcomes.action_items,
        "assignments": assignments,
        "next_meeting": following,
        "next_dates": dates_label(following.starts_on, following.ends_on) if following else "",
        "today": outcomes.today,
        "chair_name": _member_name(chair) if chair else "",
        "chair_stakeholder": str(chair.stakeholder) if chair and chair.stakeholder_id else "",
    }


def _page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    point_form: OutcomePointForm | None = None,
    action_form: ActionItemForm | None = None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = outcomes_context(meeting)
    may_record = permissions.can_record_outcomes(request.user, meeting.process)
    if may_record:
        point_form = point_form or OutcomePointForm(process=meeting.process)
        action_form = action_form or ActionItemForm(meeting=meeting, points=context["points"])
    return render(
        request,
        "meetings/outcomes/page.html",
        {
            **context,
            "may_record": may_record,
            "point_form": point_form if may_record else None,
            "action_form": action_form if may_record else None,
            "state_choices": ActionItemState.choices,
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
def meeting_outcomes(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    return _page(request, _meeting(request, process_slug, number))


def _outcomes_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:outcomes", args=[meeting.process.slug, meeting.number])
    return f"{url}#{anchor}" if anchor else url


def _refused(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """A login for the anonymous, the page with a 403 for whoever may not record outcomes."""
    if not request.user.is_authenticated:
        return redirect_to_login(_outcomes_url(meeting))
    if not permissions.can_record_outcomes(request.user, meeting.process):
        return _page(request, meeting, status=403, refusal=NOT_A_RECORDER)
    return None


# --- Recording the outcomes ---------------------------------------------------------------------


@require_POST
def add_outcome_point(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, process_slug, number)
    if refusal := _refused(request, meeting):
        return refusal
    form = OutcomePointForm(request.POST, process=meeting.process)
    if not form.is_valid():
        return _page(request, meeting, point_form=form, status=400)
    try:
        point = services.record_outcome_point(
            meeting=meeting, actor=request.user, **form.service_arguments()
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _page(request, meeting, point_form=form, status=error.http_status)
    messages.success(request, _("Point %(n)d is recorded.") % {"n": point.number})
    return redirect(_outcomes_url(meeting, f"point-{point.number}"))


@require_POST
def add_action_item(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    meeting = _meeting(request, process_slug, number)
    if refusal := _refused(request, meeting):
        return refusal
    form = ActionItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _page(request, meeting, action_form=form, status=400)
    try:
        item = services.add_action_item(
            meeting=meeting, actor=request.user, **form.service_arguments()
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _page(request, meeting, action_form=form, status=error.http_status)
    messages.success(request, _("The action item is recorded."))
    return redirect(_outcomes_url(meeting, f"action-{item.pk}"))


@require_POST
def action_item_state(
    request: HttpRequest, process_slug: str, number: int, item_id: int
) -> HttpResponse:
    meeting = _meeting(request, process_slug, number)
    item = ActionItem.objects.filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise Http404
    if refusal := _refused(request, meeting):
        return refusal
    form = ActionItemStateForm(request.POST)
    if not form.is_valid():
        return _page(
            request, meeting, status=400, refusal=_("An action item is open, done or cancelled.")
        )
    try:
        item = services.set_action_item_state(
            item=item, state=form.cleaned_data["state"], actor=request.user
        )
    except DomainError as error:
        return _page(request, meeting, status=error.http_status, refusal=error.message)
    messages.success(
        request,
        _("The action item is now %(state)s.") % {"state": item.get_state_display().lower()},
    )
    return redirect(_outcomes_url(meeting, f"action-{item.pk}"))


# --- The PDF -----------------------------------------------------------------------------------


@require_GET
def outcomes_pdf(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    """The outcomes as a PDF, rendered by a worker once per content: 202 and a page that reloads
    while it renders, the file when it is ready."""
    meeting = _meeting(request, process_slug, number)
    context = outcomes_context(meeting)
    rendering = services.request_outcomes_pdf(meeting=meeting, context=context)
    rendering.refresh_from_db()
    if rendering.is_ready:
        return pdf_file_response(rendering, services.outcomes_filename(meeting))
    return render(
        request,
        "meetings/outcomes/pdf_pending.html",
        {**context, "rendering": rendering},
        status=202,
    )
