"""Redraft assignments through the API: the Chair assigns Chapter B, Paras 21 and 27 to Saudi
Arabia, reads and cancels; Saudi Arabia answers with a redraft. Every refusal is JSON with a code,
and a refused request changes nothing."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consultations.models import AssignmentState, Proposal, RedraftAssignment
from consultations.services import assignments
from drafts import services as drafts
from processes.models import Role
from tests.api.conftest import AMENDED_ALT_1
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
BEFORE_FIFTH_MEETING = datetime(2014, 5, 12, 18, 0, tzinfo=GENEVA)
DOCUMENT_URL = "/api/v1/processes/wsis10/documents/vision/assignments/"


@pytest.fixture(autouse=True)
def on_17_april_2014():
    with time_machine.travel(datetime(2014, 4, 17, 18, 0, tzinfo=GENEVA), tick=True):
        yield


@pytest.fixture
def saudi_arabia(delegate):
    return delegate.memberships.get().stakeholder


@pytest.fixture
def assignment(chapter_b, chair, saudi_arabia):
    return assignments.assign_redraft(
        document=chapter_b[21].chapter.document,
        paragraphs=[chapter_b[21], chapter_b[27]],
        actor=chair,
        due_at=BEFORE_FIFTH_MEETING,
        instruction="Redraft before the fifth meeting.",
        stakeholder=saudi_arabia,
    )


def assignment_url(assignment, action=""):
    return f"/api/v1/assignments/{assignment.pk}/" + (f"{action}/" if action else "")


def body(chapter_b, saudi_arabia, **overrides):
    return {
        "paragraphs": [str(chapter_b[21].uid), str(chapter_b[27].uid)],
        "stakeholder": saudi_arabia.pk if saudi_arabia else None,
        "due_at": "2014-05-12T18:00:00",
        "instruction": "Redraft before the fifth meeting.",
        **overrides,
    }


def state():
    return list(RedraftAssignment.objects.order_by("pk").values_list("pk", "state")), list(
        Proposal.objects.values_list("pk", flat=True)
    )


# --- Reading ------------------------------------------------------------------------------------


def test_anyone_reads_a_documents_assignments_as_the_chairs_outcomes_write_them(
    api, assignment, chapter_b, chair
):
    response = api.get(DOCUMENT_URL)

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == assignment.pk
    assert item["document"] == "vision"
    assert item["summary"] == (
        "Chapter B, Paras 21, 27 (Saudi Arabia): redraft before 12 May 2014, 18:00 (Europe/Zurich)"
    )
    assert [(p["uid"], p["label"], p["chapter"], p["status"]) for p in item["paragraphs"]] == [
        (str(chapter_b[21].uid), "Para 21", "B", "open"),
        (str(chapter_b[27].uid), "Para 27", "B", "open"),
    ]
    assert item["stakeholder"]["name"] == "Saudi Arabia" and item["focal_point"] is None
    assert item["due_at"] == "2014-05-12T18:00:00+02:00"
    assert item["due_local"] == "12 May 2014, 18:00 (Europe/Zurich)"
    assert (item["state"], item["assigned_by"]["id"], item["assigned_by_role"]) == (
        "open",
        chair.pk,
        "chair",
    )
    assert item["answers"] == []

    detail = api.get(assignment_url(assignment))
    assert detail.status_code == 200 and detail.json() == item


def test_a_closed_process_hides_its_assignments(api, process, assignment):
    process.drafts_are_public = False
    process.save()

    assert api.get(DOCUMENT_URL).json()["code"] == "not_found"
    assert api.get(assignment_url(assignment)).status_code == 404


def test_unknown_documents_and_assignments_are_404(api, chapter_b):
    assert api.get("/api/v1/processes/wsis10/documents/nope/assignments/").status_code == 404
    assert api.get("/api/v1/assignments/999/").json()["code"] == "not_found"


# --- The Chair assigns --------------------------------------------------------------------------


def test_the_chair_assigns_and_a_time_without_offset_is_geneva_time(
    as_user, chair, chapter_b, saudi_arabia
):
    response = as_user(chair).post(DOCUMENT_URL, body(chapter_b, saudi_arabia), format="json")

    assert response.status_code == 201, response.json()
    assignment = RedraftAssignment.objects.get()
    assert response.json()["id"] == assignment.pk
    assert assignment.due_at == BEFORE_FIFTH_MEETING
    assert assignment.due_at.astimezone(UTC).hour == 16
    assert set(assignment.paragraphs.all()) == {chapter_b[21], chapter_b[27]}


def test_a_time_with_an_offset_is_taken_as_given(as_user, chair, chapter_b, saudi_arabia):
    response = as_user(chair).post(
        DOCUMENT_URL,
        body(chapter_b, saudi_arabia, due_at="2014-05-12T16:00:00Z"),
        format="json",
    )

    assert response.status_code == 201
    assert RedraftAssignment.objects.get().due_at == BEFORE_FIFTH_MEETING


def test_a_focal_point_in_person(as_user, process, chair, chapter_b):
    focal_point = MemberFactory(
        process=process, role=Role.FOCAL_POINT, stakeholder=StakeholderFactory(name="HEP")
    )

    response = as_user(chair).post(
        DOCUMENT_URL,
        body(chapter_b, None, stakeholder=None, focal_point=focal_point.pk),
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["focal_point"]["id"] == focal_point.pk
    assert response.json()["focal_point"]["stakeholder"]["name"] == "HEP"


def test_only_the_chair_and_vice_chairs_assign(api, as_user, delegate, chapter_b, saudi_arabia):
    anonymous = api.post(DOCUMENT_URL, body(chapter_b, saudi_arabia), format="json")
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["code"] == "not_authenticated"

    response = as_user(delegate).post(DOCUMENT_URL, body(chapter_b, saudi_arabia), format="json")

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Only the Chair or a Vice-Chair assigns redrafts.",
    }
    assert not RedraftAssignment.objects.exists()


def test_a_pre_agreed_paragraph_is_refused_by_name(as_user, chair, chapter_b, saudi_arabia):
    drafts.mark_pre_agreed(paragraph=chapter_b[5], actor=chair, expected_version=1)

    response = as_user(chair).post(
        DOCUMENT_URL,
        body(chapter_b, saudi_arabia, paragraphs=[str(chapter_b[5].uid)]),
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "paragraph_settled",
        "message": "Only open paragraphs are redrafted: Chapter B, Para 5 is pre-agreed. Ask "
        "the Chair to reopen it first, or leave it out.",
    }
    assert not RedraftAssignment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_at": "2014-04-16T18:00:00"}, None, "The due date 16 April 2014, 18:00"),
        ({"due_at": "next week"}, "due_at", "Datetime has wrong format"),
        ({"paragraphs": ["5c4e0b0e-0000-4000-8000-000000000000"]}, "paragraphs", "not exist"),
        ({"paragraphs": []}, None, "Choose at least one paragraph to redraft."),
        ({"stakeholder": None}, None, "Say who should redraft"),
        ({"instruction": ""}, None, "Write the instruction"),
    ],
)
def test_bad_input_is_a_400_that_names_the_problem_and_saves_nothing(
    as_user, chair, chapter_b, saudi_arabia, overrides, field, message
):
    response = as_user(chair).post(
        DOCUMENT_URL, body(chapter_b, saudi_arabia, **overrides), format="json"
    )

    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "invalid_input"
    assert message in answer["message"]
    if field:
        assert field in answer["fields"]
    assert not RedraftAssignment.objects.exists()


# --- Cancelling ---------------------------------------------------------------------------------


def test_the_chair_cancels_and_a_second_cancel_is_a_conflict(as_user, chair, assignment):
    response = as_user(chair).post(assignment_url(assignment, "cancel"))

    assert response.status_code == 200
    assert response.json()["state"] == "cancelled"
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CANCELLED

    again = as_user(chair).post(assignment_url(assignment, "cancel"))
    assert again.status_code == 409
    assert again.json() == {
        "code": "assignment_cancelled",
        "message": f"Assignment {assignment.pk} is already cancelled.",
    }


def test_a_delegate_cannot_cancel(as_user, delegate, assignment):
    before = state()

    response = as_user(delegate).post(assignment_url(assignment, "cancel"))

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert state() == before


# --- Answering ----------------------------------------------------------------------------------


def answer_body(paragraph, **overrides):
    return {
        "paragraph": str(paragraph.uid),
        "kind": "amend",
        "base_version": 1,
        "alternative_position": 1,
        "text": AMENDED_ALT_1,
        "rationale": "Our redraft, as the Chair asked.",
        **overrides,
    }


def test_saudi_arabia_answers_with_a_redraft_and_the_assignment_shows_it(
    as_user, delegate, chapter_b, assignment
):
    response = as_user(delegate).post(
        assignment_url(assignment, "answer"), answer_body(chapter_b[21]), format="json"
    )

    assert response.status_code == 201, response.json()
    proposal = Proposal.objects.get()
    assert response.json()["id"] == proposal.pk
    assert (proposal.assignment, proposal.paragraph) == (assignment, chapter_b[21])
    shown = as_user(delegate).get(assignment_url(assignment)).json()
    assert shown["state"] == "answered"
    assert [(a["id"], a["paragraph"]) for a in shown["answers"]] == [
        (proposal.pk, str(chapter_b[21].uid))
    ]


def test_a_redraft_of_a_paragraph_outside_the_assignment_is_refused(
    as_user, delegate, chapter_b, assignment
):
    response = as_user(delegate).post(
        assignment_url(assignment, "answer"),
        answer_body(chapter_b[20], text="Text of B.20, redrafted."),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "message": f"Assignment {assignment.pk} is about Chapter B, Paras 21, 27; Para 20 is "
        "not one of them.",
    }
    assert not Proposal.objects.exists()


def test_only_the_assignee_answers(as_user, process, chapter_b, assignment):
    egypt = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Egypt")).user

    response = as_user(egypt).post(
        assignment_url(assignment, "answer"), answer_body(chapter_b[21]), format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert not Proposal.objects.exists()


def test_a_cancelled_assignment_takes_no_answer(as_user, chair, delegate, chapter_b, assignment):
    assignments.cancel_assignment(assignment=assignment, actor=chair)

    response = as_user(delegate).post(
        assignment_url(assignment, "answer"), answer_body(chapter_b[21]), format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "assignment_cancelled"
    assert not Proposal.objects.exists()
