"""HTML in, PDF out, by a worker: the machinery that publications (and later comparisons,
compilations and the Chair's outcomes) share. Tasks run in-process here, as in every test but the
last, which runs a real Celery worker against Redis and PostgreSQL."""

import contextlib
import gc
import io
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import traceback
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from billiard.pool import soft_timeout_sighandler
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from drafts import services
from drafts.models import Rendering, RenderingState
from drafts.services import renderings
from drafts.tasks import render_pdf
from processes.errors import RuleViolation
from tests.drafts.conftest import chapter, publish
from tests.test_production_processes import Process, compose_services, required_services

ROOT = Path(__file__).resolve().parents[2]
HTML = "<!DOCTYPE html><html><body><p>Para 21, as printed.</p></body></html>"
# 15,000 paragraphs, some 600 pages: 3,000 took 3.6 s to render here, so this one stays far
# longer than the limits the tests below set, on any machine.
LONG_HTML = "<!DOCTYPE html><html><body>%s</body></html>" % "".join(
    f"<p>{number}. Building confidence and security in the use of ICTs, notably regarding "
    "personal data protection, privacy and the security and robustness of networks.</p>"
    for number in range(1, 15_001)
)


def request(html=HTML, filename="para-21.pdf"):
    return services.request_rendering(purpose="test", filename=filename, html=html)


def read(rendering) -> PdfReader:
    with rendering.file.open("rb") as stream:
        return PdfReader(io.BytesIO(stream.read()))


