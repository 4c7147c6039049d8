"""The meetings of a process: the list, scheduling and changing a meeting (the secretariat), the
meeting page, and who took part, day by day.

Meetings are as readable as the process's drafts (404 otherwise, hiding the process). A refusal
renders the page again with the service's message and the status it carries (400, 403, 409),
the input kept; nothing is saved.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from meetings import permissions, selectors
from meetings.forms.meetings import (
    AddParticipantForm,
    AttendanceForm,
    MeetingForm,
    RemoveParticipantForm,
    days_of,
    initial_for,
    member_label,
)
from meetings.models import Attendance, Meeting
from meetings.selectors import AttendanceSummary
from meetings.services import meetings as services
from meetings.views.access import meeting_of, readable_process
from processes.errors import DomainError
from processes.models import Process

WEB_ADDRESS_PREFIXES = ("https://", "http://")


def _process(request: HttpRequest, process_slug: str) -> Process:
    return readable_process(request.user, process_slug)


_meeting = meeting_of


# --- How a meeting is described ------------------------------------------------------------------


def _day(value: date, *, month: bool = True, year: bool = True) -> str:
    text = str(value.day)
    if month:
        text += f" {value:%B}"
    if year:
        text += f" {value.year}"
    return text


def dates_label(starts_on: date, ends_on: date) -> str:
    """ "14-17 April 2014"; "30 April - 2 May 2014"; "30 December 2014 - 2 January 2015"."""
    if starts_on == ends_on:
        return _day(starts_on)
    if starts_on.year != ends_on.year:
        return f"{_day(starts_on)} - {_day(ends_on)}"
    if starts_on.month != ends_on.month:
        return f"{_day(starts_on, year=False)} - {_day(ends_on)}"
    return f"{starts_on.day}-{_day(ends_on)}"


def participation_sentence(summary: AttendanceSummary) -> str:
    """ "140 participants from 70 countries/organizations, in the room and remote"."""
    if not summary.participants:
        return _("No participants recorded yet.")
    sentence = ngettext("%(n)d participant", "%(n)d participants", summary.participants) % {
        "n": summary.participants
    }
    if summary.stakeholders:
        sentence += " " + ngettext(
            "from %(m)d country/organization",
            "from %(m)d countries/organizations",
            summary.stakeholders,
        ) % {"m": summary.stakeholders}
    modes = {
        "in the room and remote": _("in the room and remote"),
        "in the room": _("in the room"),
        "remote": _("remote"),
    }.get(summary.modes)
    if modes:
        sentence += ", " + modes
    return sentence + "."


def _links(meeting: Meeting) -> list[tuple[str, str, bool]]:
    """(label, address, is a web address): only http(s) addresses become links, whatever was
    stored (the admin does not go through the service that checks them)."""
    return [
        (label, address, address.lower().startswith(WEB_ADDRESS_PREFIXES))
        for label, address in meeting.links
    ]


def _refusal_status(form, error: DomainError) -> int:
    if form is not None:
        form.add_error(None, error.message)
    return error.http_status


# --- The list ------------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest, process_slug: str) -> HttpResponse:
    """The process's meetings, the latest first."""
    process = _process(request, process_slug)
    meetings = list(selectors.meetings_of(process))
    for meeting in meetings:
        meeting.dates_label = dates_label(meeting.starts_on, meeting.ends_on)
    return render(
        request,
        "meetings/meeting/list.html",
        {
            "process": process,
            "meetings": meetings,
            "may_organise": permissions.can_organise_meetings(request.user, process),
        },
    )


# --- Scheduling and changing a meeting ----------------------------------------------------------


