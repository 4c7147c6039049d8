"""A zero draft's text blocks read into chapters, numbered paragraphs and alternatives.

The input is what a reader (drafts.wordio.readers) found in a file: one `Block` per Word
paragraph (or per paragraph of a text file), with hints such as its heading level. A zero draft
looks like the Chair's texts in the source::

    WSIS+10/4/26/Pre-agreed                  <- front matter: symbol, title, "Status as of …"
    B. Priority areas to be addressed …      <- a chapter ("Chapter B: …", "Annex: …", a Heading)
    20. Text of paragraph 20.                <- a numbered paragraph (21bis. for an insertion)
    (a) a sub-item …                         <- an unnumbered block: more text of paragraph 20
    21. ALT 1: Recognizing the importance …  <- alternatives, in the paragraph's first block
    ALT2: Ensuring the importance …             or in blocks of their own
    27. Building confidence … [this includes …] [led by Saudi]

`parse` never raises on odd input: it returns what it recognised and a list of problems, each
with its location ("Chapter B, Para 21, ALT 2, character 112: Opening bracket is never closed"),
so that the secretariat sees everything at once before confirming. Notes say what was read
without being a problem (front matter left out, a chapter letter supplied).

Pure text logic: no Django import, so it is tested without a database.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from drafts import brackets, numbering

# The platform's own limits (drafts.services.text); the import service passes its constants.
MAX_TEXT_LENGTH = 10_000
MAX_ALTERNATIVES = 20
MAX_TITLE_LENGTH = 400
# A heading typed as plain text ("A. Preamble") longer than this is a sentence, not a heading.
MAX_PLAIN_HEADING_LENGTH = 200

# Paragraph styles whose text is about the document rather than part of it. The export writes its
# masthead in these styles, so that a publication read back imports without its masthead.
SYMBOL_STYLE = "Symbol"
STATUS_AS_OF_STYLE = "Status as of"
STATUS_LINE_STYLE = "Status line"
FRONT_MATTER_STYLES = frozenset(
    name.casefold()
    for name in ("Title", "Subtitle", SYMBOL_STYLE, STATUS_AS_OF_STYLE, STATUS_LINE_STYLE)
)


@dataclass(frozen=True)
class Block:
    """One paragraph of the file as a reader found it.

    `heading_level` is 1, 2 … for a Word Heading style or a Markdown `#`/`##` heading; `style`
    is the Word paragraph style's name; `line` is the first line of the block in a text file
    (locations then say "line 12" instead of "block 12"); `auto_numbered` says that Word
    numbers the paragraph itself, so its number is not in `text`; `is_table` marks a table;
    `bold` says that all its text is bold, as a title typed without a heading style is.
    """

    text: str
    heading_level: int | None = None
    style: str = ""
    line: int | None = None
    auto_numbered: bool = False
    is_table: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Problem:
    """Something to fix in the file (or, among notes, something to know). `block` is the
    1-based index of the block it concerns, when there is one."""

    where: str
    message: str
    block: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "message": self.message, "block": self.block}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        return cls(where=data["where"], message=data["message"], block=data.get("block"))


@dataclass
class ParsedParagraph:
    number: int
    insertion: int
    alternatives: list[str]
    block: int

    @property
    def display_number(self) -> str:
        return numbering.display_number(self.number, self.insertion)

    @property
    def label(self) -> str:
        return f"Para {self.display_number}"


@dataclass
class ParsedChapter:
    letter: str
    title: str
    is_annex: bool
    block: int
    paragraphs: list[ParsedParagraph] = field(default_factory=list)

    @property
    def name(self) -> str:
        """How locations name it: "Chapter B", or "Annex"."""
        return f"Chapter {self.letter}" if self.letter else "Annex"

    @property
    def heading(self) -> str:
        """As the platform shows it (drafts.models.Chapter.heading)."""
        if self.is_annex and not self.letter:
            return f"Annex: {self.title}"
        return f"Chapter {self.letter}: {self.title}"


@dataclass
class ParsedDocument:
    """What `parse` recognised. `title` is a suggestion, from the file's front matter."""

    chapters: list[ParsedChapter]
    problems: list[Problem]
    notes: list[Problem]
    title: str = ""

    @property
    def paragraph_count(self) -> int:
        return sum(len(chapter.paragraphs) for chapter in self.chapters)

    @property
    def is_importable(self) -> bool:
        return not self.problems and self.paragraph_count > 0

    def structure(self) -> dict[str, Any]:
        """The chapters as JSON-ready data (what a pending import stores)."""
        return {
            "title": self.title,
            "chapters": [
                {
                    "letter": chapter.letter,
                    "title": chapter.title,
                    "is_annex": chapter.is_annex,
                    "block": chapter.block,
                    "paragraphs": [
                        {
                            "number": paragraph.number,
                            "insertion": paragraph.insertion,
                            "display_number": paragraph.display_number,
                            "block": paragraph.block,
                            "alternatives": list(paragraph.alternatives),
                        }
                        for paragraph in chapter.paragraphs
                    ],
                }
                for chapter in self.chapters
            ],
        }

    @classmethod
    def from_structure(
        cls,
        structure: dict[str, Any],
        problems: Iterable[dict[str, Any]] = (),
        notes: Iterable[dict[str, Any]] = (),
    ) -> ParsedDocument:
        chapters = [
            ParsedChapter(
                letter=chapter["letter"],
                title=chapter["title"],
                is_annex=chapter["is_annex"],
                block=chapter["block"],
                paragraphs=[
                    ParsedParagraph(
                        number=paragraph["number"],
                        insertion=paragraph["insertion"],
                        alternatives=list(paragraph["alternatives"]),
                        block=paragraph["block"],
                    )
                    for paragraph in chapter["paragraphs"]
                ],
            )
            for chapter in structure.get("chapters", [])
        ]
        return cls(
            chapters=chapters,
            problems=[Problem.from_dict(p) for p in problems],
            notes=[Problem.from_dict(n) for n in notes],
            title=structure.get("title", ""),
        )


