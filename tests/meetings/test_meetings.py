"""The secretariat schedules the fourth physical meeting (14-17 April 2014, ITU Headquarters,
Geneva), chaired by the Chair with Egypt, Switzerland and Saudi Arabia as Vice-Chairs, and
records who took part, day by day, in the room or remote: "more than 140 participants from 70
countries … in a remote and physical manner".
"""

from datetime import date

import pytest

from meetings import selectors, services
from meetings.models import Attendance, AttendanceDay, Meeting, MeetingMode, Participant
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Member, Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

APRIL_14, APRIL_15, APRIL_16, APRIL_17 = (date(2014, 4, day) for day in (14, 15, 16, 17))


def schedule(process, actor, **changes):
    details = {
        "process": process,
        "actor": actor,
        "number": 5,
        "phase": "Phase Five",
        "title": "Fifth Physical Meeting",
        "starts_on": date(2014, 5, 28),
        "ends_on": date(2014, 5, 31),
        "venue": "ITU Headquarters, Geneva",
        "mode": MeetingMode.HYBRID,
    }
    return services.schedule_meeting(**(details | changes))


def update(meeting, actor, **changes):
    return services.update_meeting(meeting=meeting, actor=actor, **changes)


def member_of(process, name, role=Role.DELEGATE):
    return MemberFactory(process=process, role=role, stakeholder=StakeholderFactory(name=name))


# --- Scheduling a meeting ------------------------------------------------------------------------


def test_the_secretariat_schedules_the_fourth_meeting(fourth_meeting, chair_member, vision):
    meeting = Meeting.objects.get(pk=fourth_meeting.pk)

    assert (meeting.number, meeting.phase, meeting.title) == (
        4,
        "Phase Five",
        "Fourth Physical Meeting",
    )
    assert (meeting.starts_on, meeting.ends_on) == (APRIL_14, APRIL_17)
    assert meeting.venue == "ITU Headquarters, Geneva"
    assert meeting.chair == chair_member
    assert sorted(s.name for s in meeting.vice_chairs.all()) == [
        "Egypt",
        "Saudi Arabia (VC)",
        "Switzerland",
    ]
    assert list(meeting.agenda.all()) == [vision]
    assert meeting.links == [
        ("Webcast", "https://www.itu.int/webcast"),
        ("Virtual room", "https://www.itu.int/room"),
    ]


def test_blank_lines_and_spaces_around_links_are_dropped(process, secretariat):
    meeting = schedule(
        process, secretariat, remote_links="\n  Webcast https://itu.int/webcast  \n\n"
    )
    assert meeting.remote_links == "Webcast https://itu.int/webcast"


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_schedules_meetings(process, request, who):
    actor = request.getfixturevalue(who)

    with pytest.raises(ActionNotAllowed, match="Only the secretariat"):
        schedule(process, actor)
    assert not Meeting.objects.exists()


def test_a_secretariat_of_another_process_cannot_schedule_here(process):
    elsewhere = MemberFactory(process=ProcessFactory(), role=Role.SECRETARIAT).user

    with pytest.raises(ActionNotAllowed):
        schedule(process, elsewhere)
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_end_before_it_starts(process, secretariat):
    with pytest.raises(InvalidInput) as refusal:
        schedule(process, secretariat, starts_on=APRIL_17, ends_on=APRIL_14)

    assert refusal.value.message == (
        "The meeting cannot end on 14 April 2014, before it starts on 17 April 2014."
    )
    assert refusal.value.code == "meeting_ends_before_it_starts"
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_title(process, secretariat):
    with pytest.raises(InvalidInput, match="Give the meeting a title"):
        schedule(process, secretariat, title="   ")
    assert not Meeting.objects.exists()


def test_a_number_is_taken_once_per_process(fourth_meeting, process, secretariat):
    with pytest.raises(RuleViolation) as refusal:
        schedule(process, secretariat, number=4)

    assert refusal.value.message == "WSIS+10 already has a meeting number 4."
    assert refusal.value.code == "meeting_number_taken"
    assert Meeting.objects.filter(process=process).count() == 1


def test_another_process_may_have_its_own_fourth_meeting(fourth_meeting):
    other = ProcessFactory()
    organiser = MemberFactory(process=other, role=Role.SECRETARIAT).user

    assert schedule(other, organiser, number=4).number == 4


@pytest.mark.parametrize(
    "links",
    [
        "Webcast www.itu.int/webcast",
        "Webcast",
        "Webcast javascript:alert(1)",
        "Room ftp://itu.int/room",
    ],
)
def test_a_link_must_end_with_a_web_address(process, secretariat, links):
    with pytest.raises(InvalidInput, match=r"Link 1 .* does not end with a web address"):
        schedule(process, secretariat, remote_links=links)
    assert not Meeting.objects.exists()


