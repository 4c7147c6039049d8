"""The secretariat imports a zero draft from Word (or plain text, or Markdown): a preview with
everything recognised and every problem located, and nothing created until they confirm."""

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

from drafts import services
from drafts.models import (
    Chapter,
    Document,
    DocumentImport,
    ImportState,
    Paragraph,
    ParagraphVersion,
)
from drafts.wordio import readers
from meetings.demo.wsis10 import PARA_21_ALT_1, PARA_21_ALT_2, SAUDI_PARAS, VISION, paragraphs_of
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation

pytestmark = pytest.mark.django_db

VISION_A, VISION_B = VISION.chapters[0], VISION.chapters[1]


def word_file(*paragraphs) -> bytes:
    """A .docx built the way Word users build one: "text", or ("Heading 1", "text")."""
    document = docx.Document()
    for item in paragraphs:
        style, text = item if isinstance(item, tuple) else ("Normal", item)
        if style.startswith("Heading "):
            document.add_heading(text, int(style.removeprefix("Heading ")))
        else:
            document.add_paragraph(text, style=style)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def vision_as_the_secretariat_typed_it() -> bytes:
    """Chapters A and B of the Vision laid out as in the source: the symbol at the top right,
    "Status as of …", lettered chapter headings typed in bold, numbered paragraphs, Para 21's
    "ALT 1:" and "ALT2:" blocks, and the Saudi Arabia paragraphs with their brackets."""
    document = docx.Document()
    symbol = document.add_paragraph("WSIS+10/4/26/Pre-agreed")
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(VISION.title).runs[0].bold = True
    document.add_paragraph("Status as of 17 April 2014, COB")
    for chapter in (VISION_A, VISION_B):
        document.add_paragraph("")
        document.add_paragraph(f"{chapter.letter}. {chapter.title}").runs[0].bold = True
        for paragraph in paragraphs_of(chapter):
            if len(paragraph.alternatives) == 2:
                document.add_paragraph(f"{paragraph.number}.")
                document.add_paragraph(f"ALT 1: {paragraph.alternatives[0]}")
                document.add_paragraph(f"ALT2: {paragraph.alternatives[1]}")
            else:
                document.add_paragraph(f"{paragraph.number}.\t{paragraph.alternatives[0]}")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def nothing_created():
    return not (Document.objects.exists() or Chapter.objects.exists() or Paragraph.objects.exists())


def preview(process, actor, filename, data):
    return services.preview_import(process=process, actor=actor, filename=filename, data=data)


def texts(document) -> dict[tuple[str, str], list[str]]:
    paragraphs = Paragraph.objects.filter(chapter__document=document).select_related(
        "chapter", "current_version"
    )
    return {
        (p.chapter.letter or "Annex", p.display_number): [
            a.text for a in p.current_version.alternatives.order_by("position")
        ]
        for p in paragraphs
    }


# --- the story ---


def test_a_word_zero_draft_is_previewed_and_nothing_is_created(process, secretariat):
    data = word_file(
        ("Title", "WSIS+10 Vision for WSIS Beyond 2015"),
        ("Heading 1", "A. Preamble"),
        "1. We, the participants of the WSIS+10 High-Level Event, reaffirm …",
        "2. We recognize [the need for international agreements] [led by Saudi].",
        ("Heading 1", "B. Priority areas"),
        "1. Text of Para 1.",
        "1bis. An inserted paragraph.",
        "2. ALT 1: First version.",
        "ALT 2: Second version.",
    )

    document_import = preview(process, secretariat, "zero-draft.docx", data)

    assert nothing_created()
    assert document_import.state == ImportState.PENDING
    assert (document_import.filename, document_import.file_format) == ("zero-draft.docx", "docx")
    assert document_import.size == len(data)
    assert document_import.uploaded_by == secretariat
    assert document_import.problems == []
    assert document_import.can_be_confirmed
    parsed = document_import.parsed
    assert parsed.title == "WSIS+10 Vision for WSIS Beyond 2015"
    assert [c.heading for c in parsed.chapters] == [
        "Chapter A: Preamble",
        "Chapter B: Priority areas",
    ]
    assert [p.label for p in parsed.chapters[1].paragraphs] == ["Para 1", "Para 1bis", "Para 2"]
    assert parsed.chapters[1].paragraphs[2].alternatives == ["First version.", "Second version."]
    assert parsed.chapters[0].paragraphs[1].alternatives == [
        "We recognize [the need for international agreements] [led by Saudi]."
    ]


