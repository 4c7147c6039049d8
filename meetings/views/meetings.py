"""Work in progress (stubs replaced by the module's owner)."""

from django.http import HttpResponse


def edit_meeting(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def meeting_detail(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def meeting_participants(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def meeting_list(request, process_slug):
    return HttpResponse(status=501)


def schedule_meeting(request, process_slug):
    return HttpResponse(status=501)
