"""The meeting pages as each role sees them: the secretariat schedules the fourth physical meeting
through the form and finds it on the list; everyone who reads the drafts reads the meeting page
("Phase Five: Fourth Physical Meeting", "14-17 April 2014", "ITU Headquarters, Geneva", "N
participants from M countries/organizations, in the room and remote"); only the secretariat
records who took part.
"""

from datetime import date

import pytest
from django.urls import reverse

from meetings import services
from meetings.forms.meetings import days_of
from meetings.models import Attendance, AttendanceDay, Meeting, MeetingMode, Participant
from meetings.views.meetings import dates_label
from processes.models import Member, Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

APRIL_14, APRIL_15, APRIL_16, APRIL_17 = (date(2014, 4, day) for day in (14, 15, 16, 17))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name, meeting=None, process_slug="wsis10"):
    args = [process_slug] + ([meeting.number] if meeting else [])
    return reverse(f"meetings:{name}", args=args)


def logged_in(client, user):
    client.force_login(user)
    return client


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def form_data(chair_member, vision, **changes):
    data = {
        "number": "4",
        "phase": "Phase Five",
        "title": "Fourth Physical Meeting",
        "starts_on": "2014-04-14",
        "ends_on": "2014-04-17",
        "venue": "ITU Headquarters, Geneva",
        "mode": MeetingMode.HYBRID,
        "remote_links": "Webcast https://www.itu.int/webcast",
        "chair": str(chair_member.pk),
        "agenda": [str(vision.pk)],
    }
    return data | changes


def add_participants(meeting, process, secretariat, count, *, attendance=Attendance.IN_ROOM):
    for number in range(count):
        member = MemberFactory(
            process=process, stakeholder=StakeholderFactory(name=f"Country {number}")
        )
        services.add_participant(
            meeting=meeting,
            member=member,
            actor=secretariat,
            days=dict.fromkeys(days_of(meeting)[:2], attendance),
        )


# --- How dates read ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "label"),
    [
        (APRIL_14, APRIL_17, "14-17 April 2014"),
        (APRIL_14, APRIL_14, "14 April 2014"),
        (date(2014, 4, 30), date(2014, 5, 2), "30 April - 2 May 2014"),
        (date(2014, 12, 30), date(2015, 1, 2), "30 December 2014 - 2 January 2015"),
    ],
)
def test_meeting_dates_read_as_in_the_source(starts_on, ends_on, label):
    assert dates_label(starts_on, ends_on) == label


# --- Scheduling through the form ----------------------------------------------------------------


def test_the_secretariat_schedules_a_meeting_and_finds_it_on_the_list(
    client, process, secretariat, chair_member, vision
):
    logged_in(client, secretariat)
    form_page = client.get(url("schedule"))
    response = client.post(url("schedule"), form_data(chair_member, vision))

    assert form_page.status_code == 200 and 'name="number" value="1"' in form_page.content.decode()
    meeting = Meeting.objects.get(process=process, number=4)
    assert response.status_code == 302 and response.url == url("meeting", meeting)
    assert meeting.chair == chair_member and list(meeting.agenda.all()) == [vision]
    listing = text_of(client.get(url("meetings")))
    assert "Schedule a meeting" in listing
    assert "Phase Five: Fourth Physical Meeting" in listing
    assert "14-17 April 2014" in listing
    assert "ITU Headquarters, Geneva" in listing
    assert "Physical and remote" in listing


def test_the_list_shows_the_latest_meeting_first(client, fourth_meeting, process, secretariat):
    services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )

    listing = text_of(client.get(url("meetings")))

    assert listing.index("Fifth Physical Meeting") < listing.index("Fourth Physical Meeting")
    assert "28-31 May 2014" in listing


def test_delegates_read_the_list_without_the_schedule_link(client, fourth_meeting, delegate):
    listing = text_of(logged_in(client, delegate).get(url("meetings")))

    assert "Fourth Physical Meeting" in listing
    assert "Schedule a meeting" not in listing


def test_a_delegate_cannot_schedule_a_meeting(client, process, delegate, chair_member, vision):
    logged_in(client, delegate)
    page = client.get(url("schedule"))
    response = client.post(url("schedule"), form_data(chair_member, vision))

    assert page.status_code == 403
    assert response.status_code == 403
    assert "Only the secretariat schedules and changes meetings." in text_of(response)
    assert 'name="title"' not in response.content.decode()
    assert not Meeting.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, process, chair_member, vision):
    response = client.post(url("schedule"), form_data(chair_member, vision))

    assert response.status_code == 302 and "/login" in response.url
    assert not Meeting.objects.exists()


