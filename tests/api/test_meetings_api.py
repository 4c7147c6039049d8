"""The meetings API: the secretariat schedules the fourth meeting and records who came; the Chair
records the outcomes and action items and drives the live screen; anyone who may read the process
follows it."""

from datetime import date

import pytest
import yaml

from drafts import services as drafts_services
from drafts.models import Paragraph
from meetings import services
from meetings.models import (
    ActionItem,
    ActionItemState,
    Attendance,
    AttendanceDay,
    Meeting,
    MeetingMode,
    OutcomePoint,
    Participant,
)
from processes.models import Member, Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/processes/wsis10"
MEETINGS = f"{BASE}/meetings/"
FOURTH = f"{MEETINGS}4/"
APRIL_14, APRIL_15, APRIL_17 = date(2014, 4, 14), date(2014, 4, 15), date(2014, 4, 17)


@pytest.fixture
def chair_member(process, chair):
    return Member.objects.get(user=chair, process=process, role=Role.CHAIR)


@pytest.fixture
def meeting(process, secretariat, chair_member, vision):
    """The fourth physical meeting, 14-17 April 2014 in Geneva, with the Vision on its agenda."""
    egypt, switzerland = StakeholderFactory(name="Egypt"), StakeholderFactory(name="Switzerland")
    return services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=4,
        phase="Phase Five",
        title="Fourth Physical Meeting",
        starts_on=APRIL_14,
        ends_on=APRIL_17,
        venue="ITU Headquarters, Geneva",
        mode=MeetingMode.HYBRID,
        remote_links="Webcast https://www.itu.int/webcast\nVirtual room https://www.itu.int/room",
        chair=chair_member,
        vice_chairs=[egypt, switzerland],
        agenda=[vision],
    )


@pytest.fixture
def delegate_member(process, delegate):
    return Member.objects.get(user=delegate, process=process)


def paragraph(document, letter, number):
    return Paragraph.objects.get(chapter__document=document, chapter__letter=letter, number=number)


def refused(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    return body


@pytest.fixture
def other_process_paragraph(db):
    """A paragraph of another process, made through the services."""
    other = ProcessFactory(slug="igf", code="IGF")
    secretariat = MemberFactory(process=other, role=Role.SECRETARIAT).user
    document = drafts_services.create_document(
        process=other, title="IGF text", short_title="igf", slug="igf", actor=secretariat
    )
    chapter = drafts_services.add_chapter(
        document=document, letter="A", title="Chapter A", actor=secretariat
    )
    return drafts_services.add_paragraph(
        chapter=chapter,
        number=1,
        alternatives=[drafts_services.AlternativeText(text="Text of another process.")],
        actor=secretariat,
    )


# --- Meetings ------------------------------------------------------------------------------------


def test_anyone_reads_the_fourth_meeting_with_its_attendance(
    api, meeting, chair_member, delegate_member, secretariat, vision
):
    services.add_participant(
        meeting=meeting,
        member=delegate_member,
        actor=secretariat,
        days={APRIL_14: Attendance.IN_ROOM, APRIL_15: Attendance.REMOTE},
    )
    services.add_participant(meeting=meeting, member=chair_member, actor=secretariat)

    response = api.get(FOURTH)

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("number", "phase", "title", "venue", "mode")} == {
        "number": 4,
        "phase": "Phase Five",
        "title": "Fourth Physical Meeting",
        "venue": "ITU Headquarters, Geneva",
        "mode": "hybrid",
    }
    assert (body["starts_on"], body["ends_on"]) == ("2014-04-14", "2014-04-17")
    assert body["links"] == [
        {"label": "Webcast", "url": "https://www.itu.int/webcast"},
        {"label": "Virtual room", "url": "https://www.itu.int/room"},
    ]
    assert body["chair"]["id"] == chair_member.pk
    assert body["chair"]["role"] == "chair"
    assert body["chair"]["stakeholder"]["name"] == "Russian Federation"
    assert [s["name"] for s in body["vice_chairs"]] == ["Egypt", "Switzerland"]
    assert body["agenda"] == ["vision"]
    # Saudi Arabia in the room one day and remote the next; the Chair remote every day (hybrid).
    assert body["attendance"] == {"participants": 2, "stakeholders": 2, "in_room": 1, "remote": 2}
    assert body["on_screen"] is None
    assert body["page_url"] == "http://testserver/p/wsis10/meetings/4/"
    assert body["outcomes_pdf_url"] == "http://testserver/p/wsis10/meetings/4/outcomes.pdf"
    assert body["screen_url"] == "http://testserver/p/wsis10/meetings/4/screen/"


