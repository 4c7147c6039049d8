"""Work in progress (stubs replaced by the module's owner)."""

from django.http import HttpResponse


def clear_screen(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def put_next_on_screen(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def put_on_screen(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def screen(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def screen_events(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)


def screen_state(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)
