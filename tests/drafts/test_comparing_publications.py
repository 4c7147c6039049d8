"""Delegates compare two consolidated texts: what was inserted and deleted in each paragraph,
which paragraphs are new, gone or renumbered."""

import pytest

from drafts import services
from drafts.comparison import (
    CHANGED,
    DELETED,
    NEW,
    UNCHANGED,
    compare_publications,
    paragraph_text,
)
from drafts.diffing import DiffOp
from processes.errors import InvalidInput
from tests.drafts.conftest import chapter, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_publications(vision, secretariat, chair):
    """Chapter B on 16 April, and again after a day of work: ALT 1 of Para 21 retained, Para 2
    amended, Para 28 deleted, a Para 30bis inserted."""
    chapter_b = chapter(vision, "B")
    first = publish(vision, secretariat, chapter=chapter_b).publication
    para = {p.number: p for p in chapter_b.paragraphs.all()}
    services.retain_alternative(paragraph=para[21], actor=chair, position=1, expected_version=1)
    services.revise_paragraph(
        paragraph=para[2],
        actor=secretariat,
        alternatives=[services.AlternativeText(text="Text of B.2, as amended.")],
        expected_version=1,
        reason="Agreed in the room.",
    )
    services.delete_paragraph(paragraph=para[28], actor=chair, expected_version=1, reason="Merged.")
    services.insert_paragraph_after(
        paragraph=para[30],
        actor=secretariat,
        alternatives=[services.AlternativeText(text="A new paragraph.")],
        reason="From the floor.",
    )
    second = publish(vision, secretariat, chapter=chapter_b).publication
    return first, second


def by_number(comparison):
    [chapter_b] = comparison.chapters
    return {p.number: p for p in chapter_b.paragraphs}


def test_each_paragraph_is_marked_new_deleted_changed_or_unchanged(two_publications):
    comparison = compare_publications(*two_publications)

    paragraphs = by_number(comparison)
    assert paragraphs["2"].kind == CHANGED
    assert paragraphs["2"].ops == (
        DiffOp("equal", "Text of B.2"),
        DiffOp("insert", ", as amended"),
        DiffOp("equal", "."),
    )
    assert paragraphs["28"].kind == DELETED
    assert paragraphs["28"].ops == (DiffOp("delete", "Text of B.28."),)
    assert paragraphs["30bis"].kind == NEW
    assert paragraphs["1"].kind == UNCHANGED
    assert comparison.counts == {
        "new": 1,
        "deleted": 1,
        "changed": 2,
        "renumbered": 0,
        "unchanged": 27,
    }


def test_a_deleted_paragraph_is_shown_where_it_stood(two_publications):
    [chapter_b] = compare_publications(*two_publications).chapters

    numbers = [p.number for p in chapter_b.paragraphs]
    assert numbers[26:31] == ["27", "28", "29", "30", "30bis"]


def test_retaining_an_alternative_shows_the_other_alternative_struck(two_publications):
    para_21 = by_number(compare_publications(*two_publications))["21"]

    deleted = "".join(op.text for op in para_21.ops if op.kind == "delete")
    assert "ALT 1: " in deleted and "ALT 2: " in deleted
    assert para_21.kind == CHANGED


def test_the_order_of_the_two_publications_does_not_matter(two_publications):
    first, second = two_publications

    assert compare_publications(second, first).older == first


def test_a_paragraph_with_several_alternatives_is_compared_as_labelled_lines(two_publications):
    first, _ = two_publications
    row = first.paragraphs.get(display_number="21")

    text = paragraph_text(row.version.alternatives.all())

    assert text.startswith("ALT 1: Recognizing") and "\nALT 2: " in text


def test_publications_of_different_documents_are_not_compared(
    two_publications, make_document, secretariat
):
    other = make_document(slug="statement", chapters=(("A", 2),))
    elsewhere = publish(other, secretariat).publication

    with pytest.raises(InvalidInput, match="different documents"):
        compare_publications(two_publications[0], elsewhere)


def test_comparing_costs_the_same_queries_whatever_the_length(
    two_publications, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        compare_publications(*two_publications)