def test_a_closed_process_hides_its_meetings_from_outsiders(client, process, fourth_meeting):
    process.drafts_are_public = False
    process.save()
    outsider = MemberFactory(process=ProcessFactory(), role=Role.SECRETARIAT).user

    for name in ["meetings", "schedule"]:
        assert logged_in(client, outsider).get(url(name)).status_code == 404
    for name in ["meeting", "participants", "edit"]:
        assert client.get(url(name, fourth_meeting)).status_code == 404


def test_a_meeting_ending_before_it_starts_is_refused_on_the_form(
    client, process, secretariat, chair_member, vision
):
    response = logged_in(client, secretariat).post(
        url("schedule"), form_data(chair_member, vision, ends_on="2014-04-13")
    )

    assert response.status_code == 400
    page = text_of(response)
    assert "The meeting cannot end on 13 April 2014, before it starts on 14 April 2014." in page
    assert 'value="ITU Headquarters, Geneva"' in response.content.decode()  # input kept
    assert not Meeting.objects.exists()


def test_a_number_already_taken_is_refused_on_the_form(
    client, fourth_meeting, secretariat, chair_member, vision
):
    response = logged_in(client, secretariat).post(
        url("schedule"), form_data(chair_member, vision, title="Another fourth")
    )

    assert response.status_code == 409
    assert "WSIS+10 already has a meeting number 4." in text_of(response)
    assert not Meeting.objects.filter(title="Another fourth").exists()


def test_a_bad_link_is_refused_on_the_form(client, process, secretariat, chair_member, vision):
    response = logged_in(client, secretariat).post(
        url("schedule"), form_data(chair_member, vision, remote_links="Webcast itu.int/webcast")
    )

    assert response.status_code == 400
    assert "does not end with a web address" in text_of(response)
    assert not Meeting.objects.exists()


def test_a_missing_date_or_a_foreign_chair_is_refused_on_the_form(
    client, process, secretariat, chair_member, vision
):
    foreign_chair = MemberFactory(process=ProcessFactory(), role=Role.CHAIR)
    logged_in(client, secretariat)

    no_date = client.post(url("schedule"), form_data(chair_member, vision, starts_on=""))
    foreign = client.post(
        url("schedule"), form_data(chair_member, vision, chair=str(foreign_chair.pk))
    )

    assert no_date.status_code == 400 and "This field is required." in text_of(no_date)
    assert foreign.status_code == 400 and "Select a valid choice." in text_of(foreign)
    assert not Meeting.objects.exists()


def test_the_secretariat_changes_the_meeting_but_not_its_number(
    client, fourth_meeting, secretariat, chair_member, vision
):
    logged_in(client, secretariat)
    form_page = client.get(url("edit", fourth_meeting))
    response = client.post(
        url("edit", fourth_meeting),
        form_data(chair_member, vision, number="9", venue="CICG, Geneva"),
    )

    assert form_page.status_code == 200
    assert 'value="ITU Headquarters, Geneva"' in form_page.content.decode()
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=fourth_meeting.pk)
    assert (meeting.number, meeting.venue) == (4, "CICG, Geneva")


def test_a_change_that_leaves_attendance_outside_the_dates_is_refused(
    client, fourth_meeting, process, secretariat, chair_member, vision
):
    add_participants(fourth_meeting, process, secretariat, 1)

    response = logged_in(client, secretariat).post(
        url("edit", fourth_meeting),
        form_data(chair_member, vision, starts_on="2014-04-15"),
    )

    assert response.status_code == 409
    assert "Attendance is recorded for 14 April 2014, outside the new dates" in text_of(response)
    assert Meeting.objects.get(pk=fourth_meeting.pk).starts_on == APRIL_14


def test_the_chair_cannot_change_the_meeting(client, fourth_meeting, chair, chair_member, vision):
    response = logged_in(client, chair).post(
        url("edit", fourth_meeting), form_data(chair_member, vision, venue="Elsewhere")
    )

    assert response.status_code == 403
    assert Meeting.objects.get(pk=fourth_meeting.pk).venue == "ITU Headquarters, Geneva"


# --- The meeting page ----------------------------------------------------------------------------


