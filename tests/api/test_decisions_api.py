"""The Chair decides on proposals through the API; stale or refused decisions change nothing."""

import pytest

from consultations import services
from consultations.models import Proposal, ProposalKind, ProposalState
from drafts.models import ChangeKind, Paragraph
from processes.models import Role
from tests.api.conftest import (
    AMENDED_ALT_1,
    PARA_21_ALT_1,
    PARA_21_ALT_2,
    database_state,
    paragraph_url,
    proposal_url,
)
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def texts(paragraph):
    paragraph = Paragraph.objects.select_related("current_version").get(pk=paragraph.pk)
    return [a.text for a in paragraph.current_version.alternatives.order_by("position")]


def test_the_chair_accepts_an_amendment_and_the_text_changes(as_user, chair, para_21, amendment):
    response = as_user(chair).post(
        proposal_url(amendment, "accept"), {"expected_version": 1}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "accepted"
    assert body["paragraph_now"]["current_version"] == 2
    [decision] = body["decisions"]
    assert decision["outcome"] == "accepted"
    assert (decision["actor"]["id"], decision["actor_role"]) == (chair.pk, "chair")
    assert (decision["seen_version"], decision["resulting_version"]) == (1, 2)
    assert decision["resulting_paragraph"] == str(para_21.uid)
    assert texts(para_21) == [AMENDED_ALT_1, PARA_21_ALT_2]

    version = as_user(chair).get(paragraph_url(para_21)).json()["versions"][-1]
    assert version["change"] == ChangeKind.PROPOSAL_ACCEPTED
    assert version["source_proposal_id"] == amendment.pk
    assert version["on_behalf_of"]["name"] == "Saudi Arabia"
    assert version["actor_role"] == "chair"


def test_a_vice_chair_decides_too(as_user, process, amendment, para_21):
    vice_chair = MemberFactory(process=process, role=Role.VICE_CHAIR).user

    response = as_user(vice_chair).post(
        proposal_url(amendment, "accept-as-alternative"), {"expected_version": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["state"] == "accepted_as_alternative"
    alternatives = as_user(vice_chair).get(paragraph_url(para_21)).json()["alternatives"]
    assert [(a["label"], a["text"]) for a in alternatives] == [
        ("ALT 1", PARA_21_ALT_1),
        ("ALT 2", PARA_21_ALT_2),
        ("ALT 3", AMENDED_ALT_1),
    ]
    assert alternatives[2]["proposer"]["name"] == "Saudi Arabia"


def test_the_chair_accepts_in_brackets_with_the_stakeholders_credit(
    as_user, chair, delegate, chapter_b
):
    proposal = services.submit_proposal(
        paragraph=chapter_b[1],
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        text="Text of B.1 and of its annex.",
    )

    response = as_user(chair).post(
        proposal_url(proposal, "accept-in-brackets"), {"expected_version": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["state"] == "accepted_in_brackets"
    assert texts(chapter_b[1]) == ["Text of B.1 [and of its annex] [proposed by Saudi Arabia]."]


def test_the_chair_rejects_with_a_reason(as_user, chair, para_21, amendment):
    response = as_user(chair).post(
        proposal_url(amendment, "reject"),
        {"expected_version": 1, "reason": "No consensus in the room."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["state"] == "rejected"
    assert response.json()["decisions"][0]["reason"] == "No consensus in the room."
    assert texts(para_21) == [PARA_21_ALT_1, PARA_21_ALT_2]


def test_a_rejection_without_a_reason_is_a_400(as_user, chair, amendment):
    before = database_state()

    response = as_user(chair).post(
        proposal_url(amendment, "reject"), {"expected_version": 1, "reason": " "}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "message": f"Give the reason for rejecting proposal {amendment.pk}.",
    }
    assert database_state() == before


def test_a_decision_without_the_version_seen_is_a_400(as_user, chair, amendment):
    response = as_user(chair).post(proposal_url(amendment, "accept"), {}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"expected_version": ["This field is required."]}
    assert response.json()["message"] == "expected_version: This field is required."


def test_a_stale_decision_is_a_409_and_changes_nothing(
    as_user, chair, delegate, para_21, amendment
):
    services.accept_proposal(
        proposal=services.submit_proposal(
            paragraph=para_21,
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text=PARA_21_ALT_1 + " Also.",
        ),
        actor=chair,
        expected_version=1,
    )
    before = database_state()

    response = as_user(chair).post(
        proposal_url(amendment, "accept"), {"expected_version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "stale_version",
        "message": "Para 21 has changed since you opened it (you saw version 1, it is now at "
        "version 2). Reload it and decide on the current text.",
    }
    assert database_state() == before


@pytest.mark.parametrize(
    "action", ["accept", "accept-as-alternative", "accept-in-brackets", "reject"]
)
def test_a_delegate_cannot_decide(as_user, delegate, amendment, action):
    before = database_state()

    response = as_user(delegate).post(
        proposal_url(amendment, action),
        {"expected_version": 1, "reason": "Mine is best."},
        format="json",
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Only the Chair or a Vice-Chair can decide on proposals.",
    }
    assert database_state() == before


def test_a_decision_on_a_withdrawn_proposal_is_a_409(as_user, chair, delegate, amendment):
    services.withdraw_proposal(proposal=amendment, actor=delegate)
    before = database_state()

    response = as_user(chair).post(
        proposal_url(amendment, "accept"), {"expected_version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "proposal_withdrawn",
        "message": f"Proposal {amendment.pk} was withdrawn by its author; there is nothing to "
        "decide.",
    }
    assert database_state() == before


def test_deciding_twice_is_a_409(as_user, chair, amendment):
    client = as_user(chair)
    client.post(proposal_url(amendment, "accept"), {"expected_version": 1}, format="json")

    response = client.post(
        proposal_url(amendment, "reject"), {"expected_version": 2, "reason": "No."}, format="json"
    )

    assert response.status_code == 409
    assert "has already been decided: accepted" in response.json()["message"]
    assert Proposal.objects.get().state == ProposalState.ACCEPTED


def test_an_accepted_insertion_points_at_the_new_paragraph(as_user, chair, delegate, para_21):
    proposal = services.submit_proposal(
        paragraph=para_21,
        actor=delegate,
        kind=ProposalKind.INSERT_AFTER,
        base_version=1,
        text="A new paragraph on <b>security</b>.",
    )

    body = (
        as_user(chair)
        .post(proposal_url(proposal, "accept"), {"expected_version": 1}, format="json")
        .json()
    )

    new = Paragraph.objects.get(chapter=para_21.chapter, number=21, insertion=1)
    assert body["decisions"][0]["resulting_paragraph"] == str(new.uid)
    assert as_user(chair).get(paragraph_url(new)).json()["display_number"] == "21bis"


def test_the_decisions_of_a_proposal_are_listed(api, chair, delegate, amendment):
    services.withdraw_proposal(proposal=amendment, actor=delegate)

    body = api.get(proposal_url(amendment, "decisions")).json()

    assert body["count"] == 1
    [decision] = body["results"]
    assert (decision["outcome"], decision["actor"]["id"], decision["resulting_version"]) == (
        "withdrawn",
        delegate.pk,
        None,
    )
