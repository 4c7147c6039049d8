"""The secretariat publishes consolidated texts at the end of a meeting day: a frozen snapshot
under a symbol, with "Status as of …" and status lines, and a PDF rendered by a worker."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from drafts import services
from drafts.models import (
    ImmutableRecordError,
    Paragraph,
    ParagraphChange,
    Publication,
    PublishedChapter,
    PublishedParagraph,
    Rendering,
    RenderingState,
)
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from tests.drafts.conftest import AFTERNOON_OF_17_APRIL, GENEVA, chapter, publish

pytestmark = pytest.mark.django_db


def test_chapter_b_is_published_as_wsis_10_4_26_pre_agreed(vision, secretariat):
    published = publish(
        vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=26
    )

    publication = published.publication
    assert published.is_new
    assert publication.symbol == "WSIS+10/4/26/Pre-agreed"
    assert publication.status_as_of_label == "Status as of 17 April 2014, COB"
    assert publication.status_line == "Pre-agreed (besides Paras 2, 21, 27-30)"
    assert publication.title == "Pre-agreed text of Chapter B, Chapter B"
    assert publication.published_by == secretariat
    assert publication.published_by_role == "secretariat"
    rows = list(publication.paragraphs.order_by("position"))
    assert [row.display_number for row in rows] == [str(n) for n in range(1, 31)]
    assert rows[20].status == "open" and rows[0].status == "pre_agreed"
    assert rows[20].version == Paragraph.objects.get(pk=rows[20].paragraph_id).current_version


def test_the_whole_document_has_a_line_per_chapter_and_one_for_the_document(vision, secretariat):
    publication = publish(vision, secretariat, meeting_number=4, document_number=25).publication

    assert list(publication.chapters.values_list("heading", "status_line")) == [
        ("Chapter A: Chapter A", "Pre-agreed (besides Para 11)"),
        ("Chapter B: Chapter B", "Pre-agreed (besides Paras 2, 21, 27-30)"),
    ]
    assert publication.status_line == (
        "Pre-agreed (besides Chapter A: Para 11; Chapter B: Paras 2, 21, 27-30)"
    )
    assert publication.paragraphs.count() == 41


def test_the_exact_local_time_is_printed_when_the_secretariat_publishes_before_cob(
    vision, secretariat
):
    publication = publish(
        vision, secretariat, as_of=AFTERNOON_OF_17_APRIL, close_of_business=False
    ).publication

    assert publication.status_as_of_label == "Status as of 17 April 2014, 15:30"


def test_the_next_document_number_and_the_last_meeting_are_the_defaults(vision, secretariat):
    first = publish(
        vision, secretariat, chapter=chapter(vision, "A"), meeting_number=4, document_number=25
    ).publication
    second = publish(vision, secretariat, chapter=chapter(vision, "B")).publication

    assert (first.symbol, second.symbol) == ("WSIS+10/4/25/Pre-agreed", "WSIS+10/4/26/Pre-agreed")


def test_the_first_publication_of_a_process_is_meeting_1_document_1(vision, secretariat):
    publication = publish(vision, secretariat, stage="zero_draft").publication

    assert publication.symbol == "WSIS+10/1/1/Zero-draft"


def test_a_process_names_its_publications_with_its_own_pattern(vision, secretariat, process):
    process.symbol_pattern = "{process}/MPP{meeting}/DOC{number}"
    process.save()

    publication = publish(vision, secretariat, meeting_number=4, document_number=7).publication

    assert publication.symbol == "WSIS+10/MPP4/DOC7"


def test_a_symbol_that_exists_is_refused_and_nothing_is_made(vision, secretariat):
    publish(vision, secretariat, chapter=chapter(vision, "A"), meeting_number=4, document_number=25)
    counts = (Publication.objects.count(), PublishedParagraph.objects.count())

    with pytest.raises(RuleViolation, match="already published as WSIS\\+10/4/25/Pre-agreed") as e:
        publish(
            vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=25
        )

    assert e.value.code == "symbol_taken"
    assert "the next free one is 26" in e.value.message
    assert (Publication.objects.count(), PublishedParagraph.objects.count()) == counts


def test_only_the_secretariat_publishes(vision, chair, delegate, observer):
    for actor in (chair, delegate, observer):
        with pytest.raises(ActionNotAllowed, match="Only the secretariat publishes"):
            publish(vision, actor)

    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"stage": "final-ish"}, "Unknown stage"),
        ({"meeting_number": 0}, "meeting number must be a whole number"),
        ({"document_number": 100_000}, "number must be a whole number"),
        ({"as_of": datetime(2014, 4, 17, 18, 0)}, "needs a time zone"),  # noqa: DTZ001
        ({"as_of": datetime(2999, 1, 1, tzinfo=GENEVA)}, "status in the future"),
    ],
)
def test_bad_publishing_options_are_refused_clearly(vision, secretariat, options, message):
    with pytest.raises(InvalidInput, match=message):
        publish(vision, secretariat, **options)

    assert not Publication.objects.exists() and not Rendering.objects.exists()


def test_publishing_unchanged_text_again_returns_the_publication_without_rendering(
    vision, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(vision, secretariat, chapter=chapter(vision, "B"))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = publish(vision, secretariat, chapter=chapter(vision, "B"))

    assert again.is_new is False
    assert again.publication == first.publication
    assert queued == []
    assert Publication.objects.count() == Rendering.objects.count() == 1


def test_publishing_the_same_text_while_its_pdf_renders_is_refused(vision, secretariat):
    # Without running the on-commit callbacks the PDF stays queued, as while a worker is busy.
    first = publish(vision, secretariat, chapter=chapter(vision, "B")).publication

    with pytest.raises(RuleViolation, match="just published as WSIS\\+10/1/1/Pre-agreed") as e:
        publish(vision, secretariat, chapter=chapter(vision, "B"))

    assert e.value.code == "publication_rendering"
    assert first.rendering.state == RenderingState.QUEUED
    assert Publication.objects.count() == 1


def test_the_same_text_under_new_numbers_is_a_new_publication(vision, secretariat):
    first = publish(vision, secretariat, meeting_number=4, document_number=25).publication

    moved = publish(vision, secretariat, meeting_number=5, document_number=1)

    assert moved.is_new and moved.publication.symbol == "WSIS+10/5/1/Pre-agreed"
    assert moved.publication.previous == first


def test_each_paragraph_says_what_changed_since_the_previous_publication(
    vision, secretariat, chair
):
    chapter_b = chapter(vision, "B")
    first = publish(vision, secretariat, chapter=chapter_b).publication
    para = {p.number: p for p in chapter_b.paragraphs.all()}
    services.retain_alternative(paragraph=para[21], actor=chair, position=1, expected_version=1)
    services.insert_paragraph_after(
        paragraph=para[30],
        actor=secretariat,
        alternatives=[services.AlternativeText(text="A new paragraph after 30.")],
        reason="Proposed in the room.",
    )

    second = publish(vision, secretariat, chapter=chapter_b).publication

    changes = {row.display_number: row.change for row in second.paragraphs.all()}
    assert second.previous == first
    assert changes["21"] == ParagraphChange.CHANGED
    assert changes["30bis"] == ParagraphChange.NEW
    assert changes["1"] == ParagraphChange.UNCHANGED
    assert set(first.paragraphs.values_list("change", flat=True)) == {ParagraphChange.FIRST}


def test_a_publication_never_changes(vision, secretariat, chair):
    publication = publish(vision, secretariat, chapter=chapter(vision, "B")).publication
    row = publication.paragraphs.first()
    published_chapter = publication.chapters.get()

    for record in (publication, row, published_chapter):
        with pytest.raises(ImmutableRecordError):
            record.save()
        with pytest.raises(ImmutableRecordError):
            record.delete()

    # The text moves on; what was published stays as it was.
    para_1 = chapter(vision, "B").paragraphs.get(number=1)
    services.reopen(paragraph=para_1, actor=chair, expected_version=1, reason="Reconsider.")
    services.revise_paragraph(
        paragraph=para_1,
        actor=secretariat,
        alternatives=[services.AlternativeText(text="Rewritten.")],
        expected_version=1,
        reason="Editorial.",
    )
    row = PublishedParagraph.objects.get(pk=row.pk)
    assert (row.status, row.version.sequence) == ("pre_agreed", 1)
    assert [a.text for a in row.version.alternatives.all()] == ["Text of B.1."]
    assert PublishedChapter.objects.get(pk=published_chapter.pk).status_line == (
        "Pre-agreed (besides Paras 2, 21, 27-30)"
    )


def test_a_document_with_nothing_in_it_is_not_published(make_document, secretariat):
    empty = make_document(slug="empty", chapters=(("A", 0),))

    with pytest.raises(RuleViolation, match="no paragraph to publish") as e:
        services.publish(document=empty, actor=secretariat, stage="zero_draft")

    assert e.value.code == "nothing_to_publish"


@time_machine.travel(datetime(2014, 4, 17, 19, 0, tzinfo=GENEVA), tick=False)
def test_by_default_the_status_is_as_of_now_in_the_process_time_zone(vision, secretariat):
    publication = services.publish(document=vision, actor=secretariat, stage="pre_agreed")

    assert publication.publication.status_as_of_label == "Status as of 17 April 2014, COB"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{process}/{meeting}/{stage}", "needs {number}"),
        ("{process}/{year}/{number}", "Unknown placeholder {year}"),
        ("{process}/{number", "not a valid pattern"),
    ],
)
def test_a_symbol_pattern_the_platform_cannot_fill_is_refused(process, pattern, message):
    process.symbol_pattern = pattern

    with pytest.raises(ValidationError, match=message):
        process.full_clean()
