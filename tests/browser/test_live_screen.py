"""In the room and remote, everyone follows the same screen: the Chair works on Para 21 in one
window, and the screen in another window (the projector's, a remote participant's) shows each
change within a second, without a reload."""

from datetime import date

import pytest
from playwright.sync_api import expect

from drafts import services as drafts_services
from drafts.models import Paragraph
from meetings import services
from meetings.models import MeetingMode
from processes.models import Member, Role
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2

pytestmark = [pytest.mark.browser]

WITHIN_A_SECOND = 1_000  # ms: the promise to remote participants


@pytest.fixture
def fourth_meeting(process, secretariat, chair, vision):
    return services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=4,
        phase="Phase Five",
        title="Fourth Physical Meeting",
        starts_on=date(2014, 4, 14),
        ends_on=date(2014, 4, 17),
        venue="ITU Headquarters, Geneva",
        mode=MeetingMode.HYBRID,
        chair=Member.objects.get(user=chair, role=Role.CHAIR),
        agenda=[vision],
    )


def test_the_screen_follows_the_chair_without_a_reload(
    asgi_live_server, signed_in, page, fourth_meeting, vision, chair, docs_dir
):
    base = asgi_live_server.url
    meeting_url = f"{base}/p/{fourth_meeting.process.slug}/meetings/{fourth_meeting.number}"

    # A remote participant opens the screen (no login needed for a public process).
    page.goto(f"{meeting_url}/screen/")
    screen = page.locator("#screen")
    expect(page.locator("#screen-connection")).to_have_attribute("data-state", "live")
    expect(screen).to_contain_text("Nothing is on screen yet")
    loads = []
    page.on("load", lambda _: loads.append(page.url))

    # The Chair, on the meeting dashboard, puts the next open paragraph on screen.
    chair_page = signed_in(chair, base)
    chair_page.goto(f"{meeting_url}/dashboard/")
    chair_page.get_by_role("button", name="Next open paragraph on screen").click()
    expect(chair_page.get_by_role("status")).to_contain_text("Chapter A, Para 11 is on screen.")
    expect(screen.locator(".screen-label")).to_have_text(
        "Chapter A, Para 11", timeout=WITHIN_A_SECOND
    )

    # ...then Para 21, with its two alternatives.
    chair_page.get_by_label("Or put on screen").select_option(label="Chapter B, Para 21 (open)")
    chair_page.get_by_role("button", name="Show", exact=True).click()
    expect(chair_page.get_by_role("status")).to_contain_text("Chapter B, Para 21 is on screen.")
    expect(screen.locator(".screen-label")).to_have_text(
        "Chapter B, Para 21", timeout=WITHIN_A_SECOND
    )
    expect(screen.locator(".alt-label")).to_have_text(["ALT 1", "ALT 2"])

    # On Para 21's own page, the Chair retains ALT 1 and marks it pre-agreed: the screen shows
    # the new text, then the new status.
    chair_page.goto(f"{base}/p/{fourth_meeting.process.slug}/{vision.slug}/")
    chair_page.locator('.paragraph[data-number="21"] .para-number a').first.click()
    chair_page.get_by_role("button", name="Retain ALT 1").click()
    expect(chair_page.get_by_role("status")).to_contain_text("ALT 1 retained")
    expect(screen.locator(".alt-label")).to_have_count(0, timeout=WITHIN_A_SECOND)
    expect(screen.locator(".negotiated")).to_have_text(PARA_21_ALT_1)
    expect(screen.locator(".screen-last-change")).to_be_visible()

    chair_page.get_by_role("button", name="Mark pre-agreed").click()
    expect(chair_page.get_by_role("status")).to_contain_text("Para 21 is pre-agreed.")
    expect(screen.locator(".screen-status .badge")).to_have_text(
        "Pre-agreed", timeout=WITHIN_A_SECOND
    )
    page.screenshot(path=docs_dir / "live-screen.png", full_page=True)
    chair_page.goto(f"{meeting_url}/dashboard/")
    chair_page.screenshot(path=docs_dir / "meeting-dashboard.png", full_page=True)

    # Not once did the screen reload.
    assert loads == []


def test_without_event_streams_the_screen_falls_back_to_polling(
    asgi_live_server, page, fourth_meeting, vision, chair
):
    """A browser (or a proxy on the way) that cannot keep an event stream open still follows
    the screen: it polls the screen's state instead."""
    page.add_init_script("delete window.EventSource;")
    base = asgi_live_server.url
    page.goto(f"{base}/p/{fourth_meeting.process.slug}/meetings/{fourth_meeting.number}/screen/")
    expect(page.locator("#screen-connection")).to_have_attribute("data-state", "polling")

    para_21 = Paragraph.objects.get(chapter__document=vision, chapter__letter="B", number=21)
    services.put_on_screen(meeting=fourth_meeting, paragraph=para_21, actor=chair)
    expect(page.locator("#screen .screen-label")).to_have_text("Chapter B, Para 21")

    drafts_services.retain_alternative(
        paragraph=para_21, actor=chair, expected_version=1, position=2, reason="In the room"
    )
    expect(page.locator("#screen .alt-label")).to_have_count(0)
    expect(page.locator("#screen .negotiated")).to_have_text(PARA_21_ALT_2)