def test_the_bad_link_is_named_by_its_line(process, secretariat):
    with pytest.raises(InvalidInput, match="Link 2"):
        schedule(
            process, secretariat, remote_links="Webcast https://itu.int/w\nRoom not-an-address"
        )


def test_the_chair_must_chair_this_process(process, secretariat):
    chair_elsewhere = MemberFactory(process=ProcessFactory(), role=Role.CHAIR)

    with pytest.raises(InvalidInput, match="Chair or a Vice-Chair of WSIS\\+10"):
        schedule(process, secretariat, chair=chair_elsewhere)
    assert not Meeting.objects.exists()


def test_a_delegate_cannot_chair_the_meeting(process, secretariat, delegate):
    delegate_member = Member.objects.get(user=delegate, process=process)

    with pytest.raises(InvalidInput, match="Chair or a Vice-Chair"):
        schedule(process, secretariat, chair=delegate_member)


def test_a_vice_chair_may_chair_the_meeting(process, secretariat):
    vice_chair = member_of(process, "Egypt", role=Role.VICE_CHAIR)

    assert schedule(process, secretariat, chair=vice_chair).chair == vice_chair


def test_only_the_process_documents_can_be_on_the_agenda(process, secretariat):
    from drafts import services as drafts_services

    other = ProcessFactory()
    other_secretariat = MemberFactory(process=other, role=Role.SECRETARIAT).user
    foreign = drafts_services.create_document(
        process=other,
        title="Another text",
        short_title="other",
        slug="other",
        actor=other_secretariat,
    )

    with pytest.raises(InvalidInput, match="Only documents of WSIS\\+10"):
        schedule(process, secretariat, agenda=[foreign])
    assert not Meeting.objects.filter(process=process).exists()


# --- Changing a meeting --------------------------------------------------------------------------


def test_the_secretariat_moves_the_meeting_and_changes_its_agenda(
    fourth_meeting, secretariat, make_document
):
    statement = make_document(slug="statement")

    update(
        fourth_meeting,
        secretariat,
        starts_on=APRIL_15,
        venue="CICG, Geneva",
        agenda=[statement],
        vice_chairs=[],
    )

    meeting = Meeting.objects.get(pk=fourth_meeting.pk)
    assert (meeting.starts_on, meeting.venue) == (APRIL_15, "CICG, Geneva")
    assert list(meeting.agenda.all()) == [statement]
    assert not meeting.vice_chairs.exists()


def test_only_the_secretariat_changes_a_meeting(fourth_meeting, chair):
    with pytest.raises(ActionNotAllowed):
        update(fourth_meeting, chair, title="Renamed")
    assert Meeting.objects.get(pk=fourth_meeting.pk).title == "Fourth Physical Meeting"


def test_a_change_is_checked_like_a_new_meeting(fourth_meeting, secretariat):
    with pytest.raises(InvalidInput, match="cannot end on 13 April 2014"):
        update(fourth_meeting, secretariat, ends_on=date(2014, 4, 13))
    with pytest.raises(InvalidInput, match="does not end with a web address"):
        update(fourth_meeting, secretariat, remote_links="Webcast nowhere")

    meeting = Meeting.objects.get(pk=fourth_meeting.pk)
    assert meeting.ends_on == APRIL_17
    assert "https://www.itu.int/webcast" in meeting.remote_links


def test_new_dates_cannot_leave_attendance_outside_the_meeting(
    fourth_meeting, process, secretariat
):
    saudi = member_of(process, "Kingdom of Saudi Arabia")
    services.add_participant(
        meeting=fourth_meeting, member=saudi, actor=secretariat, days={APRIL_17: Attendance.REMOTE}
    )

    with pytest.raises(RuleViolation) as refusal:
        update(fourth_meeting, secretariat, ends_on=APRIL_16)

    assert refusal.value.message == (
        "Attendance is recorded for 17 April 2014, outside the new dates: remove it first."
    )
    assert refusal.value.code == "attendance_outside_dates"
    assert Meeting.objects.get(pk=fourth_meeting.pk).ends_on == APRIL_17


# --- Participants and their days ----------------------------------------------------------------


def test_a_participant_of_a_hybrid_meeting_is_remote_every_day_by_default(
    fourth_meeting, process, secretariat
):
    egypt = member_of(process, "Arab Republic of Egypt")

    participant = services.add_participant(meeting=fourth_meeting, member=egypt, actor=secretariat)

    assert participant.stakeholder == egypt.stakeholder
    assert [(d.day, d.attendance) for d in participant.days.order_by("day")] == [
        (day, Attendance.REMOTE) for day in (APRIL_14, APRIL_15, APRIL_16, APRIL_17)
    ]


