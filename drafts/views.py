from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from drafts import selectors
from drafts.models import Document
from processes.models import Process
from processes.permissions import can_read_drafts, chairs, holds_the_pen


def readable_process(request: HttpRequest, process_slug: str) -> Process:
    """The process, or 404 for people who may not read its drafts (hiding that it exists)."""
    process = get_object_or_404(Process, slug=process_slug)
    if not can_read_drafts(request.user, process):
        raise Http404
    return process


@require_GET
def document_detail(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    process = readable_process(request, process_slug)
    try:
        document = selectors.document_with_text(process=process, slug=document_slug)
    except Document.DoesNotExist:
        raise Http404 from None
    chapters = [
        (chapter, selectors.chapter_progress(chapter)) for chapter in document.chapters.all()
    ]
    total = sum(progress.total for _, progress in chapters)
    settled = sum(progress.settled for _, progress in chapters)
    return render(
        request,
        "drafts/document_detail.html",
        {
            "process": process,
            "document": document,
            "chapters": chapters,
            "paragraph_count": total,
            "settled_count": settled,
            "user_chairs": chairs(request.user, process),
            "user_holds_pen": holds_the_pen(request.user, process),
        },
    )
