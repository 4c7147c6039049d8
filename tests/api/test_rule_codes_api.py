"""Each rule of the negotiation that refuses a request names itself in the error's `code`,
so a client can tell "ask the Chair to reopen" from "choose an alternative first" without
reading the message. Every refusal is a 409 and changes nothing."""

import pytest

from consultations import services
from consultations.models import ProposalKind
from drafts import services as drafts
from tests.api.conftest import database_state, paragraph_url, proposal_url

pytestmark = pytest.mark.django_db


def refusal(response):
    assert response.status_code == 409, response.json()
    return response.json()["code"]


def test_a_proposal_on_a_pre_agreed_paragraph_is_refused_as_paragraph_settled(
    as_user, chair, delegate, chapter_b
):
    drafts.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)
    before = database_state()

    response = as_user(delegate).post(
        paragraph_url(chapter_b[1], "proposals"),
        {"kind": "amend", "base_version": 1, "alternative_position": 1, "text": "New text."},
        format="json",
    )

    assert refusal(response) == "paragraph_settled"
    assert database_state() == before


def test_pre_agreeing_text_with_two_alternatives_is_refused_as_text_unsettled(
    as_user, chair, para_21
):
    response = as_user(chair).post(
        paragraph_url(para_21, "mark-pre-agreed"), {"expected_version": 1}, format="json"
    )

    assert refusal(response) == "text_unsettled"


def test_reopening_an_open_paragraph_is_refused_as_paragraph_open(as_user, chair, para_21):
    response = as_user(chair).post(
        paragraph_url(para_21, "reopen"),
        {"expected_version": 1, "reason": "Again."},
        format="json",
    )

    assert refusal(response) == "paragraph_open"


def test_retaining_the_only_text_is_refused_as_single_alternative(as_user, chair, chapter_b):
    response = as_user(chair).post(
        paragraph_url(chapter_b[1], "retain-alternative"),
        {"position": 1, "expected_version": 1},
        format="json",
    )

    assert refusal(response) == "single_alternative"


def test_deciding_on_a_withdrawn_proposal_is_refused_as_proposal_withdrawn(
    as_user, chair, delegate, amendment
):
    services.withdraw_proposal(proposal=amendment, actor=delegate)

    response = as_user(chair).post(
        proposal_url(amendment, "reject"),
        {"expected_version": 1, "reason": "No."},
        format="json",
    )

    assert refusal(response) == "proposal_withdrawn"


def test_deciding_twice_is_refused_as_proposal_decided(as_user, chair, amendment):
    services.reject_proposal(proposal=amendment, actor=chair, expected_version=1, reason="No.")

    response = as_user(chair).post(
        proposal_url(amendment, "accept"), {"expected_version": 1}, format="json"
    )

    assert refusal(response) == "proposal_decided"


def test_withdrawing_a_decided_proposal_is_refused_as_proposal_closed(
    as_user, chair, delegate, amendment
):
    services.reject_proposal(proposal=amendment, actor=chair, expected_version=1, reason="No.")

    response = as_user(delegate).post(proposal_url(amendment, "withdraw"), {}, format="json")

    assert refusal(response) == "proposal_closed"


def test_redrafting_a_proposal_that_needs_no_redraft_is_refused(as_user, delegate, amendment):
    response = as_user(delegate).post(
        proposal_url(amendment, "redraft"),
        {"base_version": 1, "text": "Another text."},
        format="json",
    )

    assert refusal(response) == "redraft_not_needed"


def test_a_comment_is_not_accepted_and_says_so(as_user, chair, delegate, para_21):
    comment = services.submit_proposal(
        paragraph=para_21,
        actor=delegate,
        kind=ProposalKind.COMMENT,
        base_version=1,
        rationale="We will come back to this.",
    )

    response = as_user(chair).post(
        proposal_url(comment, "accept"), {"expected_version": 1}, format="json"
    )

    assert refusal(response) == "comment_not_decided"
