"""Work in progress (stubs replaced by the module's owner)."""

from django.http import HttpResponse


def meeting_dashboard(request, process_slug, number, **kwargs):
    return HttpResponse(status=501)
