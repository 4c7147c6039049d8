"""Delegates comment on a document as a whole, for the stakeholder they act for, while a period
taking comments is open; what they sent stays visible after the close."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from consultations.models import DocumentComment
from consultations.services import periods
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Role
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> and <img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def vision(make_document):
    return make_document(chapters=(("A", 2), ("B", 2)))


@pytest.fixture
def march(vision, secretariat):
    """7-21 March 2014, closing at 18:00 Geneva time."""
    with at(utc(2014, 3, 1)):
        return periods.open_period(
            document=vision,
            actor=secretariat,
            opens_at=datetime(2014, 3, 7, 0, 0),  # noqa: DTZ001 (wall-clock time in Geneva)
            closes_on=date(2014, 3, 21),
            title="Comments received from WSIS stakeholders, 7-21 March 2014",
        )


@pytest.fixture
def two_hats(process):
    """A focal point who acts for two stakeholders."""
    member = MemberFactory(
        process=process, role=Role.FOCAL_POINT, stakeholder=StakeholderFactory(name="HEP")
    )
    MemberFactory(
        process=process,
        user=member.user,
        role=Role.DELEGATE,
        stakeholder=StakeholderFactory(name="The Internet Democracy Project"),
    )
    return member.user


def comments_url(document):
    return reverse("consultations:document_comments", args=[document.process.slug, document.slug])


# --- The service --------------------------------------------------------------------------------


def test_a_delegate_comments_for_their_stakeholder_during_the_period(vision, march, delegate):
    with at(utc(2014, 3, 10)):
        comment = periods.submit_document_comment(
            document=vision, actor=delegate, text="  Security deserves a chapter of its own.  "
        )

    assert comment.stakeholder.name == "Saudi Arabia"
    assert comment.period == march
    assert comment.text == "Security deserves a chapter of its own."
    assert comment.author == delegate


def test_a_document_without_periods_takes_comments_at_any_time(vision, delegate):
    comment = periods.submit_document_comment(document=vision, actor=delegate, text="Fine.")

    assert comment.period is None


def test_a_member_acting_for_several_stakeholders_chooses(vision, two_hats):
    with pytest.raises(InvalidInput) as refused:
        periods.submit_document_comment(document=vision, actor=two_hats, text="Ours.")
    hep = two_hats.memberships.get(role=Role.FOCAL_POINT).stakeholder

    comment = periods.submit_document_comment(
        document=vision, actor=two_hats, text="Ours.", on_behalf_of=hep
    )

    assert refused.value.message == (
        "You act for HEP, The Internet Democracy Project: say on whose behalf you comment."
    )
    assert comment.stakeholder == hep
    assert DocumentComment.objects.count() == 1


def test_commenting_for_a_stakeholder_one_does_not_represent_is_refused(vision, delegate):
    egypt = StakeholderFactory(name="Egypt")

    with pytest.raises(ActionNotAllowed, match="You do not act for Egypt in this process."):
        periods.submit_document_comment(
            document=vision, actor=delegate, text="For Egypt.", on_behalf_of=egypt
        )

    assert not DocumentComment.objects.exists()


def test_observers_the_chair_and_the_secretariat_do_not_comment(
    vision, observer, chair, secretariat
):
    for someone in (observer, chair, secretariat):
        with pytest.raises(ActionNotAllowed, match="Only delegates and focal points comment"):
            periods.submit_document_comment(document=vision, actor=someone, text="Hm.")

    assert not DocumentComment.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write your comment."),
        ("x" * 5_001, "The comment has 5,001 characters; the limit is 5,000."),
    ],
    ids=["empty", "too long"],
)
def test_an_empty_or_overlong_comment_is_refused(vision, delegate, text, message):
    with pytest.raises(InvalidInput) as refused:
        periods.submit_document_comment(document=vision, actor=delegate, text=text)

    assert refused.value.message == message
    assert not DocumentComment.objects.exists()


def test_a_comment_one_second_after_the_deadline_is_refused(vision, march, delegate):
    with at(utc(2014, 3, 21, 16, 59, 59)):
        periods.submit_document_comment(document=vision, actor=delegate, text="Just in time.")
    with at(utc(2014, 3, 21, 17, 0, 1)), pytest.raises(RuleViolation) as refused:
        periods.submit_document_comment(document=vision, actor=delegate, text="Too late.")

    assert refused.value.code == "period_closed"
    assert refused.value.message == (
        "The comment period closed on 21 March 2014 at 18:00 Geneva time."
    )
    assert list(DocumentComment.objects.values_list("text", flat=True)) == ["Just in time."]


def test_a_period_for_proposals_only_takes_no_general_comments(vision, secretariat, delegate):
    periods.open_period(
        document=vision,
        actor=secretariat,
        opens_at=utc(2014, 3, 7),
        closes_on=date(2014, 3, 21),
        takes_comments=False,
    )

    with at(utc(2014, 3, 10)), pytest.raises(RuleViolation, match="takes proposals only"):
        periods.submit_document_comment(document=vision, actor=delegate, text="Hm.")

    assert not DocumentComment.objects.exists()


def test_a_period_on_some_chapters_takes_general_comments_on_the_document(
    vision, secretariat, delegate
):
    period = periods.open_period(
        document=vision,
        actor=secretariat,
        opens_at=utc(2014, 3, 7),
        closes_on=date(2014, 3, 21),
        chapters=[vision.chapters.get(letter="B")],
    )

    with at(utc(2014, 3, 10)):
        comment = periods.submit_document_comment(document=vision, actor=delegate, text="B!")

    assert comment.period == period


# --- The page -----------------------------------------------------------------------------------


def test_a_delegate_comments_on_the_page(client, vision, march, delegate):
    client.force_login(delegate)

    with at(utc(2014, 3, 10)):
        page = client.get(comments_url(vision)).content.decode()
        response = client.post(comments_url(vision), {"text": "Security deserves a chapter."})
        after = client.get(response["Location"]).content.decode()

    assert 'name="text"' in page and "csrfmiddlewaretoken" in page
    assert "Comments close on 21 March 2014, 18:00 Geneva time." in page
    assert response.status_code == 302
    assert "Your comment on vision is received." in after
    assert "Security deserves a chapter." in after and "Saudi Arabia" in after
    assert DocumentComment.objects.get().period == march


def test_after_the_close_the_form_gives_way_and_the_comments_stay(client, vision, march, delegate):
    with at(utc(2014, 3, 10)):
        periods.submit_document_comment(document=vision, actor=delegate, text="Sent in time.")
    client.force_login(delegate)

    with at(utc(2014, 3, 21, 17, 0, 1)):
        page = client.get(comments_url(vision)).content.decode()
        refused = client.post(comments_url(vision), {"text": "Sent too late."})

    assert "Sent in time." in page
    assert "Comments closed on 21 March 2014 at 18:00 Geneva time." in page
    assert 'name="text"' not in page
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "The comment period closed on 21 March 2014 at 18:00 Geneva time." in html
    assert "Sent too late." in html  # kept, to copy
    assert list(DocumentComment.objects.values_list("text", flat=True)) == ["Sent in time."]


def test_a_member_with_two_stakeholders_chooses_on_the_page(client, vision, two_hats):
    client.force_login(two_hats)
    egypt = StakeholderFactory(name="Egypt")
    hep = two_hats.memberships.get(role=Role.FOCAL_POINT).stakeholder

    page = client.get(comments_url(vision)).content.decode()
    unchosen = client.post(comments_url(vision), {"text": "Ours."})
    foreign = client.post(comments_url(vision), {"text": "Ours.", "on_behalf_of": egypt.pk})
    chosen = client.post(comments_url(vision), {"text": "Ours.", "on_behalf_of": hep.pk})

    assert "HEP" in page and "The Internet Democracy Project" in page and "Egypt" not in page
    assert unchosen.status_code == 400
    assert "say on whose behalf you comment" in unchosen.content.decode()
    assert foreign.status_code == 403
    assert "You do not act for Egypt in this process." in foreign.content.decode()
    assert chosen.status_code == 302
    assert DocumentComment.objects.get().stakeholder == hep


def test_observers_see_the_comments_but_no_form_and_may_not_post(
    client, vision, observer, delegate
):
    periods.submit_document_comment(document=vision, actor=delegate, text="Visible.")
    client.force_login(observer)

    page = client.get(comments_url(vision)).content.decode()
    refused = client.post(comments_url(vision), {"text": "Mine."})

    assert "Visible." in page and 'name="text"' not in page
    assert refused.status_code == 403
    assert "Only delegates and focal points comment" in refused.content.decode()
    assert DocumentComment.objects.count() == 1


def test_html_in_a_comment_is_shown_as_text(client, vision, delegate):
    periods.submit_document_comment(document=vision, actor=delegate, text=HOSTILE)

    html = client.get(comments_url(vision)).content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_an_empty_comment_is_refused_on_the_page(client, vision, delegate):
    client.force_login(delegate)

    response = client.post(comments_url(vision), {"text": "  "})

    assert response.status_code == 400
    assert "Write your comment." in response.content.decode()
    assert not DocumentComment.objects.exists()


def test_anonymous_visitors_read_comments_and_are_sent_to_log_in_to_post(client, vision):
    assert client.get(comments_url(vision)).status_code == 200
    response = client.post(comments_url(vision), {"text": "Anonymous."})

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not DocumentComment.objects.exists()


def test_the_comments_page_costs_the_same_for_one_comment_or_fifty(
    client, vision, march, delegate, django_assert_max_num_queries
):
    client.force_login(delegate)
    with at(utc(2014, 3, 10)):
        periods.submit_document_comment(document=vision, actor=delegate, text="First.")
        client.get(comments_url(vision))
        # process, document, session, user, stakeholders represented, the banner's periods and
        # chapters, the comments with their stakeholders, authors and periods
        with django_assert_max_num_queries(8) as one:
            client.get(comments_url(vision))
        for n in range(49):
            other = MemberFactory(
                process=vision.process, stakeholder=StakeholderFactory(name=f"Country {n}")
            ).user
            periods.submit_document_comment(document=vision, actor=other, text=f"Comment {n}.")

        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(comments_url(vision))

    assert response.content.decode().count('class="document-comment"') == 50
