"""A newcomer finds the fourth meeting of the demo: who took part, the Chair's main outcomes and
what is overdue, as the source's readers found them in the Chair's outcome document."""

import pytest
from playwright.sync_api import expect

from meetings.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_reads_the_fourth_meeting_and_its_outcomes(live_server, page, docs_dir):
    load_demo()
    page.goto(f"{live_server.url}/p/wsis10/")

    # The process home flags what the meeting asked for and has not happened.
    overdue = page.locator(".overdue-items")
    expect(overdue).to_contain_text("Informal Consultation on the Annex")
    expect(overdue).to_contain_text("Switzerland")
    page.screenshot(path=docs_dir / "process-home.png", full_page=True)

    page.locator(".process-bar").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Phase Five: Fourth Physical Meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fourth Physical Meeting")
    expect(page.locator("main")).to_contain_text(
        "142 participants from 70 countries/organizations, in the room and remote"
    )
    expect(page.locator("main")).to_contain_text("14-17 April 2014")
    page.screenshot(path=docs_dir / "meeting.png", full_page=True)

    page.get_by_role("link", name="Main outcomes").first.click()
    expect(page.locator("#point-9")).to_contain_text("pre-agreed texts for part A and B")
    expect(
        page.locator("#point-9").get_by_role("link", name="WSIS+10/4/26/Pre-agreed")
    ).to_be_visible()
    expect(page.locator("#point-12")).to_contain_text("Decision")
    expect(page.locator("#assignments")).to_contain_text("Saudi Arabia")
    expect(page.locator("#next-meeting")).to_contain_text("28-31 May 2014")
    expect(page.locator(".signature")).to_contain_text("Chairman")
    page.screenshot(path=docs_dir / "outcomes.png", full_page=True)

    # The Vision's Chapter B publication the point links to opens from there.
    page.locator("#point-9").get_by_role("link", name="WSIS+10/4/26/Pre-agreed").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priority areas")
