"""A publication as a Word document, for the delegations that work on the text in Word.

The same content as the PDF: the symbol at the top right, the title, "Status as of …" and the
status line, then each chapter's heading (and status line when there are several) and its
numbered paragraphs, with brackets and attributions as typed and "ALT 1:", "ALT 2:" labels when a
paragraph has alternatives. The masthead uses the paragraph styles that the import reads as
front matter (drafts.wordio.parsing), so an exported text imports back without it.
"""

import io
import re
from datetime import UTC

import docx
from django.db.models import Prefetch
from django.utils.text import slugify
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from drafts.models import Alternative, Publication, PublishedChapter, PublishedParagraph
from drafts.wordio.parsing import STATUS_AS_OF_STYLE, STATUS_LINE_STYLE, SYMBOL_STYLE

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMBERED_STYLE = "Numbered paragraph"
ALTERNATIVE_STYLE = "Alternative"
HANGING_INDENT = Cm(1.25)

# Characters that XML 1.0 (and so Word) cannot hold; typed text rarely has them, but one would
# make python-docx refuse the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def docx_filename(publication: Publication) -> str:
    """ "wsisplus10-4-26-pre-agreed.docx", like the PDF's name."""
    return f"{slugify(publication.symbol.replace('+', 'plus').replace('/', '-'))}.docx"


def _rows(publication: Publication) -> list[tuple[PublishedChapter, list[PublishedParagraph]]]:
    """The publication's chapters and paragraphs with their alternatives: three queries, however
    long the text."""
    chapters = list(publication.chapters.order_by("position"))
    paragraphs = (
        publication.paragraphs.select_related("version")
        .prefetch_related(
            Prefetch("version__alternatives", queryset=Alternative.objects.order_by("position"))
        )
        .order_by("position")
    )
    by_chapter: dict[int, list[PublishedParagraph]] = {chapter.pk: [] for chapter in chapters}
    for paragraph in paragraphs:
        by_chapter[paragraph.published_chapter_id].append(paragraph)
    return [(chapter, by_chapter[chapter.pk]) for chapter in chapters]


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)

    symbol = styles.add_style(SYMBOL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    symbol.base_style = normal
    symbol.font.bold = True
    symbol.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for name in (STATUS_AS_OF_STYLE, STATUS_LINE_STYLE):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.italic = name == STATUS_LINE_STYLE

    numbered = styles.add_style(NUMBERED_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.paragraph_format.left_indent = HANGING_INDENT
    numbered.paragraph_format.first_line_indent = -HANGING_INDENT
    numbered.paragraph_format.tab_stops.add_tab_stop(HANGING_INDENT, WD_TAB_ALIGNMENT.LEFT)

    alternative = styles.add_style(ALTERNATIVE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    alternative.base_style = normal
    alternative.paragraph_format.left_indent = HANGING_INDENT


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_furniture(document, publication: Publication) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    header = section.header.paragraphs[0]
    header.text = _text(publication.symbol)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.add_run(_text(f"{publication.status_line} · Page "))
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _paragraph(document, row: PublishedParagraph) -> None:
    alternatives = list(row.version.alternatives.all())
    several = len(alternatives) > 1
    for index, alternative in enumerate(alternatives):
        if index == 0:
            paragraph = document.add_paragraph(style=NUMBERED_STYLE)
            paragraph.add_run(f"{row.display_number}.\t")
        else:
            paragraph = document.add_paragraph(style=ALTERNATIVE_STYLE)
        if several:
            paragraph.add_run(f"ALT {alternative.position}: ").bold = True
        paragraph.add_run(_text(alternative.text))


def publication_docx(publication: Publication) -> bytes:
    """The publication as .docx bytes. Four queries (the process, the chapters, the paragraphs
    with their versions, the alternatives), whatever the length of the text."""
    document = docx.Document()
    _styles(document)
    _page_furniture(document, publication)
    properties = document.core_properties
    properties.title = _text(publication.title)
    properties.subject = _text(publication.symbol)
    properties.author = _text(publication.process.name)
    properties.last_modified_by = ""
    properties.comments = _text(publication.status_as_of_label)
    properties.created = properties.modified = publication.published_at.astimezone(UTC)
    properties.revision = 1

    document.add_paragraph(_text(publication.symbol), style=SYMBOL_STYLE)
    document.add_heading(_text(publication.title), level=0)
    document.add_paragraph(_text(publication.status_as_of_label), style=STATUS_AS_OF_STYLE)
    document.add_paragraph(_text(publication.status_line), style=STATUS_LINE_STYLE)
    chapters = _rows(publication)
    for chapter, rows in chapters:
        document.add_heading(_text(chapter.heading), level=1)
        if len(chapters) > 1:
            document.add_paragraph(_text(chapter.status_line), style=STATUS_LINE_STYLE)
        for row in rows:
            _paragraph(document, row)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