_SEPARATOR = r"[.:)\-\u2013\u2014]"
_DESIGNATION = r"[A-Za-z]|[IVXLCivxlc]{1,6}|[0-9]{1,3}"
# "Chapter B: Priority areas", "CHAPTER B", "Chapter IV – Follow-up".
_CHAPTER_WORD = re.compile(
    rf"chapter\s+(?P<letter>{_DESIGNATION})\b\s*(?P<sep>{_SEPARATOR})?\s*(?P<title>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "A. Preamble", "B: Priority areas …", "II. Commitments".
_CHAPTER_LETTER = re.compile(
    rf"(?P<letter>[A-Z]|[IVXLC]{{2,6}})\s*{_SEPARATOR}\s+(?P<title>\S.*)", re.DOTALL
)
# "Annex", "ANNEX: List of referenced resolutions …", "Annex I: …".
_ANNEX = re.compile(
    rf"annex\b\s*(?P<designation>(?:{_DESIGNATION})\b)?\s*(?P<sep>{_SEPARATOR})?\s*(?P<title>.*)",
    re.IGNORECASE | re.DOTALL,
)
# "21. Text", "21bis. Text", "21 bis) Text", "21.Text", "21." (the text follows in the next
# blocks); not "1.5 million …".
_NUMBERED = re.compile(
    r"(?P<number>[0-9]{1,4})[ \t]?(?P<suffix>[A-Za-z]{2,14})?[.)]"
    r"(?:\s+(?P<text>.*)|(?P<tight>[^\s0-9.].*))?",
    re.DOTALL,
)
# "ALT 1: …", "ALT2: …", "Alt. 2 – …", "Alternative 3: …".
_ALTERNATIVE = re.compile(
    r"alt(?:ernative)?\.?\s*(?P<number>[0-9]{1,3})\b\s*(?:[:.)\-\u2013\u2014]\s*|\s+|$)"
    r"(?P<text>.*)",
    re.IGNORECASE | re.DOTALL,
)
# Lines that are about the document, not part of it, when they stand before the first chapter
# (or between a chapter heading and its first paragraph): a symbol, "Status as of …", a status
# line, a stage.
_SYMBOL = re.compile(r"[^\s/]+(?:/[^\s/]+){2,}")
_STATUS_AS_OF = re.compile(r"status\s+as\s+of\b.*", re.IGNORECASE | re.DOTALL)
_STATUS_LINE = re.compile(
    r"(?:open|pre-agreed|agreed|no paragraphs)(?:\s*\(besides\b.*\))?", re.IGNORECASE
)
_STAGE = re.compile(
    r"(?:zero|first|second|third|revised|final)\s+draft|pre-agreed|agreed|final", re.IGNORECASE
)
# What starts a new block in a text file where lines are otherwise joined (see `starts_block`).
_SUB_ITEM = re.compile(r"\(?(?:[a-z]{1,2}|[ivxlc]{1,6}|[0-9]{1,3})\)\s")
_BULLET = re.compile(r"[-*\u2022\u25b6\u25ba\u25aa\u2013]\s")
_BRACKET_POSITION = re.compile(r" at character \d+")


@dataclass(frozen=True)
class ChapterHeading:
    """A chapter heading recognised from its text (`letter` "" for an annex), or a block in a
    heading style that names no letter (`letter` None); `level` is the heading style's."""

    letter: str | None
    title: str
    is_annex: bool
    level: int | None


def _clean(text: str) -> str:
    return text.strip()


def chapter_heading(text: str, *, styled: bool = False) -> ChapterHeading | None:
    """The chapter a heading's text names, or None.

    Plain text must look unmistakably like a heading ("A. Preamble", "Chapter B: …", "Annex: …",
    at most MAX_PLAIN_HEADING_LENGTH characters); a block in a Heading style may leave out the
    separator ("Chapter B Priority areas").
    """
    text = _clean(text)
    if not text or (not styled and len(text) > MAX_PLAIN_HEADING_LENGTH):
        return None
    match = _ANNEX.fullmatch(text)
    if match and (styled or match["sep"] or not match["title"]):
        # Everything after the word: "Annex I: Resolutions" keeps "I: Resolutions".
        title = re.sub(rf"^\s*{_SEPARATOR}?\s*", "", text[len("annex") :]).strip()
        return ChapterHeading(letter="", title=title or "Annex", is_annex=True, level=None)
    match = _CHAPTER_WORD.fullmatch(text)
    if match and (styled or match["sep"] or not match["title"]):
        letter = match["letter"].upper()
        return ChapterHeading(
            letter=letter, title=match["title"].strip(), is_annex=False, level=None
        )
    match = _CHAPTER_LETTER.fullmatch(text)
    if match:
        return ChapterHeading(
            letter=match["letter"], title=match["title"].strip(), is_annex=False, level=None
        )
    return None


def starts_block(line: str) -> bool:
    """Whether a line of a text file begins a block of its own even without a blank line
    before it: a chapter heading, a numbered paragraph, an ALT, a sub-item or a bullet.
    Other lines continue the block above (a paragraph wrapped over several lines)."""
    stripped = line.strip()
    return bool(
        _is_front_matter_text(stripped)
        or _NUMBERED.fullmatch(stripped)
        or _ALTERNATIVE.fullmatch(stripped)
        or chapter_heading(stripped)
        or _SUB_ITEM.match(stripped)
        or _BULLET.match(stripped)
    )


def _is_front_matter_text(text: str) -> bool:
    return any(
        pattern.fullmatch(text) for pattern in (_SYMBOL, _STATUS_AS_OF, _STATUS_LINE, _STAGE)
    )


@dataclass
class _Alternative:
    number: int
    block: int
    pieces: list[str] = field(default_factory=list)


@dataclass
class _Paragraph:
    number: int
    insertion: int
    block: int
    where: str
    lead: list[str] = field(default_factory=list)
    alternatives: list[_Alternative] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        (self.alternatives[-1].pieces if self.alternatives else self.lead).append(text)


@dataclass
class _Chapter:
    parsed: ParsedChapter
    paragraphs: list[_Paragraph] = field(default_factory=list)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)


