"""Uploaded files turned into text blocks for drafts.wordio.parsing: .docx, .txt and .md.

Every check that can refuse a file cheaply runs before anything is unpacked or parsed: the
upload's size, the file's first bytes, then a .docx's unpacked size and member count from its ZIP
directory (a "zip bomb" declares sizes it cannot exceed: reading more than the declared size
fails the archive's checksum). Only then does python-docx parse the XML, with entity resolution
off. A refused file raises InvalidInput with a message the secretariat can act on; nothing here
ever writes anything.
"""

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from typing import IO

import docx
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles import BabelFish

from drafts.wordio.parsing import Block, starts_block
from processes.errors import InvalidInput

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A real draft has a few hundred paragraphs; more than this is a mistake or an attack, and each
# paragraph becomes rows in one transaction when the import is confirmed.
MAX_PARAGRAPHS = 2_000
# A .docx unpacks to about 3-10 times its size; fonts and images do not compress at all.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_XML_PART_BYTES = 25 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
MAX_FILENAME_LENGTH = 255

DOCX, TEXT, MARKDOWN = "docx", "txt", "md"
FORMATS = {".docx": DOCX, ".txt": TEXT, ".text": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc (and old .xls, .ppt)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MARKDOWN_HEADING = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_MARKDOWN_RULE = re.compile(r"(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)


def clean_filename(filename: str) -> str:
    """The file's own name, without a browser's path ("C:\\fakepath\\…") or control
    characters, shortened to what the database keeps."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = _CONTROL.sub("", name).strip()
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_FILENAME_LENGTH - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and keep > 0 else name[:MAX_FILENAME_LENGTH]
    return name


def file_format(filename: str) -> str:
    """ "docx", "txt" or "md" from the file's name, or InvalidInput naming what is accepted."""
    name = filename.lower()
    for extension, kind in FORMATS.items():
        if name.endswith(extension):
            return kind
    if name.endswith(".doc"):
        raise InvalidInput(
            _(
                "%(name)s is an old Word 97-2003 document: open it in Word, save it as a Word "
                "document (.docx) and import that."
            )
            % {"name": filename}
        )
    raise InvalidInput(
        _("%(name)s cannot be imported: choose a Word (.docx), text (.txt) or Markdown (.md) file.")
        % {"name": filename or _("The file")}
    )


def _too_big(filename: str, size: int) -> InvalidInput:
    return InvalidInput(
        _("%(name)s is %(size)s; the limit is %(limit)s.")
        % {
            "name": filename or _("The file"),
            "size": filesizeformat(size),
            "limit": filesizeformat(MAX_UPLOAD_BYTES),
        }
    )


def read_upload(data: bytes | IO[bytes], *, filename: str = "") -> bytes:
    """The upload's bytes, refused over MAX_UPLOAD_BYTES without reading more than that.

    Accepts bytes or a file (such as Django's UploadedFile, whose `size` is known before reading,
    so a view can pass `request.FILES["file"]` as it is).
    """
    if isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data)
        if len(data) > MAX_UPLOAD_BYTES:
            raise _too_big(filename, len(data))
        return data
    size = getattr(data, "size", None)
    if isinstance(size, int) and size > MAX_UPLOAD_BYTES:
        raise _too_big(filename, size)
    content = data.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise _too_big(filename, size if isinstance(size, int) else len(content))
    return content


def read_blocks(*, filename: str, data: bytes) -> list[Block]:
    """The text blocks of an uploaded zero draft, for drafts.wordio.parsing.parse."""
    kind = file_format(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_big(filename, len(data))
    if kind == DOCX:
        blocks = docx_blocks(data, filename=filename)
    else:
        blocks = text_blocks(_decode(data, filename=filename), markdown=kind == MARKDOWN)
    _check_paragraph_count(filename, sum(1 for block in blocks if block.text.strip()))
    return blocks


def _check_paragraph_count(filename: str, count: int) -> None:
    if count > MAX_PARAGRAPHS:
        raise InvalidInput(
            _(
                "%(name)s has %(count)s paragraphs; the limit is %(limit)s. Import the "
                "document in parts, one or a few chapters at a time."
            )
            % {"name": filename, "count": f"{count:,}", "limit": f"{MAX_PARAGRAPHS:,}"}
        )


# --- Word ---


def _not_word(filename: str) -> InvalidInput:
    return InvalidInput(
        _(
            "%(name)s is not a Word document (.docx), or it is damaged: open it in Word, save it "
            "as a Word document and try again."
        )
        % {"name": filename}
    )


def _check_package(data: bytes, filename: str) -> None:
    """Refuses what is not a ZIP package, or one that would unpack to too much."""
    if not data:
        raise InvalidInput(_("%(name)s is empty.") % {"name": filename})
    if data.startswith(_OLE_MAGIC):
        raise InvalidInput(
            _(
                "%(name)s is an old Word 97-2003 document renamed .docx: open it in Word, save it "
                "as a Word document (.docx) and import that."
            )
            % {"name": filename}
        )
    if not data.startswith(_ZIP_MAGIC):
        raise _not_word(filename)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _not_word(filename) from None
    unpacked = sum(member.file_size for member in members)
    largest_xml = max(
        (m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels"))),
        default=0,
    )
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNPACKED_BYTES
        or largest_xml > MAX_XML_PART_BYTES
    ):
        raise InvalidInput(
            _(
                "%(name)s would unpack to %(size)s in %(count)s parts, more than a document "
                "of %(limit)s paragraphs needs; it is refused."
            )
            % {
                "name": filename,
                "size": filesizeformat(unpacked),
                "count": f"{len(members):,}",
                "limit": f"{MAX_PARAGRAPHS:,}",
            }
        )


def docx_blocks(data: bytes, *, filename: str = "document.docx") -> list[Block]:
    """One block per paragraph of the document's body, in order; a table is one block."""
    _check_package(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        # python-docx raises many kinds of error for a package that is a ZIP but not a Word
        # document (a renamed .xlsx, missing parts, malformed XML); each means the same here.
        logger.info("Refused %s: python-docx could not open it", filename, exc_info=True)
        raise _not_word(filename) from None
    body = document.element.body
    count = int(body.xpath("count(.//w:p[.//w:t[normalize-space()]])"))
    _check_paragraph_count(filename, count)
    if body.xpath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo"):
        raise InvalidInput(
            _(
                "%(name)s has tracked changes: accept or reject them in Word (Review, Accept or "
                "Reject all changes), save, and import it again, so that the text imported is "
                "the text you see."
            )
            % {"name": filename}
        )
    styles = _Styles(document)
    return [
        _paragraph_block(element, styles) if element.tag == qn("w:p") else Block("", is_table=True)
        for element in _body_elements(body)
    ]


def _body_elements(container) -> Iterator:
    """Paragraphs and tables in reading order, looking inside content controls (w:sdt)."""
    for element in container.iterchildren():
        if element.tag in (qn("w:p"), qn("w:tbl")):
            yield element
        elif element.tag == qn("w:sdt"):
            for content in element.iterchildren(qn("w:sdtContent")):
                yield from _body_elements(content)


def _paragraph_text(paragraph) -> str:
    """The paragraph's own text: runs inside hyperlinks, fields and content controls included,
    text boxes (paragraphs nested in a drawing) left out. python-docx's `text` reads only the
    runs directly under the paragraph and hyperlinks, so it would drop some."""
    pieces = []
    for run in paragraph.iter(qn("w:r")):
        parent = run.getparent()
        while parent is not None and parent is not paragraph and parent.tag != qn("w:p"):
            parent = parent.getparent()
        if parent is paragraph:
            pieces.append(run.text)
    return _CONTROL.sub("", "".join(pieces))


class _Styles:
    """Names, heading levels and numbering of the document's paragraph styles."""

    def __init__(self, document):
        self.styles = document.styles.element
        self.numbering = None
        try:
            self.numbering = document.part.numbering_part.element
        except Exception:  # a document without usable numbering definitions numbers nothing
            logger.info("No numbering definitions read", exc_info=True)
        self.default = self.styles.default_for(WD_STYLE_TYPE.PARAGRAPH)

    def chain(self, style_id: str | None):
        """The paragraph's style and the styles it is based on (at most ten deep)."""
        style = self.styles.get_by_id(style_id) if style_id else self.default
        for _depth in range(10):
            if style is None:
                return
            yield style
            based_on = style.basedOn_val
            style = self.styles.get_by_id(based_on) if based_on else None

    def name(self, style_id: str | None) -> str:
        """The name Word shows ("Heading 1"; the file may say "heading 1")."""
        for style in self.chain(style_id):
            return BabelFish.internal2ui(style.name_val or "")
        return ""

    def heading_level(self, paragraph, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            match = _HEADING_STYLE.fullmatch(style.name_val or "")
            if match:
                return int(match.group(1))
        for element in (paragraph, *self.chain(style_id)):
            values = element.xpath("./w:pPr/w:outlineLvl/@w:val")
            if values and values[0].isdigit() and int(values[0]) < 9:
                return int(values[0]) + 1
        return None

    def is_bold(self, paragraph, style_id: str | None) -> bool:
        """Whether all the paragraph's text is bold (its runs', or else its style's, setting)."""
        style_bold = next(
            (v for v in map(_bold_value, self.chain(style_id)) if v is not None), False
        )
        runs = [run for run in paragraph.iter(qn("w:r")) if run.text.strip()]
        return bool(runs) and all(
            (bold if (bold := _bold_value(run)) is not None else style_bold) for run in runs
        )

    def is_auto_numbered(self, paragraph, style_id: str | None) -> bool:
        """Whether Word puts a number or letter before the paragraph (not a bullet)."""
        for element in (paragraph, *self.chain(style_id)):
            num_ids = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            if num_ids:
                levels = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
                return self.number_format(num_ids[0], levels[0] if levels else "0") not in (
                    "bullet",
                    "none",
                    None,
                )
        return False

    def number_format(self, num_id: str, level: str) -> str | None:
        # The ids come from the file: only digits go into the XPath expressions below.
        if self.numbering is None or num_id == "0" or not num_id.isdigit() or not level.isdigit():
            return None
        abstract = self.numbering.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        if not abstract or not abstract[0].isdigit():
            return None
        formats = self.numbering.xpath(
            f"./w:abstractNum[@w:abstractNumId='{abstract[0]}']"
            f"/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val"
        )
        return formats[0] if formats else "decimal"


def _paragraph_block(paragraph, styles: _Styles) -> Block:
    style_id = paragraph.style
    return Block(
        text=_paragraph_text(paragraph),
        heading_level=styles.heading_level(paragraph, style_id),
        style=styles.name(style_id),
        auto_numbered=styles.is_auto_numbered(paragraph, style_id),
        bold=styles.is_bold(paragraph, style_id),
    )


def _bold_value(element) -> bool | None:
    """True or False when the element (a run or a style) sets bold, None when it is silent."""
    values = element.xpath("./w:rPr/w:b")
    if not values:
        return None
    return values[0].get(qn("w:val"), "true").lower() not in ("0", "false", "off")


# --- text and Markdown ---


def _decode(data: bytes, *, filename: str) -> str:
    if data.startswith(_ZIP_MAGIC):
        raise InvalidInput(
            _(
                "%(name)s is a Word or ZIP file, not plain text: if it is a Word document, name "
                "it .docx."
            )
            % {"name": filename}
        )
    encoding = next(
        (
            name
            for bom, name in (
                (b"\xef\xbb\xbf", "utf-8-sig"),
                (b"\xff\xfe", "utf-16"),
                (b"\xfe\xff", "utf-16"),
            )
            if data.startswith(bom)
        ),
        None,
    )
    if encoding is None:
        encoding = "utf-8"
        if b"\x00" in data:
            raise InvalidInput(
                _("%(name)s is not a text file: save the draft as plain text (UTF-8).")
                % {"name": filename}
            )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _(
                "%(name)s is not UTF-8 text (byte %(position)d): save it as plain text with the "
                "UTF-8 encoding and import it again."
            )
            % {"name": filename, "position": error.start + 1}
        ) from None


def text_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """Blocks of a text file: a blank line ends a block, and so does a line that starts a
    heading, a numbered paragraph, an ALT, a sub-item or a bullet; other lines continue the
    block above (one paragraph wrapped over several lines), joined with a space.

    In Markdown, `#`/`##` … lines are headings of that level, rules (`---`) separate blocks and
    backslash escapes (`\\[`) are undone; nothing else is interpreted: text stays as typed.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            blocks.append(Block(text=" ".join(current), line=start))
            current.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if markdown:
            heading = _MARKDOWN_HEADING.fullmatch(stripped)
            if heading:
                flush()
                title = _MARKDOWN_ESCAPE.sub(r"\1", heading.group(2))
                blocks.append(Block(text=title, heading_level=len(heading.group(1)), line=number))
                continue
            if _MARKDOWN_RULE.fullmatch(stripped):
                stripped = ""
            stripped = _MARKDOWN_ESCAPE.sub(r"\1", stripped)
        if not stripped:
            flush()
            continue
        if current and starts_block(stripped):
            flush()
        if not current:
            start = number
        current.append(stripped)
    flush()
    return blocks
