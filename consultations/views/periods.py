"""Comment periods of a document (the secretariat opens them) and general comments on it."""

from django.http import HttpResponse


def periods(request, process_slug: str, document_slug: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def period(request, process_slug: str, document_slug: str, period_id: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def document_comments(request, process_slug: str, document_slug: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
