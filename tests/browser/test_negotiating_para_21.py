"""The heart of the platform, in a real browser: Para 21 from amendment to pre-agreement.

The demo delegate (Saudi Arabia) proposes an amendment to ALT 1 and sees it as a redline while
typing and on the page; the Chair accepts it, is refused when marking the paragraph pre-agreed
while two alternatives remain, retains ALT 1, marks it pre-agreed, and the Vision's Chapter B
status line no longer lists Para 21.
"""

import re

import pytest
from playwright.sync_api import expect

from meetings.demo.loader import load_demo
from meetings.demo.wsis10 import DEMO_PASSWORD, PARA_21_ALT_1, PARA_21_ALT_2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")


def log_in(page, url, username):
    page.goto(url)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def chapter_b(page):
    return page.locator("section.chapter", has_text="Priority areas to be addressed")


def test_para_21_goes_from_an_amendment_to_pre_agreement(live_server, page, docs_dir):
    load_demo()
    vision = f"{live_server.url}/p/wsis10/vision/"

    # The delegate opens Para 21 from the document page and amends ALT 1.
    log_in(page, vision, "delegate")
    expect(page).to_have_url(vision)
    expect(chapter_b(page).locator(".chapter-status")).to_have_text(
        "Pre-agreed (besides Paras 2, 21, 27-30)"
    )
    chapter_b(page).locator('.paragraph[data-number="21"] .para-number a').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Para 21")
    paragraph_page = page.url

    text = page.get_by_label("Proposed text")
    expect(text).to_have_value(PARA_21_ALT_1)
    text.fill(AMENDED_ALT_1)
    preview = page.locator("#preview")
    expect(preview.locator(".redline ins")).to_have_text("and security")
    expect(preview.locator(".redline del")).to_have_count(0)
    expect(preview).to_contain_text("Your amendment to ALT 1")
    page.get_by_label("Rationale or comment").fill("Security belongs beside openness.")
    page.get_by_role("button", name="Submit proposal").click()

    expect(page.get_by_role("status")).to_contain_text("is submitted to the Chair")
    proposal = page.locator("#pending article.proposal")
    expect(proposal).to_have_count(1)
    expect(proposal.locator(".stakeholder")).to_have_text("Saudi Arabia")
    expect(proposal.locator(".redline ins")).to_have_text("and security")
    expect(proposal.get_by_role("button", name=re.compile(r"^Accept proposal \d+$"))).to_have_count(
        0
    )
    expect(proposal.get_by_role("button", name=re.compile("Withdraw"))).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The Chair sees the proposal with the decisions only the Chair may take.
    log_in(page, paragraph_page, "chair")
    expect(page).to_have_url(paragraph_page)
    proposal = page.locator("#pending article.proposal")
    expect(proposal.locator(".redline ins")).to_have_text("and security")
    expect(page.get_by_label("Proposed text")).to_have_count(0)
    page.screenshot(path=docs_dir / "paragraph-page.png", full_page=True)

    proposal.get_by_role("button", name=re.compile(r"^Accept proposal \d+$")).click()
    expect(page.get_by_role("status")).to_contain_text("accepted. Para 21 is now at version 2.")
    expect(page.locator("#alt-1 .para-text")).to_have_text(AMENDED_ALT_1)
    expect(page.locator("#alt-2 .para-text")).to_have_text(PARA_21_ALT_2)
    expect(page.locator("#pending article.proposal")).to_have_count(0)
    expect(page.locator("#decided article.proposal .decision-line")).to_contain_text(
        "Accepted by Vladimir Minkin (Chair)"
    )

    # Two alternatives remain: the rule refuses pre-agreement, and says why.
    page.get_by_role("button", name="Mark pre-agreed").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Para 21 cannot be marked pre-agreed: it still has 2 alternatives: choose one."
    )
    expect(page.locator(".para-head .badge")).to_have_text("Open")

    page.get_by_role("button", name=re.compile("^Retain ALT 1")).click()
    expect(page.get_by_role("status")).to_contain_text("ALT 1 retained")
    expect(page.locator(".text-card .alt-label")).to_have_count(0)
    expect(page.locator(".text-card .para-text")).to_have_text(AMENDED_ALT_1)

    page.get_by_role("button", name="Mark pre-agreed").click()
    expect(page.get_by_role("status")).to_contain_text("Para 21 is pre-agreed.")
    expect(page.locator(".para-head .badge")).to_have_text("Pre-agreed")

    # The document page's status line for Chapter B follows.
    page.locator(".breadcrumbs").get_by_role("link", name="Vision").click()
    expect(page).to_have_url(vision)
    expect(chapter_b(page).locator(".chapter-status")).to_have_text(
        "Pre-agreed (besides Paras 2, 27-30)"
    )
    expect(chapter_b(page).locator('.paragraph[data-number="21"] .badge')).to_have_text(
        "Pre-agreed"
    )