class _Parser:
    def __init__(self, blocks: Sequence[Block], *, max_text_length: int, max_alternatives: int):
        self.blocks = blocks
        self.max_text_length = max_text_length
        self.max_alternatives = max_alternatives
        self.owners: set[int] = set()
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.chapters: list[_Chapter] = []
        self.title = ""
        # The paragraph that unnumbered blocks and ALTs add to; one outside any chapter is read
        # (so that its text raises no further problems) but not kept.
        self.paragraph: _Paragraph | None = None
        self.numbered_seen = False

    # --- locations ---

    def place(self, index: int) -> str:
        line = self.blocks[index - 1].line
        return f"line {line}" if line else f"block {index}"

    def problem(self, index: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(where=where, message=message, block=index))

    def note(self, index: int, message: str) -> None:
        self.notes.append(Problem(where=self.place(index), message=message, block=index))

    @property
    def chapter(self) -> _Chapter | None:
        return self.chapters[-1] if self.chapters else None

    # --- the pass ---

    def parse(self) -> ParsedDocument:
        headings = self.heading_blocks()
        self.owners = self.headings_with_paragraphs(headings)
        chapter_level = min(
            (
                heading.level
                for index, heading in headings.items()
                if heading.level is not None
                and (heading.letter is not None or index in self.owners)
            ),
            default=None,
        )
        for index, block in enumerate(self.blocks, start=1):
            text = _clean(block.text)
            if block.is_table:
                self.problem(
                    index,
                    self.place(index),
                    "a table cannot be imported: turn its content into numbered paragraphs",
                )
                continue
            if not text:
                continue
            if index in headings:
                self.read_heading(index, headings[index], chapter_level)
            elif block.style.casefold() in FRONT_MATTER_STYLES:
                self.read_front_matter(index, text, styled=True)
            else:
                self.read_text(index, block, text)
        return self.finish()

    def heading_blocks(self) -> dict[int, ChapterHeading]:
        """Every block that is a heading: recognised by its text, or in a heading style."""
        headings = {}
        for index, block in enumerate(self.blocks, start=1):
            styled = block.heading_level is not None
            heading = chapter_heading(block.text, styled=styled)
            if heading is not None:
                headings[index] = ChapterHeading(
                    heading.letter, heading.title, heading.is_annex, block.heading_level
                )
            elif styled and _clean(block.text):
                headings[index] = ChapterHeading(
                    None, _clean(block.text), False, block.heading_level
                )
        return headings

    def headings_with_paragraphs(self, headings: dict[int, ChapterHeading]) -> set[int]:
        """The headings followed by a numbered paragraph before the next heading. Those in a
        heading style set the level that chapters use: deeper headings are sub-headings, and
        earlier ones without paragraphs are the document's title."""
        owners = set()
        numbered_below = False
        for index in range(len(self.blocks), 0, -1):
            if index in headings:
                if numbered_below:
                    owners.add(index)
                numbered_below = False
            elif _NUMBERED.fullmatch(_clean(self.blocks[index - 1].text)):
                numbered_below = True
        return owners

    def read_heading(self, index: int, heading: ChapterHeading, chapter_level: int | None) -> None:
        if heading.letter is None:
            if not self.chapters and not self.numbered_seen and index not in self.owners:
                self.read_front_matter(index, heading.title, styled=True)
                return
            deeper = (
                chapter_level is not None
                and heading.level is not None
                and heading.level > chapter_level
            )
            if deeper and self.chapters:
                self.problem(
                    index,
                    f"{self.chapter.parsed.name}, {self.place(index)}",
                    f'"{_short(heading.title)}" is a sub-heading; chapters have none here: '
                    'make it a chapter heading (such as "C. Action Lines") or part of a '
                    "paragraph's text",
                )
                return
            letter = self.next_letter()
            if letter is None:
                self.problem(index, self.place(index), "no chapter letter is left for this heading")
                return
            self.note(
                index, f'"{_short(heading.title)}" has no letter: it becomes Chapter {letter}'
            )
            heading = ChapterHeading(letter, heading.title, False, heading.level)
        self.start_chapter(index, heading)

    def next_letter(self) -> str | None:
        used = {chapter.parsed.letter for chapter in self.chapters}
        last = next(
            (
                c.parsed.letter
                for c in reversed(self.chapters)
                if c.parsed.letter in string.ascii_uppercase and c.parsed.letter
            ),
            None,
        )
        start = string.ascii_uppercase.index(last) + 1 if last else 0
        for letter in string.ascii_uppercase[start:]:
            if letter not in used:
                return letter
        return None

    def start_chapter(self, index: int, heading: ChapterHeading) -> None:
        letter = heading.letter or ""
        chapter = ParsedChapter(
            letter=letter, title=heading.title, is_annex=heading.is_annex, block=index
        )
        where = f"{chapter.name}, {self.place(index)}"
        if not heading.title:
            self.problem(
                index,
                where,
                f'the heading gives no title: write it as "{chapter.name}: Priority areas …"',
            )
        elif len(heading.title) > MAX_TITLE_LENGTH:
            self.problem(
                index,
                where,
                f"the heading has {len(heading.title)} characters; the limit is {MAX_TITLE_LENGTH}",
            )
        if letter:
            earlier = next((c for c in self.chapters if c.parsed.letter == letter), None)
            if earlier is not None:
                self.problem(
                    index,
                    where,
                    f"Chapter {letter} appears twice (also at {self.place(earlier.parsed.block)})",
                )
        self.chapters.append(_Chapter(parsed=chapter))
        self.paragraph = None

    def read_front_matter(self, index: int, text: str, *, styled: bool) -> None:
        if not self.title and styled and not _is_front_matter_text(text):
            self.title = text[:MAX_TITLE_LENGTH]
        where = "before the first chapter" if not self.chapters else "under its chapter heading"
        self.note(index, f'"{_short(text)}" is read as front matter {where}; it is not imported')

    def read_text(self, index: int, block: Block, text: str) -> None:
        numbered = _NUMBERED.fullmatch(text)
        if numbered:
            self.start_paragraph(index, numbered)
            return
        alternative = _ALTERNATIVE.fullmatch(text)
        if alternative:
            self.start_alternative(index, alternative)
            return
        if self.paragraph is not None:
            if block.auto_numbered:
                self.auto_numbered(index)
            self.paragraph.add_text(text)
            return
        if _is_front_matter_text(text) or (block.bold and self.chapter is None):
            self.read_front_matter(index, text, styled=block.bold)
            return
        if block.auto_numbered:
            self.auto_numbered(index)
            return
        if self.chapter is None:
            self.problem(
                index,
                self.place(index),
                f'text before the first chapter heading: "{_short(text)}"; put it under a '
                'heading (such as "A. Preamble") or remove it',
            )
        else:
            self.problem(
                index,
                f"{self.chapter.parsed.name}, {self.place(index)}",
                f'text before the chapter\'s first numbered paragraph: "{_short(text)}"; '
                'number it (such as "1. …") or remove it',
            )

    def auto_numbered(self, index: int) -> None:
        self.problem(
            index,
            self.place(index),
            "Word numbers this paragraph automatically, so its number is not part of the text: "
            'type the numbers ("21. …"), or save the file as Plain Text (.txt), which '
            "keeps them, and import that",
        )

    def start_paragraph(self, index: int, match: re.Match[str]) -> None:
        self.numbered_seen = True
        label = match["number"] + (match["suffix"] or "")
        try:
            number, insertion = numbering.parse_display_number(label)
        except ValueError:
            self.problem(
                index,
                self.place(index),
                f'"{label}" is not a paragraph number such as 21 or 21bis',
            )
            self.paragraph = _Paragraph(0, 0, index, where="")
            return
        chapter = self.chapter
        key = (number, insertion)
        label = numbering.display_number(number, insertion)
        if chapter is None:
            self.problem(
                index,
                self.place(index),
                f"paragraph {label} comes before the first chapter heading; add a heading "
                '(such as "A. Preamble") above it',
            )
            self.paragraph = _Paragraph(number, insertion, index, where="")
            return
        where = f"{chapter.parsed.name}, {self.place(index)}"
        previous = chapter.paragraphs[-1] if chapter.paragraphs else None
        if key in chapter.seen:
            self.problem(
                index,
                where,
                f"paragraph {label} appears twice (also at {chapter.seen[key]})",
            )
        elif previous is None:
            if key != (1, 0):
                self.note(index, f"{chapter.parsed.name} begins at paragraph {label}")
        else:
            gap = _gap((previous.number, previous.insertion), key)
            if gap:
                self.problem(index, where, gap)
        chapter.seen.setdefault(key, self.place(index))
        paragraph = _Paragraph(
            number, insertion, index, where=f"{chapter.parsed.name}, Para {label}"
        )
        chapter.paragraphs.append(paragraph)
        self.paragraph = paragraph
        rest = _clean(match["text"] or match["tight"] or "")
        alternative = _ALTERNATIVE.fullmatch(rest) if rest else None
        if alternative:
            self.start_alternative(index, alternative)
        elif rest:
            paragraph.add_text(rest)

    def start_alternative(self, index: int, match: re.Match[str]) -> None:
        paragraph = self.paragraph
        number = int(match["number"])
        if paragraph is None:
            where = (
                f"{self.chapter.parsed.name}, {self.place(index)}"
                if self.chapter
                else (self.place(index))
            )
            self.problem(
                index,
                where,
                f"ALT {number} belongs to no numbered paragraph; put it after the paragraph's "
                'number (such as "21. ALT 1: …")',
            )
            return
        expected = len(paragraph.alternatives) + 1
        if paragraph.where and number != expected:
            if any(alt.number == number for alt in paragraph.alternatives):
                message = f"ALT {number} appears twice"
            elif number > expected:
                missing = ", ".join(f"ALT {n}" for n in range(expected, number))
                message = f"ALT {number} follows ALT {expected - 1}: {missing} is missing"
                if expected == 1:
                    message = f"ALT {number} comes first: {missing} is missing"
            else:
                message = f"ALT {number} follows ALT {expected - 1}"
            self.problem(index, f"{paragraph.where} ({self.place(index)})", message)
        paragraph.alternatives.append(_Alternative(number=number, block=index))
        rest = _clean(match["text"] or "")
        if rest:
            paragraph.alternatives[-1].pieces.append(rest)

    # --- the result ---

    def finish(self) -> ParsedDocument:
        if not any(_clean(block.text) or block.is_table for block in self.blocks):
            self.problem(None, "document", "the document is empty")
        elif not self.chapters:
            self.problem(
                None,
                "document",
                'no chapter heading was found (such as "A. Preamble", "Chapter B: …" or a '
                "Word heading)",
            )
        elif not any(chapter.paragraphs for chapter in self.chapters):
            self.problem(None, "document", 'no numbered paragraph was found (such as "1. …")')
        chapters = []
        for chapter in self.chapters:
            for paragraph in chapter.paragraphs:
                chapter.parsed.paragraphs.append(self.finish_paragraph(paragraph))
            chapters.append(chapter.parsed)
        return ParsedDocument(
            chapters=chapters, problems=self.problems, notes=self.notes, title=self.title
        )

    def finish_paragraph(self, paragraph: _Paragraph) -> ParsedParagraph:
        where = paragraph.where
        lead = "\n".join(paragraph.lead)
        if paragraph.alternatives:
            if lead:
                self.problem(
                    paragraph.block,
                    where,
                    f'text before ALT 1 belongs to no alternative: "{_short(lead)}"; move it '
                    "into each ALT or remove it",
                )
            texts = ["\n".join(alt.pieces) for alt in paragraph.alternatives]
            if len(texts) == 1:
                self.notes.append(
                    Problem(
                        where=where,
                        message=f"ALT {paragraph.alternatives[0].number} is its only "
                        "alternative: it is imported as the paragraph's text",
                        block=paragraph.block,
                    )
                )
        else:
            texts = [lead]
        if len(texts) > self.max_alternatives:
            self.problem(
                paragraph.block,
                where,
                f"{len(texts)} alternatives; the limit is {self.max_alternatives}",
            )
        blocks = [alt.block for alt in paragraph.alternatives] or [paragraph.block]
        for position, (text, block) in enumerate(zip(texts, blocks, strict=True), start=1):
            alt_where = where if len(texts) == 1 else f"{where}, ALT {position}"
            self.check_text(block, alt_where, text)
        return ParsedParagraph(
            number=paragraph.number,
            insertion=paragraph.insertion,
            alternatives=texts,
            block=paragraph.block,
        )

    def check_text(self, index: int, where: str, text: str) -> None:
        if not text:
            self.problem(index, where, "no text")
            return
        if len(text) > self.max_text_length:
            self.problem(
                index,
                where,
                f"{len(text)} characters; the limit is {self.max_text_length}",
            )
            return
        try:
            brackets.validate(text)
        except brackets.BracketError as error:
            message = _BRACKET_POSITION.sub("", error.message)
            self.problem(index, f"{where}, character {error.offset + 1}", message)


