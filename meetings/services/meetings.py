"""Scheduling meetings and recording who took part, and how, day by day."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from drafts.models import Document
from meetings import permissions
from meetings.models import Attendance, AttendanceDay, Meeting, MeetingMode, Participant
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Member, Process, Role, Stakeholder

MAX_MEETING_DAYS = 31
MAX_LINKS = 20
_check_url = URLValidator(schemes=["http", "https"])


def _require_organiser(actor, process: Process) -> None:
    if not permissions.can_organise_meetings(actor, process):
        raise ActionNotAllowed(_("Only the secretariat can schedule meetings and participants."))


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _clean_details(
    *,
    process: Process,
    title: str,
    starts_on: date,
    ends_on: date,
    mode: str,
    remote_links: str,
    chair: Member | None,
    vice_chairs: Iterable[Stakeholder],
    agenda: Iterable[Document],
) -> tuple[str, str, list[Stakeholder], list[Document]]:
    title = title.strip()
    if not title:
        raise InvalidInput(_("Give the meeting a title, e.g. “Fourth Physical Meeting”."))
    if ends_on < starts_on:
        raise InvalidInput(
            _("The meeting cannot end on %(end)s, before it starts on %(start)s.")
            % {"end": _day(ends_on), "start": _day(starts_on)},
            code="meeting_ends_before_it_starts",
        )
    if (ends_on - starts_on).days >= MAX_MEETING_DAYS:
        raise InvalidInput(_("A meeting lasts at most %(days)d days.") % {"days": MAX_MEETING_DAYS})
    if mode not in MeetingMode.values:
        raise InvalidInput(_("Choose how the meeting is held: physical, remote or both."))
    lines = [line.strip() for line in remote_links.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise InvalidInput(_("At most %(max)d links, one per line.") % {"max": MAX_LINKS})
    for number, line in enumerate(lines, start=1):
        address = line.rpartition(" ")[2]
        try:
            _check_url(address)
        except ValidationError as error:
            raise InvalidInput(
                _("Link %(number)d (“%(line)s”) does not end with a web address (https://…).")
                % {"number": number, "line": line[:80]}
            ) from error
    if chair is not None and (
        chair.process_id != process.pk or chair.role not in (Role.CHAIR, Role.VICE_CHAIR)
    ):
        raise InvalidInput(
            _("The meeting's Chair must be the Chair or a Vice-Chair of %(p)s.")
            % {"p": process.code}
        )
    agenda = list(agenda)
    if any(document.process_id != process.pk for document in agenda):
        raise InvalidInput(_("Only documents of %(p)s can be on the agenda.") % {"p": process.code})
    return title, "\n".join(lines), list(vice_chairs), agenda


@transaction.atomic
def schedule_meeting(
    *,
    process: Process,
    actor,
    number: int,
    title: str,
    starts_on: date,
    ends_on: date,
    phase: str = "",
    venue: str = "",
    mode: str = MeetingMode.HYBRID,
    remote_links: str = "",
    chair: Member | None = None,
    vice_chairs: Iterable[Stakeholder] = (),
    agenda: Iterable[Document] = (),
) -> Meeting:
    _require_organiser(actor, process)
    title, remote_links, vice_chairs, agenda = _clean_details(
        process=process,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        mode=mode,
        remote_links=remote_links,
        chair=chair,
        vice_chairs=vice_chairs,
        agenda=agenda,
    )
    if number < 1:
        raise InvalidInput(_("Meetings are numbered from 1."))
    if Meeting.objects.filter(process=process, number=number).exists():
        raise RuleViolation(
            _("%(p)s already has a meeting number %(n)d.") % {"p": process.code, "n": number},
            code="meeting_number_taken",
        )
    meeting = Meeting.objects.create(
        process=process,
        number=number,
        title=title,
        phase=phase.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        mode=mode,
        remote_links=remote_links,
        chair=chair,
    )
    meeting.vice_chairs.set(vice_chairs)
    meeting.agenda.set(agenda)
    return meeting


MEETING_DETAILS = frozenset(
    {
        "title",
        "phase",
        "starts_on",
        "ends_on",
        "venue",
        "mode",
        "remote_links",
        "chair",
        "vice_chairs",
        "agenda",
    }
)


def _current_details(meeting: Meeting) -> dict:
    details = {name: getattr(meeting, name) for name in MEETING_DETAILS - {"vice_chairs", "agenda"}}
    details["vice_chairs"] = list(meeting.vice_chairs.all())
    details["agenda"] = list(meeting.agenda.all())
    return details


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, **changes) -> Meeting:
    """Changes the meeting's details (the keyword arguments of `schedule_meeting` but its
    number); what is not given stays as it is."""
    if unknown := set(changes) - MEETING_DETAILS:
        raise TypeError(f"update_meeting() got unexpected details: {', '.join(sorted(unknown))}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_organiser(actor, meeting.process)
    details = _current_details(meeting) | changes
    phase, venue = details.pop("phase"), details.pop("venue")
    starts_on, ends_on = details["starts_on"], details["ends_on"]
    title, remote_links, vice_chairs, agenda = _clean_details(process=meeting.process, **details)
    outside = AttendanceDay.objects.filter(participant__meeting=meeting).exclude(
        day__range=(starts_on, ends_on)
    )
    if outside.exists():
        raise RuleViolation(
            _("Attendance is recorded for %(day)s, outside the new dates: remove it first.")
            % {"day": _day(outside.order_by("day").first().day)},
            code="attendance_outside_dates",
        )
    meeting.title = title
    meeting.phase = phase.strip()
    meeting.starts_on = starts_on
    meeting.ends_on = ends_on
    meeting.venue = venue.strip()
    meeting.mode = details["mode"]
    meeting.remote_links = remote_links
    meeting.chair = details["chair"]
    meeting.save()
    meeting.vice_chairs.set(vice_chairs)
    meeting.agenda.set(agenda)
    return meeting


def _check_day(meeting: Meeting, day: date, attendance: str) -> None:
    if not meeting.starts_on <= day <= meeting.ends_on:
        raise InvalidInput(
            _("%(day)s is not a day of the meeting (%(start)s to %(end)s).")
            % {"day": _day(day), "start": _day(meeting.starts_on), "end": _day(meeting.ends_on)}
        )
    if attendance not in Attendance.values:
        raise InvalidInput(_("Say whether they were in the room or remote."))


@transaction.atomic
def add_participant(
    *,
    meeting: Meeting,
    member: Member,
    actor,
    days: Mapping[date, str] | None = None,
) -> Participant:
    """Records that the member took part, for their stakeholder, with their attendance per day
    (default: every day of the meeting, in the room for a physical meeting, else remote)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_organiser(actor, meeting.process)
    if member.process_id != meeting.process_id:
        raise InvalidInput(
            _("%(member)s is not a member of %(p)s.")
            % {"member": member, "p": meeting.process.code}
        )
    if meeting.participants.filter(member=member).exists():
        raise RuleViolation(
            _("%(who)s is already a participant of this meeting.") % {"who": _who(member)},
            code="participant_already_added",
        )
    if days is None:
        default = Attendance.IN_ROOM if meeting.mode == MeetingMode.PHYSICAL else Attendance.REMOTE
        days = {
            meeting.starts_on + timedelta(days=offset): default
            for offset in range(_length(meeting))
        }
    for day, attendance in days.items():
        _check_day(meeting, day, attendance)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                meeting=meeting, member=member, stakeholder=member.stakeholder
            )
    except IntegrityError as error:  # a concurrent add of the same member
        raise RuleViolation(
            _("%(who)s is already a participant of this meeting.") % {"who": _who(member)},
            code="participant_already_added",
        ) from error
    AttendanceDay.objects.bulk_create(
        AttendanceDay(participant=participant, day=day, attendance=attendance)
        for day, attendance in sorted(days.items())
    )
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, actor) -> None:
    _require_organiser(actor, participant.meeting.process)
    participant.delete()


@transaction.atomic
def record_attendance(
    *, participant: Participant, day: date, attendance: str | None, actor
) -> None:
    """Sets how the participant took part that day; `None` records that they were absent."""
    meeting = participant.meeting
    _require_organiser(actor, meeting.process)
    if attendance is None:
        AttendanceDay.objects.filter(participant=participant, day=day).delete()
        return
    _check_day(meeting, day, attendance)
    AttendanceDay.objects.update_or_create(
        participant=participant, day=day, defaults={"attendance": attendance}
    )


def _who(member: Member) -> str:
    name = member.user.get_full_name() or member.user.get_username()
    return f"{name} ({member.stakeholder})" if member.stakeholder_id else name


def _length(meeting: Meeting) -> int:
    return (meeting.ends_on - meeting.starts_on).days + 1
