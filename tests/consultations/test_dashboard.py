"""The delegate's dashboard: what happened to my stakeholders' proposals and why, what I am
asked to redraft and by when, which comment periods are open or next, what I was told, and the
paragraphs I follow. And the box on the paragraph page that lists its redraft assignments.

Assignments and comment periods are plain records here (made like factories): this file is
about reading them, their own services are tested beside them.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from consultations import services
from consultations.models import (
    AssignmentState,
    CommentPeriod,
    Notification,
    NotificationKind,
    ProposalKind,
    RedraftAssignment,
)
from consultations.services import notifications
from drafts.models import Paragraph
from processes.models import Role
from tests.consultations.conftest import PARA_21_ALT_1
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
# The middle of the consultation of March 2014: the period is open until 21 March, 18:00 (COB).
MID_MARCH = datetime(2014, 3, 14, 12, 0, tzinfo=GENEVA)
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def in_march_2014(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(MID_MARCH, tick=True):
        yield


@pytest.fixture
def egypt(process):
    return MemberFactory(
        process=process, role=Role.DELEGATE, stakeholder=StakeholderFactory(name="Egypt")
    ).user


def dashboard_url(process_slug="wsis10"):
    return reverse("dashboard:dashboard", args=[process_slug])


def paragraph_url(paragraph):
    document = paragraph.chapter.document
    return reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )


def current_sequence(paragraph):
    return Paragraph.objects.get(pk=paragraph.pk).current_version.sequence


def propose(paragraph, author, text, **kwargs):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=author,
        kind=ProposalKind.AMEND,
        base_version=current_sequence(paragraph),
        alternative_position=1,
        text=text,
        **kwargs,
    )


def amended(n):
    return PARA_21_ALT_1.replace("Recognizing", f"Recognizing {n}")


def assign(document, paragraphs, *, by, due, instruction, stakeholder=None, focal_point=None):
    assignment = RedraftAssignment.objects.create(
        document=document,
        stakeholder=stakeholder,
        focal_point=focal_point,
        instruction=instruction,
        due_at=due,
        assigned_by=by,
        assigned_by_role=Role.CHAIR,
    )
    assignment.paragraphs.set(paragraphs)
    return assignment


def period(document, *, opens, closes, by, title="", chapters=()):
    made = CommentPeriod.objects.create(
        document=document, opens_at=opens, closes_at=closes, created_by=by, title=title
    )
    made.chapters.set(chapters)
    return made


def page(client, user, url=None):
    client.force_login(user)
    response = client.get(url or dashboard_url())
    assert response.status_code == 200
    return response.content.decode()


def section(html, section_id):
    """The HTML of one <section id=...> of the page."""
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# --- My stakeholders' proposals -----------------------------------------------------------------


def test_the_delegate_sees_each_proposal_of_saudi_arabia_with_its_state_and_the_chairs_reason(
    client, chapter_b, delegate, egypt, chair
):
    para_21 = chapter_b[21]
    waiting = propose(para_21, delegate, amended(1))
    rejected = propose(para_21, delegate, amended(2))
    services.reject_proposal(
        proposal=rejected, actor=chair, reason="The openness of the Internet is enough here."
    )
    accepted = propose(
        para_21, delegate, PARA_21_ALT_1.replace("the openness of", "the security of")
    )
    clashing = propose(para_21, delegate, PARA_21_ALT_1.replace("the openness of", "the trust of"))
    services.accept_proposal(proposal=accepted, actor=chair, expected_version=1, reason="Agreed.")
    egypts = propose(para_21, egypt, PARA_21_ALT_1.replace("Internet", "network"))

    html = section(page(client, delegate), "proposals")

    assert "Proposals of Saudi Arabia" in html
    rows = re.findall(r'<tr class="proposal-row state-(\w+)" id="my-proposal-(\d+)"', html)
    # What asks something of the delegate first, then what waits for the Chair, then decided.
    assert rows == [
        ("needs_redraft", str(clashing.pk)),
        ("submitted", str(waiting.pk)),
        ("accepted", str(accepted.pk)),
        ("rejected", str(rejected.pk)),
    ]
    assert f"my-proposal-{egypts.pk}" not in html
    text = text_of(html)
    assert "The openness of the Internet is enough here." in text
    assert f"{chair.get_full_name()} (Chair)" in text
    assert "Agreed." in text
    assert "It changes words that have been changed since it was made. Redraft it" in text
    assert "Waiting for the Chair." in text
    assert f'{paragraph_url(para_21)}#proposal-{rejected.pk}"' in html


def test_a_delegate_acting_for_two_stakeholders_sees_the_proposals_of_both(
    client, process, para_21, delegate, egypt
):
    also_egypt = MemberFactory(
        process=process,
        role=Role.FOCAL_POINT,
        stakeholder=StakeholderFactory(name="Egypt"),
        user=delegate,
    )
    assert also_egypt.user == delegate
    saudi = propose(
        para_21, delegate, amended(1), on_behalf_of=StakeholderFactory(name="Saudi Arabia")
    )
    egypts_by_a_colleague = propose(para_21, egypt, amended(2))

    html = page(client, delegate)

    assert "You act for <strong>Egypt</strong> and <strong>Saudi Arabia</strong>" in html
    assert "as focal point and delegate." in html
    proposals = section(html, "proposals")
    assert f"my-proposal-{saudi.pk}" in proposals
    assert f"my-proposal-{egypts_by_a_colleague.pk}" in proposals
    assert egypt.get_full_name() in proposals  # whose proposal it was


# --- My assignments -----------------------------------------------------------------------------


def test_the_delegate_sees_the_redrafts_asked_of_saudi_arabia_and_of_them_as_focal_point(
    client, process, chapter_b, delegate, chair
):
    vision = chapter_b[21].chapter.document
    saudi = delegate.memberships.get().stakeholder
    as_focal_point = MemberFactory(
        process=process, user=delegate, role=Role.FOCAL_POINT, stakeholder=saudi
    )
    paras_27_30 = [chapter_b[n] for n in (24, 25, 26, 27)]
    for_saudi = assign(
        vision,
        paras_27_30,
        by=chair,
        stakeholder=saudi,
        due=datetime(2014, 5, 12, 18, 0, tzinfo=GENEVA),
        instruction="Redraft before the fifth meeting.",
    )
    in_person = assign(
        vision,
        [chapter_b[21]],
        by=chair,
        focal_point=as_focal_point,
        due=datetime(2014, 3, 20, 18, 0, tzinfo=GENEVA),
        instruction="Merge ALT 1 and ALT 2.",
    )
    assign(
        vision,
        [chapter_b[2]],
        by=chair,
        stakeholder=StakeholderFactory(name="Switzerland"),
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction="Not Saudi Arabia's.",
    )
    cancelled = assign(
        vision,
        [chapter_b[3]],
        by=chair,
        stakeholder=saudi,
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction="Cancelled by the Chair.",
    )
    cancelled.state = AssignmentState.CANCELLED
    cancelled.save()

    text = text_of(section(page(client, delegate), "assignments"))

    assert "Redraft assignments 2" in text
    # The nearest due first, its time in Geneva (the database holds UTC).
    assert text.index("Merge ALT 1 and ALT 2.") < text.index("Redraft before the fifth meeting.")
    assert "vision, Chapter B, Para 21 (" in text
    assert "Due 20 March 2014, 18:00 · in 6" in text
    assert "vision, Chapter B, Paras 24-27 (Saudi Arabia) Due 12 May 2014, 18:00" in text
    assert "Not Saudi Arabia's." not in text
    assert "Cancelled by the Chair." not in text
    assert for_saudi.pk and in_person.pk


def test_an_assignment_past_its_due_date_is_marked_overdue(client, chapter_b, delegate, chair):
    assign(
        chapter_b[21].chapter.document,
        [chapter_b[21]],
        by=chair,
        stakeholder=delegate.memberships.get().stakeholder,
        due=datetime(2014, 3, 10, 18, 0, tzinfo=GENEVA),
        instruction="Merge ALT 1 and ALT 2.",
    )

    text = text_of(section(page(client, delegate), "assignments"))

    assert "Due 10 March 2014, 18:00 · overdue" in text


# --- Comment periods ----------------------------------------------------------------------------


def test_the_dashboard_shows_the_open_and_the_next_period_closing_in_geneva_time(
    client, chapter_b, delegate, secretariat, make_document
):
    vision = chapter_b[21].chapter.document
    period(
        vision,
        opens=datetime(2014, 2, 1, 9, 0, tzinfo=GENEVA),
        closes=datetime(2014, 2, 14, 18, 0, tzinfo=GENEVA),
        by=secretariat,
        title="February comments (closed)",
    )
    period(
        vision,
        opens=datetime(2014, 3, 7, 9, 0, tzinfo=GENEVA),
        closes=datetime(2014, 3, 21, 18, 0, tzinfo=GENEVA),
        by=secretariat,
        title="Comments on the first draft",
        chapters=[chapter_b[21].chapter],
    )
    period(
        vision,
        opens=datetime(2014, 5, 1, 9, 0, tzinfo=GENEVA),
        closes=datetime(2014, 5, 15, 18, 0, tzinfo=GENEVA),
        by=secretariat,
        title="Second round",
    )
    period(
        vision,
        opens=datetime(2014, 6, 1, 9, 0, tzinfo=GENEVA),
        closes=datetime(2014, 6, 15, 18, 0, tzinfo=GENEVA),
        by=secretariat,
        title="Third round (not yet next)",
    )

    text = text_of(section(page(client, delegate), "periods"))

    assert "closed" not in text
    assert "Third round" not in text
    assert (
        "vision, Chapter B: Comments on the first draft Open closes 21 March 2014, 18:00 In 1 week"
        in text
    )
    assert "vision: Second round Next opens 1 May 2014, 09:00, closes 15 May 2014, 18:00" in text


def test_without_any_period_the_dashboard_says_so(client, para_21, delegate):
    assert "No comment period is open or announced." in page(client, delegate)


# --- Notifications ------------------------------------------------------------------------------


def tell(user, message, paragraph, read=False):
    return Notification.objects.create(
        recipient=user,
        kind=NotificationKind.STATUS_CHANGED,
        message=message,
        link=paragraph_url(paragraph),
        paragraph=paragraph,
        read_at=MID_MARCH if read else None,
    )


def test_notifications_are_listed_newest_first_with_the_unread_marked(
    client, para_21, delegate, chair
):
    older = propose(para_21, delegate, amended(1))
    services.reject_proposal(proposal=older, actor=chair, reason="Not now.")
    tell(delegate, "Something read long ago.", para_21, read=True)
    newer = propose(para_21, delegate, amended(2))
    services.reject_proposal(proposal=newer, actor=chair, reason="Still not.")

    html = page(client, delegate)

    notices = section(html, "notifications")
    items = re.findall(r'<li class="notification kind-(\w+)( unread)?">', notices)
    assert items == [
        ("proposal_decided", " unread"),
        ("status_changed", ""),
        ("proposal_decided", " unread"),
    ]
    text = text_of(notices)
    assert "Notifications 2 unread" in text
    assert text.index(f"proposal {newer.pk}") < text.index(f"proposal {older.pk}")
    assert "Reason: Still not." in text
    # The masthead counts them too.
    assert re.search(r'id="dashboard-link"[^>]*>Dashboard <span class="unread-badge">2<', html)


def test_mark_all_read_marks_them_read_and_the_count_goes(client, para_21, delegate, egypt):
    tell(delegate, "One.", para_21)
    tell(delegate, "Two.", para_21)
    elsewhere = tell(egypt, "Someone else's.", para_21)
    client.force_login(delegate)

    response = client.post(
        reverse("dashboard:mark_notifications_read", args=["wsis10"]), follow=True
    )

    html = response.content.decode()
    assert "2 notifications marked read." in html
    assert "unread" not in section(html, "notifications").replace("Unread:", "")
    assert 'class="unread-badge"' not in html
    assert Notification.objects.filter(recipient=delegate, read_at__isnull=True).count() == 0
    elsewhere.refresh_from_db()
    assert elsewhere.read_at is None


def test_with_htmx_mark_all_read_swaps_the_list_and_the_masthead_count(client, para_21, delegate):
    tell(delegate, "One.", para_21)
    client.force_login(delegate)

    response = client.post(
        reverse("dashboard:mark_notifications_read", args=["wsis10"]),
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card notifications-card" id="notifications"')
    assert "Mark all read" not in html
    assert 'id="dashboard-link"' in html and 'hx-swap-oob="true"' in html
    assert 'class="unread-badge"' not in html


def test_marking_read_asks_for_a_post(client, para_21, delegate):
    tell(delegate, "One.", para_21)
    client.force_login(delegate)

    response = client.get(reverse("dashboard:mark_notifications_read", args=["wsis10"]))

    assert response.status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_notifications_of_another_process_stay_on_its_dashboard(client, para_21, delegate):
    other = MemberFactory(role=Role.DELEGATE, user=delegate).process
    tell(delegate, "About WSIS+10.", para_21)

    html = page(client, delegate, dashboard_url(other.slug))

    assert "About WSIS+10." not in html
    assert "Nothing yet." in html


# --- Followed paragraphs ------------------------------------------------------------------------


def test_followed_paragraphs_are_listed_in_document_order_with_their_status(
    client, chapter_b, delegate
):
    for number in (21, 2):
        notifications.follow_paragraph(paragraph=chapter_b[number], actor=delegate)

    html = section(page(client, delegate), "followed")

    text = text_of(html)
    assert "Paragraphs you follow 2" in text
    assert text.index("vision, Para 2 ") < text.index("vision, Para 21 ")
    assert f'href="{paragraph_url(chapter_b[21])}"' in html
    assert 'name="follow" value="0"' in html


def test_unfollowing_from_the_dashboard_comes_back_to_it(client, para_21, delegate):
    notifications.follow_paragraph(paragraph=para_21, actor=delegate)
    client.force_login(delegate)
    follow_url = reverse("consultations:follow", args=["wsis10", "vision", para_21.uid])

    response = client.post(
        follow_url, {"follow": "0", "next": dashboard_url() + "#followed"}, follow=True
    )

    assert response.redirect_chain == [(dashboard_url() + "#followed", 302)]
    assert "You no longer follow Para 21." in response.content.decode()
    assert "Follow a paragraph from its page" in response.content.decode()


def test_a_follow_form_never_sends_anyone_to_another_site(client, para_21, delegate):
    client.force_login(delegate)
    follow_url = reverse("consultations:follow", args=["wsis10", "vision", para_21.uid])

    response = client.post(follow_url, {"follow": "1", "next": "https://evil.example/"})

    assert response.url == paragraph_url(para_21)


# --- Who sees a dashboard -----------------------------------------------------------------------


def test_a_visitor_is_asked_to_log_in(client, process):
    response = client.get(dashboard_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_closed_process_has_no_dashboard_for_outsiders(client, process):
    process.drafts_are_public = False
    process.save(update_fields=["drafts_are_public"])
    outsider = MemberFactory(role=Role.DELEGATE).user  # a delegate in another process
    client.force_login(outsider)

    assert client.get(dashboard_url()).status_code == 404


def test_an_observer_sees_notifications_periods_and_follows_but_no_proposals(
    client, para_21, observer
):
    html = page(client, observer)

    assert "You take part as observer; you make no proposals for a stakeholder here." in html
    assert 'id="proposals"' not in html
    assert 'id="assignments"' not in html
    for part in ("notifications", "periods", "followed"):
        assert f'id="{part}"' in html


def test_a_signed_in_reader_of_a_public_process_who_is_not_a_member_gets_a_dashboard(
    client, para_21
):
    reader = MemberFactory(role=Role.DELEGATE).user  # a delegate in another process

    html = page(client, reader)

    assert "You follow this process; you are not one of its members." in html
    assert 'id="proposals"' not in html


def test_the_masthead_links_to_the_dashboard_on_process_pages(client, para_21, delegate):
    html = page(client, delegate, paragraph_url(para_21))

    assert f'id="dashboard-link" href="{dashboard_url()}"' in html
    client.logout()
    assert 'id="dashboard-link"' not in client.get(paragraph_url(para_21)).content.decode()


# --- Escaping -----------------------------------------------------------------------------------


def test_everything_others_wrote_is_escaped(
    client, process, chapter_b, delegate, chair, secretariat
):
    para_21 = chapter_b[21]
    proposal = propose(para_21, delegate, amended(1))
    services.reject_proposal(proposal=proposal, actor=chair, reason=HOSTILE)
    vision = para_21.chapter.document
    assign(
        vision,
        [para_21],
        by=chair,
        stakeholder=delegate.memberships.get().stakeholder,
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction=HOSTILE,
    )
    period(
        vision,
        opens=datetime(2014, 3, 7, 9, 0, tzinfo=GENEVA),
        closes=datetime(2014, 3, 21, 18, 0, tzinfo=GENEVA),
        by=secretariat,
        title=HOSTILE,
    )
    Notification.objects.create(
        recipient=delegate,
        kind=NotificationKind.STATUS_CHANGED,
        message=HOSTILE,
        link="javascript:alert(1)",
        paragraph=para_21,
    )

    html = page(client, delegate)

    assert "<script>" not in html
    assert "javascript:" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 5


# --- Queries ------------------------------------------------------------------------------------


def build_a_busy_delegate(chapter_b, delegate, chair, secretariat, count):
    """`count` proposals of each sort, assignments, notifications and followed paragraphs."""
    vision = chapter_b[21].chapter.document
    saudi = delegate.memberships.get().stakeholder
    for n in range(count):
        paragraph = chapter_b[(n % 26) + 1]
        proposal = services.submit_proposal(
            paragraph=paragraph,
            actor=delegate,
            kind=ProposalKind.COMMENT,
            base_version=current_sequence(paragraph),
            rationale=f"Comment {n}.",
        )
        notifications.follow_paragraph(paragraph=paragraph, actor=delegate)
        decided = propose(chapter_b[21], delegate, amended(n))
        services.reject_proposal(proposal=decided, actor=chair, reason=f"Reason {n}.")
        assign(
            vision,
            [paragraph, chapter_b[21]],
            by=chair,
            stakeholder=saudi,
            due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
            instruction=f"Redraft {n}.",
        )
        tell(delegate, f"Notice {n}.", paragraph)
        assert proposal.pk
    for month in (3, 5):
        period(
            vision,
            opens=datetime(2014, month, 7, 9, 0, tzinfo=GENEVA),
            closes=datetime(2014, month, 21, 18, 0, tzinfo=GENEVA),
            by=secretariat,
            chapters=[chapter_b[21].chapter],
        )


# session, user, process, memberships (+ stakeholders), proposals (+ paragraph, chapter,
# document, stakeholder, author), their decisions (+ actor), assignments (+ document, assignee),
# their paragraphs (+ chapter), periods (+ document), their chapters, notifications, the unread
# count, followed paragraphs (+ paragraph, chapter, document)
DASHBOARD_QUERIES = 13


@pytest.mark.parametrize("count", [1, 20])
def test_the_dashboard_costs_the_same_queries_for_1_proposal_or_20(
    client, chapter_b, delegate, chair, secretariat, count, django_assert_max_num_queries
):
    build_a_busy_delegate(chapter_b, delegate, chair, secretariat, count)
    client.force_login(delegate)
    client.get(dashboard_url())  # warm caches (content types, sessions)

    with django_assert_max_num_queries(DASHBOARD_QUERIES) as queries:
        response = client.get(dashboard_url())

    assert len(queries.captured_queries) == DASHBOARD_QUERIES
    html = response.content.decode()
    assert html.count('class="proposal-row ') == 2 * count
    assert html.count('class="assignment-item') == count
    assert html.count('class="followed-item"') == min(count, 26)


# --- The paragraph page's box of assignments ----------------------------------------------------


def test_the_paragraph_page_lists_the_open_assignments_on_it(client, chapter_b, delegate, chair):
    para_21 = chapter_b[21]
    saudi = delegate.memberships.get().stakeholder
    assign(
        para_21.chapter.document,
        [chapter_b[21], chapter_b[2]],
        by=chair,
        stakeholder=saudi,
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction="Merge ALT 1 and ALT 2.",
    )
    cancelled = assign(
        para_21.chapter.document,
        [para_21],
        by=chair,
        stakeholder=saudi,
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction="Withdrawn.",
    )
    cancelled.state = AssignmentState.CANCELLED
    cancelled.save()
    assign(
        para_21.chapter.document,
        [chapter_b[2]],
        by=chair,
        stakeholder=saudi,
        due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
        instruction="On another paragraph.",
    )

    client.logout()  # visitors see them too: the Chair's outcomes are public
    text = text_of(section(client.get(paragraph_url(para_21)).content.decode(), "assignments"))

    assert text == (
        "Redraft assignments 1 Saudi Arabia · Chapter B, Paras 2, 21 "
        "Due 1 April 2014, 18:00 (Europe/Zurich) Merge ALT 1 and ALT 2."
    )


@pytest.mark.parametrize("count", [1, 5])
def test_the_paragraph_page_costs_the_same_queries_for_1_assignment_or_5(
    client, chapter_b, delegate, chair, count, django_assert_max_num_queries
):
    from tests.consultations.test_paragraph_page import PARAGRAPH_PAGE_QUERIES

    para_21 = chapter_b[21]
    for n in range(count):
        assign(
            para_21.chapter.document,
            [para_21, chapter_b[n + 1]],
            by=chair,
            stakeholder=delegate.memberships.get().stakeholder,
            due=datetime(2014, 4, 1, 18, 0, tzinfo=GENEVA),
            instruction=f"Redraft {n}.",
        )
    propose(para_21, delegate, amended(1))
    notifications.follow_paragraph(paragraph=para_21, actor=chair)
    client.force_login(chair)  # who sees the most: the decision forms
    client.get(paragraph_url(para_21))

    with django_assert_max_num_queries(PARAGRAPH_PAGE_QUERIES) as queries:
        response = client.get(paragraph_url(para_21))

    assert len(queries.captured_queries) == PARAGRAPH_PAGE_QUERIES
    html = response.content.decode()
    assert html.count('class="assignment-item') == count
    assert "Unfollow Para 21</button>" in html
