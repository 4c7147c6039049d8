"""A delegate logs in, opens the Vision and finds Para 21 with both alternatives."""

import re

import pytest
from playwright.sync_api import expect

from meetings.demo.loader import load_demo
from meetings.demo.wsis10 import DEMO_PASSWORD, PARA_21_ALT_1, PARA_21_ALT_2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_delegate_reads_para_21_with_both_alternatives(live_server, page, docs_dir):
    load_demo()

    page.goto(f"{live_server.url}/accounts/login/?next=/p/wsis10/")
    page.get_by_label("Username").fill("delegate")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "WSIS+10 Multistakeholder Preparatory Platform"
    )
    expect(page.get_by_text("Your role: Delegate")).to_be_visible()
    page.screenshot(path=docs_dir / "process-home.png")

    page.get_by_role("link", name="WSIS+10 Vision for WSIS Beyond 2015").click()

    expect(page).to_have_url(re.compile(r"/p/wsis10/vision/$"))
    chapter_b = page.locator("section.chapter", has_text="Priority areas to be addressed")
    expect(chapter_b.locator(".chapter-status")).to_have_text(
        "Pre-agreed (besides Paras 2, 21, 27-30)"
    )
    para_21 = chapter_b.locator('.paragraph[data-number="21"]')
    expect(para_21.locator(".alt-label")).to_have_text(["ALT 1", "ALT 2"])
    expect(para_21.locator(".para-text").nth(0)).to_have_text(PARA_21_ALT_1)
    expect(para_21.locator(".para-text").nth(1)).to_have_text(PARA_21_ALT_2)
    expect(para_21.locator(".badge")).to_have_text("Open")

    para_27 = chapter_b.locator('.paragraph[data-number="27"]')
    expect(para_27.locator(".bracketed")).to_contain_text("this includes recognizing the need")
    expect(para_27.locator(".attribution")).to_have_text("[led by Saudi]")

    chapter_b.locator('.paragraph[data-number="20"]').evaluate("el => el.scrollIntoView()")
    page.screenshot(path=docs_dir / "document-page.png")