def test_a_participant_of_a_physical_meeting_is_in_the_room_by_default(process, secretariat):
    meeting = schedule(process, secretariat, mode=MeetingMode.PHYSICAL)

    participant = services.add_participant(
        meeting=meeting, member=member_of(process, "Kenya"), actor=secretariat
    )

    assert set(participant.days.values_list("attendance", flat=True)) == {Attendance.IN_ROOM}
    assert participant.days.count() == 4


def test_days_can_be_given_one_by_one(fourth_meeting, process, secretariat):
    participant = services.add_participant(
        meeting=fourth_meeting,
        member=member_of(process, "Switzerland"),
        actor=secretariat,
        days={APRIL_14: Attendance.IN_ROOM, APRIL_16: Attendance.REMOTE},
    )

    assert list(participant.days.values_list("day", "attendance")) == [
        (APRIL_14, Attendance.IN_ROOM),
        (APRIL_16, Attendance.REMOTE),
    ]


def test_only_the_secretariat_adds_participants(fourth_meeting, process, chair):
    with pytest.raises(ActionNotAllowed):
        services.add_participant(
            meeting=fourth_meeting, member=member_of(process, "Kenya"), actor=chair
        )
    assert not Participant.objects.exists()


def test_a_participant_is_added_once(fourth_meeting, process, secretariat):
    kenya = member_of(process, "Kenya")
    services.add_participant(meeting=fourth_meeting, member=kenya, actor=secretariat)

    with pytest.raises(RuleViolation) as refusal:
        services.add_participant(meeting=fourth_meeting, member=kenya, actor=secretariat)

    assert "is already a participant of this meeting" in refusal.value.message
    assert "(Kenya)" in refusal.value.message
    assert refusal.value.code == "participant_already_added"
    assert Participant.objects.filter(meeting=fourth_meeting).count() == 1
    assert AttendanceDay.objects.count() == 4


def test_a_member_of_another_process_cannot_take_part(fourth_meeting, secretariat):
    outsider = member_of(ProcessFactory(), "Atlantis")

    with pytest.raises(InvalidInput, match="is not a member of WSIS\\+10"):
        services.add_participant(meeting=fourth_meeting, member=outsider, actor=secretariat)
    assert not Participant.objects.exists()


def test_a_day_outside_the_meeting_is_refused(fourth_meeting, process, secretariat):
    with pytest.raises(InvalidInput) as refusal:
        services.add_participant(
            meeting=fourth_meeting,
            member=member_of(process, "Kenya"),
            actor=secretariat,
            days={date(2014, 4, 18): Attendance.IN_ROOM},
        )

    assert refusal.value.message == (
        "18 April 2014 is not a day of the meeting (14 April 2014 to 17 April 2014)."
    )
    assert not Participant.objects.exists()


def test_an_unknown_attendance_is_refused(fourth_meeting, process, secretariat):
    with pytest.raises(InvalidInput, match="in the room or remote"):
        services.add_participant(
            meeting=fourth_meeting,
            member=member_of(process, "Kenya"),
            actor=secretariat,
            days={APRIL_14: "dreaming"},
        )
    assert not Participant.objects.exists()


def test_the_secretariat_records_a_day_and_an_absence(fourth_meeting, process, secretariat):
    participant = services.add_participant(
        meeting=fourth_meeting, member=member_of(process, "Kenya"), actor=secretariat
    )

    services.record_attendance(
        participant=participant, day=APRIL_15, attendance=Attendance.IN_ROOM, actor=secretariat
    )
    services.record_attendance(
        participant=participant, day=APRIL_16, attendance=None, actor=secretariat
    )

    assert dict(participant.days.values_list("day", "attendance")) == {
        APRIL_14: Attendance.REMOTE,
        APRIL_15: Attendance.IN_ROOM,
        APRIL_17: Attendance.REMOTE,
    }


def test_recording_attendance_is_the_secretariats(fourth_meeting, process, secretariat, delegate):
    participant = services.add_participant(
        meeting=fourth_meeting, member=member_of(process, "Kenya"), actor=secretariat
    )

    with pytest.raises(ActionNotAllowed):
        services.record_attendance(
            participant=participant, day=APRIL_15, attendance=Attendance.IN_ROOM, actor=delegate
        )
    with pytest.raises(InvalidInput, match="not a day of the meeting"):
        services.record_attendance(
            participant=participant,
            day=date(2014, 4, 13),
            attendance=Attendance.IN_ROOM,
            actor=secretariat,
        )
    assert set(participant.days.values_list("attendance", flat=True)) == {Attendance.REMOTE}


