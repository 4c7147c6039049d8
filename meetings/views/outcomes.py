"""Work in progress (stubs replaced by the module's owner)."""

from django.http import HttpResponse


def action_item_state(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def add_action_item(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def add_outcome_point(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def meeting_outcomes(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def outcomes_pdf(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)