def test_the_meeting_page_reads_like_the_source(
    client, fourth_meeting, process, secretariat, vision
):
    add_participants(fourth_meeting, process, secretariat, 2, attendance=Attendance.IN_ROOM)
    add_participants(fourth_meeting, process, secretariat, 0)
    remote = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Country 0"))
    services.add_participant(meeting=fourth_meeting, member=remote, actor=secretariat)

    response = client.get(url("meeting", fourth_meeting))

    page = text_of(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phase Five: Fourth Physical Meeting" in page
    assert "14-17 April 2014" in page
    assert "ITU Headquarters, Geneva" in page
    assert "Physical and remote" in page
    assert '<a href="https://www.itu.int/webcast" rel="noopener">Webcast</a>' in html
    assert '<a href="https://www.itu.int/room" rel="noopener">Virtual room</a>' in html
    chair_name = fourth_meeting.chair.user.get_full_name()
    assert (
        f"Chaired by {chair_name} (Russian Federation); "
        "Vice-Chairs: Egypt, Saudi Arabia (VC), Switzerland" in page
    )
    assert "3 participants from 2 countries/organizations, in the room and remote." in page
    document_url = reverse("consultations:document", args=[process.slug, vision.slug])
    assert f'href="{document_url}"' in html
    for name in ["outcomes", "screen", "participants"]:
        assert f'href="{url(name, fourth_meeting)}"' in html
    assert url("dashboard", fourth_meeting) not in html  # anonymous visitors


@pytest.mark.parametrize(
    ("who", "sees_dashboard", "sees_edit"),
    [
        ("chair", True, False),
        ("secretariat", True, True),
        ("delegate", False, False),
        ("observer", False, False),
    ],
)
def test_the_dashboard_link_is_for_the_chair_and_the_secretariat(
    client, fourth_meeting, request, who, sees_dashboard, sees_edit
):
    html = logged_in(client, request.getfixturevalue(who)).get(url("meeting", fourth_meeting))
    html = html.content.decode()

    assert (url("dashboard", fourth_meeting) in html) is sees_dashboard
    assert (url("edit", fourth_meeting) in html) is sees_edit


@pytest.mark.parametrize(
    ("in_room", "remote", "sentence"),
    [
        (0, 0, "No participants recorded yet."),
        (1, 0, "1 participant from 1 country/organization, in the room."),
        (2, 0, "2 participants from 2 countries/organizations, in the room."),
        (0, 2, "2 participants from 2 countries/organizations, remote."),
    ],
)
def test_the_participants_sentence_reads_well_for_any_figures(
    client, fourth_meeting, process, secretariat, in_room, remote, sentence
):
    for number in range(in_room + remote):
        attendance = Attendance.IN_ROOM if number < in_room else Attendance.REMOTE
        member = MemberFactory(
            process=process, stakeholder=StakeholderFactory(name=f"Country {number}")
        )
        services.add_participant(
            meeting=fourth_meeting, member=member, actor=secretariat, days={APRIL_14: attendance}
        )

    assert sentence in text_of(client.get(url("meeting", fourth_meeting)))


def test_participants_without_a_stakeholder_are_counted_without_countries(
    client, fourth_meeting, process, secretariat
):
    services.add_participant(
        meeting=fourth_meeting,
        member=Member.objects.get(user=secretariat, process=process),
        actor=secretariat,
    )
    ex_officio = MemberFactory(process=process, role=Role.SECRETARIAT, stakeholder=None)
    services.add_participant(meeting=fourth_meeting, member=ex_officio, actor=secretariat)

    page = text_of(client.get(url("meeting", fourth_meeting)))

    assert "2 participants from 1 country/organization, remote." in page


def test_html_in_a_title_or_a_link_is_shown_as_text(client, process, secretariat):
    meeting = services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=1,
        phase="<b>Phase</b>",
        title="<script>alert('title')</script>",
        starts_on=APRIL_14,
        ends_on=APRIL_14,
        venue="<i>Geneva</i>",
        remote_links='<img src=x onerror=alert(1)> https://itu.int/"><script>alert(2)</script>',
    )

    for response in [
        client.get(url("meeting", meeting)),
        client.get(url("meetings")),
        client.get(url("participants", meeting)),
    ]:
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<b>Phase</b>" not in html
    html = client.get(url("meeting", meeting)).content.decode()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;Geneva&lt;/i&gt;" in html


def test_a_link_stored_without_a_web_address_is_not_made_clickable(client, fourth_meeting):
    # The admin does not go through the service that checks links.
    Meeting.objects.filter(pk=fourth_meeting.pk).update(remote_links="Room javascript:alert(1)")

    html = client.get(url("meeting", fourth_meeting)).content.decode()

    assert 'href="javascript' not in html
    assert "Room: javascript:alert(1)" in html


