"""Publishing consolidated texts: the snapshot, its symbol, its dates and status lines, its PDF.

`publish` answers at once; the PDF is rendered by a worker (drafts.services.renderings).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts import permissions
from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphChange,
    ParagraphStatus,
    Publication,
    PublicationStage,
    PublishedChapter,
    PublishedParagraph,
)
from drafts.services.renderings import request_rendering
from drafts.status_as_of import status_as_of
from drafts.status_line import document_status_line, status_line
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Process
from processes.selectors import acting_role


class SymbolTaken(RuleViolation):
    """Another publication already has this symbol or this number in the meeting's series."""


class PublicationRendering(RuleViolation):
    """The same text was just published and its PDF is still being rendered."""


@dataclass
class Published:
    """What `publish` did: a new publication, or the earlier one when nothing had changed."""

    publication: Publication
    is_new: bool


@dataclass
class _ChapterSnapshot:
    chapter: Chapter
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(p.display_number, p.status) for p in self.paragraphs]


def symbol_for(*, process: Process, meeting_number: int, document_number: int, stage: str) -> str:
    """The process's pattern filled in: "WSIS+10/4/26/Pre-agreed"."""
    label = str(PublicationStage(stage).label).replace(" ", "-")
    return process.symbol_pattern.format(
        process=process.code, meeting=meeting_number, number=document_number, stage=label
    )


def last_meeting_number(process: Process) -> int | None:
    latest = process.publications.order_by("-published_at", "-pk").first()
    return latest.meeting_number if latest else None


def next_document_number(process: Process, meeting_number: int) -> int:
    used = process.publications.filter(meeting_number=meeting_number).aggregate(
        last=Max("document_number")
    )["last"]
    return (used or 0) + 1


def _snapshot(document: Document, chapter: Chapter | None) -> list[_ChapterSnapshot]:
    """Every paragraph in the scope, current version and alternatives loaded (3 queries).
    Deleted paragraphs are no longer part of the text and are not published."""
    chapters = [chapter] if chapter else list(document.chapters.order_by("order"))
    paragraphs = (
        Paragraph.objects.filter(chapter__in=chapters)
        .exclude(status=ParagraphStatus.DELETED)
        .select_related("current_version")
        .order_by("number", "insertion")
    )
    by_chapter = {c.pk: _ChapterSnapshot(chapter=c) for c in chapters}
    for paragraph in paragraphs:
        by_chapter[paragraph.chapter_id].paragraphs.append(paragraph)
    alternatives: dict[int, list[Alternative]] = {}
    for alternative in Alternative.objects.filter(
        version_id__in=[p.current_version_id for s in by_chapter.values() for p in s.paragraphs]
    ).order_by("position"):
        alternatives.setdefault(alternative.version_id, []).append(alternative)
    for snapshot in by_chapter.values():
        for paragraph in snapshot.paragraphs:
            paragraph.published_alternatives = alternatives.get(paragraph.current_version_id, [])
    return list(by_chapter.values())


def _snapshot_hash(chapters: list[_ChapterSnapshot], stage: str) -> str:
    """Identifies the text as published: same versions, numbers and statuses, same hash."""
    content = [stage] + [
        [c.chapter.pk, str(p.uid), p.current_version_id, p.display_number, p.status]
        for c in chapters
        for p in c.paragraphs
    ]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def _chapter_name(chapter: Chapter) -> str:
    return f"Chapter {chapter.letter}" if chapter.letter else _("the Annex")


def _title(document: Document, chapter: Chapter | None, stage: str) -> str:
    stage_label = PublicationStage(stage).label
    if chapter is None:
        return _("%(stage)s text of %(title)s") % {"stage": stage_label, "title": document.title}
    return _("%(stage)s text of %(title)s, %(chapter)s") % {
        "stage": stage_label,
        "title": chapter.title,
        "chapter": _chapter_name(chapter),
    }


def _changes(
    previous: Publication | None, chapters: list[_ChapterSnapshot]
) -> dict[int, tuple[str, str]]:
    """Per paragraph id: what changed since the previous publication, and its number there."""
    if previous is None:
        return {}
    before = {
        row["paragraph_id"]: row
        for row in previous.paragraphs.values(
            "paragraph_id", "version_id", "status", "display_number"
        )
    }
    changes = {}
    for snapshot in chapters:
        for paragraph in snapshot.paragraphs:
            row = before.get(paragraph.pk)
            if row is None:
                changes[paragraph.pk] = (ParagraphChange.NEW, "")
            elif (row["version_id"], row["status"]) != (
                paragraph.current_version_id,
                paragraph.status,
            ):
                changes[paragraph.pk] = (ParagraphChange.CHANGED, row["display_number"])
            elif row["display_number"] != paragraph.display_number:
                changes[paragraph.pk] = (ParagraphChange.RENUMBERED, row["display_number"])
            else:
                changes[paragraph.pk] = (ParagraphChange.UNCHANGED, row["display_number"])
    return changes


def _check_numbers(meeting_number: int, document_number: int) -> None:
    for value, what in ((meeting_number, _("meeting number")), (document_number, _("number"))):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 99_999:
            raise InvalidInput(
                _("The %(what)s must be a whole number from 1 to 99999.") % {"what": what}
            )