def test_confirming_creates_the_document_through_the_text_services(process, secretariat):
    data = word_file(
        ("Heading 1", "A. Preamble"),
        "1. First.",
        "2. ALT 1: One.",
        "ALT 2: Two.",
        ("Heading 1", "Annex: List of referenced resolutions on human rights"),
        "1. Resolution 1.",
    )
    document_import = preview(process, secretariat, "zero-draft.docx", data)

    document = services.confirm_import(
        document_import=document_import,
        actor=secretariat,
        title="WSIS+10 Vision for WSIS Beyond 2015",
        short_title="Vision",
        slug="vision",
    )

    assert (document.title, document.short_title, document.slug) == (
        "WSIS+10 Vision for WSIS Beyond 2015",
        "Vision",
        "vision",
    )
    assert [(c.letter, c.title, c.is_annex) for c in document.chapters.order_by("order")] == [
        ("A", "Preamble", False),
        ("", "List of referenced resolutions on human rights", True),
    ]
    assert texts(document) == {
        ("A", "1"): ["First."],
        ("A", "2"): ["One.", "Two."],
        ("Annex", "1"): ["Resolution 1."],
    }
    version = ParagraphVersion.objects.filter(paragraph__chapter__document=document).first()
    assert version.author == secretariat
    assert version.actor_role == "secretariat"
    assert version.reason == "Imported from zero-draft.docx."
    document_import.refresh_from_db()
    assert document_import.state == ImportState.CONFIRMED
    assert document_import.document == document
    assert (document_import.decided_by, document_import.decided_by_role) == (
        secretariat,
        "secretariat",
    )
    assert document_import.decided_at is not None


def test_the_vision_laid_out_as_in_the_source_imports_with_para_21s_alts_and_para_27s_brackets(
    process, secretariat
):
    document_import = preview(
        process, secretariat, "vision.docx", vision_as_the_secretariat_typed_it()
    )

    assert document_import.problems == []
    notes = [note["message"] for note in document_import.notes]
    assert notes[:3] == [
        '"WSIS+10/4/26/Pre-agreed" is read as front matter before the first chapter; it is not '
        "imported",
        # Typed in bold rather than in Word's Title style: a title all the same.
        '"WSIS+10 Vision for WSIS Beyond 2015" is read as front matter before the first '
        "chapter; it is not imported",
        '"Status as of 17 April 2014, COB" is read as front matter before the first chapter; it '
        "is not imported",
    ]
    assert document_import.structure["title"] == VISION.title

    document = services.confirm_import(
        document_import=document_import,
        actor=secretariat,
        title=VISION.title,
        short_title="Vision",
    )

    imported = texts(document)
    assert [(c.letter, c.title) for c in document.chapters.order_by("order")] == [
        ("A", VISION_A.title),
        ("B", VISION_B.title),
    ]
    assert len(imported) == VISION_A.paragraph_count + VISION_B.paragraph_count == 14 + 32
    assert imported[("B", "21")] == [PARA_21_ALT_1, PARA_21_ALT_2]
    for number, (_printed, text) in SAUDI_PARAS.items():
        assert imported[("B", str(number))] == [text]
    assert imported[("B", "27")][0].endswith("[led by Saudi]")


