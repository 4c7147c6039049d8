"""The Celery app. Configuration comes from Django settings (CELERY_* names)."""

import gc
import os
import resource

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsisplatform.settings")

app = Celery("wsisplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def limit_worker_memory(**kwargs):
    """Caps each worker process's address space, so that a render that would exhaust the machine
    raises MemoryError in its task (recorded as the reason it failed) instead."""
    from django.conf import settings

    limit = settings.RENDER_MEMORY_LIMIT_MB * 1024 * 1024
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@worker_process_init.connect
def freeze_startup_heap(**kwargs):
    """Takes what the worker process holds once it has started (Django, the apps, their modules)
    out of the garbage collector's walks for good: it stays for the process's life, and a full
    collection walking it (150,000 objects once WeasyPrint is loaded) took 50-95 ms here, in the
    middle of a render. A render's own garbage is still collected (drafts.pdf leaves the freeze
    alone when it finds one)."""
    gc.collect()
    gc.freeze()
