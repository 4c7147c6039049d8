"""Reads of the text that pages and the API need, at a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from drafts.models import Alternative, Chapter, Document, Paragraph, ParagraphStatus
from drafts.status_line import status_line
from processes.models import Process

SETTLED = [ParagraphStatus.PRE_AGREED, ParagraphStatus.AGREED]


def documents_with_progress(*, process: Process) -> QuerySet[Document]:
    """The process's documents, each annotated with paragraph counts by status (one query)."""
    return process.documents.annotate(
        paragraph_count=Count(
            "chapters__paragraphs",
            filter=~Q(chapters__paragraphs__status=ParagraphStatus.DELETED),
        ),
        settled_count=Count(
            "chapters__paragraphs", filter=Q(chapters__paragraphs__status__in=SETTLED)
        ),
        agreed_count=Count(
            "chapters__paragraphs",
            filter=Q(chapters__paragraphs__status=ParagraphStatus.AGREED),
        ),
    ).order_by("order", "title")


def document_with_text(*, process: Process, slug: str) -> Document:
    """A document with every chapter, paragraph, current version and alternative loaded.

    Four queries whatever the document's length: the document, its chapters, their paragraphs
    (joined to the current version) and the alternatives (joined to their proposers).
    """
    paragraphs = Paragraph.objects.select_related("current_version").order_by("number", "insertion")
    alternatives = Alternative.objects.select_related("proposer").order_by("position")
    return (
        Document.objects.select_related("process")
        .prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.order_by("order")),
            Prefetch("chapters__paragraphs", queryset=paragraphs),
            Prefetch("chapters__paragraphs__current_version__alternatives", queryset=alternatives),
        )
        .get(process=process, slug=slug)
    )


@dataclass(frozen=True)
class ChapterProgress:
    total: int
    settled: int
    open_numbers: tuple[str, ...]
    summary: str


def chapter_progress(chapter: Chapter) -> ChapterProgress:
    """Counts from an already prefetched chapter (no query)."""
    paragraphs = [p for p in chapter.paragraphs.all() if p.status != ParagraphStatus.DELETED]
    open_numbers = tuple(p.display_number for p in paragraphs if p.status == ParagraphStatus.OPEN)
    return ChapterProgress(
        total=len(paragraphs),
        settled=len(paragraphs) - len(open_numbers),
        open_numbers=open_numbers,
        summary=status_line((p.display_number, p.status) for p in paragraphs),
    )
