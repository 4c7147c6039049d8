"""Delegates propose, withdraw and redraft through the API; each refusal is JSON with a code."""

import pytest

from consultations import services
from consultations.models import Decision, Proposal, ProposalKind, ProposalState
from drafts import services as drafts
from tests.api.conftest import (
    AMENDED_ALT_1,
    PARA_21_ALT_1,
    database_state,
    paragraph_url,
    proposal_url,
)
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def amendment_body(**overrides):
    return {
        "kind": "amend",
        "base_version": 1,
        "alternative_position": 1,
        "text": AMENDED_ALT_1,
        "rationale": "Security belongs here.",
        **overrides,
    }


def test_a_delegate_proposes_an_amendment_through_the_api(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), amendment_body(), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    proposal = Proposal.objects.get()
    assert body["id"] == proposal.pk
    assert (body["kind"], body["state"], body["text"]) == ("amend", "submitted", AMENDED_ALT_1)
    assert body["paragraph"] == str(para_21.uid)
    assert (body["base_version"], body["alternative_position"]) == (1, 1)
    assert body["base_text"] == PARA_21_ALT_1
    assert body["stakeholder"]["name"] == "Saudi Arabia"
    assert body["author"]["id"] == delegate.pk
    assert body["paragraph_now"] == {
        "uid": str(para_21.uid),
        "display_number": "21",
        "label": "Para 21",
        "status": "open",
        "current_version": 1,
    }
    assert {"kind": "insert", "text": "and security "} in body["redline"]
    assert body["decisions"] == [] and body["on_current_text"] is None
    assert (proposal.author, proposal.stakeholder.name) == (delegate, "Saudi Arabia")


def test_a_delegate_of_two_stakeholders_says_for_whom(as_user, process, delegate, para_21):
    hep = StakeholderFactory(name="HEP")
    MemberFactory(user=delegate, process=process, stakeholder=hep)
    client = as_user(delegate)

    unnamed = client.post(paragraph_url(para_21, "proposals"), amendment_body(), format="json")
    named = client.post(
        paragraph_url(para_21, "proposals"), amendment_body(on_behalf_of=hep.pk), format="json"
    )

    assert unnamed.status_code == 400
    assert unnamed.json()["code"] == "invalid_input"
    assert "say on whose behalf" in unnamed.json()["message"]
    assert named.status_code == 201
    assert named.json()["stakeholder"]["name"] == "HEP"


def test_unbalanced_brackets_are_a_400_with_the_position_and_nothing_is_saved(
    as_user, delegate, para_21
):
    before = database_state()

    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"),
        amendment_body(text="Recognizing [the openness of the Internet."),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "message": "The proposed text: Opening bracket at character 13 is never closed",
    }
    assert database_state() == before


def test_oversized_text_is_a_400_that_names_the_limit(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), amendment_body(text="x" * 10_001), format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "10001 characters; the limit is 10000" in response.json()["message"]
    assert not Proposal.objects.exists()


def test_a_huge_request_is_refused_as_json(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), amendment_body(text="x" * 3_000_000), format="json"
    )

    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": "The request body is too large."}


def test_bad_values_are_a_400_naming_each_field(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"),
        {"kind": "rewrite", "base_version": "latest", "on_behalf_of": 999_999},
        format="json",
    )

    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid_input"
    assert set(body["fields"]) == {"kind", "base_version", "on_behalf_of"}
    assert 'kind: "rewrite" is not a valid choice.' in body["message"]
    assert not Proposal.objects.exists()


