"""The paragraph page: what each role sees, what each may post, and what a refusal looks like.

Every post is a plain form post (the htmx enhancement sends the same one); a refusal answers
with the page, the service's message and a 400, 403 or 409, and the database is unchanged.
"""

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Decision, Proposal, ProposalKind, ProposalState
from drafts import services as drafts
from drafts.models import Paragraph, ParagraphStatus, ParagraphVersion, StatusChange
from processes.models import Role
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")
HOSTILE = '<script>alert("x")</script> and <img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(paragraph, name="paragraph", *extra):
    document = paragraph.chapter.document
    return reverse(
        f"consultations:{name}", args=[document.process.slug, document.slug, paragraph.uid, *extra]
    )


def fresh(paragraph):
    return Paragraph.objects.select_related("current_version").get(pk=paragraph.pk)


def texts(paragraph):
    return [a.text for a in fresh(paragraph).current_version.alternatives.order_by("position")]


def propose(paragraph, delegate, text=AMENDED_ALT_1, position=1, base=None, **kwargs):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=delegate,
        kind=kwargs.pop("kind", ProposalKind.AMEND),
        base_version=base or fresh(paragraph).current_version.sequence,
        alternative_position=position,
        text=text,
        rationale=kwargs.pop("rationale", "Security belongs here."),
        **kwargs,
    )


def page(client, paragraph, user=None, query=""):
    if user is not None:
        client.force_login(user)
    response = client.get(url(paragraph) + query)
    assert response.status_code == 200
    return response.content.decode()


def snapshot():
    """What a refused post must leave exactly as it was."""
    return (
        list(ParagraphVersion.objects.order_by("pk").values_list("pk", flat=True)),
        list(Paragraph.objects.order_by("pk").values_list("pk", "status", "current_version")),
        list(Proposal.objects.order_by("pk").values_list("pk", "state")),
        Decision.objects.count(),
        StatusChange.objects.count(),
    )


@pytest.fixture
def vice_chair(process):
    return MemberFactory(
        process=process, role=Role.VICE_CHAIR, stakeholder=StakeholderFactory(name="Egypt")
    ).user


# --- Reading ------------------------------------------------------------------------------------


def test_anyone_reads_the_text_its_proposals_and_redlines_but_gets_no_buttons(
    client, para_21, delegate
):
    propose(para_21, delegate)

    html = page(client, para_21)

    assert '<span class="alt-label">ALT 1</span>' in html
    assert '<span class="alt-label">ALT 2</span>' in html
    assert PARA_21_ALT_2 in html
    assert '<span class="badge badge-large status-open">Open</span>' in html
    assert '<strong class="version-number">1</strong>' in html
    assert "Saudi Arabia" in html
    assert '<ins class="redline-ins">and security</ins>' in html
    document = para_21.chapter.document
    assert (
        reverse("drafts:history", args=[document.process.slug, document.slug, para_21.uid]) in html
    )
    for forbidden in ("Submit proposal", "Accept", "Reject", "Retain ALT", "Mark pre-agreed"):
        assert forbidden not in html
    assert "Withdraw" not in html
    assert "Log in</a> as a delegate or focal point to make a proposal" in html


def test_brackets_and_attributions_are_marked_on_the_page(client, chapter_b):
    html = page(client, chapter_b[27])

    assert 'class="bracketed depth-1"' in html
    assert '<span class="attribution">[led by Saudi]</span>' in html


def test_a_closed_process_hides_the_page_from_outsiders(client, para_21, process, delegate):
    process.drafts_are_public = False
    process.save()

    assert client.get(url(para_21)).status_code == 404
    client.force_login(delegate)
    assert client.get(url(para_21)).status_code == 200


