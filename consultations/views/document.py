"""The document page: the whole working draft, with each paragraph's pending proposals."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consultations import selectors
from drafts import selectors as drafts_selectors
from drafts.models import Document
from drafts.views import readable_process
from processes.permissions import chairs, holds_the_pen


@require_GET
def document_detail(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    """The whole working draft, each paragraph linked to its page with its pending proposals."""
    process = readable_process(request, process_slug)
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
        },
    )
