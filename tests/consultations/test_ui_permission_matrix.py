"""Every role against every action of the paragraph page, as a browser posts it.

The mirror of the API matrix (tests/api/test_roles_api.py): the same people, the same actions,
the same answer to "who may". The rules are written out below as a table; they are deliberately
not computed from the permission functions (processes/, drafts/ and consultations/permissions.py),
so that this test fails if those functions drift from the rules.

Each post sends the fields the page's own form sends (templates/consultations/), on a text in the
state where the action makes sense. Allowed: the page redirects back to itself and the database
shows the change, recorded against the person in their role. Refused: 403 with the page saying
"Not done" (anonymous people are sent to log in instead) and the database exactly as it was. And
the page shows each action's form only to those allowed to use it.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Decision, DecisionOutcome, Proposal, ProposalKind, ProposalState
from drafts import services as drafts
from drafts.models import Alternative, Paragraph, ParagraphStatus, ParagraphVersion, StatusChange
from processes.models import Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

PLAIN = "A plain text."
PROPOSED = "A plain text, amended."
ALT_1 = "First alternative."
ALT_2 = "Second alternative."
RIVAL = "First alternative, changed."
BRACKETED = "Security is critical. [this includes agreements.] [led by Saudi]"
START = BRACKETED.index("[")
PRE_AGREED = "Agreed at this level."

# --- The rules ----------------------------------------------------------------------------------

PERSONAS = [
    "chair",
    "vice_chair",
    "secretariat",
    "focal_point",
    "delegate",  # a delegate of Saudi Arabia who did not write the proposals acted on
    "observer",
    "author",  # the delegate of Saudi Arabia who made the proposals acted on
    "outsider",  # a delegate in another process (this one is open: they may read, not act)
    "anonymous",
]

CHAIRING = {"chair", "vice_chair"}
PEN = CHAIRING | {"secretariat"}
PROPOSING = {"delegate", "focal_point", "author"}
AUTHOR = {"author"}
EVERYONE = set(PERSONAS)
MEMBERS = EVERYONE - {"outsider", "anonymous"}

# action: who may (the same table as the API's, action by action)
WHO_MAY = {
    # Delegates and focal points, for their stakeholder; observers only watch.
    "propose": PROPOSING,
    "preview": PROPOSING,
    # Only the proposal's author, not a colleague of the same stakeholder.
    "withdraw": AUTHOR,
    "redraft": AUTHOR,
    # The Chair and Vice-Chairs decide on proposals ...
    "accept": CHAIRING,
    "accept_as_alternative": CHAIRING,
    "accept_in_brackets": CHAIRING,
    "reject": CHAIRING,
    # ... make the moves on the text in the room ...
    "retain_alternative": CHAIRING,
    "lift_brackets": CHAIRING,
    "strike_passage": CHAIRING,
    # ... and decide the status.
    "mark_pre_agreed": CHAIRING,
    "mark_agreed": CHAIRING,
    "reopen": CHAIRING,
    # The pen-holders change the text itself: the secretariat, and the Chair and Vice-Chairs.
    "revise": PEN,
}

# Whose paragraph page shows the action's form. The same as WHO_MAY except that the pen-holder's
# edit is offered to the secretariat alone: the Chair and Vice-Chairs work through decisions and
# moves in the room (the server still lets them revise, as the API does).
SHOWN_TO = {**WHO_MAY, "revise": {"secretariat"}}

# page: who may read it. The WSIS+10 process posts its drafts publicly; a closed process shows
# them to its members only, and to everyone else answers 404, as if it did not exist.
WHO_MAY_READ = {
    "document": EVERYONE,
    "paragraph": EVERYONE,
    "history": EVERYONE,
    "document_closed": MEMBERS,
    "paragraph_closed": MEMBERS,
    "history_closed": MEMBERS,
}

# --- What each form posts -----------------------------------------------------------------------

PROPOSE_FORM = {
    "base_version": "1",
    "kind": "amend",
    "alternative": "1",
    "text": PROPOSED,
    "rationale": "Clearer.",
}

# action: (the paragraph it acts on, the proposal it acts on, the fields its form posts)
ACTIONS = {
    "propose": ("plain", None, PROPOSE_FORM),
    "preview": ("plain", None, PROPOSE_FORM),  # htmx posts the propose form as it is typed
    "withdraw": ("plain", "proposal", {}),
    "redraft": (
        "alternatives",
        "conflicting",
        {
            "kind": "amend",
            "alternative": "1",
            "base_version": "2",
            "text": "First alternative, changed and amended.",
            "rationale": "Re-made on the current text.",
        },
    ),
    "accept": ("plain", "proposal", {"expected_version": "1", "reason": ""}),
    "accept_as_alternative": ("plain", "proposal", {"expected_version": "1", "reason": ""}),
    "accept_in_brackets": ("plain", "proposal", {"expected_version": "1", "reason": ""}),
    "reject": ("plain", "proposal", {"expected_version": "1", "reason": "Not in this paragraph."}),
    "retain_alternative": ("alternatives", None, {"expected_version": "2", "position": "1"}),
    "lift_brackets": (
        "bracketed",
        None,
        {"expected_version": "1", "alternative": "1", "bracket_start": str(START)},
    ),
    "strike_passage": (
        "bracketed",
        None,
        {"expected_version": "1", "alternative": "1", "bracket_start": str(START)},
    ),
    "mark_pre_agreed": ("plain", None, {"expected_version": "1", "reason": ""}),
    "mark_agreed": ("plain", None, {"expected_version": "1", "reason": ""}),
    "reopen": ("pre_agreed", None, {"expected_version": "1", "reason": "Egypt asks to reopen."}),
    "revise": (
        "plain",
        None,
        {"expected_version": "1", "alt_1": "A plain text, edited.", "reason": "Typo."},
    ),
}

# The role each persona's changes are recorded in.
ACTING_ROLE = {
    "chair": Role.CHAIR,
    "vice_chair": Role.VICE_CHAIR,
    "secretariat": Role.SECRETARIAT,
    "focal_point": Role.FOCAL_POINT,
    "delegate": Role.DELEGATE,
    "author": Role.DELEGATE,
}


def test_the_tables_cover_every_action_and_offer_nothing_to_those_refused():
    assert set(ACTIONS) == set(WHO_MAY) == set(SHOWN_TO) == set(EFFECTS)
    for action, shown in SHOWN_TO.items():
        assert shown <= WHO_MAY[action], action


def ui_cases(rules):
    return [
        pytest.param(action, who, id=f"{action}-{who}-{'allowed' if who in may else 'refused'}")
        for action, may in rules.items()
        for who in PERSONAS
    ]


def button_cases():
    return [
        pytest.param(action, who, id=f"{action}-{who}-{'shown' if who in shown else 'hidden'}")
        for action, shown in SHOWN_TO.items()
        for who in PERSONAS
    ]


# --- The scene ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Scene:
    paragraphs: dict[str, Paragraph]
    proposals: dict[str, Proposal]


@pytest.fixture
def scene(make_document, chair, delegate):
    """Chapter B: a plain paragraph with Saudi Arabia's amendment pending; a paragraph with two
    ALTs (version 2) and Saudi Arabia's amendment that conflicts with it (needs redraft); a
    paragraph with a bracketed passage; a pre-agreed paragraph."""
    document = make_document(
        chapters=(("B", 4),),
        texts={
            ("B", 1): PLAIN,
            ("B", 2): (ALT_1, ALT_2),
            ("B", 3): BRACKETED,
            ("B", 4): PRE_AGREED,
        },
    )
    by_number = {p.number: p for p in Paragraph.objects.filter(chapter__document=document)}
    paragraphs = {
        "plain": by_number[1],
        "alternatives": by_number[2],
        "bracketed": by_number[3],
        "pre_agreed": by_number[4],
    }
    drafts.mark_pre_agreed(paragraph=paragraphs["pre_agreed"], actor=chair, expected_version=1)
    proposal = services.submit_proposal(
        paragraph=paragraphs["plain"],
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        alternative_position=1,
        text=PROPOSED,
    )
    conflicting = services.submit_proposal(
        paragraph=paragraphs["alternatives"],
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        alternative_position=1,
        text="First alternative, amended.",
    )
    services.accept_proposal(
        proposal=services.submit_proposal(
            paragraph=paragraphs["alternatives"],
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text=RIVAL,
        ),
        actor=chair,
        expected_version=1,
    )
    conflicting.refresh_from_db()
    assert conflicting.state == ProposalState.NEEDS_REDRAFT
    return Scene(
        paragraphs=paragraphs, proposals={"proposal": proposal, "conflicting": conflicting}
    )


def persona(name, *, process, chair, secretariat, delegate):
    if name == "chair":
        return chair
    if name == "secretariat":
        return secretariat
    if name == "author":
        return delegate
    if name == "anonymous":
        return None
    if name == "outsider":
        return MemberFactory(process=ProcessFactory(), role=Role.DELEGATE).user
    stakeholder = {
        "vice_chair": "Egypt",
        "focal_point": "HEP",
        "delegate": "Saudi Arabia",  # the author's colleague
        "observer": None,
    }[name]
    return MemberFactory(
        process=process,
        role=name,
        stakeholder=StakeholderFactory(name=stakeholder) if stakeholder else None,
    ).user


@pytest.fixture
def sign_in(client, process, chair, secretariat, delegate):
    def sign_in_as(who):
        user = persona(
            who, process=process, chair=chair, secretariat=secretariat, delegate=delegate
        )
        if user is not None:
            client.force_login(user)
        return user

    return sign_in_as


def url(paragraph, name="paragraph", *extra):
    document = paragraph.chapter.document
    return reverse(
        f"consultations:{name}", args=[document.process.slug, document.slug, paragraph.uid, *extra]
    )


def action_url(scene, action):
    on, proposal, _ = ACTIONS[action]
    extra = (scene.proposals[proposal].pk,) if proposal else ()
    return url(scene.paragraphs[on], action, *extra)


def database_state():
    """Everything a post on the paragraph page could change, to compare before and after."""
    return {
        "paragraphs": list(
            Paragraph.objects.order_by("pk").values_list(
                "pk", "number", "insertion", "status", "status_changed_at", "current_version"
            )
        ),
        "versions": list(
            ParagraphVersion.objects.order_by("pk").values_list("pk", "paragraph", "sequence")
        ),
        "alternatives": list(
            Alternative.objects.order_by("pk").values_list("pk", "version", "position", "text")
        ),
        "status_changes": list(
            StatusChange.objects.order_by("pk").values_list("pk", "paragraph", "to_status")
        ),
        "proposals": list(
            Proposal.objects.order_by("pk").values_list("pk", "state", "text", "decided_at")
        ),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "proposal", "outcome")),
    }


# --- What each allowed action leaves in the database --------------------------------------------


def texts(paragraph):
    paragraph = Paragraph.objects.select_related("current_version").get(pk=paragraph.pk)
    return [a.text for a in paragraph.current_version.alternatives.order_by("position")]


def new_version(paragraph, user, who, sequence):
    """The paragraph is at `sequence`, made by the user in their role."""
    paragraph = Paragraph.objects.select_related("current_version").get(pk=paragraph.pk)
    version = paragraph.current_version
    assert version.sequence == sequence
    assert version.author == user
    assert version.actor_role == ACTING_ROLE[who]
    return version


def decided(proposal, user, who, state, outcome):
    proposal.refresh_from_db()
    assert proposal.state == state
    assert proposal.decided_at is not None
    decision = Decision.objects.get(proposal=proposal, outcome=outcome)
    assert decision.actor == user
    assert decision.actor_role == ACTING_ROLE[who]
    return decision


def status_changed(paragraph, user, who, status, reason=""):
    paragraph.refresh_from_db()
    assert paragraph.status == status
    change = StatusChange.objects.filter(paragraph=paragraph).latest("pk")
    assert (change.to_status, change.actor, change.actor_role) == (status, user, ACTING_ROLE[who])
    assert change.reason == reason


def proposed(scene, user, who, response):
    plain = scene.paragraphs["plain"]
    (new,) = Proposal.objects.filter(paragraph=plain).exclude(pk=scene.proposals["proposal"].pk)
    assert (new.author, new.kind, new.text, new.state) == (
        user,
        ProposalKind.AMEND,
        PROPOSED,
        ProposalState.SUBMITTED,
    )
    assert new.base_version.sequence == 1
    assert texts(plain) == [PLAIN]  # a proposal does not change the text


def previewed(scene, user, who, response):
    assert '<ins class="redline-ins">, amended</ins>' in response.content.decode()


def withdrawn(scene, user, who, response):
    proposal = scene.proposals["proposal"]
    decided(proposal, user, who, ProposalState.WITHDRAWN, DecisionOutcome.WITHDRAWN)
    assert texts(scene.paragraphs["plain"]) == [PLAIN]


def redrafted(scene, user, who, response):
    conflicting = scene.proposals["conflicting"]
    new = Proposal.objects.get(redraft_of=conflicting)
    assert (new.author, new.text, new.state) == (
        user,
        "First alternative, changed and amended.",
        ProposalState.SUBMITTED,
    )
    assert new.base_version.sequence == 2
    conflicting.refresh_from_db()
    assert conflicting.state == ProposalState.WITHDRAWN


def accepted(scene, user, who, response):
    plain = scene.paragraphs["plain"]
    decision = decided(
        scene.proposals["proposal"], user, who, ProposalState.ACCEPTED, DecisionOutcome.ACCEPTED
    )
    assert decision.resulting_version == new_version(plain, user, who, 2)
    assert texts(plain) == [PROPOSED]


def accepted_as_alternative(scene, user, who, response):
    plain = scene.paragraphs["plain"]
    decided(
        scene.proposals["proposal"],
        user,
        who,
        ProposalState.ACCEPTED_AS_ALTERNATIVE,
        DecisionOutcome.ACCEPTED_AS_ALTERNATIVE,
    )
    new_version(plain, user, who, 2)
    assert texts(plain) == [PLAIN, PROPOSED]


def accepted_in_brackets(scene, user, who, response):
    plain = scene.paragraphs["plain"]
    decided(
        scene.proposals["proposal"],
        user,
        who,
        ProposalState.ACCEPTED_IN_BRACKETS,
        DecisionOutcome.ACCEPTED_IN_BRACKETS,
    )
    new_version(plain, user, who, 2)
    assert texts(plain) == ["A plain text[, amended] [proposed by Saudi Arabia]."]


def rejected(scene, user, who, response):
    decision = decided(
        scene.proposals["proposal"], user, who, ProposalState.REJECTED, DecisionOutcome.REJECTED
    )
    assert decision.reason == "Not in this paragraph."
    assert texts(scene.paragraphs["plain"]) == [PLAIN]


def retained(scene, user, who, response):
    alternatives = scene.paragraphs["alternatives"]
    new_version(alternatives, user, who, 3)
    assert texts(alternatives) == [RIVAL]


def lifted(scene, user, who, response):
    bracketed = scene.paragraphs["bracketed"]
    new_version(bracketed, user, who, 2)
    assert texts(bracketed) == ["Security is critical. this includes agreements."]


def struck(scene, user, who, response):
    bracketed = scene.paragraphs["bracketed"]
    new_version(bracketed, user, who, 2)
    assert texts(bracketed) == ["Security is critical."]


def pre_agreed(scene, user, who, response):
    status_changed(scene.paragraphs["plain"], user, who, ParagraphStatus.PRE_AGREED)


def agreed(scene, user, who, response):
    status_changed(scene.paragraphs["plain"], user, who, ParagraphStatus.AGREED)


def reopened(scene, user, who, response):
    status_changed(
        scene.paragraphs["pre_agreed"], user, who, ParagraphStatus.OPEN, "Egypt asks to reopen."
    )


def revised(scene, user, who, response):
    plain = scene.paragraphs["plain"]
    assert new_version(plain, user, who, 2).reason == "Typo."
    assert texts(plain) == ["A plain text, edited."]


EFFECTS = {
    "propose": proposed,
    "preview": previewed,
    "withdraw": withdrawn,
    "redraft": redrafted,
    "accept": accepted,
    "accept_as_alternative": accepted_as_alternative,
    "accept_in_brackets": accepted_in_brackets,
    "reject": rejected,
    "retain_alternative": retained,
    "lift_brackets": lifted,
    "strike_passage": struck,
    "mark_pre_agreed": pre_agreed,
    "mark_agreed": agreed,
    "reopen": reopened,
    "revise": revised,
}


# --- The matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "who"), ui_cases(WHO_MAY))
def test_ui(client, scene, sign_in, action, who):
    on, _, fields = ACTIONS[action]
    page = url(scene.paragraphs[on])
    user = sign_in(who)
    before = database_state()

    # The preview is fetched by htmx; every other action is a plain form post.
    headers = {"HX-Request": "true"} if action == "preview" else {}
    response = client.post(action_url(scene, action), fields, headers=headers)

    body = response.content.decode()
    if who in WHO_MAY[action]:
        if action == "preview":
            assert response.status_code == 200, body
            assert database_state() == before  # a preview saves nothing
        else:
            assert response.status_code == 302, body
            assert response["Location"] == page
            assert database_state() != before
        EFFECTS[action](scene, user, who, response)
    elif user is None and action != "preview":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?{urlencode({'next': page}, safe='/')}"
        assert database_state() == before
    else:
        assert response.status_code == 403, body
        if action == "preview":
            assert '<p class="preview-warning" role="status">' in body
        else:
            assert '<p class="problem-title">Not done</p>' in body
            assert "Nothing was changed" in body
        assert database_state() == before


@pytest.mark.parametrize(("action", "who"), button_cases())
def test_ui_buttons(client, scene, sign_in, action, who):
    on, _, _ = ACTIONS[action]
    sign_in(who)

    response = client.get(url(scene.paragraphs[on]))

    assert response.status_code == 200
    html = response.content.decode()
    assert (f'"{action_url(scene, action)}"' in html) == (who in SHOWN_TO[action])


def page_url(scene, page):
    paragraph = scene.paragraphs["plain"]
    document = paragraph.chapter.document
    if page == "document":
        return reverse("consultations:document", args=[document.process.slug, document.slug])
    if page == "paragraph":
        return url(paragraph)
    return reverse("drafts:history", args=[document.process.slug, document.slug, paragraph.uid])


@pytest.mark.parametrize(("page", "who"), ui_cases(WHO_MAY_READ))
def test_ui_pages(client, scene, sign_in, process, page, who):
    if page.endswith("_closed"):
        process.drafts_are_public = False
        process.save(update_fields=["drafts_are_public"])
    sign_in(who)

    response = client.get(page_url(scene, page.removesuffix("_closed")))

    if who in WHO_MAY_READ[page]:
        assert response.status_code == 200
        html = response.content.decode()
        assert PLAIN in html
        if not page.startswith("paragraph"):
            # Actions are taken on the paragraph page only.
            for action in ACTIONS:
                assert f'"{action_url(scene, action)}"' not in html, action
    else:
        assert response.status_code == 404
        assert PLAIN not in response.content.decode()
