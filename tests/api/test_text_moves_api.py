"""The Chair's moves on the text and the secretariat's pen, through the API."""

import pytest

from drafts import services as drafts
from drafts.models import ParagraphStatus, StatusChange
from tests.api.conftest import (
    PARA_21_ALT_1,
    PARA_21_ALT_2,
    PARA_27,
    database_state,
    paragraph_url,
)
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def post(client, paragraph, action, body):
    return client.post(paragraph_url(paragraph, action), body, format="json")


def test_the_story_of_para_21_from_two_alternatives_to_pre_agreement(as_user, chair, para_21):
    client = as_user(chair)

    refused = post(client, para_21, "mark-pre-agreed", {"expected_version": 1})
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "text_unsettled",
        "message": "Para 21 cannot be marked pre-agreed: it still has 2 alternatives: choose one.",
    }

    retained = post(client, para_21, "retain-alternative", {"position": 1, "expected_version": 1})
    assert retained.status_code == 200, retained.json()
    body = retained.json()
    assert body["current_version"] == 2
    assert [a["text"] for a in body["alternatives"]] == [PARA_21_ALT_1]
    assert body["versions"][-1]["change"] == "alternative_retained"
    assert body["versions"][-1]["reason"] == "ALT 1 retained; ALT 2 dropped."
    assert [a["text"] for a in body["versions"][0]["alternatives"]] == [
        PARA_21_ALT_1,
        PARA_21_ALT_2,
    ]

    marked = post(client, para_21, "mark-pre-agreed", {"expected_version": 2})
    assert marked.status_code == 200
    assert marked.json()["status"] == "pre_agreed"

    [change] = client.get(paragraph_url(para_21, "status-changes")).json()["results"]
    assert (change["from_status"], change["to_status"], change["version"]) == (
        "open",
        "pre_agreed",
        2,
    )
    assert (change["actor"]["id"], change["actor_role"]) == (chair.pk, "chair")


def test_the_chair_lifts_brackets_at_the_offset_of_the_opening_bracket(as_user, chair, chapter_b):
    response = post(
        as_user(chair),
        chapter_b[27],
        "lift-brackets",
        {"bracket_start": PARA_27.index("["), "expected_version": 1},
    )

    assert response.status_code == 200
    assert response.json()["alternatives"][0]["text"] == (
        "Building confidence and security in the use of ICTs is critical. this includes "
        "recognizing the need for international agreements."
    )


def test_the_chair_strikes_a_bracketed_passage(as_user, chair, chapter_b):
    response = post(
        as_user(chair),
        chapter_b[27],
        "strike-passage",
        {"alternative": 1, "bracket_start": PARA_27.index("["), "expected_version": 1},
    )

    assert response.status_code == 200
    assert response.json()["alternatives"][0]["text"] == (
        "Building confidence and security in the use of ICTs is critical."
    )
    assert response.json()["versions"][-1]["change"] == "passage_struck"


def test_no_brackets_at_the_offset_is_a_400_and_changes_nothing(as_user, chair, chapter_b):
    before = database_state()

    response = post(
        as_user(chair), chapter_b[27], "lift-brackets", {"bracket_start": 3, "expected_version": 1}
    )

    assert response.status_code == 400
    assert response.json()["message"] == "There is no bracketed passage at character 4 of Para 27."
    assert database_state() == before


def test_a_stale_move_is_a_409_and_changes_nothing(as_user, chair, para_21):
    before = database_state()

    response = post(
        as_user(chair), para_21, "retain-alternative", {"position": 2, "expected_version": 3}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert database_state() == before


def test_the_chair_marks_agreed_and_reopens_only_pre_agreed_text(as_user, chair, chapter_b):
    client = as_user(chair)
    para_1, para_2 = chapter_b[1], chapter_b[2]

    assert post(client, para_1, "mark-pre-agreed", {"expected_version": 1}).status_code == 200
    reopened = post(client, para_1, "reopen", {"reason": "Egypt asked to revisit it."})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"

    assert post(client, para_2, "mark-agreed", {"expected_version": 1}).json()["status"] == (
        "agreed"
    )
    refused = post(client, para_2, "reopen", {"reason": "Second thoughts."})
    assert refused.status_code == 409
    assert refused.json()["message"] == "Para 2 has been adopted; adopted text is not reopened."
    assert StatusChange.objects.count() == 3


def test_reopening_needs_a_reason(as_user, chair, chapter_b):
    drafts.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)

    response = post(as_user(chair), chapter_b[1], "reopen", {"reason": ""})

    assert response.status_code == 400
    assert response.json()["message"] == "Say why Para 1 is reopened."
    chapter_b[1].refresh_from_db()
    assert chapter_b[1].status == ParagraphStatus.PRE_AGREED


