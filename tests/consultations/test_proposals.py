"""Delegates propose; the Chair decides; nothing anyone did is lost or silently mangled."""

import pytest

from consultations import services
from consultations.models import Decision, Proposal, ProposalKind, ProposalState
from drafts import services as drafts
from drafts.models import ChangeKind, Paragraph, ParagraphStatus
from drafts.selectors import chapter_progress, document_with_text
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation, StaleVersion
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2

pytestmark = pytest.mark.django_db

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")


def propose_amendment(paragraph, delegate, text=AMENDED_ALT_1, position=1, base=None):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=base or paragraph.current_version.sequence,
        alternative_position=position,
        text=text,
        rationale="Security belongs here.",
    )


def fresh(paragraph):
    return Paragraph.objects.select_related("current_version").get(pk=paragraph.pk)


def texts(paragraph):
    return [a.text for a in fresh(paragraph).current_version.alternatives.order_by("position")]


def test_the_story_of_para_21_from_amendment_to_pre_agreement(para_21, delegate, chair, process):
    proposal = propose_amendment(para_21, delegate)
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.stakeholder.name == "Saudi Arabia"

    services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)
    para_21 = fresh(para_21)
    version = para_21.current_version
    assert texts(para_21) == [AMENDED_ALT_1, PARA_21_ALT_2]
    assert (version.change, version.source_proposal_id) == (
        ChangeKind.PROPOSAL_ACCEPTED,
        proposal.pk,
    )
    assert version.on_behalf_of.name == "Saudi Arabia" and version.actor_role == "chair"

    with pytest.raises(RuleViolation, match="Para 21 .*still has 2 alternatives"):
        drafts.mark_pre_agreed(paragraph=para_21, actor=chair, expected_version=2)

    drafts.retain_alternative(paragraph=para_21, position=1, actor=chair, expected_version=2)
    drafts.mark_pre_agreed(paragraph=para_21, actor=chair, expected_version=3)

    document = document_with_text(process=process, slug="vision")
    assert fresh(para_21).status == ParagraphStatus.PRE_AGREED
    assert (
        chapter_progress(document.chapters.all()[0]).summary
        == "Pre-agreed (besides Paras 1-20, 22-27)"
    )
    assert [v.change for v in para_21.versions.order_by("sequence")] == [
        ChangeKind.DRAFTED,
        ChangeKind.PROPOSAL_ACCEPTED,
        ChangeKind.ALTERNATIVE_RETAINED,
    ]


def test_a_proposal_made_on_an_older_version_is_rebased_when_changes_do_not_touch(
    para_21, delegate, chair
):
    early = propose_amendment(para_21, delegate)  # against version 1
    other = PARA_21_ALT_1.replace("inclusive information society", "inclusive information age")
    services.accept_proposal(
        proposal=propose_amendment(para_21, delegate, text=other), actor=chair, expected_version=1
    )

    services.accept_proposal(proposal=early, actor=chair, expected_version=2)

    assert texts(para_21)[0] == AMENDED_ALT_1.replace(
        "inclusive information society", "inclusive information age"
    )


def test_a_proposal_that_overlaps_newer_changes_needs_a_redraft_and_is_never_merged(
    para_21, delegate, chair
):
    early = propose_amendment(para_21, delegate)
    rival = PARA_21_ALT_1.replace("the openness of", "the transparency of")
    services.accept_proposal(
        proposal=propose_amendment(para_21, delegate, text=rival), actor=chair, expected_version=1
    )

    early.refresh_from_db()
    assert early.state == ProposalState.NEEDS_REDRAFT
    assert Decision.objects.filter(proposal=early, outcome="needs_redraft", actor=None).exists()
    with pytest.raises(services.ProposalNeedsRedraft):
        services.accept_proposal(proposal=early, actor=chair, expected_version=2)
    assert texts(para_21)[0] == rival

    redraft = services.redraft_proposal(
        proposal=early,
        actor=delegate,
        text=rival.replace("transparency of", "transparency and security of"),
    )
    assert (redraft.redraft_of, redraft.base_version.sequence) == (early, 2)
    early.refresh_from_db()
    assert early.state == ProposalState.WITHDRAWN
    assert early.decisions.last().reason == f"Redrafted as proposal {redraft.pk}."
    services.accept_proposal(proposal=redraft, actor=chair, expected_version=2)
    assert "the transparency and security of" in texts(para_21)[0]


def test_accepting_as_an_alternative_keeps_the_proposer(para_21, delegate, chair):
    proposal = propose_amendment(para_21, delegate)

    services.accept_as_alternative(proposal=proposal, actor=chair, expected_version=1)

    alternatives = list(fresh(para_21).current_version.alternatives.order_by("position"))
    assert [a.text for a in alternatives] == [PARA_21_ALT_1, PARA_21_ALT_2, AMENDED_ALT_1]
    assert alternatives[2].proposer.name == "Saudi Arabia"
    assert alternatives[2].label == "ALT 3"


