"""The delegate's dashboard, in a real browser.

The demo delegate (Saudi Arabia) follows Para 21 and proposes an amendment to ALT 1; the Chair
rejects it, saying why; back on Para 21 the delegate's masthead counts one unread notification,
and the dashboard lists the proposal as rejected with the Chair's reason, and the notification.
Marking it read clears the count without a reload.
"""

import re

import pytest
from playwright.sync_api import expect

from meetings.demo.loader import load_demo
from meetings.demo.wsis10 import DEMO_PASSWORD, PARA_21_ALT_1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")
REASON = "Security is addressed in Chapter C; keep Para 21 on open standards."


def log_in(page, url, username):
    page.goto(url)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(url)


def test_the_delegate_finds_the_rejection_and_its_reason_on_the_dashboard(
    live_server, page, docs_dir
):
    load_demo()
    vision = f"{live_server.url}/p/wsis10/vision/"
    page.goto(vision)
    page.locator(
        'section.chapter:has-text("Priority areas to be addressed") '
        '.paragraph[data-number="21"] .para-number a'
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Para 21")
    para_21 = page.url

    # The delegate follows Para 21 (htmx swaps the box) and proposes an amendment.
    log_in(page, para_21, "delegate")
    follow_box = page.locator("#follow")
    follow_box.get_by_role("button", name="Follow Para 21").click()
    expect(follow_box.get_by_role("status")).to_contain_text("You follow Para 21")
    expect(follow_box.get_by_role("button", name="Unfollow Para 21")).to_be_visible()

    page.get_by_label("Proposed text").fill(AMENDED_ALT_1)
    page.get_by_label("Rationale or comment").fill("Security belongs beside openness.")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("status")).to_contain_text("is submitted to the Chair")
    page.get_by_role("button", name="Log out").click()

    # The Chair rejects it, saying why.
    log_in(page, para_21, "chair")
    proposal = page.locator("#pending article.proposal")
    proposal.get_by_label(re.compile("^Reason")).fill(REASON)
    proposal.get_by_role("button", name=re.compile(r"^Reject proposal \d+$")).click()
    expect(page.get_by_role("status")).to_contain_text("rejected; its author sees your reason")
    page.get_by_role("button", name="Log out").click()

    # The delegate's masthead counts one unread notification; the dashboard says what happened.
    log_in(page, para_21, "delegate")
    dashboard_link = page.locator("#dashboard-link")
    expect(dashboard_link).to_have_text(re.compile(r"^Dashboard\s*1\s*unread$"))
    dashboard_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.locator(".dashboard-head .lead")).to_contain_text(
        "You act for Saudi Arabia as delegate."
    )

    row = page.locator("#proposals tr.proposal-row")
    expect(row).to_have_count(1)
    expect(row.locator(".badge")).to_have_text("Rejected")
    expect(row).to_contain_text("Vision, Para 21")
    expect(row.locator(".decision-cell")).to_contain_text(REASON)
    expect(row.locator(".decision-cell")).to_contain_text("Vladimir Minkin (Chair)")

    notice = page.locator("#notifications li.notification")
    expect(notice).to_have_count(1)
    expect(notice).to_have_class(re.compile(r"\bunread\b"))
    expect(notice).to_contain_text("was rejected by Vladimir Minkin (Chair). Reason: " + REASON)
    expect(page.locator("#notifications .unread-count")).to_have_text("1 unread")
    expect(page.locator("#followed")).to_contain_text("Vision, Para 21")
    page.screenshot(path=docs_dir / "dashboard.png", full_page=True)

    # Mark all read: the list and the masthead follow without a reload.
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#notifications li.notification.unread")).to_have_count(0)
    expect(page.locator("#dashboard-link")).to_have_text("Dashboard")
    expect(page.locator("#notifications li.notification")).to_have_count(1)

    # The notification links to the proposal on Para 21.
    page.locator("#notifications li.notification a").click()
    expect(page).to_have_url(re.compile(r"/p/wsis10/vision/para/[0-9a-f-]+/#proposal-\d+$"))
    expect(page.locator("#decided article.proposal .decision-reason")).to_contain_text(REASON)
