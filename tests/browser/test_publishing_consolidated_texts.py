"""Published texts in a real browser: a visitor finds WSIS+10/4/26/Pre-agreed without logging in;
the secretariat publishes the whole Vision and watches its PDF go from queued to ready without
reloading the page, while a worker renders it."""

import pytest
from playwright.sync_api import expect

from drafts.models import Publication
from drafts.tasks import render_pdf
from meetings.demo.loader import load_demo
from meetings.demo.wsis10 import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def renders_wait_for_a_worker():
    """From here on, publishing queues the PDF on the broker instead of rendering in-process;
    the test then plays the worker. Messages left behind are purged."""
    from wsisplatform.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    try:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
    except Exception:  # noqa: BLE001, S110 - nothing queued, or an in-memory broker already gone
        pass


def log_in(page, url, username):
    page.goto(url)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_visitor_reads_and_downloads_the_pre_agreed_chapter_b(live_server, page, docs_dir):
    load_demo()

    page.goto(f"{live_server.url}/p/wsis10/publications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Published texts")
    row = page.get_by_role("row", name="WSIS+10/4/26/Pre-agreed")
    expect(row).to_contain_text("Status as of 17 April 2014, COB")
    expect(row).to_contain_text("Pre-agreed (besides Paras 2, 21, 27-30)")
    expect(page.get_by_role("row")).to_have_count(6)
    page.screenshot(path=docs_dir / "publications.png", full_page=True)

    row.get_by_role("link", name="WSIS+10/4/26/Pre-agreed").click()
    expect(page).to_have_url(f"{live_server.url}/p/wsis10/publications/WSIS+10/4/26/Pre-agreed/")
    expect(page.locator(".publication-symbol")).to_have_text("WSIS+10/4/26/Pre-agreed")
    expect(page.locator("#para-21 .alt-label")).to_have_text(["ALT 1", "ALT 2"])
    download = page.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible()
    page.screenshot(path=docs_dir / "publication.png")

    pdf = page.request.get(live_server.url + download.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_the_secretariat_publishes_and_the_pdf_state_updates_without_a_reload(
    live_server, page, renders_wait_for_a_worker
):
    load_demo()
    log_in(page, f"{live_server.url}/p/wsis10/publications/", "secretariat")
    page.get_by_role("link", name="Publish the Vision…").click()

    page.get_by_label("What to publish").select_option(label="The whole document")
    page.get_by_label("Stage").select_option(label="Pre-agreed")
    expect(page.get_by_label("Meeting number")).to_have_value("4")
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "Published WSIS+10/4/27/Pre-agreed. Its PDF is being rendered."
    )
    state = page.locator("#rendering-state")
    expect(state).to_contain_text("PDF queued")
    page.evaluate("window.stillTheSamePage = true")

    # The worker picks the task up; the page, polling, shows the download when it is ready.
    render_pdf.apply(args=[Publication.objects.get(symbol="WSIS+10/4/27/Pre-agreed").rendering_id])

    expect(state.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator(".status-as-of")).to_contain_text("Status as of")
