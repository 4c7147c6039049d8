"""The compilation of a comment period: every paragraph with the input received on it."""

from django.http import HttpResponse


def compilation(request, process_slug: str, document_slug: str, period_id: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def compilation_csv(request, process_slug: str, document_slug: str, period_id: int):
    return HttpResponse("Not built yet.", status=501)


def compilation_pdf(request, process_slug: str, document_slug: str, period_id: int):
    return HttpResponse("Not built yet.", status=501)