def test_the_secretariat_schedules_a_meeting(as_user, secretariat, chair_member, vision):
    egypt = StakeholderFactory(name="Egypt")

    response = as_user(secretariat).post(
        MEETINGS,
        {
            "number": 5,
            "phase": "Phase Five",
            "title": "Fifth Meeting",
            "starts_on": "2014-05-28",
            "ends_on": "2014-05-31",
            "venue": "Geneva",
            "mode": "physical",
            "links": [{"label": "Live  captioning", "url": "https://www.itu.int/captions"}],
            "chair": chair_member.pk,
            "vice_chairs": [egypt.pk],
            "agenda": ["vision"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 5
    assert body["links"] == [{"label": "Live captioning", "url": "https://www.itu.int/captions"}]
    assert body["attendance"] == {"participants": 0, "stakeholders": 0, "in_room": 0, "remote": 0}
    meeting = Meeting.objects.get(number=5)
    assert (meeting.title, meeting.mode, meeting.starts_on) == (
        "Fifth Meeting",
        MeetingMode.PHYSICAL,
        date(2014, 5, 28),
    )
    assert meeting.remote_links == "Live captioning https://www.itu.int/captions"
    assert meeting.chair == chair_member
    assert list(meeting.vice_chairs.all()) == [egypt]
    assert list(meeting.agenda.all()) == [vision]


def fifth_meeting(**changes):
    return {
        "number": 5,
        "title": "Fifth Meeting",
        "starts_on": "2014-05-28",
        "ends_on": "2014-05-31",
        **changes,
    }


@pytest.mark.parametrize("who", ["delegate", "observer", "chair"])
def test_only_the_secretariat_schedules_meetings(as_user, request, who, process):
    response = as_user(request.getfixturevalue(who)).post(MEETINGS, fifth_meeting(), format="json")

    body = refused(response, 403, "not_allowed")
    assert body["message"] == "Only the secretariat schedules meetings."
    assert not Meeting.objects.exists()


def test_anonymous_writes_are_refused(api, meeting):
    responses = [
        api.post(MEETINGS, fifth_meeting(), format="json"),
        api.patch(FOURTH, {"venue": "Tunis"}, format="json"),
        api.post(f"{FOURTH}participants/", {"member": 1}, format="json"),
        api.post(f"{FOURTH}outcome-points/", {"text": "Agreed."}, format="json"),
        api.post(f"{FOURTH}action-items/", {"text": "Publish."}, format="json"),
        api.put(f"{FOURTH}screen/", {}, format="json"),
        api.post(f"{FOURTH}screen/next/"),
        api.delete(f"{FOURTH}screen/"),
    ]

    for response in responses:
        assert response.status_code in (401, 403)
        assert response.json()["code"] == "not_authenticated"
    assert Meeting.objects.get().venue == "ITU Headquarters, Geneva"
    assert not Participant.objects.exists() and not OutcomePoint.objects.exists()
    assert Meeting.objects.get().on_screen is None


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"ends_on": "2014-05-27"}, 400, "meeting_ends_before_it_starts"),
        ({"title": "  "}, 400, "invalid_input"),
        ({"mode": "by-pigeon"}, 400, "invalid_input"),
        ({"agenda": ["no-such-document"]}, 400, "invalid_input"),
        ({"links": [{"label": "Webcast", "url": "javascript:alert(1)"}]}, 400, "invalid_input"),
        ({"number": 40_000}, 400, "invalid_input"),
        ({"chair": "delegate"}, 400, "invalid_input"),
        ({"number": 4}, 409, "meeting_number_taken"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_saved(
    as_user, secretariat, meeting, delegate_member, changes, status, code
):
    if changes.get("chair") == "delegate":  # a delegate cannot chair
        changes["chair"] = delegate_member.pk
    response = as_user(secretariat).post(MEETINGS, fifth_meeting(**changes), format="json")

    refused(response, status, code)
    assert list(Meeting.objects.values_list("number", flat=True)) == [4]


def test_the_agenda_takes_documents_of_this_process_only(
    as_user, secretariat, meeting, other_process_paragraph
):
    # The other process has a document "igf"; this one has none of that slug.
    response = as_user(secretariat).post(MEETINGS, fifth_meeting(agenda=["igf"]), format="json")

    body = refused(response, 400, "invalid_input")
    assert "agenda" in body["fields"]
    assert not Meeting.objects.filter(number=5).exists()


def test_the_secretariat_moves_the_meeting_and_the_rest_stays(as_user, secretariat, meeting):
    response = as_user(secretariat).patch(
        FOURTH, {"venue": "CICG, Geneva", "ends_on": "2014-04-18"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["venue"] == "CICG, Geneva"
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.ends_on) == ("CICG, Geneva", date(2014, 4, 18))
    assert meeting.title == "Fourth Physical Meeting"
    assert meeting.remote_links.startswith("Webcast https://www.itu.int/webcast")
    assert meeting.vice_chairs.count() == 2
    assert meeting.agenda.count() == 1
    assert meeting.chair is not None


def test_moving_a_meeting_away_from_recorded_attendance_is_a_409(
    as_user, secretariat, meeting, delegate_member
):
    services.add_participant(
        meeting=meeting,
        member=delegate_member,
        actor=secretariat,
        days={APRIL_17: Attendance.IN_ROOM},
    )

    response = as_user(secretariat).patch(FOURTH, {"ends_on": "2014-04-16"}, format="json")

    body = refused(response, 409, "attendance_outside_dates")
    assert "17 April 2014" in body["message"]
    assert Meeting.objects.get().ends_on == APRIL_17


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_only_the_secretariat_changes_a_meeting(as_user, request, who, meeting):
    response = as_user(request.getfixturevalue(who)).patch(
        FOURTH, {"venue": "Tunis"}, format="json"
    )

    refused(response, 403, "not_allowed")
    assert Meeting.objects.get().venue == "ITU Headquarters, Geneva"


def test_an_unknown_meeting_or_process_is_a_404(api, meeting):
    for url in (
        f"{MEETINGS}9/",
        "/api/v1/processes/nowhere/meetings/",
        f"{MEETINGS}9/participants/",
        f"{MEETINGS}9/outcome-points/",
        f"{MEETINGS}9/action-items/",
        f"{MEETINGS}9/screen/",
        f"{MEETINGS}9/screen/events/",
    ):
        refused(api.get(url), 404, "not_found")


def test_the_meetings_of_a_closed_process_are_hidden_from_outsiders(as_user, api, process, meeting):
    process.drafts_are_public = False
    process.save()
    outsider = UserFactory()

    for client in (api, as_user(outsider)):
        for url in (
            MEETINGS,
            FOURTH,
            f"{FOURTH}participants/",
            f"{FOURTH}outcome-points/",
            f"{FOURTH}action-items/",
            f"{BASE}/action-items/",
            f"{FOURTH}screen/",
            f"{FOURTH}screen/events/",
        ):
            refused(client.get(url), 404, "not_found")


# --- Participants ------------------------------------------------------------------------------


def test_the_secretariat_adds_a_participant_with_their_days(
    as_user, secretariat, meeting, delegate_member
):
    response = as_user(secretariat).post(
        f"{FOURTH}participants/",
        {
            "member": delegate_member.pk,
            "days": {"2014-04-14": "in_room", "2014-04-15": "remote"},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["member"]["id"] == delegate_member.pk
    assert body["stakeholder"]["name"] == "Saudi Arabia"
    assert body["days"] == {"2014-04-14": "in_room", "2014-04-15": "remote"}
    participant = Participant.objects.get()
    assert (participant.meeting, participant.member) == (meeting, delegate_member)
    assert list(participant.days.values_list("day", "attendance")) == [
        (APRIL_14, Attendance.IN_ROOM),
        (APRIL_15, Attendance.REMOTE),
    ]


def test_without_days_a_participant_attends_every_day(
    as_user, secretariat, meeting, delegate_member
):
    response = as_user(secretariat).post(
        f"{FOURTH}participants/", {"member": delegate_member.pk}, format="json"
    )

    assert response.status_code == 201
    # A hybrid meeting: remote unless the secretariat says otherwise.
    assert response.json()["days"] == {
        f"2014-04-{day}": "remote" for day in ("14", "15", "16", "17")
    }
    assert AttendanceDay.objects.count() == 4


def test_a_participant_added_twice_is_a_409(as_user, secretariat, meeting, delegate_member):
    client = as_user(secretariat)
    client.post(f"{FOURTH}participants/", {"member": delegate_member.pk}, format="json")

    response = client.post(f"{FOURTH}participants/", {"member": delegate_member.pk}, format="json")

    body = refused(response, 409, "participant_already_added")
    assert "already a participant" in body["message"]
    assert Participant.objects.count() == 1


@pytest.mark.parametrize(
    "days",
    [
        {"2014-04-20": "in_room"},  # after the meeting
        {"14 April": "in_room"},
        {"2014-04-14": "asleep"},
    ],
)
def test_a_bad_day_is_refused_and_nobody_added(
    as_user, secretariat, meeting, delegate_member, days
):
    response = as_user(secretariat).post(
        f"{FOURTH}participants/", {"member": delegate_member.pk, "days": days}, format="json"
    )

    refused(response, 400, "invalid_input")
    assert not Participant.objects.exists()


def test_a_member_of_another_process_cannot_take_part(as_user, secretariat, meeting):
    stranger = MemberFactory(process=ProcessFactory())

    response = as_user(secretariat).post(
        f"{FOURTH}participants/", {"member": stranger.pk}, format="json"
    )

    body = refused(response, 400, "invalid_input")
    assert "member" in body["fields"]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_only_the_secretariat_adds_or_removes_participants(
    as_user, request, who, secretariat, meeting, delegate_member
):
    participant = services.add_participant(
        meeting=meeting, member=delegate_member, actor=secretariat
    )
    client = as_user(request.getfixturevalue(who))

    added = client.post(f"{FOURTH}participants/", {"member": delegate_member.pk}, format="json")
    removed = client.delete(f"{FOURTH}participants/{participant.pk}/")

    refused(added, 403, "not_allowed")
    refused(removed, 403, "not_allowed")
    assert list(Participant.objects.all()) == [participant]


def test_the_secretariat_removes_a_participant_and_their_days(
    as_user, secretariat, meeting, delegate_member
):
    participant = services.add_participant(
        meeting=meeting, member=delegate_member, actor=secretariat
    )
    client = as_user(secretariat)

    response = client.delete(f"{FOURTH}participants/{participant.pk}/")
    again = client.delete(f"{FOURTH}participants/{participant.pk}/")

    assert response.status_code == 204
    assert not Participant.objects.exists()
    assert not AttendanceDay.objects.exists()
    refused(again, 404, "not_found")


def test_the_participants_with_their_days(api, secretariat, meeting, delegate_member, chair_member):
    services.add_participant(
        meeting=meeting,
        member=delegate_member,
        actor=secretariat,
        days={APRIL_14: Attendance.IN_ROOM},
    )
    services.add_participant(meeting=meeting, member=chair_member, actor=secretariat)

    response = api.get(f"{FOURTH}participants/")

    assert response.status_code == 200
    results = response.json()["results"]
    by_stakeholder = {p["stakeholder"]["name"]: p for p in results}
    assert by_stakeholder["Saudi Arabia"]["days"] == {"2014-04-14": "in_room"}
    assert len(by_stakeholder["Russian Federation"]["days"]) == 4


# --- Outcome points ----------------------------------------------------------------------------


def test_the_chair_records_a_decision_linked_to_the_texts(as_user, chair, meeting, vision):
    para_21 = paragraph(vision, "B", 21)

    response = as_user(chair).post(
        f"{FOURTH}outcome-points/",
        {
            "text": "Para 21 is left open; HEP to redraft.",
            "kind": "decision",
            "documents": ["vision"],
            "paragraphs": [str(para_21.uid)],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["number"], body["kind"]) == (1, "decision")
    assert body["documents"] == ["vision"]
    assert body["publications"] == []
    assert body["paragraphs"] == [
        {"uid": str(para_21.uid), "document": "vision", "chapter": "B", "display_number": "21"}
    ]
    assert body["action_items"] == []
    point = OutcomePoint.objects.get()
    assert (point.meeting, point.number, point.kind, point.recorded_by) == (
        meeting,
        1,
        "decision",
        chair,
    )
    assert list(point.paragraphs.all()) == [para_21]
    assert list(point.documents.all()) == [vision]


def test_outcome_points_are_numbered_in_order(as_user, secretariat, chair, meeting):
    services.record_outcome_point(meeting=meeting, actor=chair, text="The meeting opened.")

    response = as_user(secretariat).post(
        f"{FOURTH}outcome-points/", {"text": "Chapter B pre-agreed."}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["number"], response.json()["kind"]) == (2, "point")
    assert list(OutcomePoint.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    "body",
    [
        {"text": "   "},
        {"text": "x" * 20_001},
        {"text": "Agreed.", "kind": "wish"},
        {"text": "Agreed.", "documents": ["no-such-document"]},
        {"text": "Agreed.", "publications": ["WSIS+10/4/99/Pre-agreed"]},
        {"text": "Agreed.", "paragraphs": ["00000000-0000-0000-0000-000000000000"]},
    ],
)
def test_a_bad_outcome_point_is_refused(as_user, chair, meeting, body):
    response = as_user(chair).post(f"{FOURTH}outcome-points/", body, format="json")

    refused(response, 400, "invalid_input")
    assert not OutcomePoint.objects.exists()


def test_an_outcome_cannot_link_to_another_process(
    as_user, chair, meeting, other_process_paragraph
):
    response = as_user(chair).post(
        f"{FOURTH}outcome-points/",
        {"text": "Agreed.", "paragraphs": [str(other_process_paragraph.uid)]},
        format="json",
    )

    body = refused(response, 400, "invalid_input")
    assert "WSIS+10" in body["message"]
    assert not OutcomePoint.objects.exists()


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_delegates_and_observers_do_not_record_outcomes(as_user, request, who, meeting):
    response = as_user(request.getfixturevalue(who)).post(
        f"{FOURTH}outcome-points/", {"text": "We won."}, format="json"
    )

    refused(response, 403, "not_allowed")
    assert not OutcomePoint.objects.exists()


# --- Action items ------------------------------------------------------------------------------


def test_the_chair_asks_the_secretariat_to_publish_by_a_date(as_user, chair, meeting):
    point = services.record_outcome_point(meeting=meeting, actor=chair, text="Texts to publish.")

    response = as_user(chair).post(
        f"{FOURTH}action-items/",
        {
            "text": "Publish all texts on the website.",
            "owner_is_secretariat": True,
            "due_on": "2014-05-15",
            "outcome_point": point.number,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner"] == "The secretariat"
    assert (body["owner_stakeholder"], body["owner_member"]) == (None, None)
    assert (body["meeting"], body["outcome_point"], body["due_on"]) == (4, 1, "2014-05-15")
    assert (body["state"], body["overdue"]) == ("open", True)  # 15 May 2014 is long past
    item = ActionItem.objects.get()
    assert item.owner_is_secretariat and item.outcome_point == point
    assert (item.created_by, item.due_on) == (chair, date(2014, 5, 15))


def test_an_action_item_for_a_stakeholder_or_a_focal_point(
    as_user, chair, meeting, delegate_member, process
):
    saudi = delegate_member.stakeholder
    client = as_user(chair)

    for_stakeholder = client.post(
        f"{FOURTH}action-items/",
        {"text": "Redraft Paras 27-30.", "owner_stakeholder": saudi.pk},
        format="json",
    )
    focal_point = MemberFactory(process=process, role=Role.FOCAL_POINT, stakeholder=saudi)
    for_member = client.post(
        f"{FOURTH}action-items/",
        {"text": "Circulate the redraft.", "owner_member": focal_point.pk},
        format="json",
    )

    assert for_stakeholder.status_code == 201
    assert for_stakeholder.json()["owner"] == "Saudi Arabia"
    assert for_stakeholder.json()["owner_stakeholder"]["id"] == saudi.pk
    assert for_member.status_code == 201
    assert for_member.json()["owner_member"]["id"] == focal_point.pk
    assert for_member.json()["owner"].endswith("(Saudi Arabia)")
    assert set(ActionItem.objects.values_list("owner_stakeholder", "owner_member")) == {
        (saudi.pk, None),
        (None, focal_point.pk),
    }
    # A delegate is no focal point: the item goes to their stakeholder instead.
    refused(
        client.post(
            f"{FOURTH}action-items/",
            {"text": "Circulate it.", "owner_member": delegate_member.pk},
            format="json",
        ),
        400,
        "action_item_owner",
    )


@pytest.mark.parametrize("owners", [{}, {"owner_is_secretariat": True, "owner_stakeholder": 0}])
def test_an_action_item_needs_exactly_one_owner(as_user, chair, meeting, delegate_member, owners):
    if "owner_stakeholder" in owners:
        owners["owner_stakeholder"] = delegate_member.stakeholder_id

    response = as_user(chair).post(
        f"{FOURTH}action-items/", {"text": "Someone should.", **owners}, format="json"
    )

    refused(response, 400, "action_item_owner")
    assert not ActionItem.objects.exists()


def test_an_action_item_of_an_unknown_outcome_point_is_a_400(as_user, chair, meeting):
    response = as_user(chair).post(
        f"{FOURTH}action-items/",
        {"text": "Do it.", "owner_is_secretariat": True, "outcome_point": 7},
        format="json",
    )

    body = refused(response, 400, "invalid_input")
    assert body["fields"]["outcome_point"] == ["This meeting has no outcome point 7."]
    assert not ActionItem.objects.exists()


@pytest.fixture
def publish_item(meeting, chair):
    return services.add_action_item(
        meeting=meeting,
        actor=chair,
        text="Publish all texts.",
        owner_is_secretariat=True,
        due_on=date(2014, 5, 15),
    )


def test_the_secretariat_marks_an_action_item_done(as_user, secretariat, publish_item):
    response = as_user(secretariat).post(
        f"{FOURTH}action-items/{publish_item.pk}/state/", {"state": "done"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["overdue"]) == ("done", False)
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.DONE
    assert publish_item.state_changed_by == secretariat
    assert publish_item.state_changed_at is not None


def test_marking_an_action_item_as_it_is_is_a_409(as_user, chair, publish_item):
    response = as_user(chair).post(
        f"{FOURTH}action-items/{publish_item.pk}/state/", {"state": "open"}, format="json"
    )

    refused(response, 409, "action_item_unchanged")
    publish_item.refresh_from_db()
    assert publish_item.state_changed_at is None


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("delegate", {"state": "done"}, 403, "not_allowed"),
        ("observer", {"state": "done"}, 403, "not_allowed"),
        ("chair", {"state": "finished"}, 400, "invalid_input"),
    ],
)
def test_a_refused_state_change_leaves_the_item_open(
    as_user, request, publish_item, who, body, status, code
):
    response = as_user(request.getfixturevalue(who)).post(
        f"{FOURTH}action-items/{publish_item.pk}/state/", body, format="json"
    )

    refused(response, status, code)
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.OPEN


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_delegates_and_observers_do_not_add_action_items(as_user, request, who, meeting):
    response = as_user(request.getfixturevalue(who)).post(
        f"{FOURTH}action-items/", {"text": "Do it.", "owner_is_secretariat": True}, format="json"
    )

    refused(response, 403, "not_allowed")
    assert not ActionItem.objects.exists()


def test_an_action_item_of_another_meeting_is_a_404_here(
    as_user, secretariat, chair, meeting, publish_item
):
    fifth = services.schedule_meeting(
        process=meeting.process,
        actor=secretariat,
        number=5,
        title="Fifth",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )

    response = as_user(chair).post(
        f"{MEETINGS}{fifth.number}/action-items/{publish_item.pk}/state/",
        {"state": "done"},
        format="json",
    )

    refused(response, 404, "not_found")
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.OPEN


def test_the_overdue_action_items_of_the_process(api, chair, meeting, publish_item):
    later = services.add_action_item(
        meeting=meeting,
        actor=chair,
        text="Prepare WSIS+20.",
        owner_is_secretariat=True,
        due_on=date(2099, 1, 1),
    )
    done = services.add_action_item(
        meeting=meeting,
        actor=chair,
        text="Book the room.",
        owner_is_secretariat=True,
        due_on=date(2014, 4, 1),
    )
    services.set_action_item_state(item=done, state=ActionItemState.DONE, actor=chair)

    every = api.get(f"{BASE}/action-items/")
    overdue = api.get(f"{BASE}/action-items/?overdue=1")
    of_meeting = api.get(f"{FOURTH}action-items/")

    assert [i["id"] for i in every.json()["results"]] == [done.pk, publish_item.pk, later.pk]
    assert [i["id"] for i in overdue.json()["results"]] == [publish_item.pk]
    assert overdue.json()["results"][0]["overdue"] is True
    assert {i["id"]: i["overdue"] for i in of_meeting.json()["results"]} == {
        done.pk: False,
        publish_item.pk: True,
        later.pk: False,
    }


def test_outcome_points_list_their_action_items(api, chair, meeting):
    point = services.record_outcome_point(meeting=meeting, actor=chair, text="Texts to publish.")
    item = services.add_action_item(
        meeting=meeting,
        actor=chair,
        text="Publish.",
        owner_is_secretariat=True,
        outcome_point=point,
    )

    response = api.get(f"{FOURTH}outcome-points/")

    assert response.status_code == 200
    (listed,) = response.json()["results"]
    assert (listed["number"], listed["text"]) == (1, "Texts to publish.")
    assert [i["id"] for i in listed["action_items"]] == [item.pk]
    assert listed["recorded_by"]["id"] == chair.pk


# --- The screen --------------------------------------------------------------------------------


def test_a_blank_screen(api, meeting):
    response = api.get(f"{FOURTH}screen/")

    assert response.status_code == 200
    body = response.json()
    assert body["paragraph"] is None
    assert body["alternatives"] == []


@pytest.mark.parametrize("method", ["put", "post"])
def test_the_chair_puts_para_21_on_screen(as_user, api, chair, meeting, vision, method):
    para_21 = paragraph(vision, "B", 21)

    response = getattr(as_user(chair), method)(
        f"{FOURTH}screen/", {"paragraph": str(para_21.uid)}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["paragraph"] == {
        "uid": str(para_21.uid),
        "display_number": "21",
        "label": "Para 21",
        "document": "vision",
        "chapter": "B",
        "chapter_heading": "Chapter B: Chapter B",
        "status": "open",
        "current_version": 1,
    }
    assert [a["position"] for a in body["alternatives"]] == [1, 2]
    assert body["alternatives"][0]["text"].startswith("Recognizing the importance")
    assert body["on_screen_since"] is not None
    meeting.refresh_from_db()
    assert (meeting.on_screen, meeting.on_screen_by) == (para_21, chair)
    # Everyone following sees it too.
    assert api.get(f"{FOURTH}screen/").json()["paragraph"]["uid"] == str(para_21.uid)
    assert api.get(FOURTH).json()["on_screen"] == str(para_21.uid)


def test_a_paragraph_of_another_process_stays_off_screen(
    as_user, chair, meeting, other_process_paragraph
):
    response = as_user(chair).put(
        f"{FOURTH}screen/", {"paragraph": str(other_process_paragraph.uid)}, format="json"
    )

    refused(response, 400, "paragraph_of_another_process")
    assert Meeting.objects.get().on_screen is None


def test_a_deleted_paragraph_stays_off_screen(as_user, chair, meeting, vision):
    para_30 = paragraph(vision, "B", 30)
    drafts_services.delete_paragraph(
        paragraph=para_30, actor=chair, expected_version=1, reason="Merged into Para 29."
    )

    response = as_user(chair).put(
        f"{FOURTH}screen/", {"paragraph": str(para_30.uid)}, format="json"
    )

    body = refused(response, 409, "paragraph_deleted")
    assert "Para 30" in body["message"]
    assert Meeting.objects.get().on_screen is None


@pytest.mark.parametrize("body", [{}, {"paragraph": "not-a-uid"}, {"paragraph": None}])
def test_putting_nothing_on_screen_is_a_400(as_user, chair, meeting, body):
    response = as_user(chair).put(f"{FOURTH}screen/", body, format="json")

    refused(response, 400, "invalid_input")
    assert Meeting.objects.get().on_screen is None


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_delegates_and_observers_do_not_change_the_screen(as_user, request, who, meeting, vision):
    para_21 = paragraph(vision, "B", 21)
    client = as_user(request.getfixturevalue(who))

    responses = [
        client.put(f"{FOURTH}screen/", {"paragraph": str(para_21.uid)}, format="json"),
        client.post(f"{FOURTH}screen/", {"paragraph": str(para_21.uid)}, format="json"),
        client.post(f"{FOURTH}screen/next/"),
        client.post(f"{FOURTH}screen/clear/"),
        client.delete(f"{FOURTH}screen/"),
    ]

    for response in responses:
        refused(response, 403, "not_allowed")
    assert Meeting.objects.get().on_screen is None


def test_next_goes_through_the_open_paragraphs_of_the_agenda(as_user, chair, meeting, vision):
    client = as_user(chair)

    first = client.post(f"{FOURTH}screen/next/")
    second = client.post(f"{FOURTH}screen/next/")

    # Chapter A is pre-agreed besides Para 11; Chapter B besides Paras 2, 21, 27-30.
    assert first.status_code == 200
    assert (first.json()["paragraph"]["chapter"], first.json()["paragraph"]["display_number"]) == (
        "A",
        "11",
    )
    assert (
        second.json()["paragraph"]["chapter"],
        second.json()["paragraph"]["display_number"],
    ) == (
        "B",
        "2",
    )
    assert Meeting.objects.get().on_screen == paragraph(vision, "B", 2)


def test_next_with_nothing_open_or_no_agenda_is_a_409(
    as_user, process, secretariat, chair, meeting, make_document
):
    settled = make_document(slug="settled", chapters=(("A", 2),))
    for settled_paragraph in Paragraph.objects.filter(chapter__document=settled):
        drafts_services.mark_pre_agreed(
            paragraph=settled_paragraph, actor=chair, expected_version=1
        )
    services.update_meeting(meeting=meeting, actor=secretariat, agenda=[settled])
    services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )
    client = as_user(chair)

    nothing_open = client.post(f"{FOURTH}screen/next/")
    no_agenda = client.post(f"{MEETINGS}5/screen/next/")

    refused(nothing_open, 409, "nothing_open")
    refused(no_agenda, 409, "agenda_empty")
    assert not Meeting.objects.filter(on_screen__isnull=False).exists()


@pytest.mark.parametrize("how", ["delete", "post clear"])
def test_the_chair_blanks_the_screen(as_user, chair, meeting, vision, how):
    client = as_user(chair)
    services.put_on_screen(meeting=meeting, paragraph=paragraph(vision, "B", 21), actor=chair)

    if how == "delete":
        response = client.delete(f"{FOURTH}screen/")
    else:
        response = client.post(f"{FOURTH}screen/clear/")

    assert response.status_code == 200
    assert response.json()["paragraph"] is None
    meeting.refresh_from_db()
    assert meeting.on_screen is None and meeting.on_screen_by == chair


def test_the_event_stream_is_offered_as_text_event_stream(api, meeting):
    response = api.get(f"{FOURTH}screen/events/", HTTP_ACCEPT="text/event-stream")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response.streaming  # its events are the lead's tests (tests/meetings)


def test_an_event_stream_client_is_told_of_an_unknown_meeting(api, meeting):
    response = api.get(f"{MEETINGS}9/screen/events/", HTTP_ACCEPT="text/event-stream")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/event-stream")
    assert response.content.startswith(b"event: error\ndata: {")
    assert b'"code":"not_found"' in response.content


def test_the_schema_describes_the_screen_and_its_event_stream(api):
    schema = yaml.safe_load(api.get("/api/schema/").content)

    events = schema["paths"]["/api/v1/processes/{process_slug}/meetings/{number}/screen/events/"]
    assert "text/event-stream" in events["get"]["responses"]["200"]["content"]
    assert set(events["get"]["responses"]) == {"200", "404"}
    screen = schema["paths"]["/api/v1/processes/{process_slug}/meetings/{number}/screen/"]
    assert set(screen["put"]["responses"]) == {"200", "400", "403", "404", "409"}
    assert {} not in screen["put"]["security"]  # no anonymous writes
    components = schema["components"]["schemas"]
    assert components["MeetingMode"]["enum"] == ["physical", "remote", "hybrid"]
    assert components["ActionItemState"]["enum"] == ["open", "done", "cancelled"]
    assert components["Attendance"]["enum"] == ["in_room", "remote"]
    assert components["OutcomeKind"]["enum"] == ["point", "decision"]


# --- Query counts ------------------------------------------------------------------------------

# process, count, meetings with their figures, vice-chairs, agenda
MEETING_LIST_QUERIES = 5
# process, meeting (+ vice-chairs, agenda), count, participants, their days
PARTICIPANT_LIST_QUERIES = 7
# process, meeting (+ vice-chairs, agenda), count, points, documents, publications, paragraphs,
# action items
OUTCOME_LIST_QUERIES = 10
# process, meeting (+ vice-chairs, agenda), count, items
ACTION_ITEM_LIST_QUERIES = 6
# process, count, items
PROCESS_ACTION_ITEM_QUERIES = 3


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()["results"]


@pytest.fixture
def populate(process, secretariat, chair, meeting, vision):
    """Adds `rows` meetings, participants, outcome points and action items (one of each per
    row), each with all it can show."""

    added = []

    def add(rows: int) -> None:
        para_21 = paragraph(vision, "B", 21)
        for _ in range(rows):
            row = len(added)
            added.append(row)
            services.schedule_meeting(
                process=process,
                actor=secretariat,
                number=100 + row,
                title=f"Meeting {row}",
                starts_on=date(2015, 1, 1),
                ends_on=date(2015, 1, 2),
                vice_chairs=[StakeholderFactory()],
                agenda=[vision],
            )
            member = MemberFactory(
                process=process, stakeholder=StakeholderFactory(), role=Role.FOCAL_POINT
            )
            services.add_participant(meeting=meeting, member=member, actor=secretariat)
            point = services.record_outcome_point(
                meeting=meeting,
                actor=chair,
                text=f"Point {row}",
                documents=[vision],
                paragraphs=[para_21],
            )
            services.add_action_item(
                meeting=meeting,
                actor=chair,
                text=f"Item {row}",
                owner_member=member,
                due_on=date(2014, 5, 1),
                outcome_point=point,
            )

    return add


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        (MEETINGS, MEETING_LIST_QUERIES),
        (f"{FOURTH}participants/", PARTICIPANT_LIST_QUERIES),
        (f"{FOURTH}outcome-points/", OUTCOME_LIST_QUERIES),
        (f"{FOURTH}action-items/", ACTION_ITEM_LIST_QUERIES),
        (f"{BASE}/action-items/?overdue=1", PROCESS_ACTION_ITEM_QUERIES),
    ],
)
def test_the_lists_cost_the_same_for_1_and_20_rows(
    api, populate, django_assert_max_num_queries, url, limit
):
    populate(1)
    api.get(url)  # warm caches (content types)
    small, small_rows = count_queries(api, url, django_assert_max_num_queries, limit)
    populate(19)
    large, large_rows = count_queries(api, url, django_assert_max_num_queries, limit)

    assert small == large == limit
    assert len(large_rows) > len(small_rows) >= 1
