"""Every role against every action of the API (issue 3 §7): allowed, or 403 and nothing changed."""

import pytest

from consultations import services
from consultations.models import ProposalKind
from drafts import services as drafts
from drafts.models import Paragraph
from processes.models import Role
from tests.api.conftest import database_state, paragraph_url, proposal_url
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

BRACKETED = "Security is critical. [this includes agreements.] [led by Saudi]"
START = BRACKETED.index("[")

CHAIRING = {"chair", "vice_chair"}
PEN = CHAIRING | {"secretariat"}
VERSION_1 = {"expected_version": 1}
BRACKET_AT_START = {"bracket_start": START, "expected_version": 1}

# action: (what it acts on, the path under it, the body, who may)
ACTIONS = {
    "propose": (
        "plain",
        "proposals",
        {"kind": "amend", "base_version": 1, "text": "Another plain text."},
        {"delegate", "focal_point", "author"},
    ),
    "withdraw": ("proposal", "withdraw", {}, {"author"}),
    "redraft": ("conflicting", "redraft", {"text": "Redrafted plain text."}, {"author"}),
    "accept": ("proposal", "accept", {"expected_version": 1}, CHAIRING),
    "accept-as-alternative": ("proposal", "accept-as-alternative", VERSION_1, CHAIRING),
    "accept-in-brackets": ("proposal", "accept-in-brackets", VERSION_1, CHAIRING),
    "reject": ("proposal", "reject", {"expected_version": 1, "reason": "No."}, CHAIRING),
    "revise": (
        "plain",
        "revise",
        {"alternatives": [{"text": "Edited."}], "reason": "Typo.", "expected_version": 1},
        PEN,
    ),
    "retain-alternative": (
        "alternatives",
        "retain-alternative",
        {"position": 1, "expected_version": 2},
        CHAIRING,
    ),
    "lift-brackets": ("bracketed", "lift-brackets", BRACKET_AT_START, CHAIRING),
    "strike-passage": ("bracketed", "strike-passage", BRACKET_AT_START, CHAIRING),
    "mark-pre-agreed": ("plain", "mark-pre-agreed", VERSION_1, CHAIRING),
    "mark-agreed": ("plain", "mark-agreed", VERSION_1, CHAIRING),
    "reopen": ("pre_agreed", "reopen", {"reason": "Egypt asks."}, CHAIRING),
}

PERSONAS = [
    "chair",
    "vice_chair",
    "secretariat",
    "focal_point",
    "delegate",
    "observer",
    "author",  # the delegate who made the proposal acted on
    "outsider",  # a delegate in another process (this one is open: they may read, not act)
    "anonymous",
]


@pytest.fixture
def scene(make_document, process, chair, delegate):
    document = make_document(
        chapters=(("B", 4),),
        texts={
            ("B", 1): "A plain text.",
            ("B", 2): ("First alternative.", "Second alternative."),
            ("B", 3): BRACKETED,
            ("B", 4): "Agreed at this level.",
        },
    )
    paragraphs = {p.number: p for p in Paragraph.objects.filter(chapter__document=document)}
    drafts.mark_pre_agreed(paragraph=paragraphs[4], actor=chair, expected_version=1)
    proposal = services.submit_proposal(
        paragraph=paragraphs[1],
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        text="A plain text, amended.",
    )
    conflicting = services.submit_proposal(
        paragraph=paragraphs[2],
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        alternative_position=1,
        text="First alternative, amended.",
    )
    services.accept_proposal(
        proposal=services.submit_proposal(
            paragraph=paragraphs[2],
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text="First alternative, changed.",
        ),
        actor=chair,
        expected_version=1,
    )
    return {
        "plain": paragraph_url(paragraphs[1]),
        "alternatives": paragraph_url(paragraphs[2]),
        "bracketed": paragraph_url(paragraphs[3]),
        "pre_agreed": paragraph_url(paragraphs[4]),
        "proposal": proposal_url(proposal),
        "conflicting": proposal_url(conflicting),
    }


def persona(name, process, chair, delegate):
    if name == "chair":
        return chair
    if name == "author":
        return delegate
    if name == "anonymous":
        return None
    if name == "outsider":
        return MemberFactory(process=ProcessFactory(), role=Role.DELEGATE).user
    with_stakeholder = name in ("delegate", "focal_point")
    return MemberFactory(
        process=process,
        role=name,
        stakeholder=StakeholderFactory(name=f"Stakeholder of the {name}")
        if with_stakeholder
        else None,
    ).user


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", PERSONAS)
def test_each_role_may_do_only_its_own_moves(api, scene, process, chair, delegate, who, action):
    target, path, body, allowed = ACTIONS[action]
    user = persona(who, process, chair, delegate)
    if user is not None:
        api.force_login(user)
    before = database_state()

    response = api.post(f"{scene[target]}{path}/", body, format="json")

    if who in allowed:
        assert response.status_code in (200, 201), response.json()
        assert database_state() != before
    else:
        expected = "not_authenticated" if user is None else "not_allowed"
        assert response.status_code in ((401, 403) if user is None else (403,))
        assert response.json()["code"] == expected
        assert database_state() == before