def test_a_settled_paragraph_is_not_moved_on(as_user, chair, chapter_b):
    drafts.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)
    before = database_state()

    response = post(
        as_user(chair),
        chapter_b[1],
        "strike-passage",
        {"bracket_start": 0, "expected_version": 1},
    )

    assert response.status_code == 409
    assert response.json()["message"] == (
        "Para 1 is pre-agreed; the Chair must reopen it before the text can change."
    )
    assert database_state() == before


def test_the_secretariat_edits_the_text_as_pen_holder(as_user, secretariat, para_21):
    egypt = StakeholderFactory(name="Egypt")

    response = post(
        as_user(secretariat),
        para_21,
        "revise",
        {
            "alternatives": [
                {"text": PARA_21_ALT_1, "proposer": None},
                {"text": PARA_21_ALT_2.replace("Ensuring", "Recalling"), "proposer": egypt.pk},
            ],
            "reason": "Typo in ALT 2.",
            "expected_version": 1,
        },
    )

    assert response.status_code == 200, response.json()
    version = response.json()["versions"][-1]
    assert (version["change"], version["reason"], version["actor_role"]) == (
        "pen_edit",
        "Typo in ALT 2.",
        "secretariat",
    )
    assert version["author"]["id"] == secretariat.pk
    assert version["alternatives"][1]["proposer"]["name"] == "Egypt"


def test_a_pen_edit_with_unbalanced_brackets_is_a_400_naming_the_alt(as_user, secretariat, para_21):
    before = database_state()

    response = post(
        as_user(secretariat),
        para_21,
        "revise",
        {
            "alternatives": [{"text": PARA_21_ALT_1}, {"text": "Ensuring] open standards."}],
            "reason": "Tidying.",
            "expected_version": 1,
        },
    )

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Para 21, ALT 2: Closing bracket at character 9 has no matching opening bracket"
    )
    assert database_state() == before


def test_a_pen_edit_needs_a_reason(as_user, secretariat, para_21):
    response = post(
        as_user(secretariat),
        para_21,
        "revise",
        {"alternatives": [{"text": "One text."}], "reason": "", "expected_version": 1},
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Say why the text of Para 21 is edited."


def test_a_pen_edit_with_a_bad_alternative_names_the_field(as_user, secretariat, para_21):
    response = post(
        as_user(secretariat),
        para_21,
        "revise",
        {"alternatives": [{"proposer": "Egypt"}], "reason": "x", "expected_version": 1},
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]["alternatives"]["0"]) == {"text", "proposer"}
    assert "alternatives.0.text: This field is required." in response.json()["message"]


@pytest.mark.parametrize(
    ("action", "body", "message"),
    [
        (
            "retain-alternative",
            {"position": 1, "expected_version": 1},
            "Only the Chair or a Vice-Chair can choose alternatives and lift or strike brackets.",
        ),
        (
            "mark-pre-agreed",
            {"expected_version": 1},
            "Only the Chair or a Vice-Chair can mark a paragraph pre-agreed.",
        ),
        (
            "mark-agreed",
            {"expected_version": 1},
            "Only the Chair or a Vice-Chair can mark a paragraph agreed.",
        ),
    ],
)
def test_the_secretariat_does_not_make_the_chairs_moves(
    as_user, secretariat, para_21, action, body, message
):
    before = database_state()

    response = post(as_user(secretariat), para_21, action, body)

    assert response.status_code == 403
    assert response.json() == {"code": "not_allowed", "message": message}
    assert database_state() == before


def test_a_delegate_does_not_hold_the_pen(as_user, delegate, para_21):
    response = post(
        as_user(delegate),
        para_21,
        "revise",
        {"alternatives": [{"text": "Mine."}], "reason": "Better.", "expected_version": 1},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
