"""A member's dashboard (their stakeholder's proposals, assignments, open periods,
notifications) and following a paragraph."""

from django.http import HttpResponse


def dashboard(request, process_slug: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def mark_notifications_read(request, process_slug: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def follow(request, process_slug: str, document_slug: str, paragraph_uid) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
