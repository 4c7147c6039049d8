from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from drafts.permissions import can_publish
from drafts.selectors import documents_with_progress, publications_of
from drafts.views import readable_process
from processes.selectors import roles_of


@require_GET
def process_home(request: HttpRequest, process_slug: str) -> HttpResponse:
    """The process at a glance: its documents and how far each is agreed."""
    process = readable_process(request, process_slug)
    return render(
        request,
        "meetings/process_home.html",
        {
            "process": process,
            "documents": documents_with_progress(process=process),
            "latest_publications": publications_of(process)[:5],
            "may_publish": can_publish(request.user, process),
            "my_roles": sorted(role.label for role in roles_of(user=request.user, process=process)),
        },
    )
