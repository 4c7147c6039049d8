"""The compilation of a comment period: "first drafts including compilations reflecting the
comments received".

For one period of one document: every paragraph in document order with its text as it stood
when the period opened, followed by every proposal (as a redline against the text it was made
on) and every comment received on it in the period, grouped by stakeholder category (in the
order of `StakeholderCategory`) and then by stakeholder; general comments on the document come
first. Runs of paragraphs that received nothing are listed compactly ("Paras 3-7: no input").

Two halves:

- `compile_period` is the selector: it reads the period's input and the text at its opening in
  `COMPILATION_QUERIES` queries however many paragraphs and proposals there are, and turns the
  rows into the plain records below;
- `assemble`, `group_by_stakeholder`, `plain_redline`, `table` and the dataclasses do no query:
  grouping, filtering, the compact runs and the CSV table are plain Python over those records.

What "received in the period" means: proposals and general comments whose `period` is that
period. `submit_proposal` records the open period on everything it accepts, and periods of a
document never overlap, so that field is the record of how the input arrived. Proposals without
a period are *not* pulled in because their time falls inside the window: such input was made
where the document took input without a period (a process that has not opened one, or input
before the period was recorded), not in answer to this consultation; counting it by its time
would make a compilation change when the secretariat later moves a period's dates, and would
pull in input on chapters the period does not cover.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import (
    KINDS_ON_AN_ALTERNATIVE,
    CommentPeriod,
    DocumentComment,
    Proposal,
    ProposalKind,
    ProposalState,
)
from consultations.selectors import proposal_redline
from drafts import diffing, numbering
from drafts.models import Alternative, Chapter, Paragraph, ParagraphStatus, ParagraphVersion
from processes.models import StakeholderCategory

# The period's chapters, the chapters, the paragraphs (each with the version shown), those
# versions' alternatives, the proposals, their base versions' alternatives, general comments.
COMPILATION_QUERIES = 7

GENERAL_COMMENT = "general_comment"
CATEGORY_ORDER = {value: index for index, value in enumerate(StakeholderCategory.values)}
CATEGORY_LABELS = dict(StakeholderCategory.choices)


# --- The records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderRef:
    id: int
    name: str
    category: str

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, self.category))

    @property
    def sort_key(self) -> tuple[int, str, int]:
        return CATEGORY_ORDER.get(self.category, len(CATEGORY_ORDER)), self.name.casefold(), self.id


@dataclass(frozen=True)
class Input:
    """One proposal, one comment on a paragraph, or one general comment on the document.

    `text` is what was sent: the proposed text, or the comment itself (a comment on a paragraph
    is a proposal of the kind "comment only" whose rationale is the comment). `redline` is
    empty for comments."""

    source: Literal["proposal", "comment"]
    id: int
    kind: str
    kind_label: str
    stakeholder: StakeholderRef
    author: str
    state: str
    state_label: str
    target_label: str
    base_version: int | None
    text: str
    redline: tuple[diffing.DiffOp, ...]
    rationale: str
    submitted_at: datetime
    redraft_of: int | None = None

    @property
    def is_comment(self) -> bool:
        return self.kind in (ProposalKind.COMMENT, GENERAL_COMMENT)

    @property
    def plain_text(self) -> str:
        """The text, with a redline's changes marked [+inserted+] and [-deleted-]."""
        return plain_redline(self.redline) if self.redline else self.text


@dataclass(frozen=True)
class StakeholderInputs:
    stakeholder: StakeholderRef
    inputs: tuple[Input, ...]


@dataclass(frozen=True)
class CategoryInputs:
    category: str
    label: str
    stakeholders: tuple[StakeholderInputs, ...]

    @property
    def count(self) -> int:
        return sum(len(group.inputs) for group in self.stakeholders)


@dataclass(frozen=True)
class OpeningText:
    """One alternative of a paragraph as it stood when the period opened."""

    label: str  # "ALT 1" when the paragraph had several, else ""
    text: str
    proposer: str