def test_html_and_script_in_the_text_are_imported_as_literal_text(process, secretariat):
    typed = '<script>alert("x")</script> <a href="file:///etc/passwd">[see here]</a> [led by X]'
    document_import = preview(
        process, secretariat, "draft.docx", word_file(("Heading 1", "A. Preamble"), f"1. {typed}")
    )

    document = services.confirm_import(
        document_import=document_import, actor=secretariat, title="Draft", short_title="Draft"
    )

    assert texts(document) == {("A", "1"): [typed]}


def test_the_preview_names_each_problem_and_confirming_is_refused(process, secretariat):
    alt_2 = "x" * 111 + "[never closed"
    data = word_file(
        ("Heading 1", "B. Priority areas"),
        "10. Text.",
        "12. Text.",
        "21.",
        "ALT 1: Fine.",
        f"ALT 2: {alt_2}",
    )
    document_import = preview(process, secretariat, "draft.docx", data)

    assert [f"{p['where']}: {p['message']}" for p in document_import.problems] == [
        "Chapter B, block 3: a numbered paragraph 12 follows 10: 11 is missing",
        "Chapter B, block 4: a numbered paragraph 21 follows 12: 13-20 are missing",
        "Chapter B, Para 21, ALT 2, character 112: Opening bracket is never closed",
    ]
    assert not document_import.can_be_confirmed

    with pytest.raises(RuleViolation, match="has 3 problem") as refused:
        services.confirm_import(
            document_import=document_import, actor=secretariat, title="Draft", short_title="D"
        )

    assert refused.value.code == "import_has_problems"
    assert "Chapter B, block 3: a numbered paragraph 12 follows 10" in refused.value.message
    assert nothing_created()
    document_import.refresh_from_db()
    assert document_import.state == ImportState.PENDING


def test_word_automatic_numbering_is_named_as_the_problem(process, secretariat):
    data = word_file(("Heading 1", "A. Preamble"), ("List Number", "We recognize …"))

    document_import = preview(process, secretariat, "draft.docx", data)

    assert "Word numbers this paragraph automatically" in document_import.problems[0]["message"]


def test_tracked_changes_are_refused_so_that_the_text_imported_is_the_text_seen(
    process, secretariat
):
    document = docx.Document()
    document.add_heading("A. Preamble", 1)
    paragraph = document.add_paragraph("1. We recognize ")
    paragraph._p.append(
        parse_xml(
            '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'w:id="1" w:author="Delegate" w:date="2014-04-17T10:00:00Z">'
            "<w:r><w:t>[inserted words]</w:t></w:r></w:ins>"
        )
    )
    output = io.BytesIO()
    document.save(output)

    with pytest.raises(InvalidInput, match="draft.docx has tracked changes: accept or reject"):
        preview(process, secretariat, "draft.docx", output.getvalue())

    assert not DocumentImport.objects.exists()


# --- who may ---


def test_only_the_secretariat_imports(process, secretariat, chair, delegate, observer):
    data = word_file(("Heading 1", "A. Preamble"), "1. Text.")
    for actor in (chair, delegate, observer):
        with pytest.raises(ActionNotAllowed, match="Only the secretariat imports drafts"):
            preview(process, actor, "draft.docx", data)
    assert not DocumentImport.objects.exists()

    document_import = preview(process, secretariat, "draft.docx", data)
    for actor in (chair, delegate):
        with pytest.raises(ActionNotAllowed):
            services.confirm_import(
                document_import=document_import, actor=actor, title="T", short_title="T"
            )
        with pytest.raises(ActionNotAllowed):
            services.discard_import(document_import=document_import, actor=actor)
    assert nothing_created()


def test_the_permission_is_checked_before_the_upload_is_read(process, delegate):
    class Upload:
        size = 100

        def read(self, *args):
            raise AssertionError("read before the permission check")

    with pytest.raises(ActionNotAllowed):
        preview(process, delegate, "draft.docx", Upload())


# --- confirming once ---


