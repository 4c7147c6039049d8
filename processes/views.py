from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from processes.selectors import visible_processes


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    processes = visible_processes(user=request.user)
    return render(request, "processes/home.html", {"processes": processes})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and docker-compose: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