@dataclass(frozen=True)
class CompiledParagraph:
    uid: UUID
    number: str
    # The version shown: the one current when the period opened, or for a paragraph inserted
    # since (`is_new`), its first.
    version: int | None
    is_new: bool
    alternatives: tuple[OpeningText, ...]
    groups: tuple[CategoryInputs, ...] = ()
    # Struck from the text since the period opened (paragraphs struck before are left out).
    is_deleted: bool = False

    is_run = False

    @property
    def label(self) -> str:
        return f"Para {self.number}"

    @property
    def inputs(self) -> tuple[Input, ...]:
        return tuple(i for c in self.groups for s in c.stakeholders for i in s.inputs)

    @property
    def has_input(self) -> bool:
        return bool(self.groups)


@dataclass(frozen=True)
class NoInputRun:
    """Consecutive paragraphs that received nothing (within the filters)."""

    paragraphs: tuple[CompiledParagraph, ...]

    is_run = True

    @property
    def label(self) -> str:
        return paras_label([p.number for p in self.paragraphs])


@dataclass(frozen=True)
class CompiledChapter:
    letter: str
    heading: str
    paragraphs: tuple[CompiledParagraph, ...]
    # In order: each paragraph with input, and each run of paragraphs without.
    items: tuple[CompiledParagraph | NoInputRun, ...]

    @property
    def with_input(self) -> tuple[CompiledParagraph, ...]:
        return tuple(p for p in self.paragraphs if p.has_input)

    @property
    def no_input(self) -> str:
        """ "1, 3-7, 9": the paragraphs that received nothing, ranges compressed."""
        return numbering.compress_ranges(p.number for p in self.paragraphs if not p.has_input)

    @property
    def no_input_label(self) -> str:
        """ "Paras 1, 3-7, 9" """
        return paras_label([p.number for p in self.paragraphs if not p.has_input])


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see: one category, one stakeholder, only paragraphs with input.
    The category and stakeholder filters keep the input they match; the text stays whole."""

    category: str = ""
    stakeholder_id: int | None = None
    only_with_input: bool = False

    def admits(self, stakeholder: StakeholderRef) -> bool:
        if self.category and stakeholder.category != self.category:
            return False
        return self.stakeholder_id is None or stakeholder.id == self.stakeholder_id

    @property
    def are_set(self) -> bool:
        return bool(self.category or self.stakeholder_id is not None or self.only_with_input)

    @property
    def query(self) -> dict[str, str]:
        """The filters as the query string of the page, the CSV, the PDF and the API."""
        query = {}
        if self.category:
            query["category"] = self.category
        if self.stakeholder_id is not None:
            query["stakeholder"] = str(self.stakeholder_id)
        if self.only_with_input:
            query["with_input"] = "1"
        return query


@dataclass(frozen=True)
class Compilation:
    period: CommentPeriod
    filters: Filters
    general: tuple[CategoryInputs, ...]
    chapters: tuple[CompiledChapter, ...]
    # Everyone who sent input in the period, whatever the filters: the filter's choices.
    stakeholders: tuple[StakeholderRef, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def document(self):
        return self.period.document

    @property
    def filter_description(self) -> list[str]:
        """The filters in words, for a printed or downloaded compilation."""
        filters = self.filters
        words = []
        if filters.category:
            words.append(
                _("Only input from: %(category)s")
                % {"category": CATEGORY_LABELS.get(filters.category, filters.category)}
            )
        if filters.stakeholder_id is not None:
            names = [s.name for s in self.stakeholders if s.id == filters.stakeholder_id]
            words.append(
                _("Only input from: %(stakeholder)s")
                % {"stakeholder": names[0] if names else _("a stakeholder who sent none")}
            )
        if filters.only_with_input:
            words.append(_("Only paragraphs with input"))
        return words

    @property
    def process(self):
        return self.period.document.process

    def rows(self) -> Iterator[tuple[CompiledChapter | None, CompiledParagraph | None, Input]]:
        """Every input shown, in the compilation's order: general comments first."""
        for group in self.general:
            for stakeholder in group.stakeholders:
                for item in stakeholder.inputs:
                    yield None, None, item
        for chapter in self.chapters:
            for paragraph in chapter.paragraphs:
                for item in paragraph.inputs:
                    yield chapter, paragraph, item


# --- Assembly (no query) ----------------------------------------------------------------------