def test_malformed_json_is_a_400(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_an_observer_cannot_propose(as_user, observer, para_21):
    response = as_user(observer).post(
        paragraph_url(para_21, "proposals"), amendment_body(), format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Only delegates and focal points can make proposals; observers follow the text.",
    }
    assert not Proposal.objects.exists()


def test_anonymous_visitors_cannot_propose(api, para_21):
    response = api.post(paragraph_url(para_21, "proposals"), amendment_body(), format="json")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert not Proposal.objects.exists()


def test_a_proposal_on_a_pre_agreed_paragraph_is_a_409(as_user, delegate, chair, chapter_b):
    drafts.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)
    before = database_state()

    response = as_user(delegate).post(
        paragraph_url(chapter_b[1], "proposals"),
        amendment_body(text="Another text of B.1."),
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "paragraph_settled"
    assert "Para 1 was pre-agreed on" in response.json()["message"]
    assert "ask the Chair to reopen it" in response.json()["message"]
    assert database_state() == before


def test_a_proposal_on_an_unknown_version_is_a_400(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), amendment_body(base_version=7), format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Para 21 has no version 7."


def test_the_author_withdraws_a_proposal(as_user, delegate, amendment):
    response = as_user(delegate).post(proposal_url(amendment, "withdraw"))

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "withdrawn"
    assert [(d["outcome"], d["actor"]["id"]) for d in body["decisions"]] == [
        ("withdrawn", delegate.pk)
    ]


def test_only_the_author_withdraws(as_user, process, para_21, amendment):
    colleague = MemberFactory(process=process, stakeholder=amendment.stakeholder).user

    response = as_user(colleague).post(proposal_url(amendment, "withdraw"))

    assert response.status_code == 403
    assert response.json()["message"] == "Only its author can withdraw a proposal."
    amendment.refresh_from_db()
    assert amendment.state == ProposalState.SUBMITTED


def test_withdrawing_twice_is_a_409(as_user, delegate, amendment):
    client = as_user(delegate)
    client.post(proposal_url(amendment, "withdraw"))

    response = client.post(proposal_url(amendment, "withdraw"))

    assert response.status_code == 409
    assert response.json()["message"] == f"Proposal {amendment.pk} is already withdrawn."
    assert Decision.objects.filter(proposal=amendment).count() == 1


def test_a_conflicting_proposal_shows_its_conflicts_and_is_redrafted(
    as_user, delegate, chair, para_21, amendment
):
    rival = PARA_21_ALT_1.replace("the openness of", "the transparency of")
    services.accept_proposal(
        proposal=services.submit_proposal(
            paragraph=para_21,
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text=rival,
        ),
        actor=chair,
        expected_version=1,
    )
    client = as_user(delegate)

    listed = client.get(paragraph_url(para_21, "proposals"), {"state": "needs_redraft"})
    [entry] = listed.json()["results"]
    assert entry["id"] == amendment.pk
    assert entry["state"] == "needs_redraft"
    assert entry["on_current_text"]["applies"] is False
    assert entry["on_current_text"]["text"] is None
    [conflict] = entry["on_current_text"]["conflicts"]
    assert "openness" in conflict["base_text"]
    assert "transparency" in conflict["current_text"]

    decided = as_user(chair).post(
        proposal_url(amendment, "accept"), {"expected_version": 2}, format="json"
    )
    assert decided.status_code == 409
    assert decided.json()["code"] == "needs_redraft"

    redraft = as_user(delegate).post(
        proposal_url(amendment, "redraft"),
        {"text": rival.replace("transparency of", "transparency and security of")},
        format="json",
    )
    assert redraft.status_code == 201, redraft.json()
    body = redraft.json()
    assert (body["redraft_of"], body["base_version"], body["state"]) == (
        amendment.pk,
        2,
        "submitted",
    )
    assert body["rationale"] == "Security belongs here."
    assert client.get(proposal_url(amendment)).json()["redrafted_as"] == body["id"]


def test_a_pending_proposal_on_an_older_version_shows_how_it_reads_now(
    as_user, api, delegate, chair, para_21, amendment
):
    other = PARA_21_ALT_1.replace("inclusive information society", "inclusive information age")
    services.accept_proposal(
        proposal=services.submit_proposal(
            paragraph=para_21,
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text=other,
        ),
        actor=chair,
        expected_version=1,
    )

    listed = api.get(paragraph_url(para_21, "proposals"), {"state": "submitted"}).json()

    [entry] = listed["results"]
    assert entry["id"] == amendment.pk and entry["base_version"] == 1
    assert entry["on_current_text"] == {
        "applies": True,
        "alternative_position": 1,
        "text": AMENDED_ALT_1.replace("inclusive information society", "inclusive information age"),
        "problem": "",
        "conflicts": [],
    }


def test_a_proposal_on_the_current_version_needs_no_rebase(api, amendment, para_21):
    [entry] = api.get(paragraph_url(para_21, "proposals")).json()["results"]

    assert entry["on_current_text"] is None


def test_an_unknown_state_filter_is_a_400(api, amendment, para_21):
    response = api.get(paragraph_url(para_21, "proposals"), {"state": "pending"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"state": ['"pending" is not a valid choice.']}