def test_the_secretariat_removes_a_participant_with_their_days(
    fourth_meeting, process, secretariat, chair
):
    participant = services.add_participant(
        meeting=fourth_meeting, member=member_of(process, "Kenya"), actor=secretariat
    )

    with pytest.raises(ActionNotAllowed):
        services.remove_participant(participant=participant, actor=chair)
    assert Participant.objects.filter(pk=participant.pk).exists()

    services.remove_participant(participant=participant, actor=secretariat)

    assert not Participant.objects.exists()
    assert not AttendanceDay.objects.exists()


# --- "N participants from M countries/organizations, in the room and remote" -----------------


def test_the_summary_counts_people_stakeholders_and_how_they_took_part(
    fourth_meeting, process, secretariat
):
    saudi = StakeholderFactory(name="Kingdom of Saudi Arabia")
    first, second = (MemberFactory(process=process, stakeholder=saudi) for _ in range(2))
    kenya = member_of(process, "Kenya")
    for member, attendance in [
        (first, Attendance.IN_ROOM),
        (second, Attendance.REMOTE),
        (kenya, Attendance.IN_ROOM),
    ]:
        services.add_participant(
            meeting=fourth_meeting,
            member=member,
            actor=secretariat,
            days={APRIL_14: attendance, APRIL_15: attendance},
        )

    summary = selectors.attendance_summary(fourth_meeting)

    assert (summary.participants, summary.stakeholders) == (3, 2)
    assert (summary.in_room, summary.remote) == (2, 1)
    assert summary.modes == "in the room and remote"


def test_a_participant_both_in_the_room_and_remote_counts_once_in_each(
    fourth_meeting, process, secretariat
):
    services.add_participant(
        meeting=fourth_meeting,
        member=member_of(process, "Kenya"),
        actor=secretariat,
        days={APRIL_14: Attendance.IN_ROOM, APRIL_15: Attendance.REMOTE},
    )

    summary = selectors.attendance_summary(fourth_meeting)

    assert (summary.participants, summary.in_room, summary.remote) == (1, 1, 1)


def test_the_summary_of_a_meeting_without_participants(fourth_meeting):
    summary = selectors.attendance_summary(fourth_meeting)

    assert (summary.participants, summary.stakeholders, summary.in_room, summary.remote) == (
        0,
        0,
        0,
        0,
    )
    assert summary.modes == ""


def test_the_summary_counts_only_this_meetings_participants(fourth_meeting, process, secretariat):
    fifth = schedule(process, secretariat)
    services.add_participant(meeting=fifth, member=member_of(process, "Kenya"), actor=secretariat)

    assert selectors.attendance_summary(fourth_meeting).participants == 0
    assert selectors.attendance_summary(fifth).participants == 1


def test_a_change_keeps_every_detail_it_does_not_name(fourth_meeting, secretariat):
    """Changing the agenda alone leaves the venue, phase, links and Vice-Chairs as they were."""
    vice_chairs = set(fourth_meeting.vice_chairs.all())

    services.update_meeting(meeting=fourth_meeting, actor=secretariat, agenda=[])

    meeting = Meeting.objects.get(pk=fourth_meeting.pk)
    assert list(meeting.agenda.all()) == []
    assert meeting.venue == "ITU Headquarters, Geneva"
    assert meeting.phase == "Phase Five"
    assert "Webcast https://www.itu.int/webcast" in meeting.remote_links
    assert set(meeting.vice_chairs.all()) == vice_chairs


def test_a_change_naming_an_unknown_detail_is_a_programming_error(fourth_meeting, secretariat):
    with pytest.raises(TypeError, match="number"):
        services.update_meeting(meeting=fourth_meeting, actor=secretariat, number=9)


def test_the_process_home_names_the_next_meeting_and_the_latest_with_outcomes(
    process, fourth_meeting, secretariat, chair
):
    fifth = schedule(process, secretariat)  # 28-31 May 2014, no outcomes recorded
    in_june = date(2014, 6, 20)

    # Both are past; the fourth has no outcomes either: the latest held is the fifth.
    assert selectors.next_and_latest_meetings(process, today=in_june) == (None, fifth)

    services.record_outcome_point(meeting=fourth_meeting, actor=chair, text="Texts agreed.")
    assert selectors.next_and_latest_meetings(process, today=in_june) == (None, fourth_meeting)

    # On the fifth meeting's second day, it is under way: still the one to come.
    assert selectors.next_and_latest_meetings(process, today=date(2014, 5, 29)) == (
        fifth,
        fourth_meeting,
    )