@transaction.atomic
def publish(
    *,
    document: Document,
    actor,
    stage: str,
    chapter: Chapter | None = None,
    meeting_number: int | None = None,
    document_number: int | None = None,
    as_of: datetime | None = None,
    close_of_business: bool = True,
) -> Published:
    """Freezes the document (or one chapter of it) as it stands, under a new symbol, and queues
    its PDF. Publishing text that has not changed since the last publication of the same scope
    and stage returns that publication (nothing new is made or rendered), unless the
    secretariat asks for other numbers."""
    # The process row serialises publishing within a process, so that "the next free number"
    # and the symbol's uniqueness are decided by one publisher at a time.
    process = Process.objects.select_for_update().get(pk=document.process_id)
    if not permissions.can_publish(actor, process):
        raise ActionNotAllowed(_("Only the secretariat publishes consolidated texts."))
    if chapter is not None and chapter.document_id != document.pk:
        raise InvalidInput(_("That chapter is not part of %(doc)s.") % {"doc": document})
    try:
        stage = PublicationStage(stage)
    except ValueError:
        raise InvalidInput(_("Unknown stage: %(stage)s.") % {"stage": stage}) from None
    now = timezone.now()
    as_of = as_of or now
    if timezone.is_naive(as_of):
        raise InvalidInput(_("The 'status as of' time needs a time zone."))
    if as_of > now:
        raise InvalidInput(_("A text cannot be published with a status in the future."))

    chapters = _snapshot(document, chapter)
    if not any(snapshot.paragraphs for snapshot in chapters):
        raise RuleViolation(
            _("There is no paragraph to publish in %(what)s.")
            % {"what": chapter.heading if chapter else document},
            code="nothing_to_publish",
        )
    snapshot_hash = _snapshot_hash(chapters, stage)
    previous = (
        Publication.objects.filter(document=document, chapter=chapter)
        .select_related("rendering")
        .order_by("-published_at", "-pk")
        .first()
    )
    asked_for_numbers = meeting_number is not None or document_number is not None
    if previous and previous.snapshot_hash == snapshot_hash:
        same_numbers = (meeting_number or previous.meeting_number) == previous.meeting_number and (
            document_number or previous.document_number
        ) == previous.document_number
        if not asked_for_numbers or same_numbers:
            if previous.rendering.is_pending:
                raise PublicationRendering(
                    _(
                        "This text was just published as %(symbol)s and its PDF is being "
                        "rendered; nothing has changed since."
                    )
                    % {"symbol": previous.symbol},
                    code="publication_rendering",
                )
            return Published(publication=previous, is_new=False)

    if meeting_number is None:
        meeting_number = last_meeting_number(process) or 1
    if document_number is None:
        document_number = next_document_number(process, meeting_number)
    _check_numbers(meeting_number, document_number)
    symbol = symbol_for(
        process=process,
        meeting_number=meeting_number,
        document_number=document_number,
        stage=stage,
    )
    taken = (
        Publication.objects.filter(symbol=symbol).first()
        or process.publications.filter(
            meeting_number=meeting_number, document_number=document_number
        ).first()
    )
    if taken:
        raise SymbolTaken(
            _(
                "Document %(number)d of meeting %(meeting)d is already published as %(symbol)s; "
                "choose another document number (the next free one is %(free)d)."
            )
            % {
                "number": document_number,
                "meeting": meeting_number,
                "symbol": taken.symbol,
                "free": next_document_number(process, meeting_number),
            },
            code="symbol_taken",
        )

    local = timezone.localtime(as_of, process.zone)
    chapter_lines = {s.chapter.pk: status_line(s.pairs) for s in chapters}
    if chapter is not None:
        overall = chapter_lines[chapter.pk]
    else:
        overall = document_status_line((_chapter_name(s.chapter), s.pairs) for s in chapters)
    publication = Publication(
        process=process,
        document=document,
        chapter=chapter,
        symbol=symbol,
        meeting_number=meeting_number,
        document_number=document_number,
        stage=stage,
        title=_title(document, chapter, stage),
        status_as_of=as_of,
        status_as_of_label=status_as_of(local, close_of_business=close_of_business),
        status_line=overall,
        snapshot_hash=snapshot_hash,
        previous=previous,
        published_by=actor,
        published_by_role=acting_role(user=actor, process=process),
    )
    changes = _changes(previous, chapters)
    html = render_to_string(
        "drafts/print/publication.html",
        {"publication": publication, "chapters": chapters, "chapter_lines": chapter_lines},
    )
    publication.rendering = request_rendering(
        purpose="publication", filename=f"{slugify(symbol.replace('+', 'plus'))}.pdf", html=html
    )
    publication.save()
    position = 0
    for chapter_position, snapshot in enumerate(chapters, start=1):
        published_chapter = PublishedChapter.objects.create(
            publication=publication,
            chapter=snapshot.chapter,
            position=chapter_position,
            heading=snapshot.chapter.heading,
            status_line=chapter_lines[snapshot.chapter.pk],
        )
        rows = []
        for paragraph in snapshot.paragraphs:
            position += 1
            change, previous_number = changes.get(paragraph.pk, (ParagraphChange.FIRST, ""))
            rows.append(
                PublishedParagraph(
                    publication=publication,
                    published_chapter=published_chapter,
                    paragraph=paragraph,
                    version_id=paragraph.current_version_id,
                    position=position,
                    display_number=paragraph.display_number,
                    status=paragraph.status,
                    change=change,
                    previous_number=previous_number,
                )
            )
        PublishedParagraph.objects.bulk_create(rows)
    return Published(publication=publication, is_new=True)
