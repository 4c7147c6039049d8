"""The Chair marks a paragraph pre-agreed — only when the rule allows it, and on the text seen."""

import pytest

from drafts import services
from drafts.models import Paragraph, ParagraphStatus, StatusChange
from processes.errors import ActionNotAllowed, RuleViolation, StaleVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapter_b(make_document):
    document = make_document(
        chapters=(("B", 3),),
        texts={
            ("B", 1): "Recognizing the importance of open standards.",
            ("B", 2): ("ALT one.", "ALT two."),
            ("B", 3): "Security is critical. [this includes agreements.] [led by Saudi]",
        },
    )
    return {p.number: p for p in Paragraph.objects.filter(chapter__document=document)}


def test_the_chair_marks_a_settled_paragraph_pre_agreed_and_it_is_recorded(chapter_b, chair):
    change = services.mark_pre_agreed(
        paragraph=chapter_b[1], actor=chair, expected_version=1, reason="Agreed in plenary."
    )

    paragraph = Paragraph.objects.get(pk=chapter_b[1].pk)
    assert paragraph.status == ParagraphStatus.PRE_AGREED
    assert paragraph.status_changed_at is not None
    assert (change.actor, change.from_status, change.to_status) == (chair, "open", "pre_agreed")
    assert change.version == paragraph.current_version
    assert change.reason == "Agreed in plenary."


def test_a_paragraph_with_two_alternatives_cannot_be_pre_agreed(chapter_b, chair):
    with pytest.raises(RuleViolation, match="Para 2 .*2 alternatives: choose one"):
        services.mark_pre_agreed(paragraph=chapter_b[2], actor=chair, expected_version=1)

    assert Paragraph.objects.get(pk=chapter_b[2].pk).status == ParagraphStatus.OPEN
    assert not StatusChange.objects.exists()


def test_a_paragraph_with_brackets_cannot_be_pre_agreed(chapter_b, chair):
    with pytest.raises(RuleViolation, match="Para 3 .*1 bracketed passage"):
        services.mark_pre_agreed(paragraph=chapter_b[3], actor=chair, expected_version=1)

    assert Paragraph.objects.get(pk=chapter_b[3].pk).status == ParagraphStatus.OPEN


def test_a_delegate_cannot_mark_a_paragraph_pre_agreed(chapter_b, delegate):
    with pytest.raises(ActionNotAllowed):
        services.mark_pre_agreed(paragraph=chapter_b[1], actor=delegate, expected_version=1)

    assert Paragraph.objects.get(pk=chapter_b[1].pk).status == ParagraphStatus.OPEN


def test_the_chair_cannot_pre_agree_text_that_changed_since_they_looked(
    chapter_b, chair, secretariat
):
    services.revise_paragraph(
        paragraph=chapter_b[1],
        alternatives=[services.AlternativeText(text="Recognizing open standards [and more].")],
        actor=secretariat,
        expected_version=1,
        reason="Pen-holder's edit.",
    )

    with pytest.raises(StaleVersion, match="you saw version 1, it is now at version 2"):
        services.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)


def test_the_chair_reopens_a_pre_agreed_paragraph_with_a_reason(chapter_b, chair):
    services.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)

    with pytest.raises(Exception, match="Say why"):
        services.reopen(paragraph=chapter_b[1], actor=chair, reason="  ")
    services.reopen(paragraph=chapter_b[1], actor=chair, reason="Egypt asked to revisit.")

    paragraph = Paragraph.objects.get(pk=chapter_b[1].pk)
    assert paragraph.status == ParagraphStatus.OPEN
    assert list(paragraph.status_changes.values_list("to_status", flat=True)) == [
        "pre_agreed",
        "open",
    ]


def test_a_pre_agreed_paragraph_takes_no_text_change_until_reopened(chapter_b, chair, secretariat):
    services.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)

    with pytest.raises(RuleViolation, match="must reopen it"):
        services.revise_paragraph(
            paragraph=chapter_b[1],
            alternatives=[services.AlternativeText(text="New text.")],
            actor=secretariat,
            expected_version=1,
            reason="",
        )
    assert Paragraph.objects.get(pk=chapter_b[1].pk).versions.count() == 1


def test_adopted_text_is_not_reopened(chapter_b, chair):
    services.mark_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)

    with pytest.raises(RuleViolation, match="adopted"):
        services.reopen(paragraph=chapter_b[1], actor=chair, reason="Second thoughts.")


def test_the_chair_cannot_reopen_a_text_pre_agreed_again_since_they_looked(
    chapter_b, chair, secretariat
):
    services.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=1)
    services.reopen(paragraph=chapter_b[1], actor=chair, reason="Egypt asked.", expected_version=1)
    services.revise_paragraph(
        paragraph=chapter_b[1],
        alternatives=[services.AlternativeText(text="Recognizing open standards.")],
        actor=secretariat,
        expected_version=1,
        reason="Agreed wording.",
    )
    services.mark_pre_agreed(paragraph=chapter_b[1], actor=chair, expected_version=2)

    with pytest.raises(StaleVersion, match="you saw version 1, it is now at version 2"):
        services.reopen(paragraph=chapter_b[1], actor=chair, reason="Again.", expected_version=1)
    assert Paragraph.objects.get(pk=chapter_b[1].pk).status == ParagraphStatus.PRE_AGREED
