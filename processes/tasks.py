from celery import shared_task
from django.db import connection

from processes.models import Process


@shared_task
def platform_health() -> dict:
    """A round trip through the broker: proves a worker is up and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"database": "ok", "processes": Process.objects.count()}
