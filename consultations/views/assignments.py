"""Redraft assignments of a document: the Chair assigns, assignees see what is due."""

from django.http import HttpResponse


def assignments(request, process_slug: str, document_slug: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def assignment(request, process_slug: str, document_slug: str, assignment_id: int):
    return HttpResponse("Not built yet.", status=501)