def test_accepting_in_brackets_credits_the_stakeholder(chapter_b, delegate, chair):
    para_1 = chapter_b[1]
    proposal = propose_amendment(para_1, delegate, text="Text of B.1 and of its annex.")

    services.accept_in_brackets(proposal=proposal, actor=chair, expected_version=1)

    assert texts(para_1) == ["Text of B.1 [and of its annex] [proposed by Saudi Arabia]."]
    with pytest.raises(RuleViolation, match="bracketed passage"):
        drafts.mark_pre_agreed(paragraph=para_1, actor=chair, expected_version=2)


def test_the_chair_lifts_and_strikes_brackets(chapter_b, chair):
    para_27 = chapter_b[27]
    start = para_27.current_version.alternatives.get().text.index("[")

    drafts.lift_brackets(paragraph=para_27, bracket_start=start, actor=chair, expected_version=1)

    assert texts(para_27) == [
        "Building confidence and security in the use of ICTs is critical. this includes "
        "recognizing the need for international agreements."
    ]


def test_a_rejection_needs_a_reason_and_leaves_the_text(para_21, delegate, chair):
    proposal = propose_amendment(para_21, delegate)

    with pytest.raises(InvalidInput, match="reason"):
        services.reject_proposal(proposal=proposal, actor=chair, reason=" ")
    services.reject_proposal(proposal=proposal, actor=chair, reason="No consensus in the room.")

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    assert proposal.decisions.get().reason == "No consensus in the room."
    assert fresh(para_21).versions.count() == 1


def test_a_withdrawn_proposal_cannot_be_decided(para_21, delegate, chair):
    proposal = propose_amendment(para_21, delegate)
    services.withdraw_proposal(proposal=proposal, actor=delegate)

    with pytest.raises(RuleViolation, match="withdrawn by its author"):
        services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)
    assert fresh(para_21).versions.count() == 1


def test_a_delegate_whose_membership_ended_no_longer_withdraws_for_the_stakeholder(
    para_21, delegate
):
    proposal = propose_amendment(para_21, delegate)
    delegate.memberships.update(is_active=False)
    delegate = type(delegate).objects.get(pk=delegate.pk)  # roles are cached per user object

    with pytest.raises(ActionNotAllowed, match="Only its author"):
        services.withdraw_proposal(proposal=proposal, actor=delegate)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_a_decision_on_a_stale_version_is_a_conflict(para_21, delegate, chair):
    first, second = (
        propose_amendment(para_21, delegate),
        propose_amendment(para_21, delegate, text=PARA_21_ALT_1 + " Also."),
    )
    services.accept_proposal(proposal=first, actor=chair, expected_version=1)

    with pytest.raises(StaleVersion, match="you saw version 1, it is now at version 2"):
        services.accept_proposal(proposal=second, actor=chair, expected_version=1)


def test_proposals_on_settled_paragraphs_are_refused_with_the_date(chapter_b, delegate, chair):
    drafts.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)

    with pytest.raises(
        RuleViolation, match=r"Para 1 was pre-agreed on \d+ \w+ \d{4}; ask the Chair"
    ):
        propose_amendment(chapter_b[1], delegate, text="Another text.")
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Unbalanced [bracket.", "Opening bracket at character 12 is never closed"),
        ("x" * 10_001, "the limit is 10000"),
        (PARA_21_ALT_1, "same as the current text"),
    ],
)
def test_bad_proposed_text_is_refused_and_nothing_is_saved(para_21, delegate, text, message):
    with pytest.raises(InvalidInput, match=message):
        propose_amendment(para_21, delegate, text=text)
    assert not Proposal.objects.exists()


def test_observers_and_the_chair_do_not_propose(para_21, observer, chair):
    for person in (observer, chair):
        with pytest.raises(ActionNotAllowed):
            propose_amendment(para_21, person)


def test_only_the_chair_decides(para_21, delegate, secretariat):
    proposal = propose_amendment(para_21, delegate)
    for person in (delegate, secretariat):
        with pytest.raises(ActionNotAllowed):
            services.accept_proposal(proposal=proposal, actor=person, expected_version=1)


def test_an_inserted_paragraph_is_numbered_bis_then_ter(chapter_b, delegate, chair):
    para_21 = chapter_b[21]
    for n in (1, 2):
        proposal = services.submit_proposal(
            paragraph=para_21,
            actor=delegate,
            kind=ProposalKind.INSERT_AFTER,
            base_version=1,
            text=f"New paragraph {n}.",
        )
        services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)

    numbers = [
        p.display_number for p in Paragraph.objects.filter(chapter=para_21.chapter, number=21)
    ]
    assert numbers == ["21", "21bis", "21ter"]


def test_a_deleted_paragraph_leaves_the_status_line(chapter_b, delegate, chair, process):
    proposal = services.submit_proposal(
        paragraph=chapter_b[2], actor=delegate, kind=ProposalKind.DELETE_PARAGRAPH, base_version=1
    )
    services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)

    assert fresh(chapter_b[2]).status == ParagraphStatus.DELETED
    chapter = document_with_text(process=process, slug="vision").chapters.all()[0]
    assert "2" not in chapter_progress(chapter).open_numbers