def test_an_unknown_meeting_is_not_found(client, process):
    assert client.get(reverse("meetings:meeting", args=["wsis10", 99])).status_code == 404


# --- Participants --------------------------------------------------------------------------------


def participants_post(client, meeting, **data):
    return client.post(url("participants", meeting), data)


def test_the_secretariat_adds_a_participant_and_sees_them_day_by_day(
    client, fourth_meeting, process, secretariat
):
    kenya = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Kenya"))
    logged_in(client, secretariat)

    response = participants_post(
        client, fourth_meeting, action="add", member=kenya.pk, attendance=Attendance.IN_ROOM
    )

    assert response.status_code == 302
    participant = Participant.objects.get(meeting=fourth_meeting, member=kenya)
    assert set(participant.days.values_list("attendance", flat=True)) == {Attendance.IN_ROOM}
    page = text_of(client.get(url("participants", fourth_meeting)))
    assert "is a participant." in page
    assert kenya.user.get_full_name() in page and "Kenya" in page
    assert "1 participant from 1 country/organization, in the room." in page


def test_a_participant_added_without_a_choice_follows_the_meeting_mode(
    client, fourth_meeting, process, secretariat
):
    kenya = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Kenya"))

    participants_post(logged_in(client, secretariat), fourth_meeting, action="add", member=kenya.pk)

    days = AttendanceDay.objects.filter(participant__member=kenya)
    assert days.count() == 4 and {d.attendance for d in days} == {Attendance.REMOTE}


def test_a_participant_added_twice_is_refused_and_not_duplicated(
    client, fourth_meeting, process, secretariat
):
    kenya = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Kenya"))
    logged_in(client, secretariat)
    participants_post(client, fourth_meeting, action="add", member=kenya.pk)

    response = participants_post(client, fourth_meeting, action="add", member=kenya.pk)

    assert response.status_code == 409
    assert "(Kenya) is already a participant of this meeting." in text_of(response)
    assert Participant.objects.filter(member=kenya).count() == 1
    assert AttendanceDay.objects.count() == 4


def test_a_member_of_another_process_is_not_offered(client, fourth_meeting, secretariat):
    outsider = MemberFactory(process=ProcessFactory(), stakeholder=StakeholderFactory(name="Oz"))

    response = participants_post(
        logged_in(client, secretariat), fourth_meeting, action="add", member=outsider.pk
    )

    assert response.status_code == 400
    assert "Select a valid choice." in text_of(response)
    assert not Participant.objects.exists()


def test_the_secretariat_records_a_day_and_an_absence(client, fourth_meeting, process, secretariat):
    add_participants(fourth_meeting, process, secretariat, 1)
    participant = Participant.objects.get()
    logged_in(client, secretariat)

    remote = participants_post(
        client,
        fourth_meeting,
        action="attend",
        participant=participant.pk,
        day="2014-04-14",
        attendance=Attendance.REMOTE,
    )
    absent = participants_post(
        client,
        fourth_meeting,
        action="attend",
        participant=participant.pk,
        day="2014-04-15",
        attendance="absent",
    )

    assert remote.status_code == absent.status_code == 302
    assert dict(participant.days.values_list("day", "attendance")) == {APRIL_14: Attendance.REMOTE}


def test_a_day_outside_the_meeting_is_refused_on_the_page(
    client, fourth_meeting, process, secretariat
):
    add_participants(fourth_meeting, process, secretariat, 1)
    participant = Participant.objects.get()

    response = participants_post(
        logged_in(client, secretariat),
        fourth_meeting,
        action="attend",
        participant=participant.pk,
        day="2014-04-18",
        attendance=Attendance.IN_ROOM,
    )

    assert response.status_code == 400
    assert "18 April 2014 is not a day of the meeting" in text_of(response)
    assert not participant.days.filter(day=date(2014, 4, 18)).exists()


def test_the_secretariat_removes_a_participant(client, fourth_meeting, process, secretariat):
    add_participants(fourth_meeting, process, secretariat, 1)
    participant = Participant.objects.get()

    response = participants_post(
        logged_in(client, secretariat), fourth_meeting, action="remove", participant=participant.pk
    )

    assert response.status_code == 302
    assert not Participant.objects.exists()