@pytest.fixture
def pending(process, secretariat):
    return preview(process, secretariat, "draft.docx", word_file(("Heading 1", "A. P"), "1. T."))


def test_an_import_is_confirmed_once(pending, secretariat):
    services.confirm_import(document_import=pending, actor=secretariat, title="T", short_title="T")

    with pytest.raises(RuleViolation, match="draft.docx was already imported as T") as refused:
        services.confirm_import(
            document_import=pending, actor=secretariat, title="T2", short_title="T2"
        )

    assert refused.value.code == "import_confirmed"
    assert Document.objects.count() == 1


def test_a_discarded_import_is_kept_with_who_discarded_it_and_cannot_be_confirmed(
    pending, secretariat
):
    discarded = services.discard_import(document_import=pending, actor=secretariat)

    assert discarded.state == ImportState.DISCARDED
    assert (discarded.decided_by, discarded.decided_at is not None) == (secretariat, True)
    with pytest.raises(RuleViolation, match="was discarded") as refused:
        services.confirm_import(
            document_import=pending, actor=secretariat, title="T", short_title="T"
        )
    assert refused.value.code == "import_discarded"
    with pytest.raises(RuleViolation):
        services.discard_import(document_import=pending, actor=secretariat)
    assert nothing_created()


@pytest.mark.parametrize(
    ("title", "short_title", "message"),
    [("", "T", "Give the document a title"), ("T", " ", "Give the document a short title")],
)
def test_a_title_is_required(pending, secretariat, title, short_title, message):
    with pytest.raises(InvalidInput, match=message):
        services.confirm_import(
            document_import=pending, actor=secretariat, title=title, short_title=short_title
        )

    assert nothing_created()


def test_a_slug_in_use_refuses_the_whole_import_and_it_stays_pending(
    pending, secretariat, make_document
):
    make_document(slug="vision")

    with pytest.raises(InvalidInput, match="already has a document at 'vision'"):
        services.confirm_import(
            document_import=pending, actor=secretariat, title="V", short_title="V", slug="vision"
        )

    pending.refresh_from_db()
    assert pending.state == ImportState.PENDING
    assert Document.objects.count() == 1


def test_a_failure_half_way_leaves_nothing_half_made(process, secretariat):
    document_import = preview(
        process,
        secretariat,
        "draft.docx",
        word_file(("Heading 1", "A. Preamble"), "1. a", "2. b", "3. c"),
    )
    # A preview stored by an older, laxer reader: its third paragraph is refused by the text
    # services only when the document is already half made.
    structure = document_import.structure
    structure["chapters"][0]["paragraphs"][2]["alternatives"] = ["An [unclosed bracket."]
    DocumentImport.objects.filter(pk=document_import.pk).update(structure=structure)
    document_import.refresh_from_db()

    with pytest.raises(InvalidInput, match="never closed"):
        services.confirm_import(
            document_import=document_import, actor=secretariat, title="T", short_title="T"
        )

    assert nothing_created()
    document_import.refresh_from_db()
    assert document_import.state == ImportState.PENDING


# --- bad files: clear refusals, nothing stored ---


def refused(process, secretariat, filename, data, message):
    with pytest.raises(InvalidInput, match=message) as error:
        preview(process, secretariat, filename, data)
    assert not DocumentImport.objects.exists()
    assert nothing_created()
    return error.value


NOT_WORD = "is not a Word document \\(.docx\\), or it is damaged"


def test_corrupt_bytes_are_refused(process, secretariat):
    refused(process, secretariat, "draft.docx", bytes(range(256)) * 40, NOT_WORD)