def paras_label(numbers: Iterable[str]) -> str:
    """ "Para 3", "Paras 3-7", "Paras 1, 3-7, 9"; "" for none."""
    numbers = list(numbers)
    if not numbers:
        return ""
    return ngettext("Para %(numbers)s", "Paras %(numbers)s", len(numbers)) % {
        "numbers": numbering.compress_ranges(numbers)
    }


def group_by_stakeholder(inputs: Iterable[Input]) -> tuple[CategoryInputs, ...]:
    """Inputs by category (in `StakeholderCategory` order), then stakeholder (by name), each
    stakeholder's oldest first."""
    by_stakeholder: dict[StakeholderRef, list[Input]] = {}
    for item in sorted(inputs, key=lambda i: (i.stakeholder.sort_key, i.submitted_at, i.id)):
        by_stakeholder.setdefault(item.stakeholder, []).append(item)
    categories: dict[str, list[StakeholderInputs]] = {}
    for stakeholder, items in by_stakeholder.items():
        categories.setdefault(stakeholder.category, []).append(
            StakeholderInputs(stakeholder=stakeholder, inputs=tuple(items))
        )
    return tuple(
        CategoryInputs(
            category=category,
            label=groups[0].stakeholder.category_label,
            stakeholders=tuple(groups),
        )
        for category, groups in categories.items()
    )


def compact(paragraphs: Iterable[CompiledParagraph]) -> tuple[CompiledParagraph | NoInputRun, ...]:
    """Each paragraph with input as it is; each run of consecutive ones without, as one run."""
    items: list[CompiledParagraph | NoInputRun] = []
    run: list[CompiledParagraph] = []
    for paragraph in paragraphs:
        if paragraph.has_input:
            if run:
                items.append(NoInputRun(paragraphs=tuple(run)))
                run = []
            items.append(paragraph)
        else:
            run.append(paragraph)
    if run:
        items.append(NoInputRun(paragraphs=tuple(run)))
    return tuple(items)


@dataclass(frozen=True)
class ChapterText:
    """A chapter with its paragraphs as they stood when the period opened (no input yet)."""

    letter: str
    heading: str
    paragraphs: tuple[CompiledParagraph, ...]


@dataclass(frozen=True)
class Received:
    """What `read_period` reads: the text at the opening, and the input by paragraph."""

    period: CommentPeriod
    chapters: tuple[ChapterText, ...]
    inputs: dict[UUID, tuple[Input, ...]]
    general: tuple[Input, ...]

    @property
    def stakeholders(self) -> tuple[StakeholderRef, ...]:
        """Everyone who sent input in the period, by category and name."""
        everyone = {item.stakeholder for items in self.inputs.values() for item in items}
        everyone.update(item.stakeholder for item in self.general)
        return tuple(sorted(everyone, key=lambda s: s.sort_key))


def assemble(received: Received, filters: Filters | None = None) -> Compilation:
    """The compilation of what was received, as the filters show it (no query)."""
    filters = filters or Filters()
    shown_general = [item for item in received.general if filters.admits(item.stakeholder)]
    shown_stakeholders = {item.stakeholder for item in shown_general}
    counts = {"proposals": 0, "comments": 0, "general_comments": len(shown_general)}

    compiled = []
    for chapter in received.chapters:
        paragraphs = []
        for paragraph in chapter.paragraphs:
            shown = [
                item
                for item in received.inputs.get(paragraph.uid, ())
                if filters.admits(item.stakeholder)
            ]
            for item in shown:
                counts["comments" if item.is_comment else "proposals"] += 1
                shown_stakeholders.add(item.stakeholder)
            paragraphs.append(replace(paragraph, groups=group_by_stakeholder(shown)))
        items = compact(paragraphs)
        if filters.only_with_input:
            items = tuple(item for item in items if not isinstance(item, NoInputRun))
        compiled.append(
            CompiledChapter(
                letter=chapter.letter,
                heading=chapter.heading,
                paragraphs=tuple(paragraphs),
                items=items,
            )
        )
    counts["stakeholders"] = len(shown_stakeholders)
    return Compilation(
        period=received.period,
        filters=filters,
        general=group_by_stakeholder(shown_general),
        chapters=tuple(compiled),
        stakeholders=received.stakeholders,
        counts=counts,
    )


