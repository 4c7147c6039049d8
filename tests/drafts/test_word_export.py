"""A delegation downloads a consolidated text as a Word document: the symbol, "Status as of …",
the status lines, numbered paragraphs, brackets and ALT labels as text; and a text exported to
Word imports back as the same chapters, numbers and texts."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from drafts import services
from drafts.models import Paragraph
from drafts.wordio.export import DOCX_CONTENT_TYPE, docx_filename, publication_docx
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27
from tests.drafts.conftest import chapter, publish

pytestmark = pytest.mark.django_db


def read_back(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def lines(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


@pytest.fixture
def chapter_b(vision, secretariat):
    return publish(
        vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=26
    ).publication


def test_chapter_b_of_the_vision_exported_to_word(chapter_b):
    document = read_back(publication_docx(chapter_b))

    text = lines(document)
    assert text[:4] == [
        "WSIS+10/4/26/Pre-agreed",
        "Pre-agreed text of Chapter B, Chapter B",
        "Status as of 17 April 2014, COB",
        "Pre-agreed (besides Paras 2, 21, 27-30)",
    ]
    assert document.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT or (
        document.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    )
    assert document.paragraphs[1].style.name == "Title"
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert heading.text == "Chapter B: Chapter B"
    assert "1.\tText of B.1." in text
    assert f"21.\tALT 1: {PARA_21_ALT_1}" in text
    assert f"ALT 2: {PARA_21_ALT_2}" in text
    assert text[text.index(f"21.\tALT 1: {PARA_21_ALT_1}") + 1] == f"ALT 2: {PARA_21_ALT_2}"
    assert f"27.\t{PARA_27}" in text
    assert "[this includes recognizing the need for international agreements.] [led by Saudi]" in (
        PARA_27
    )
    assert [t.split(".\t")[0] for t in text if ".\t" in t] == [str(n) for n in range(1, 31)]


def test_the_symbol_heads_every_page_and_the_file_says_what_it_is(chapter_b):
    document = read_back(publication_docx(chapter_b))

    section = document.sections[0]
    assert section.header.paragraphs[0].text == "WSIS+10/4/26/Pre-agreed"
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "Pre-agreed (besides Paras 2, 21, 27-30) · Page" in section.footer.paragraphs[0].text
    assert round(section.page_width.cm, 1) == 21.0
    assert document.core_properties.subject == "WSIS+10/4/26/Pre-agreed"
    assert document.core_properties.title == "Pre-agreed text of Chapter B, Chapter B"
    assert docx_filename(chapter_b) == "wsisplus10-4-26-pre-agreed.docx"
    assert DOCX_CONTENT_TYPE.endswith("wordprocessingml.document")


def test_a_whole_document_has_each_chapters_status_line(vision, secretariat):
    publication = publish(vision, secretariat, meeting_number=4, document_number=25).publication

    text = lines(read_back(publication_docx(publication)))

    assert text[3] == "Pre-agreed (besides Chapter A: Para 11; Chapter B: Paras 2, 21, 27-30)"
    a, b = text.index("Chapter A: Chapter A"), text.index("Chapter B: Chapter B")
    assert text[a + 1] == "Pre-agreed (besides Para 11)"
    assert text[b + 1] == "Pre-agreed (besides Paras 2, 21, 27-30)"


def test_html_script_and_urls_are_written_as_the_literal_text_and_unwritable_characters_dropped(
    make_document, secretariat
):
    typed = '<script>alert("x")</script> [<img src="file:///etc/passwd">] [led by X]'
    document = make_document(slug="html", texts={("A", 1): typed, ("A", 2): "Vertical\x0btab."})
    publication = publish(document, secretariat).publication

    text = lines(read_back(publication_docx(publication)))

    assert f"1.\t{typed}" in text
    assert "2.\tVerticaltab." in text


def test_the_export_costs_the_same_few_queries_however_long_the_text(
    make_document, secretariat, django_assert_num_queries
):
    short = publish(make_document(slug="short", chapters=(("A", 2),)), secretariat).publication
    long = publish(
        make_document(slug="long", chapters=(("A", 60), ("B", 60), ("C", 5))), secretariat
    ).publication

    for publication in (short, long):
        fresh = type(publication).objects.get(pk=publication.pk)
        with django_assert_num_queries(4):
            publication_docx(fresh)


# --- round trip ---


def published_texts(publication) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    rows = publication.paragraphs.select_related("published_chapter__chapter", "version")
    chapters: dict[int, tuple[str, str, list]] = {}
    for row in rows.order_by("position"):
        source = row.published_chapter.chapter
        entry = chapters.setdefault(source.pk, (source.letter, source.title, []))
        texts = [a.text for a in row.version.alternatives.order_by("position")]
        entry[2].append((row.display_number, texts))
    return list(chapters.values())


def document_texts(document) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    result = []
    for source in document.chapters.order_by("order"):
        paragraphs = [
            (
                p.display_number,
                [a.text for a in p.current_version.alternatives.order_by("position")],
            )
            for p in source.paragraphs.select_related("current_version")
        ]
        result.append((source.letter, source.title, paragraphs))
    return result


def test_a_publication_exported_to_word_imports_back_as_the_same_text(
    vision, secretariat, chair, process
):
    para_21 = Paragraph.objects.get(chapter__document=vision, chapter__letter="B", number=21)
    services.insert_paragraph_after(
        paragraph=para_21,
        alternatives=[services.AlternativeText(text="Inserted [after 21] [proposed by HEP].")],
        actor=chair,
        reason="Inserted in the room.",
    )
    annex = services.add_chapter(
        document=vision,
        letter="",
        title="List of referenced resolutions on human rights",
        is_annex=True,
        actor=secretariat,
    )
    services.add_paragraph(
        chapter=annex,
        number=1,
        alternatives=[services.AlternativeText(text="Resolution A/RES/68/167.\n(a) its title")],
        actor=secretariat,
    )
    publication = publish(vision, secretariat, meeting_number=4, document_number=25).publication
    exported = publication_docx(publication)

    document_import = services.preview_import(
        process=process, actor=secretariat, filename=docx_filename(publication), data=exported
    )

    assert document_import.problems == []
    imported = services.confirm_import(
        document_import=document_import,
        actor=secretariat,
        title="WSIS+10 Vision, as published",
        short_title="Vision again",
    )
    assert document_texts(imported) == published_texts(publication)
    numbers = [number for _letter, _title, rows in document_texts(imported) for number, _ in rows]
    assert "21bis" in numbers
    assert [c.is_annex for c in imported.chapters.order_by("order")] == [False, False, True]