def _form_page(request, process, *, form, meeting=None, status=200, refusal=""):
    return render(
        request,
        "meetings/meeting/form.html",
        {
            "process": process,
            "meeting": meeting,
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


def _not_organiser(request, process, meeting=None) -> HttpResponse:
    return _form_page(
        request,
        process,
        form=None,
        meeting=meeting,
        status=403,
        refusal=_("Only the secretariat schedules and changes meetings."),
    )


def _next_number(process: Process) -> int:
    highest = Meeting.objects.filter(process=process).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


@require_http_methods(["GET", "POST"])
def schedule_meeting(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = _process(request, process_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_organise_meetings(request.user, process):
        return _not_organiser(request, process)
    if request.method == "GET":
        form = MeetingForm(process=process, initial={"number": _next_number(process)})
        return _form_page(request, process, form=form)
    form = MeetingForm(request.POST, process=process)
    if not form.is_valid():
        return _form_page(request, process, form=form, status=400)
    try:
        meeting = services.schedule_meeting(
            process=process, actor=request.user, **form.service_arguments()
        )
    except DomainError as error:
        return _form_page(request, process, form=form, status=_refusal_status(form, error))
    messages.success(
        request,
        _("%(title)s is scheduled for %(dates)s.")
        % {"title": meeting.title, "dates": dates_label(meeting.starts_on, meeting.ends_on)},
    )
    return redirect("meetings:meeting", process.slug, meeting.number)


@require_http_methods(["GET", "POST"])
def edit_meeting(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    process = _process(request, process_slug)
    meeting = _meeting(process, number)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_organise_meetings(request.user, process):
        return _not_organiser(request, process, meeting)
    if request.method == "GET":
        form = MeetingForm(process=process, meeting=meeting, initial=initial_for(meeting))
        return _form_page(request, process, form=form, meeting=meeting)
    form = MeetingForm(
        request.POST, process=process, meeting=meeting, initial={"number": meeting.number}
    )
    if not form.is_valid():
        return _form_page(request, process, form=form, meeting=meeting, status=400)
    try:
        services.update_meeting(meeting=meeting, actor=request.user, **form.service_arguments())
    except DomainError as error:
        status = _refusal_status(form, error)
        return _form_page(request, process, form=form, meeting=meeting, status=status)
    messages.success(request, _("The meeting is changed."))
    return redirect("meetings:meeting", process.slug, meeting.number)


# --- The meeting page ----------------------------------------------------------------------------


@require_GET
def meeting_detail(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    process = _process(request, process_slug)
    meeting = _meeting(process, number)
    summary = selectors.attendance_summary(meeting)
    return render(
        request,
        "meetings/meeting/detail.html",
        {
            "process": process,
            "meeting": meeting,
            "dates": dates_label(meeting.starts_on, meeting.ends_on),
            "links": _links(meeting),
            "chair_name": member_label(meeting.chair) if meeting.chair_id else "",
            "vice_chairs": list(meeting.vice_chairs.all()),
            "agenda": list(meeting.agenda.all()),
            "summary": summary,
            "participation": participation_sentence(summary),
            "may_organise": permissions.can_organise_meetings(request.user, process),
            "may_see_dashboard": permissions.can_see_meeting_dashboard(request.user, process),
        },
    )


# --- Participants --------------------------------------------------------------------------------

ADD, ATTEND, REMOVE = "add", "attend", "remove"


def _participant_rows(meeting: Meeting, days: list[date]) -> list[dict]:
    rows = []
    labels = dict(Attendance.choices)
    for participant in selectors.participants_of(meeting):
        attended = {day.day: day.attendance for day in participant.days.all()}
        rows.append(
            {
                "participant": participant,
                "name": participant.member.user.get_full_name()
                or participant.member.user.get_username(),
                "cells": [
                    (day, attended.get(day, ""), labels.get(attended.get(day), _("Absent")))
                    for day in days
                ],
            }
        )
    return rows


def _participants_page(request, meeting, *, add_form=None, status=200, refusal=""):
    process = meeting.process
    may_organise = permissions.can_organise_meetings(request.user, process)
    days = days_of(meeting)
    if may_organise and add_form is None:
        add_form = AddParticipantForm(meeting=meeting)
    return render(
        request,
        "meetings/meeting/participants.html",
        {
            "process": process,
            "meeting": meeting,
            "dates": dates_label(meeting.starts_on, meeting.ends_on),
            "days": days,
            "rows": _participant_rows(meeting, days),
            "participation": participation_sentence(selectors.attendance_summary(meeting)),
            "may_organise": may_organise,
            "add_form": add_form if may_organise else None,
            "attendance_choices": [*Attendance.choices, ("absent", _("Absent"))],
            "refusal": refusal,
        },
        status=status,
    )


def _form_problem(form) -> str:
    problems = [str(error) for errors in form.errors.values() for error in errors]
    return " ".join(problems) or _("Check the input.")


@require_http_methods(["GET", "POST"])
def meeting_participants(request: HttpRequest, process_slug: str, number: int) -> HttpResponse:
    """Who took part and how, day by day. The secretariat adds a participant (`action=add`),
    records a day's attendance (`action=attend`) or removes a participant (`action=remove`)."""
    process = _process(request, process_slug)
    meeting = _meeting(process, number)
    if request.method == "GET":
        return _participants_page(request, meeting)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_organise_meetings(request.user, process):
        return _participants_page(
            request,
            meeting,
            status=403,
            refusal=_("Only the secretariat records who took part in a meeting."),
        )
    action = request.POST.get("action")
    try:
        if action == ADD:
            form = AddParticipantForm(request.POST, meeting=meeting)
            if not form.is_valid():
                return _participants_page(request, meeting, add_form=form, status=400)
            try:
                participant = services.add_participant(
                    meeting=meeting,
                    member=form.cleaned_data["member"],
                    actor=request.user,
                    days=form.days(),
                )
            except DomainError as error:
                status = _refusal_status(form, error)
                return _participants_page(request, meeting, add_form=form, status=status)
            done = _("%(who)s is a participant.") % {"who": member_label(participant.member)}
        elif action == ATTEND:
            form = AttendanceForm(request.POST, meeting=meeting)
            if not form.is_valid():
                return _participants_page(request, meeting, status=400, refusal=_form_problem(form))
            services.record_attendance(actor=request.user, **form.service_arguments())
            done = _("Attendance is recorded.")
        elif action == REMOVE:
            form = RemoveParticipantForm(request.POST, meeting=meeting)
            if not form.is_valid():
                return _participants_page(request, meeting, status=400, refusal=_form_problem(form))
            participant = form.cleaned_data["participant"]
            services.remove_participant(participant=participant, actor=request.user)
            done = _("%(who)s is no longer listed as a participant.") % {
                "who": member_label(participant.member)
            }
        else:
            return _participants_page(
                request, meeting, status=400, refusal=_("Unknown action: reload the page.")
            )
    except DomainError as error:
        return _participants_page(request, meeting, status=error.http_status, refusal=error.message)
    messages.success(request, done)
    return redirect("meetings:participants", process.slug, meeting.number)