def test_a_truncated_word_file_is_refused(process, secretariat):
    data = word_file(("Heading 1", "A. Preamble"), "1. Text.")

    refused(process, secretariat, "draft.docx", data[: len(data) // 2], NOT_WORD)


def test_a_text_file_renamed_docx_is_refused(process, secretariat):
    refused(process, secretariat, "draft.docx", b"A. Preamble\n1. Text.\n", NOT_WORD)


def test_a_zip_that_is_not_a_word_document_is_refused(process, secretariat):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    refused(process, secretariat, "draft.docx", output.getvalue(), NOT_WORD)


def test_an_old_word_document_is_refused_with_what_to_do(process, secretariat):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600

    refused(process, secretariat, "draft.docx", data, "old Word 97-2003 document renamed .docx")
    refused(process, secretariat, "draft.doc", data, "save it as a Word document \\(.docx\\)")


def test_a_file_of_another_kind_is_refused(process, secretariat):
    refused(process, secretariat, "draft.pdf", b"%PDF-1.7", "choose a Word \\(.docx\\), text")


def test_an_empty_word_file_is_refused(process, secretariat):
    refused(process, secretariat, "draft.docx", b"", "draft.docx is empty")


def test_a_20_mb_file_is_refused_before_it_is_parsed(process, secretariat, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr(readers.docx, "Document", never)
    monkeypatch.setattr(readers.zipfile, "ZipFile", never)
    data = b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024)

    error = refused(process, secretariat, "big.docx", data, "big.docx is 20.0\xa0MB")
    assert "the limit is 10.0\xa0MB" in error.message


def test_a_20_mb_upload_is_not_even_read(process, secretariat):
    class Upload:
        size = 20 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read an upload over the size limit")

    refused(process, secretariat, "big.docx", Upload(), "big.docx is 20.0\xa0MB")


def test_an_upload_that_lies_about_its_size_is_read_no_further_than_the_limit(process, secretariat):
    upload = io.BytesIO(b"x" * (11 * 1024 * 1024))
    upload.size = 1000

    refused(process, secretariat, "big.txt", upload, "big.txt is")
    assert upload.tell() == readers.MAX_UPLOAD_BYTES + 1


def test_a_document_of_5000_paragraphs_is_refused(process, secretariat):
    document = docx.Document()
    document.add_heading("A. Preamble", 1)
    for number in range(1, 5001):
        document.add_paragraph(f"{number}. Text of paragraph {number}.")
    output = io.BytesIO()
    document.save(output)

    refused(
        process,
        secretariat,
        "long.docx",
        output.getvalue(),
        "long.docx has 5,001 paragraphs; the limit is 2,000. Import the document in parts",
    )


def test_a_text_file_of_5000_paragraphs_is_refused(process, secretariat):
    data = "\n".join(f"{n}. Text." for n in range(1, 5001)).encode()

    refused(process, secretariat, "long.txt", data, "long.txt has 5,000 paragraphs")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(process, secretariat):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(100):
                member.write(chunk)
    data = output.getvalue()

    assert len(data) < 1024 * 1024
    refused(process, secretariat, "bomb.docx", data, "bomb.docx would unpack to 100.0\xa0MB")


# --- plain text and Markdown ---


def test_a_plain_text_zero_draft_with_wrapped_lines(process, secretariat):
    wrap = PARA_21_ALT_1.index(" ", 60)
    data = (
        "WSIS+10/4/26/Pre-agreed\n"
        "Status as of 17 April 2014, COB\n"
        "\n"
        "B. Priority areas to be addressed in the implementation of WSIS Beyond 2015\n"
        "\n"
        "21.\n"
        f"ALT 1: {PARA_21_ALT_1[:wrap]}\n"
        f"{PARA_21_ALT_1[wrap + 1 :]}\n"
        "\n"
        f"ALT2: {PARA_21_ALT_2}\n"
        f"22. Text of 22,\n"
        "  wrapped.\n"
        "(a) a sub-item\n"
    ).encode()

    document_import = preview(process, secretariat, "vision.txt", data)

    assert document_import.problems == []
    [chapter] = document_import.structure["chapters"]
    assert chapter["paragraphs"][0]["alternatives"] == [PARA_21_ALT_1, PARA_21_ALT_2]
    assert chapter["paragraphs"][1]["alternatives"] == ["Text of 22, wrapped.\n(a) a sub-item"]


def test_text_file_problems_are_located_by_line(process, secretariat):
    data = b"A. Preamble\n\n1. Text.\n3. Text [open.\n"

    document_import = preview(process, secretariat, "draft.txt", data)

    assert [f"{p['where']}: {p['message']}" for p in document_import.problems] == [
        "Chapter A, line 4: a numbered paragraph 3 follows 1: 2 is missing",
        "Chapter A, Para 3, character 6: Opening bracket is never closed",
    ]


def test_a_markdown_zero_draft_with_hash_headings(process, secretariat):
    data = (
        "# WSIS+10 Vision for WSIS Beyond 2015\n\n"
        "## A. Preamble\n\n"
        "1. We reaffirm \\[the Geneva principles\\] [led by Saudi].\n\n"
        "---\n\n"
        "## Priority areas\n\n"
        "1. <script>alert(1)</script> stays text.\n"
    ).encode()

    document_import = preview(process, secretariat, "vision.md", data)

    assert document_import.file_format == "md"
    assert document_import.problems == []
    parsed = document_import.parsed
    assert parsed.title == "WSIS+10 Vision for WSIS Beyond 2015"
    assert [c.heading for c in parsed.chapters] == [
        "Chapter A: Preamble",
        "Chapter B: Priority areas",
    ]
    assert parsed.chapters[0].paragraphs[0].alternatives == [
        "We reaffirm [the Geneva principles] [led by Saudi]."
    ]
    assert parsed.chapters[1].paragraphs[0].alternatives == [
        "<script>alert(1)</script> stays text."
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        "A. Préambule\n1. Texte.\n".encode("utf-8-sig"),
        "A. Préambule\n1. Texte.\n".encode("utf-16"),
    ],
)
def test_text_saved_by_windows_with_a_byte_order_mark_is_read(process, secretariat, encoded):
    document_import = preview(process, secretariat, "draft.txt", encoded)

    assert document_import.structure["chapters"][0]["title"] == "Préambule"


def test_an_empty_text_file_is_previewed_as_an_empty_document(process, secretariat):
    document_import = preview(process, secretariat, "draft.txt", b"")

    assert document_import.problems == [
        {"where": "document", "message": "the document is empty", "block": None}
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("A. Préambule".encode("latin-1"), "draft.txt is not UTF-8 text \\(byte 6\\)"),
        (b"\x00\x01\x02binary", "draft.txt is not a text file"),
        (b"PK\x03\x04rest-of-a-word-file", "is a Word or ZIP file, not plain text"),
    ],
)
def test_a_text_file_that_is_not_text_is_refused(process, secretariat, data, message):
    refused(process, secretariat, "draft.txt", data, message)


def test_control_characters_are_dropped_and_the_path_is_not_kept_in_the_name(process, secretariat):
    document_import = preview(
        process, secretariat, "C:\\fakepath\\draft\x07.txt", b"A. Preamble\n1. Te\x0bxt.\n"
    )

    assert document_import.filename == "draft.txt"
    assert document_import.structure["chapters"][0]["paragraphs"][0]["alternatives"] == ["Text."]


def test_an_xml_entity_pointing_at_a_server_file_is_never_resolved(process, secretariat):
    original = word_file(("Heading 1", "A. Preamble"), "1. PLACEHOLDER")
    entity = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document '
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(output, "w") as target,
    ):
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "word/document.xml":
                content = content.replace(b"<w:document ", entity, 1)
                content = content.replace(b"PLACEHOLDER", b"&xxe;")
            target.writestr(member, content)

    document_import = preview(process, secretariat, "draft.docx", output.getvalue())

    assert "root:" not in str(document_import.structure)
    assert [p["message"] for p in document_import.problems] == ["no text"]