def plain_redline(ops: Iterable[diffing.DiffOp]) -> str:
    """A redline as plain text: "the [-old-] [+new+] words". The spaces around a change stay
    outside its marks, as in the HTML redline."""
    parts = []
    for op in ops:
        if op.kind == "equal":
            parts.append(op.text)
            continue
        open_mark, close_mark = ("[+", "+]") if op.kind == "insert" else ("[-", "-]")
        core = op.text.strip()
        if not core:
            parts.append(op.text)
            continue
        lead = op.text[: len(op.text) - len(op.text.lstrip())]
        trail = op.text[len(op.text.rstrip()) :]
        parts.append(f"{lead}{open_mark}{core}{close_mark}{trail}")
    return "".join(parts)


# --- The table (CSV) -----------------------------------------------------------------------

# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and
# carriage return, as the start of one): a proposal's text must never run as one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet will not evaluate: a leading quote where it would."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def table_header(zone: ZoneInfo) -> list[str]:
    return [
        _("Chapter"),
        _("Paragraph"),
        _("Alternative"),
        _("Category"),
        _("Stakeholder"),
        _("Kind"),
        _("State"),
        _("Text"),
        _("Rationale"),
        _("Submitted at (%(zone)s)") % {"zone": zone.key},
    ]


def table(compilation: Compilation, zone: ZoneInfo) -> Iterator[list[str]]:
    """The header and one row per input, every cell safe for a spreadsheet."""
    yield table_header(zone)
    for chapter, paragraph, item in compilation.rows():
        row = [
            (chapter.letter or _("Annex")) if chapter else "",
            paragraph.number if paragraph else "",
            item.target_label,
            item.stakeholder.category_label,
            item.stakeholder.name,
            item.kind_label,
            item.state_label,
            item.plain_text,
            item.rationale,
            item.submitted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
        ]
        yield [spreadsheet_safe(cell) for cell in row]


# --- The selector ---------------------------------------------------------------------------


def period_for_compilation(
    *, process_slug: str, document_slug: str, period_id: int
) -> CommentPeriod | None:
    """The period with its document and process (one query), or None if it is not a period of
    that document. The caller checks `can_read_compilation`."""
    return (
        CommentPeriod.objects.select_related("document__process")
        .filter(pk=period_id, document__slug=document_slug, document__process__slug=process_slug)
        .first()
    )


def _shown_version(paragraph_ref, opens_at) -> Coalesce:
    """The id of the paragraph's version current when the period opened (the latest created at
    or before it); for a paragraph inserted since, its first version. `paragraph_ref` points
    at the paragraph from the outer query."""
    versions = ParagraphVersion.objects.filter(paragraph=paragraph_ref)
    at_opening = versions.filter(created_at__lte=opens_at).order_by("-sequence").values("pk")[:1]
    first = versions.order_by("sequence").values("pk")[:1]
    return Coalesce(Subquery(at_opening), Subquery(first))


def _stakeholder(stakeholder) -> StakeholderRef:
    return StakeholderRef(id=stakeholder.pk, name=stakeholder.name, category=stakeholder.category)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _proposal_input(proposal: Proposal, labels: dict[str, str]) -> Input:
    base_count = len(proposal.base_version.alternatives.all())
    position = proposal.alternative_position
    on_alternative = proposal.kind in KINDS_ON_AN_ALTERNATIVE and position and base_count > 1
    is_comment = proposal.kind == ProposalKind.COMMENT
    return Input(
        source="proposal",
        id=proposal.pk,
        kind=proposal.kind,
        kind_label=labels[proposal.kind],
        stakeholder=_stakeholder(proposal.stakeholder),
        author=_person(proposal.author),
        state=proposal.state,
        state_label=labels[proposal.state],
        target_label=f"ALT {position}" if on_alternative else "",
        base_version=proposal.base_version.sequence,
        text=proposal.rationale if is_comment else proposal.text,
        redline=() if is_comment else proposal_redline(proposal),
        rationale="" if is_comment else proposal.rationale,
        submitted_at=proposal.created_at,
        redraft_of=proposal.redraft_of_id,
    )


