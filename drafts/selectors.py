"""Reads of the text that pages and the API need, at a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    Publication,
    PublishedChapter,
    PublishedParagraph,
    StatusChange,
)
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


# --- One paragraph and its history ---------------------------------------------------------------


def paragraph_by_uid(uid) -> Paragraph | None:
    """The paragraph with its chapter, document, process and current version (one query), or
    None. The caller checks that the user may read the process."""
    return (
        Paragraph.objects.select_related("chapter__document__process", "current_version")
        .filter(uid=uid)
        .first()
    )


def _alternatives_with_proposers() -> QuerySet[Alternative]:
    return Alternative.objects.select_related("proposer").order_by("position")


def _versions_with_authors() -> QuerySet[ParagraphVersion]:
    return ParagraphVersion.objects.select_related("author", "on_behalf_of").order_by("sequence")


def status_changes(paragraph: Paragraph) -> QuerySet[StatusChange]:
    """Who moved the paragraph from which status to which, on which version, oldest first."""
    return paragraph.status_changes.select_related("actor", "version").order_by("created_at", "pk")


def paragraph_history(*, process: Process, document_slug: str, uid) -> Paragraph:
    """The paragraph with every version (author, stakeholder, alternatives and their proposers)
    and every status change: 4 queries however long the history.

    Raises Paragraph.DoesNotExist if the paragraph is not in that document of that process.
    """
    changes = StatusChange.objects.select_related("actor", "version").order_by("created_at", "pk")
    return (
        Paragraph.objects.select_related("chapter__document__process", "current_version")
        .prefetch_related(
            Prefetch("versions", queryset=_versions_with_authors()),
            Prefetch("versions__alternatives", queryset=_alternatives_with_proposers()),
            Prefetch("status_changes", queryset=changes),
        )
        .get(uid=uid, chapter__document__process=process, chapter__document__slug=document_slug)
    )


def paragraph_with_versions(uid) -> Paragraph:
    """A paragraph with its current text and every version, with their alternatives and audit
    fields, as the API shows it: 5 queries however long the history."""
    alternatives = _alternatives_with_proposers()
    return (
        Paragraph.objects.select_related("chapter__document__process", "current_version")
        .prefetch_related(
            Prefetch("current_version__alternatives", queryset=alternatives),
            Prefetch("versions", queryset=_versions_with_authors()),
            Prefetch("versions__alternatives", queryset=alternatives),
        )
        .get(uid=uid)
    )


def version_texts(paragraph: Paragraph, sequence: int) -> list[str] | None:
    """The texts of the paragraph's version `sequence`, in ALT order, or None if it has none
    such. The current version's come from the loaded alternatives (no query), others' in two."""
    if sequence == paragraph.current_version.sequence:
        return [alternative.text for alternative in paragraph.current_version.alternatives.all()]
    version = paragraph.versions.filter(sequence=sequence).first()
    if version is None:
        return None
    return [alternative.text for alternative in version.alternatives.order_by("position")]


# --- Publications ------------------------------------------------------------------------------


def publications_of(process: Process) -> QuerySet[Publication]:
    """The process's publications, newest first, with their PDF's state (one query)."""
    return (
        Publication.objects.filter(process=process)
        .select_related("document", "chapter", "rendering")
        .order_by("-published_at", "-pk")
    )


def publication_by_symbol(*, process: Process, symbol: str) -> Publication | None:
    """One publication with everything its page shows: chapters, paragraphs, their published
    versions and alternatives (5 queries however long the text)."""
    alternatives = Alternative.objects.select_related("proposer").order_by("position")
    paragraphs = PublishedParagraph.objects.select_related("version", "paragraph").order_by(
        "position"
    )
    return (
        Publication.objects.filter(process=process, symbol=symbol)
        .select_related("process", "document", "chapter", "rendering", "previous")
        .prefetch_related(
            Prefetch("chapters", queryset=PublishedChapter.objects.order_by("position")),
            Prefetch("chapters__paragraphs", queryset=paragraphs),
            Prefetch("chapters__paragraphs__version__alternatives", queryset=alternatives),
        )
        .first()
    )
