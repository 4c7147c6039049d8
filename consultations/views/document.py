"""The document page: the whole working draft, with each paragraph's pending proposals and a
banner saying whether input is open and until when."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from consultations import period_selectors, selectors
from drafts import selectors as drafts_selectors
from drafts.models import Document
from processes.permissions import can_read_drafts, chairs, holds_the_pen


@require_GET
def document_detail(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    """The whole working draft, each paragraph linked to its page with its pending proposals."""
    now = timezone.now()
    # The heading (document, process and the ids of the periods framing now) is one query: the
    # page costs no more for the banner where a document has never had a period.
    heading = period_selectors.document_heading(
        process_slug=process_slug, document_slug=document_slug, at=now
    )
    if heading is None or not can_read_drafts(request.user, heading.process):
        raise Http404  # unknown, or not readable by this user: the same answer
    process = heading.process
    try:
        document = selectors.document_with_pending_counts(process=process, slug=document_slug)
    except Document.DoesNotExist:
        raise Http404 from None
    chapters = [
        (chapter, drafts_selectors.chapter_progress(chapter)) for chapter in document.chapters.all()
    ]
    return render(
        request,
        "consultations/document_detail.html",
        {
            "process": process,
            "document": document,
            "chapters": chapters,
            "paragraph_count": sum(progress.total for _, progress in chapters),
            "settled_count": sum(progress.settled for _, progress in chapters),
            "user_chairs": chairs(request.user, process),
            "user_holds_pen": holds_the_pen(request.user, process),
            "window": period_selectors.window_of_heading(heading, at=now),
        },
    )