def _comment_input(comment: DocumentComment) -> Input:
    return Input(
        source="comment",
        id=comment.pk,
        kind=GENERAL_COMMENT,
        kind_label=_("General comment"),
        stakeholder=_stakeholder(comment.stakeholder),
        author=_person(comment.author),
        state="",
        state_label="",
        target_label="",
        base_version=None,
        text=comment.text,
        redline=(),
        rationale="",
        submitted_at=comment.created_at,
    )


def compile_period(period: CommentPeriod, filters: Filters | None = None) -> Compilation:
    """The compilation of the period as the filters show it (`read_period`, then `assemble`)."""
    return assemble(read_period(period), filters)


def read_period(period: CommentPeriod) -> Received:
    """The text as it stood when the period opened, and the input received in it: in
    `COMPILATION_QUERIES` queries however many paragraphs and proposals there are.

    Precondition: `period.document.process` is loaded (`period_for_compilation`). Chapters the
    period does not cover (when it names some) are left out unless input arrived on them."""
    document = period.document
    covered = set(period.chapters.values_list("pk", flat=True))
    chapters = list(Chapter.objects.filter(document=document).order_by("order"))
    paragraphs = list(
        Paragraph.objects.filter(chapter__document=document)
        .exclude(status=ParagraphStatus.DELETED, status_changed_at__lte=period.opens_at)
        .order_by("number", "insertion")
    )
    alternatives: dict[int, list[Alternative]] = {}
    for alternative in (
        Alternative.objects.filter(
            version__paragraph__chapter__document=document,
            version_id=_shown_version(OuterRef("version__paragraph_id"), period.opens_at),
        )
        .select_related("version", "proposer")
        .order_by("position")
    ):
        alternatives.setdefault(alternative.version.paragraph_id, []).append(alternative)

    base_alternatives = Alternative.objects.order_by("position")
    proposals = (
        Proposal.objects.filter(period=period)
        .select_related("stakeholder", "author", "base_version")
        .prefetch_related(Prefetch("base_version__alternatives", queryset=base_alternatives))
        .order_by("created_at", "pk")
    )
    uid_of = {paragraph.pk: paragraph.uid for paragraph in paragraphs}
    # get_FOO_display() hashes lazy translations on every call: translate each label once.
    labels = {value: str(label) for value, label in [*ProposalKind.choices, *ProposalState.choices]}
    by_paragraph: dict[UUID, list[Input]] = {}
    for proposal in proposals:
        received = _proposal_input(proposal, labels)
        by_paragraph.setdefault(uid_of[proposal.paragraph_id], []).append(received)
    inputs = {uid: tuple(items) for uid, items in by_paragraph.items()}
    general = tuple(
        _comment_input(comment)
        for comment in DocumentComment.objects.filter(period=period)
        .select_related("stakeholder", "author")
        .order_by("created_at", "pk")
    )

    by_chapter: dict[int, list[CompiledParagraph]] = {}
    for paragraph in paragraphs:
        texts = alternatives.get(paragraph.pk, [])
        version = texts[0].version if texts else None
        by_chapter.setdefault(paragraph.chapter_id, []).append(
            CompiledParagraph(
                uid=paragraph.uid,
                number=paragraph.display_number,
                version=version.sequence if version else None,
                is_new=version is None or version.created_at > period.opens_at,
                is_deleted=paragraph.status == ParagraphStatus.DELETED,
                alternatives=tuple(
                    OpeningText(
                        label=f"ALT {a.position}" if len(texts) > 1 else "",
                        text=a.text,
                        proposer=a.proposer.attribution_name if a.proposer else "",
                    )
                    for a in texts
                ),
            )
        )
    shown_chapters = [
        ChapterText(letter=c.letter, heading=c.heading, paragraphs=tuple(by_chapter.get(c.pk, ())))
        for c in chapters
        if not covered or c.pk in covered or any(p.uid in inputs for p in by_chapter.get(c.pk, ()))
    ]
    return Received(period=period, chapters=tuple(shown_chapters), inputs=inputs, general=general)
