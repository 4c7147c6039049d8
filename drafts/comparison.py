"""What changed between two publications of a document, paragraph by paragraph.

Paragraphs are matched by identity, not by number, so a renumbered paragraph is recognised as
the same paragraph and a new one is not mistaken for the one that used to carry its number.
Used by the comparison page, its PDF and the API.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from drafts import diffing
from drafts.models import Alternative, Publication, PublishedParagraph
from processes.errors import InvalidInput

NEW, DELETED, CHANGED = "new", "deleted", "changed"
RENUMBERED, UNCHANGED = "renumbered", "unchanged"
KINDS = (NEW, DELETED, CHANGED, RENUMBERED, UNCHANGED)


@dataclass(frozen=True)
class ParagraphComparison:
    """One paragraph in either publication. `ops` is the word-level redline of its whole text
    (alternatives labelled "ALT n:" when there are several)."""

    kind: str
    old_number: str
    new_number: str
    old_status: str
    new_status: str
    ops: tuple[diffing.DiffOp, ...]

    @property
    def number(self) -> str:
        return self.new_number or self.old_number

    @property
    def is_renumbered(self) -> bool:
        return bool(self.old_number and self.new_number and self.old_number != self.new_number)

    @property
    def status_changed(self) -> bool:
        return bool(self.old_status and self.new_status and self.old_status != self.new_status)


@dataclass
class ChapterComparison:
    heading: str
    paragraphs: list[ParagraphComparison] = field(default_factory=list)

    @property
    def changed_count(self) -> int:
        return sum(1 for p in self.paragraphs if p.kind != UNCHANGED)


@dataclass
class Comparison:
    older: Publication
    newer: Publication
    chapters: list[ChapterComparison]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, DELETED, CHANGED, RENUMBERED, UNCHANGED), 0)
        for chapter in self.chapters:
            for paragraph in chapter.paragraphs:
                counts[paragraph.kind] += 1
        return counts


def paragraph_text(alternatives) -> str:
    """A paragraph's published text as one string: its only text, or "ALT 1: …" per line."""
    alternatives = list(alternatives)
    if len(alternatives) == 1:
        return alternatives[0].text
    return "\n".join(f"ALT {a.position}: {a.text}" for a in alternatives)


def _rows(publication: Publication) -> list[PublishedParagraph]:
    alternatives = Alternative.objects.order_by("position")
    return list(
        publication.paragraphs.select_related("published_chapter", "version")
        .prefetch_related(Prefetch("version__alternatives", queryset=alternatives))
        .order_by("position")
    )


def compare_publications(older: Publication, newer: Publication) -> Comparison:
    """Four queries for the rows and texts of both, whatever their length."""
    if older.document_id != newer.document_id:
        raise InvalidInput(
            _("%(a)s and %(b)s are publications of different documents; compare two of the same.")
            % {"a": older.symbol, "b": newer.symbol}
        )
    if (older.published_at, older.pk) > (newer.published_at, newer.pk):
        older, newer = newer, older
    old_rows, new_rows = _rows(older), _rows(newer)
    old_by_paragraph = {row.paragraph_id: row for row in old_rows}
    new_ids = {row.paragraph_id for row in new_rows}

    # Deleted paragraphs are shown where they stood: after the paragraph that preceded them in
    # the older text (or first in their chapter).
    deleted_after: dict[int | None, list[PublishedParagraph]] = {}
    previous_id = None
    for row in old_rows:
        if row.paragraph_id not in new_ids:
            deleted_after.setdefault(previous_id, []).append(row)
        else:
            previous_id = row.paragraph_id

    chapters: dict[int, ChapterComparison] = {}

    def chapter_of(row: PublishedParagraph) -> ChapterComparison:
        key = row.published_chapter.chapter_id
        if key not in chapters:
            chapters[key] = ChapterComparison(heading=row.published_chapter.heading)
        return chapters[key]

    def add_deleted(after_id: int | None) -> None:
        for row in deleted_after.pop(after_id, []):
            chapter_of(row).paragraphs.append(
                ParagraphComparison(
                    kind=DELETED,
                    old_number=row.display_number,
                    new_number="",
                    old_status=row.status,
                    new_status="",
                    ops=diffing.redline(paragraph_text(row.version.alternatives.all()), ""),
                )
            )

    add_deleted(None)
    for row in new_rows:
        new_text = paragraph_text(row.version.alternatives.all())
        old = old_by_paragraph.get(row.paragraph_id)
        if old is None:
            comparison = ParagraphComparison(
                NEW, "", row.display_number, "", row.status, diffing.redline("", new_text)
            )
        else:
            if old.version_id == row.version_id:
                ops = (diffing.DiffOp("equal", new_text),) if new_text else ()
            else:
                ops = diffing.redline(paragraph_text(old.version.alternatives.all()), new_text)
            if old.version_id != row.version_id or old.status != row.status:
                kind = CHANGED
            elif old.display_number != row.display_number:
                kind = RENUMBERED
            else:
                kind = UNCHANGED
            comparison = ParagraphComparison(
                kind, old.display_number, row.display_number, old.status, row.status, ops
            )
        chapter_of(row).paragraphs.append(comparison)
        add_deleted(row.paragraph_id)
    for after_id in list(deleted_after):
        add_deleted(after_id)
    return Comparison(older=older, newer=newer, chapters=list(chapters.values()))