def test_a_participant_of_another_meeting_cannot_be_changed_here(
    client, fourth_meeting, process, secretariat
):
    fifth = services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )
    add_participants(fifth, process, secretariat, 1)
    participant = Participant.objects.get()

    response = participants_post(
        logged_in(client, secretariat), fourth_meeting, action="remove", participant=participant.pk
    )

    assert response.status_code == 400
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_an_unknown_action_is_refused(client, fourth_meeting, secretariat):
    response = participants_post(logged_in(client, secretariat), fourth_meeting, action="dance")

    assert response.status_code == 400
    assert "Unknown action" in text_of(response)


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_records_participants(
    client, fourth_meeting, process, secretariat, request, who
):
    add_participants(fourth_meeting, process, secretariat, 1)
    participant = Participant.objects.get()
    newcomer = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Kenya"))
    logged_in(client, request.getfixturevalue(who))

    page = client.get(url("participants", fourth_meeting))
    added = participants_post(client, fourth_meeting, action="add", member=newcomer.pk)
    removed = participants_post(client, fourth_meeting, action="remove", participant=participant.pk)

    assert page.status_code == 200
    assert "Add a participant" not in text_of(page) and 'name="action"' not in page.content.decode()
    assert "In the room" in text_of(page)
    assert added.status_code == removed.status_code == 403
    assert "Only the secretariat records who took part in a meeting." in text_of(added)
    assert list(Participant.objects.all()) == [participant]


# --- Query counts --------------------------------------------------------------------------------

LIST_QUERIES = 5
MEETING_PAGE_QUERIES = 8
PARTICIPANTS_PAGE_QUERIES = 11


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_costs_the_same_however_many_meetings(
    client, process, secretariat, count, django_assert_max_num_queries
):
    for number in range(1, count + 1):
        services.schedule_meeting(
            process=process,
            actor=secretariat,
            number=number,
            title=f"Meeting {number}",
            starts_on=date(2014, 1, 1),
            ends_on=date(2014, 1, 2),
        )
    logged_in(client, secretariat)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url("meetings"))

    assert response.content.decode().count('class="meeting-row"') == count


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("who", ["secretariat", "delegate"])
def test_the_meeting_page_costs_the_same_however_many_participants(
    client,
    fourth_meeting,
    process,
    secretariat,
    request,
    who,
    count,
    django_assert_max_num_queries,
):
    add_participants(fourth_meeting, process, secretariat, count)
    logged_in(client, request.getfixturevalue(who))

    with django_assert_max_num_queries(MEETING_PAGE_QUERIES):
        response = client.get(url("meeting", fourth_meeting))

    assert f"{count} participant" in text_of(response)


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("who", ["secretariat", "delegate"])
def test_the_participants_page_costs_the_same_however_many_participants(
    client,
    fourth_meeting,
    process,
    secretariat,
    request,
    who,
    count,
    django_assert_max_num_queries,
):
    add_participants(fourth_meeting, process, secretariat, count)
    logged_in(client, request.getfixturevalue(who))

    with django_assert_max_num_queries(PARTICIPANTS_PAGE_QUERIES):
        response = client.get(url("participants", fourth_meeting))

    assert response.content.decode().count('class="participant-row"') == count


# --- The admin, where the secretariat corrects records ------------------------------------------


@pytest.fixture
def admin_client_(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    return logged_in(client, admin)


def test_the_admin_lists_meetings_outcomes_and_action_items(
    admin_client_, fourth_meeting, process, secretariat
):
    add_participants(fourth_meeting, process, secretariat, 2)

    for changelist in ["meeting", "outcomepoint", "actionitem", "attendanceday"]:
        assert admin_client_.get(f"/admin/meetings/{changelist}/").status_code == 200
    change = admin_client_.get(f"/admin/meetings/meeting/{fourth_meeting.pk}/change/")
    assert change.status_code == 200
    assert "Fourth Physical Meeting" in change.content.decode()
    assert "14 Apr: In the room; 15 Apr: In the room" in text_of(change)  # the participants inline


def test_the_admin_refuses_a_meeting_that_ends_before_it_starts(admin_client_, fourth_meeting):
    url_ = f"/admin/meetings/meeting/{fourth_meeting.pk}/change/"
    response = admin_client_.post(
        url_,
        {
            "process": fourth_meeting.process_id,
            "number": 4,
            "title": "Fourth Physical Meeting",
            "starts_on": "2014-04-17",
            "ends_on": "2014-04-14",
            "mode": MeetingMode.HYBRID,
            "participants-TOTAL_FORMS": 0,
            "participants-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert Meeting.objects.get(pk=fourth_meeting.pk).ends_on == APRIL_17