def _gap(previous: tuple[int, int], key: tuple[int, int]) -> str:
    """What is wrong with paragraph `key` following `previous` in a chapter, or ""."""
    label = numbering.display_number(*key)
    before = numbering.display_number(*previous)
    if key < previous:
        return f"paragraph {label} follows {before}: paragraphs must be in order"
    number, insertion = key
    if number == previous[0]:
        missing = [numbering.display_number(number, i) for i in range(previous[1] + 1, insertion)]
    else:
        missing = [str(n) for n in range(previous[0] + 1, number)]
        if insertion:
            missing += [numbering.display_number(number, i) for i in range(insertion)]
    if not missing:
        return ""
    if all(m.isdigit() for m in missing):
        listed = numbering.compress_ranges(int(m) for m in missing)
    else:
        listed = ", ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    return f"a numbered paragraph {label} follows {before}: {listed} {verb} missing"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(
    blocks: Iterable[Block],
    *,
    max_text_length: int = MAX_TEXT_LENGTH,
    max_alternatives: int = MAX_ALTERNATIVES,
) -> ParsedDocument:
    """Reads the blocks of a zero draft; never raises for what the blocks contain."""
    return _Parser(
        list(blocks), max_text_length=max_text_length, max_alternatives=max_alternatives
    ).parse()