def test_an_unknown_paragraph_or_a_paragraph_of_another_document_is_a_404(
    client, para_21, make_document
):
    other = make_document(slug="statement")
    assert client.get(url(para_21).replace(str(para_21.uid), "0" * 32)).status_code == 404
    wrong = reverse(
        "consultations:paragraph",
        args=[para_21.chapter.document.process.slug, other.slug, para_21.uid],
    )
    assert client.get(wrong).status_code == 404


# --- Delegates ----------------------------------------------------------------------------------


def test_a_delegate_gets_the_propose_form_prefilled_with_the_alternative_they_chose(
    client, para_21, delegate
):
    html = page(client, para_21, delegate)

    assert 'id="propose-form"' in html
    assert f">{PARA_21_ALT_1}</textarea>" in html
    assert 'name="base_version" value="1"' in html
    assert 'name="on_behalf_of"' not in html  # one stakeholder: no choice to make
    assert "for Saudi Arabia" in html
    assert "Mark pre-agreed" not in html and "Accept" not in html

    html = page(client, para_21, query="?alternative=2")
    assert f">{PARA_21_ALT_2}</textarea>" in html
    assert '<option value="2" selected>ALT 2</option>' in html


def test_a_delegate_proposes_and_sees_the_redline_on_the_page(client, para_21, delegate):
    client.force_login(delegate)

    response = client.post(
        url(para_21, "propose"),
        {
            "kind": "amend",
            "alternative": "1",
            "text": AMENDED_ALT_1,
            "rationale": "Security belongs here.",
            "base_version": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(para_21)
    proposal = Proposal.objects.get()
    assert (proposal.stakeholder.name, proposal.author, proposal.state) == (
        "Saudi Arabia",
        delegate,
        ProposalState.SUBMITTED,
    )
    html = client.get(response["Location"]).content.decode()
    assert "is submitted to the Chair" in html
    assert f'id="proposal-{proposal.pk}"' in html
    assert '<ins class="redline-ins">and security</ins>' in html
    assert f"Withdraw proposal {proposal.pk}" in html


def test_a_delegate_acting_for_two_stakeholders_chooses_on_whose_behalf(
    client, para_21, delegate, process
):
    MemberFactory(
        user=delegate,
        process=process,
        role=Role.DELEGATE,
        stakeholder=StakeholderFactory(name="Arab Group"),
    )
    html = page(client, para_21, delegate)
    assert 'name="on_behalf_of"' in html
    arab_group = StakeholderFactory(name="Arab Group")
    data = {"kind": "amend", "alternative": "1", "text": AMENDED_ALT_1, "base_version": "1"}

    refused = client.post(url(para_21, "propose"), data)
    assert refused.status_code == 400
    assert "say on whose behalf you propose" in refused.content.decode()
    assert not Proposal.objects.exists()

    client.post(url(para_21, "propose"), {**data, "on_behalf_of": str(arab_group.pk)})
    assert Proposal.objects.get().stakeholder == arab_group


def test_an_invalid_proposal_is_refused_with_where_the_problem_is_and_the_input_kept(
    client, para_21, delegate
):
    client.force_login(delegate)
    broken = "Recognizing [the openness of the Internet."

    response = client.post(
        url(para_21, "propose"),
        {
            "kind": "amend",
            "alternative": "1",
            "text": broken,
            "rationale": "Mine",
            "base_version": "1",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Opening bracket at character 13 is never closed" in html
    assert f">{broken}</textarea>" in html
    assert ">Mine</textarea>" in html
    assert not Proposal.objects.exists()


def test_observers_and_the_chair_cannot_propose(client, para_21, observer, chair):
    for user in (observer, chair):
        client.force_login(user)
        assert 'id="propose-form"' not in client.get(url(para_21)).content.decode()
        before = snapshot()

        response = client.post(
            url(para_21, "propose"),
            {"kind": "amend", "alternative": "1", "text": AMENDED_ALT_1, "base_version": "1"},
        )

        assert response.status_code == 403
        assert "Only delegates and focal points can make proposals" in response.content.decode()
        assert snapshot() == before


def test_anonymous_posts_are_sent_to_log_in(client, para_21):
    before = snapshot()

    response = client.post(url(para_21, "propose"), {"kind": "amend", "text": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


def test_a_pre_agreed_paragraph_takes_no_proposals(client, chapter_b, chair, delegate):
    para_20 = chapter_b[20]
    drafts.mark_pre_agreed(paragraph=para_20, actor=chair, expected_version=1)

    html = page(client, para_20, delegate)
    assert 'id="propose-form"' not in html
    assert "Para 20 is pre-agreed: it takes no new proposals" in html

    response = client.post(
        url(para_20, "propose"),
        {"kind": "amend", "alternative": "1", "text": "New.", "base_version": "1"},
    )
    assert response.status_code == 409
    assert "Para 20 was pre-agreed on" in response.content.decode()
    assert "ask the Chair to reopen it" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_author_withdraws_and_nobody_else_can(client, para_21, delegate, process):
    proposal = propose(para_21, delegate)
    other = MemberFactory(
        process=process, role=Role.DELEGATE, stakeholder=StakeholderFactory(name="Brazil")
    ).user
    client.force_login(other)
    assert "Withdraw" not in client.get(url(para_21)).content.decode()
    before = snapshot()

    response = client.post(url(para_21, "withdraw", proposal.pk))

    assert response.status_code == 403
    assert "Only its author can withdraw a proposal." in response.content.decode()
    assert snapshot() == before

    client.force_login(delegate)
    assert client.post(url(para_21, "withdraw", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    html = client.get(url(para_21)).content.decode()
    assert "Withdrawn by its author" in html


# --- The live redline preview -------------------------------------------------------------------


def test_the_preview_shows_the_word_level_redline_and_saves_nothing(client, para_21, delegate):
    client.force_login(delegate)
    replaced = PARA_21_ALT_1.replace("openness", "transparency")

    response = client.post(
        url(para_21, "preview"),
        {"kind": "amend", "alternative": "1", "text": replaced, "base_version": "1"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<del class="redline-del">openness</del>' in html
    assert '<ins class="redline-ins">transparency</ins>' in html
    assert "Your amendment to ALT 1" in html
    assert "<html" not in html  # a fragment for htmx to swap in
    assert not Proposal.objects.exists()


def test_the_preview_warns_of_unbalanced_brackets_while_typing(client, para_21, delegate):
    client.force_login(delegate)

    html = client.post(
        url(para_21, "preview"),
        {"kind": "amend", "alternative": "2", "text": "Ensuring ] open.", "base_version": "1"},
    ).content.decode()

    assert "Closing bracket at character 10 has no matching opening bracket" in html


def test_without_javascript_the_preview_button_shows_the_redline_on_the_page(
    client, para_21, delegate
):
    client.force_login(delegate)

    response = client.post(
        url(para_21, "propose"),
        {
            "kind": "amend",
            "alternative": "1",
            "text": AMENDED_ALT_1,
            "base_version": "1",
            "preview": "1",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<ins class="redline-ins">and security</ins>' in html
    assert f">{AMENDED_ALT_1}</textarea>" in html
    assert not Proposal.objects.exists()


def test_only_proposers_get_a_preview(client, para_21, observer):
    client.force_login(observer)

    response = client.post(
        url(para_21, "preview"), {"kind": "amend", "text": "x", "base_version": "1"}
    )

    assert response.status_code == 403
    assert "<ins" not in response.content.decode()


def test_hostile_text_is_escaped_in_the_preview_and_on_the_page(client, para_21, delegate):
    client.force_login(delegate)
    text = f"{PARA_21_ALT_1} {HOSTILE}"

    preview = client.post(
        url(para_21, "preview"),
        {"kind": "amend", "alternative": "1", "text": text, "base_version": "1"},
    ).content.decode()
    propose(para_21, delegate, text=text, rationale=f"Because {HOSTILE}")
    html = client.get(url(para_21)).content.decode()

    for rendered in (preview, html):
        assert "<script>alert" not in rendered
        assert "<img src=x" not in rendered
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rendered
        assert "&lt;img src=x onerror=alert(1)&gt;" in rendered


# --- The Chair and Vice-Chairs ------------------------------------------------------------------


def test_the_chair_sees_every_decision_and_move(client, chapter_b, chair, delegate):
    proposal = propose(chapter_b[21], delegate)

    html = page(client, chapter_b[21], chair)

    assert url(chapter_b[21], "accept", proposal.pk) in html
    # each button names its proposal for screen readers ("Accept proposal 3")
    which = f'<span class="visually-hidden"> proposal {proposal.pk}</span></button>'
    for button in (
        f">Accept{which}",
        f">Accept as an alternative{which}",
        f">Accept in brackets{which}",
        f">Reject{which}",
        ">Retain ALT 1<",
        ">Retain ALT 2<",
        ">Mark pre-agreed</button>",
        ">Mark agreed</button>",
    ):
        assert button in html
    assert 'name="expected_version" value="1"' in html
    assert "Reopen" not in html
    assert 'id="propose-form"' not in html
    assert "Edit the text" not in html  # the pen-edit form is the secretariat's

    html = page(client, chapter_b[27])
    assert "Lift brackets" in html and "Strike" in html
    start = PARA_27.index("[")
    assert f'name="bracket_start" value="{start}"' in html


def test_a_vice_chair_decides_too(client, para_21, vice_chair, delegate):
    proposal = propose(para_21, delegate)
    client.force_login(vice_chair)

    response = client.post(
        url(para_21, "accept_as_alternative", proposal.pk), {"expected_version": "1"}
    )

    assert response.status_code == 302
    assert texts(para_21) == [PARA_21_ALT_1, PARA_21_ALT_2, AMENDED_ALT_1]


def test_the_chair_accepts_and_the_text_gets_a_new_version(client, para_21, chair, delegate):
    proposal = propose(para_21, delegate)
    client.force_login(chair)

    response = client.post(url(para_21, "accept", proposal.pk), {"expected_version": "1"})

    assert response.status_code == 302
    assert texts(para_21) == [AMENDED_ALT_1, PARA_21_ALT_2]
    html = client.get(url(para_21)).content.decode()
    assert f"Proposal {proposal.pk} accepted. Para 21 is now at version 2." in html
    assert '<strong class="version-number">2</strong>' in html
    assert "Accepted</strong>" in html and "→ version 2" in html


def test_accepting_in_brackets_credits_the_stakeholder(client, para_21, chair, delegate):
    proposal = propose(para_21, delegate)
    client.force_login(chair)

    client.post(url(para_21, "accept_in_brackets", proposal.pk), {"expected_version": "1"})

    assert "[and security] [proposed by Saudi Arabia]" in texts(para_21)[0]


def test_rejecting_needs_a_reason_and_the_author_sees_it(client, para_21, chair, delegate):
    proposal = propose(para_21, delegate)
    client.force_login(chair)
    before = snapshot()

    refused = client.post(url(para_21, "reject", proposal.pk), {"expected_version": "1"})

    assert refused.status_code == 400
    assert f"Give the reason for rejecting proposal {proposal.pk}." in refused.content.decode()
    assert snapshot() == before

    client.post(
        url(para_21, "reject", proposal.pk),
        {"expected_version": "1", "reason": "Security is covered in Para 27."},
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    html = page(client, para_21, delegate)
    assert "Rejected</strong>" in html
    assert "Security is covered in Para 27." in html


def test_delegates_observers_and_the_secretariat_cannot_decide(
    client, chapter_b, delegate, observer, secretariat
):
    para_21 = chapter_b[21]
    proposal = propose(para_21, delegate)
    para_27 = chapter_b[27]
    start = str(PARA_27.index("["))
    posts = [
        (url(para_21, "accept", proposal.pk), {"expected_version": "1"}),
        (url(para_21, "accept_as_alternative", proposal.pk), {"expected_version": "1"}),
        (url(para_21, "accept_in_brackets", proposal.pk), {"expected_version": "1"}),
        (url(para_21, "reject", proposal.pk), {"expected_version": "1", "reason": "No."}),
        (url(para_21, "retain_alternative"), {"expected_version": "1", "position": "1"}),
        (
            url(para_27, "lift_brackets"),
            {"expected_version": "1", "alternative": "1", "bracket_start": start},
        ),
        (
            url(para_27, "strike_passage"),
            {"expected_version": "1", "alternative": "1", "bracket_start": start},
        ),
        (url(chapter_b[20], "mark_pre_agreed"), {"expected_version": "1"}),
        (url(chapter_b[20], "mark_agreed"), {"expected_version": "1"}),
        (url(chapter_b[20], "reopen"), {"expected_version": "1", "reason": "Why not."}),
    ]
    for user in (delegate, observer, secretariat):
        client.force_login(user)
        for path, data in posts:
            before = snapshot()
            response = client.post(path, data)
            assert response.status_code == 403, (user, path)
            assert "Only the Chair or a Vice-Chair" in response.content.decode()
            assert snapshot() == before


def test_a_decision_on_a_version_that_moved_on_is_a_conflict_shown_with_the_current_text(
    client, para_21, chair, delegate
):
    first = propose(para_21, delegate)
    second = propose(
        para_21, delegate, text=PARA_21_ALT_2 + " Also.", position=2, rationale="Another."
    )
    services.accept_proposal(proposal=second, actor=chair, expected_version=1)
    client.force_login(chair)
    before = snapshot()

    response = client.post(
        url(para_21, "accept", first.pk), {"expected_version": "1", "reason": "Fine."}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Conflict: the text changed while you were deciding" in html
    assert "Para 21 has changed since you opened it (you saw version 1" in html
    assert "it is now at version 2" in html
    assert "Para 21 now reads (version 2)" in html
    assert f"{PARA_21_ALT_2} Also." in html
    assert ">Fine.</textarea>" in html  # the Chair's reason is kept
    assert 'name="expected_version" value="2"' in html  # the buttons now act on version 2
    assert snapshot() == before


def test_the_pre_agreement_rule_is_shown_and_enforced(client, para_21, chair):
    client.force_login(chair)
    assert "it still has 2 alternatives: choose one" in client.get(url(para_21)).content.decode()
    before = snapshot()

    refused = client.post(url(para_21, "mark_pre_agreed"), {"expected_version": "1"})

    assert refused.status_code == 409
    assert (
        "Para 21 cannot be marked pre-agreed: it still has 2 alternatives: choose one."
        in refused.content.decode()
    )
    assert snapshot() == before

    client.post(url(para_21, "retain_alternative"), {"expected_version": "1", "position": "1"})
    assert texts(para_21) == [PARA_21_ALT_1]
    response = client.post(url(para_21, "mark_pre_agreed"), {"expected_version": "2"})
    assert response.status_code == 302
    assert fresh(para_21).status == ParagraphStatus.PRE_AGREED
    html = client.get(url(para_21)).content.decode()
    assert "Para 21 is pre-agreed." in html
    assert ">Reopen</button>" in html and ">Mark pre-agreed</button>" not in html


def test_reopening_needs_a_reason(client, chapter_b, chair):
    para_20 = chapter_b[20]
    drafts.mark_pre_agreed(paragraph=para_20, actor=chair, expected_version=1)
    client.force_login(chair)

    refused = client.post(url(para_20, "reopen"), {"expected_version": "1"})
    assert refused.status_code == 400
    assert "Say why Para 20 is reopened." in refused.content.decode()
    assert fresh(para_20).status == ParagraphStatus.PRE_AGREED

    client.post(url(para_20, "reopen"), {"expected_version": "1", "reason": "New facts."})
    assert fresh(para_20).status == ParagraphStatus.OPEN


def test_the_chair_lifts_or_strikes_a_bracketed_passage(client, chapter_b, chair):
    para_27 = chapter_b[27]
    start = str(PARA_27.index("["))
    client.force_login(chair)

    client.post(
        url(para_27, "lift_brackets"),
        {"expected_version": "1", "alternative": "1", "bracket_start": start},
    )
    assert texts(para_27) == [
        "Building confidence and security in the use of ICTs is critical. this includes "
        "recognizing the need for international agreements."
    ]

    refused = client.post(
        url(para_27, "strike_passage"),
        {"expected_version": "2", "alternative": "1", "bracket_start": start},
    )
    assert refused.status_code == 400
    assert "There is no bracketed passage at character" in refused.content.decode()


def test_an_incomplete_decision_form_is_refused_without_a_500(client, para_21, chair, delegate):
    proposal = propose(para_21, delegate)
    client.force_login(chair)

    response = client.post(url(para_21, "accept", proposal.pk), {"expected_version": "soon"})

    assert response.status_code == 400
    assert "The form was incomplete" in response.content.decode()
    assert Proposal.objects.get().state == ProposalState.SUBMITTED


def test_a_proposal_of_another_paragraph_is_a_404(client, chapter_b, chair, delegate):
    proposal = propose(chapter_b[21], delegate)
    client.force_login(chair)

    response = client.post(url(chapter_b[20], "accept", proposal.pk), {"expected_version": "1"})

    assert response.status_code == 404


# --- Proposals made on an older version ---------------------------------------------------------


def test_an_older_proposal_is_shown_as_it_applies_to_the_current_text(
    client, para_21, chair, delegate
):
    early = propose(para_21, delegate)  # on version 1
    later = PARA_21_ALT_1.replace("inclusive information society", "inclusive information age")
    services.accept_proposal(
        proposal=propose(para_21, delegate, text=later), actor=chair, expected_version=1
    )

    html = page(client, para_21, chair)

    assert "As it applies to the current text (version 2, ALT 1)" in html
    card = html[html.index(f'id="proposal-{early.pk}"') :]
    assert '<ins class="redline-ins">and security</ins>' in card
    assert url(para_21, "accept", early.pk) in card


def test_a_conflicting_proposal_needs_a_redraft_which_its_author_can_make(
    client, para_21, chair, delegate
):
    early = propose(para_21, delegate)
    rival = PARA_21_ALT_1.replace("the openness of", "the transparency of")
    services.accept_proposal(
        proposal=propose(para_21, delegate, text=rival), actor=chair, expected_version=1
    )

    chair_view = page(client, para_21, chair)
    card = chair_view[chair_view.index(f'id="proposal-{early.pk}"') :]
    assert "Needs redraft" in card
    assert '<mark class="conflict">' in card
    assert 'this proposal makes it <q class="proposed">openness and security</q>' in card
    assert 'the current text has <q class="current">transparency</q>' in card
    assert url(para_21, "accept", early.pk) not in card  # only rejecting is left to the Chair
    assert url(para_21, "reject", early.pk) in card

    author_view = page(client, para_21, delegate)
    assert url(para_21, "redraft", early.pk) in author_view
    response = client.post(
        url(para_21, "redraft", early.pk),
        {"text": rival.replace("transparency of", "transparency and security of")},
    )
    assert response.status_code == 302
    redraft = Proposal.objects.get(redraft_of=early)
    assert redraft.base_version.sequence == 2
    assert "Redrafted as" in client.get(url(para_21)).content.decode()


# --- The secretariat ----------------------------------------------------------------------------


def test_the_secretariat_edits_as_pen_holder_with_a_reason(client, chapter_b, secretariat):
    para_20 = chapter_b[20]
    html = page(client, para_20, secretariat)
    assert "Edit the text" in html and 'name="alt_1"' in html
    assert "Accept" not in html and "Mark pre-agreed" not in html and "Retain" not in html
    before = snapshot()

    refused = client.post(
        url(para_20, "revise"), {"expected_version": "1", "alt_1": "Text of B.20, tidied."}
    )
    assert refused.status_code == 400
    assert "Say why the text of Para 20 is edited." in refused.content.decode()
    assert "Text of B.20, tidied.</textarea>" in refused.content.decode()
    assert snapshot() == before

    response = client.post(
        url(para_20, "revise"),
        {"expected_version": "1", "alt_1": "Text of B.20, tidied.", "reason": "Editorial."},
    )
    assert response.status_code == 302
    assert texts(para_20) == ["Text of B.20, tidied."]


def test_delegates_cannot_edit_the_text_directly(client, chapter_b, delegate):
    client.force_login(delegate)
    before = snapshot()

    response = client.post(
        url(chapter_b[20], "revise"),
        {"expected_version": "1", "alt_1": "Mine now.", "reason": "Because."},
    )

    assert response.status_code == 403
    assert snapshot() == before


# --- Queries ------------------------------------------------------------------------------------


def build_proposals(paragraph, delegate, chair, count):
    """`count` proposals of each sort: pending on the current version, pending on an older one
    (applying or needing a redraft), accepted, rejected, withdrawn."""
    base = PARA_21_ALT_1
    for n in range(count):
        propose(paragraph, delegate, text=base.replace("Recognizing", f"Recognizing {n}"))
        propose(paragraph, delegate, text=f"{base[:-1]}, point {n}.")
    services.accept_proposal(
        proposal=propose(paragraph, delegate, text=base.replace("Recognizing", "Noting")),
        actor=chair,
        expected_version=1,
    )
    for n in range(count):
        proposal = propose(paragraph, delegate, text=f"Noting {n} " + base[len("Recognizing ") :])
        if n % 3 == 0:
            services.reject_proposal(proposal=proposal, actor=chair, reason="No.")
        elif n % 3 == 1:
            services.withdraw_proposal(proposal=proposal, actor=delegate)


def test_the_paragraph_page_costs_the_same_queries_for_6_proposals_or_90(
    client, make_document, delegate, chair, django_assert_max_num_queries
):
    small = make_document(
        slug="small", chapters=(("B", 1),), texts={("B", 1): (PARA_21_ALT_1, PARA_21_ALT_2)}
    )
    large = make_document(
        slug="large", chapters=(("B", 1),), texts={("B", 1): (PARA_21_ALT_1, PARA_21_ALT_2)}
    )
    small_para = Paragraph.objects.get(chapter__document=small)
    large_para = Paragraph.objects.get(chapter__document=large)
    build_proposals(small_para, delegate, chair, 2)
    build_proposals(large_para, delegate, chair, 30)
    small_url, large_url = url(small_para), url(large_para)
    client.force_login(chair)
    client.get(small_url)  # warm caches (content types, sessions)

    with django_assert_max_num_queries(PARAGRAPH_PAGE_QUERIES) as small_queries:
        client.get(small_url)
    with django_assert_max_num_queries(PARAGRAPH_PAGE_QUERIES) as large_queries:
        response = client.get(large_url)

    assert len(small_queries.captured_queries) == len(large_queries.captured_queries)
    html = response.content.decode()
    assert html.count('class="proposal state-') == 91
    assert html.count('class="proposal state-needs_redraft"') == 30
    assert html.count("As it applies to the current text") == 30


# session, user, process, roles, paragraph (+ chapter, document, process, current version),
# current alternatives, proposals (+ stakeholder, author, base version, redraft), their base
# versions' alternatives, decisions (+ actor, resulting version), stakeholders represented,
# the reader's unread notifications and whether they follow it (one query), the open redraft
# assignments on it (+ assignee, document) and, when there are some, their paragraphs
PARAGRAPH_PAGE_QUERIES = 13