@pytest.mark.django_db
def test_a_rendering_is_queued_after_commit_then_rendered_by_the_task(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as queued:
        rendering = request()

    # Nothing is sent to a worker before the commit; the page shows "queued".
    assert len(queued) == 1
    rendering.refresh_from_db()
    assert (rendering.state, rendering.attempts, bool(rendering.file)) == ("queued", 0, False)

    queued[0]()  # the commit: the task runs (in-process here)

    rendering.refresh_from_db()
    assert rendering.state == RenderingState.READY and rendering.is_ready
    assert rendering.attempts == 1 and rendering.error == ""
    assert rendering.started_at <= rendering.finished_at
    pdf = read(rendering)
    assert rendering.page_count == len(pdf.pages) == 1
    assert rendering.byte_size == rendering.file.size > 1000
    assert "Para 21, as printed." in pdf.pages[0].extract_text()
    assert rendering.file.name.startswith("renderings/") and rendering.file.name.endswith(".pdf")


@pytest.mark.django_db
def test_the_task_is_safe_to_run_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rendering = request()
    rendering.refresh_from_db()
    first = (rendering.file.name, rendering.finished_at, rendering.file.read())

    render_pdf.delay(rendering.pk)  # a redelivered message

    rendering.refresh_from_db()
    assert (rendering.file.name, rendering.finished_at, rendering.file.read()) == first
    assert rendering.attempts == 1
    assert Rendering.objects.count() == 1


@pytest.mark.django_db
def test_the_same_html_asked_for_twice_is_rendered_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as first_queue:
        first = request(filename="first.pdf")
    with django_capture_on_commit_callbacks(execute=True) as second_queue:
        again = request(filename="second.pdf")

    assert again.pk == first.pk
    assert (len(first_queue), len(second_queue)) == (1, 0)
    assert Rendering.objects.count() == 1
    # Other HTML is another rendering.
    with django_capture_on_commit_callbacks(execute=True):
        other = request(html=HTML.replace("21", "22"))
    assert other.pk != first.pk


@pytest.mark.django_db
def test_republishing_unchanged_text_renders_nothing(
    vision, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(vision, secretariat, chapter=chapter(vision, "B")).publication
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = publish(vision, secretariat, chapter=chapter(vision, "B"))

    assert not again.is_new and again.publication.rendering_id == first.rendering_id
    assert queued == [] and Rendering.objects.count() == 1


@pytest.mark.django_db
def test_a_failure_is_recorded_with_its_reason_and_a_retry_renders_it(
    settings, django_capture_on_commit_callbacks
):
    settings.RENDER_MAX_HTML_BYTES = 40
    with django_capture_on_commit_callbacks(execute=True):
        rendering = request()

    rendering.refresh_from_db()
    assert rendering.state == RenderingState.FAILED and not rendering.is_pending
    assert rendering.error == (
        "The text is too long to print (0.0 MB of HTML; the limit is 0.0 MB)."
    )
    assert (rendering.attempts, bool(rendering.file)) == (1, False)
    assert rendering.finished_at is not None

    settings.RENDER_MAX_HTML_BYTES = 20_000_000  # the administrator raises the limit
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.retry_rendering(rendering=rendering)

    assert len(queued) == 1
    rendering.refresh_from_db()
    assert (rendering.state, rendering.error, rendering.attempts) == ("ready", "", 2)
    assert rendering.page_count == len(read(rendering).pages) == 1


@pytest.mark.django_db
def test_html_that_breaks_weasyprint_fails_with_the_reason(django_capture_on_commit_callbacks):
    # Nesting deeper than WeasyPrint's recursion allows: a real error inside the renderer.
    nested = "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>"
    with django_capture_on_commit_callbacks(execute=True):
        rendering = request(html=nested)

    rendering.refresh_from_db()
    assert rendering.state == RenderingState.FAILED
    assert rendering.error.startswith("RecursionError: maximum recursion depth exceeded")


@pytest.fixture
def soft_time_limit():
    """Arms the soft time limit: after `seconds`, the signal a worker process receives from its
    pool at the limit, handled as the pool's worker process handles it (billiard raises
    SoftTimeLimitExceeded in the main thread). Returns a list that then says whether WeasyPrint
    was at work. A limit not reached is disarmed before the handler is put back."""
    previous = signal.signal(signal.SIGUSR1, soft_timeout_sighandler)
    timers = []

    def arm(seconds: float) -> list[bool]:
        rendering_at_the_limit = []

        def reached():
            stack = traceback.extract_stack(sys._current_frames()[threading.main_thread().ident])
            rendering_at_the_limit.append(any("/weasyprint/" in f.filename for f in stack))
            os.kill(os.getpid(), signal.SIGUSR1)

        timers.append(threading.Timer(seconds, reached))
        timers[-1].start()
        return rendering_at_the_limit

    yield arm
    for timer in timers:
        timer.cancel()
        timer.join()
    signal.signal(signal.SIGUSR1, previous)


@pytest.mark.django_db
def test_a_render_past_its_soft_time_limit_is_stopped_and_the_next_one_is_made(
    soft_time_limit, django_capture_on_commit_callbacks
):
    """The soft time limit reaches the task in the middle of WeasyPrint's work: the render
    stops there, the failure is recorded with its reason, and the process renders the next."""
    import drafts.pdf  # noqa: F401 - WeasyPrint loaded, as by a worker that has rendered before

    with django_capture_on_commit_callbacks() as queued:
        long = request(html=LONG_HTML, filename="long.pdf")

    rendering_at_the_limit = soft_time_limit(1.0)
    queued[0]()  # the task, from the claim to the failure recorded

    assert rendering_at_the_limit == [True]
    long.refresh_from_db()
    assert (long.state, long.error, bool(long.file)) == (
        "failed",
        f"Rendering took longer than {render_pdf.soft_time_limit} seconds and was stopped.",
        False,
    )

    with django_capture_on_commit_callbacks(execute=True):
        rendering = request()
    rendering.refresh_from_db()
    assert rendering.state == RenderingState.READY


@pytest.mark.django_db
def test_a_passing_error_leaves_the_rendering_queued_for_the_next_attempt():
    """Called as a worker calls it (not eagerly): the task records the reason, keeps the
    rendering queued, and asks Celery to retry (called directly, Celery re-raises the error)."""
    nested = "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>"
    rendering = request(html=nested)

    with pytest.raises(RecursionError):
        render_pdf(rendering.pk)

    rendering.refresh_from_db()
    assert rendering.state == RenderingState.QUEUED and rendering.is_pending
    assert rendering.error.startswith("RecursionError")
    assert rendering.attempts == 1


@pytest.mark.django_db
def test_only_a_failed_or_stalled_rendering_is_tried_again(django_capture_on_commit_callbacks):
    rendering = request()  # queued (its callback never runs: no worker has taken it yet)

    with pytest.raises(RuleViolation, match="The PDF is queued") as refused:
        services.retry_rendering(rendering=rendering)
    assert refused.value.code == "rendering_not_failed"

    # A worker died mid-render (killed at the hard time limit): it stays "rendering" for ever
    # unless the secretariat can try again.
    long_ago = timezone.now() - timedelta(hours=1)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderingState.RENDERING, started_at=long_ago, attempts=1
    )
    rendering.refresh_from_db()
    assert renderings.is_stalled(rendering)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_rendering(rendering=rendering)

    rendering.refresh_from_db()
    assert (rendering.state, rendering.attempts) == ("ready", 2)
    with pytest.raises(RuleViolation, match="The PDF is ready"):
        services.retry_rendering(rendering=rendering)


@pytest.mark.django_db
def test_a_rendering_another_worker_is_on_is_left_alone(settings):
    rendering = request()
    started = timezone.now() - timedelta(seconds=10)
    Rendering.objects.filter(pk=rendering.pk).update(
        state=RenderingState.RENDERING, started_at=started, attempts=1
    )

    render_pdf.delay(rendering.pk)  # the same message, delivered to a second worker

    rendering.refresh_from_db()
    assert (rendering.state, rendering.attempts, bool(rendering.file)) == ("rendering", 1, False)
    assert rendering.started_at == started

    # Past the time limit the first worker is gone (the hard limit killed it): a redelivered
    # message renders it.
    settings.RENDER_TIME_LIMIT_SECONDS = 5
    render_pdf.delay(rendering.pk)

    rendering.refresh_from_db()
    assert (rendering.state, rendering.attempts) == ("ready", 2)


def test_a_worker_process_takes_what_it_holds_at_start_out_of_the_collectors_walks():
    """Django and the apps stay for the worker process's life: frozen at its start, a full
    collection in the middle of a render no longer walks them; the renderer then leaves that
    freeze as it is (it freezes only when nobody has)."""
    from drafts import pdf as drafts_pdf
    from wsisplatform.celery import freeze_startup_heap

    assert gc.get_freeze_count() == 0
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() > 10_000

        drafts_pdf.html_to_pdf("<p>Text</p>", stylesheet="")

        # Still frozen (an unfreeze leaves none); a frozen object that died meanwhile may have
        # left the count, so it is not compared exactly.
        assert gc.get_freeze_count() > 10_000 and gc.isenabled()
    finally:
        gc.unfreeze()


def test_weasyprint_is_loaded_only_by_the_process_that_renders():
    code = (
        "import django; django.setup(); "
        "import drafts.tasks, drafts.services, drafts.views, drafts.api, wsisplatform.urls; "
        "import sys; "
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'; "
        "import drafts.pdf; assert 'weasyprint' in sys.modules; print('ok')"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wsisplatform.settings",
        "DJANGO_DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


# --- A real worker ----------------------------------------------------------------------------

WORKER_TIMEOUT = 120  # seconds: the worker starts, loads Django and WeasyPrint, renders


@pytest.fixture
def celery_app_sends_to(monkeypatch):
    """The test process sends tasks through the broker (not in-process) to a queue of the test's
    own, so that only the worker it starts can take them."""
    from wsisplatform.celery import app

    def use(queue: str):
        monkeypatch.setitem(app.conf, "task_always_eager", False)
        monkeypatch.setitem(app.conf, "task_default_queue", queue)

    return use


def wait_for(rendering, worker) -> None:
    """Until the worker has rendered it, or failed to: the test fails if the worker stops or
    takes longer than WORKER_TIMEOUT."""
    deadline = time.monotonic() + WORKER_TIMEOUT
    while rendering.is_pending:
        if worker.popen.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The PDF is still {rendering.state}.\n{worker.report()}")
        time.sleep(0.25)
        rendering.refresh_from_db()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_published_pdf_through_redis(
    vision, secretariat, settings, tmp_path, celery_app_sends_to
):
    """Publishing answers at once; a Celery worker (the command docker-compose runs) takes the
    task from Redis, renders against the same PostgreSQL database and stores the file."""
    database_url, redis_url = required_services()
    # The worker reads and writes the test database: committed rows (transaction=True), not a
    # transaction the worker could not see.
    test_database = (
        urlsplit(database_url)._replace(path=f"/{connection.settings_dict['NAME']}").geturl()
    )
    queue = f"render-test-{secrets.token_hex(6)}"
    venv_bin = Path(sys.executable).parent
    environment = {
        key: os.environ[key] for key in ("LANG", "LC_ALL", "TMPDIR") if key in os.environ
    } | {
        "HOME": str(tmp_path),
        "PATH": os.pathsep.join([str(venv_bin), os.environ.get("PATH", os.defpath)]),
        "DATABASE_URL": test_database,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_QUEUE": queue,
        "CELERY_CONCURRENCY": "1",
    }
    celery_app_sends_to(queue)

    with contextlib.ExitStack() as cleanup:
        worker = Process(
            "worker", compose_services()["worker"]["command"], environment, tmp_path / "w.log"
        )
        cleanup.callback(worker.stop)

        started = time.monotonic()
        published = publish(
            vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=26
        )
        answered_in = time.monotonic() - started
        rendering = published.publication.rendering
        assert rendering.state == RenderingState.QUEUED  # publishing did not wait for the PDF

        wait_for(rendering, worker)

        assert rendering.state == RenderingState.READY, f"{rendering.error}\n{worker.report()}"
        assert rendering.attempts == 1
        pdf = read(rendering)
        assert rendering.page_count == len(pdf.pages) >= 2
        first_page = " ".join(pdf.pages[0].extract_text().split())
        assert "WSIS+10/4/26/Pre-agreed" in first_page
        assert "Pre-agreed (besides Paras 2, 21, 27-30)" in first_page
        assert f"Page 1 of {rendering.page_count}" in first_page
        assert "drafts.tasks.render_pdf" in worker.output()
        assert answered_in < 5, f"publishing took {answered_in:.1f} s"

        # A render past its soft time limit (sent with a short one of its own) is stopped, the
        # reason recorded; the worker process goes on to the next render.
        long = Rendering.objects.create(
            purpose="test",
            filename="long.pdf",
            html=LONG_HTML,
            content_hash=renderings.content_hash(LONG_HTML, renderings.print_stylesheet()),
        )
        render_pdf.apply_async(args=[long.pk], queue=queue, soft_time_limit=2)
        next_one = request()  # queued as the commit (autocommit here) sends it

        wait_for(long, worker)
        wait_for(next_one, worker)

        assert (long.state, long.error) == (
            "failed",
            "Rendering took longer than 2 seconds and was stopped.",
        ), worker.report()
        assert next_one.state == RenderingState.READY, f"{next_one.error}\n{worker.report()}"
