"""Notifications: the author hears what the Chair decided and why, followers hear of new proposals
and status changes, in the dashboard's list and by e-mail (text and HTML), only once the
transaction has committed, and never at the cost of the action that caused them.

Following a paragraph: a plain post (htmx swaps only the box), idempotent, for those who may
read the process.
"""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.urls import reverse

from consultations import services
from consultations.models import Notification, NotificationKind, ParagraphFollow, ProposalKind
from consultations.services import notifications
from drafts import services as drafts
from drafts.models import Paragraph
from processes.errors import ActionNotAllowed, StaleVersion
from processes.models import Role
from tests.consultations.conftest import PARA_21_ALT_1
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")
# Changes the same words as AMENDED_ALT_1: once that is accepted, this one cannot be re-applied.
CLASHING_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the stability of")
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


class RefusingMailServer(LocmemBackend):
    """Stands in for an SMTP server that refuses every message (an external system)."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"5.7.1 Message refused: relay denied")


class RefusingOneAddress(LocmemBackend):
    """An SMTP server that knows no such user as `refused`."""

    refused = ""

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def mail_accepted(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://drafts.example.org"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def egypt(process):
    return MemberFactory(
        process=process, role=Role.DELEGATE, stakeholder=StakeholderFactory(name="Egypt")
    ).user


@pytest.fixture
def watcher(process):
    """An observer who follows Para 21."""
    return MemberFactory(process=process, role=Role.OBSERVER, stakeholder=None).user


def current_sequence(paragraph):
    return Paragraph.objects.get(pk=paragraph.pk).current_version.sequence


def propose(paragraph, author, text=AMENDED_ALT_1, **kwargs):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=author,
        kind=kwargs.pop("kind", ProposalKind.AMEND),
        base_version=current_sequence(paragraph),
        alternative_position=kwargs.pop("alternative_position", 1),
        text=text,
        rationale=kwargs.pop("rationale", "Security belongs beside openness."),
        **kwargs,
    )


def notified(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# --- The author hears what the Chair decided ----------------------------------------------------


def test_the_delegate_hears_that_the_chair_rejected_their_proposal_and_why(
    para_21, delegate, chair, django_capture_on_commit_callbacks
):
    proposal = propose(para_21, delegate)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_proposal(
            proposal=proposal, actor=chair, reason="The openness of the Internet is enough here."
        )

    [notification] = notified(delegate)
    assert notification.kind == NotificationKind.PROPOSAL_DECIDED
    assert notification.proposal == proposal
    assert notification.paragraph == para_21
    assert notification.message == (
        f"Your proposal {proposal.pk} on vision, Para 21 was rejected by "
        f"{chair.get_full_name()} (Chair). Reason: The openness of the Internet is enough here."
    )
    assert notification.link == (
        reverse("consultations:paragraph", args=["wsis10", "vision", para_21.uid])
        + f"#proposal-{proposal.pk}"
    )
    assert notification.read_at is None
    assert notification.emailed_at is not None

    [message] = mails_to(delegate)
    assert (
        message.subject == f"[WSIS+10] Your proposal {proposal.pk} on vision, Para 21 was rejected"
    )
    assert "was rejected by" in message.body
    assert "The reason given:\nThe openness of the Internet is enough here." in message.body
    assert f"https://drafts.example.org{notification.link}" in message.body
    assert "https://drafts.example.org/p/wsis10/dashboard/" in message.body
    html = html_of(message)
    assert "The openness of the Internet is enough here." in html
    assert f'href="https://drafts.example.org{notification.link}"' in html
    # Nobody else hears of it: the Chair decided, and nobody follows Para 21.
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("decide", "outcome"),
    [
        (services.accept_proposal, "accepted"),
        (services.accept_as_alternative, "accepted as an alternative"),
        (services.accept_in_brackets, "accepted in brackets"),
    ],
)
def test_the_delegate_hears_that_their_proposal_was_accepted(
    para_21, delegate, chair, decide, outcome, django_capture_on_commit_callbacks
):
    proposal = propose(para_21, delegate)

    with django_capture_on_commit_callbacks(execute=True):
        decide(proposal=proposal, actor=chair, expected_version=1, reason="Good compromise.")

    [notification] = notified(delegate)
    assert notification.message.startswith(
        f"Your proposal {proposal.pk} on vision, Para 21 was {outcome} by"
    )
    assert notification.message.endswith("Reason: Good compromise.")
    [message] = mails_to(delegate)
    assert message.subject.endswith(f"was {outcome}")
    assert "The Chair's note:\nGood compromise." in message.body


def test_an_acceptance_without_a_reason_says_none(
    para_21, delegate, chair, django_capture_on_commit_callbacks
):
    proposal = propose(para_21, delegate)

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)

    [notification] = notified(delegate)
    assert notification.message.endswith(f"was accepted by {chair.get_full_name()} (Chair).")
    assert "Reason" not in notification.message
    assert "The Chair's note" not in mails_to(delegate)[0].body


def test_an_author_whose_proposal_no_longer_applies_hears_it_needs_a_redraft(
    para_21, delegate, egypt, chair, django_capture_on_commit_callbacks
):
    accepted = propose(para_21, delegate)
    clashing = propose(para_21, egypt, text=CLASHING_ALT_1)

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(proposal=accepted, actor=chair, expected_version=1)

    [notification] = notified(egypt)
    assert notification.kind == NotificationKind.PROPOSAL_NEEDS_REDRAFT
    assert notification.proposal == clashing
    assert notification.message == (
        f"Your proposal {clashing.pk} on vision, Para 21 needs a redraft: the text has changed "
        "since you made it. It changes words that have been changed since it was made."
    )
    [message] = mails_to(egypt)
    assert message.subject == (
        f"[WSIS+10] Your proposal {clashing.pk} on vision, Para 21 needs a redraft"
    )
    assert "It changes words that have been changed since it was made." in message.body
    assert "redraft it against the current text" in html_of(message)
    # Saudi Arabia's delegate hears of the acceptance only.
    assert [n.kind for n in notified(delegate)] == [NotificationKind.PROPOSAL_DECIDED]


def test_what_the_chair_wrote_is_escaped_in_the_html_mail_and_kept_in_the_text(
    para_21, delegate, chair, django_capture_on_commit_callbacks
):
    proposal = propose(para_21, delegate)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_proposal(proposal=proposal, actor=chair, reason=HOSTILE)

    [message] = mails_to(delegate)
    html = html_of(message)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    # Plain text is plain: no entities to puzzle the reader.
    assert HOSTILE in message.body
    assert "&amp;" not in message.body


def test_a_member_without_an_e_mail_address_still_finds_the_notification(
    para_21, delegate, chair, django_capture_on_commit_callbacks
):
    delegate.email = ""
    delegate.save(update_fields=["email"])
    proposal = propose(para_21, delegate)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_proposal(proposal=proposal, actor=chair, reason="No.")

    [notification] = notified(delegate)
    assert notification.emailed_at is None
    assert mail.outbox == []


# --- Followers ----------------------------------------------------------------------------------


def test_followers_hear_of_a_new_proposal_but_its_author_does_not(
    para_21, delegate, watcher, egypt, django_capture_on_commit_callbacks
):
    for user in (watcher, egypt, delegate):
        notifications.follow_paragraph(paragraph=para_21, actor=user)

    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose(para_21, delegate)

    assert notified(delegate) == []
    for follower in (watcher, egypt):
        [notification] = notified(follower)
        assert notification.kind == NotificationKind.NEW_PROPOSAL
        assert notification.message == (
            f"Saudi Arabia sent proposal {proposal.pk} (amend the text) on vision, Para 21, "
            "which you follow."
        )
        [message] = mails_to(follower)
        assert message.subject == "[WSIS+10] New proposal on vision, Para 21 from Saudi Arabia"
        assert "Security belongs beside openness." in message.body
    # One e-mail each: followers do not learn who else follows.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([watcher.email, egypt.email])


def test_followers_hear_of_a_comment(
    para_21, delegate, watcher, django_capture_on_commit_callbacks
):
    notifications.follow_paragraph(paragraph=para_21, actor=watcher)

    with django_capture_on_commit_callbacks(execute=True):
        propose(
            para_21,
            delegate,
            text="",
            kind=ProposalKind.COMMENT,
            alternative_position=None,
            rationale="We will come back to ALT 2.",
        )

    [notification] = notified(watcher)
    assert (
        notification.message == "Saudi Arabia sent a comment on vision, Para 21, which you follow."
    )
    [message] = mails_to(watcher)
    assert message.subject == "[WSIS+10] New comment on vision, Para 21 from Saudi Arabia"
    assert "The comment:\nWe will come back to ALT 2." in message.body


def test_followers_hear_of_status_changes_but_whoever_changed_it_does_not(
    chapter_b, chair, watcher, django_capture_on_commit_callbacks
):
    para_20 = chapter_b[20]
    notifications.follow_paragraph(paragraph=para_20, actor=watcher)
    notifications.follow_paragraph(paragraph=para_20, actor=chair)

    with django_capture_on_commit_callbacks(execute=True):
        drafts.mark_pre_agreed(paragraph=para_20, actor=chair, expected_version=1)
    with django_capture_on_commit_callbacks(execute=True):
        drafts.reopen(paragraph=para_20, actor=chair, reason="Egypt asked to revisit it.")

    assert notified(chair) == []
    pre_agreed, reopened = notified(watcher)
    who = f"{chair.get_full_name()} (Chair)"
    assert pre_agreed.kind == reopened.kind == NotificationKind.STATUS_CHANGED
    assert (
        pre_agreed.message == f"vision, Para 20, which you follow, was marked pre-agreed by {who}."
    )
    assert reopened.message == (
        f"vision, Para 20, which you follow, was reopened by {who}. "
        "Reason: Egypt asked to revisit it."
    )
    subjects = [m.subject for m in mails_to(watcher)]
    assert subjects == [
        "[WSIS+10] vision, Para 20 was marked pre-agreed",
        "[WSIS+10] vision, Para 20 was reopened",
    ]
    assert "The reason given:\nEgypt asked to revisit it." in mails_to(watcher)[1].body


def test_followers_hear_that_a_paragraph_was_deleted_by_an_accepted_proposal(
    para_21, delegate, chair, watcher, django_capture_on_commit_callbacks
):
    notifications.follow_paragraph(paragraph=para_21, actor=watcher)
    proposal = propose(para_21, delegate, text="", kind=ProposalKind.DELETE_PARAGRAPH)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(proposal=proposal, actor=chair, expected_version=1)

    [notification] = notified(watcher)
    assert notification.kind == NotificationKind.STATUS_CHANGED
    assert "vision, Para 21, which you follow, was deleted by" in notification.message
    assert [n.kind for n in notified(delegate)] == [NotificationKind.PROPOSAL_DECIDED]


def test_a_former_member_of_a_closed_process_hears_nothing_more(
    process, para_21, delegate, watcher, django_capture_on_commit_callbacks
):
    process.drafts_are_public = False
    process.save(update_fields=["drafts_are_public"])
    notifications.follow_paragraph(paragraph=para_21, actor=watcher)
    watcher.memberships.update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        propose(para_21, delegate)

    assert notified(watcher) == []
    assert mail.outbox == []


# --- Only what was committed is told, and telling never undoes anything -----------------------


def test_a_decision_refused_as_stale_tells_nobody(
    para_21, delegate, egypt, chair, watcher, django_capture_on_commit_callbacks
):
    notifications.follow_paragraph(paragraph=para_21, actor=watcher)
    first = propose(para_21, delegate)
    second = propose(para_21, egypt, text=PARA_21_ALT_1.replace("Recognizing", "Noting"))
    services.accept_proposal(proposal=first, actor=chair, expected_version=1)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(StaleVersion):
            services.accept_proposal(proposal=second, actor=chair, expected_version=1)

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_a_decision_rolled_back_after_it_was_told_sends_nothing(
    para_21, delegate, egypt, chair, django_capture_on_commit_callbacks
):
    """The acceptance wrote its notifications (the author's, and the needs-redraft of the
    clashing proposal) and queued their e-mails; the transaction around it then fails."""
    accepted = propose(para_21, delegate)
    propose(para_21, egypt, text=CLASHING_ALT_1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.accept_proposal(proposal=accepted, actor=chair, expected_version=1)
            assert Notification.objects.count() == 2  # told, inside the transaction
            raise RuntimeError("the request failed after the decision")

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_a_mail_server_that_refuses_does_not_undo_the_decision(
    settings, para_21, delegate, chair, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    proposal = propose(para_21, delegate)

    with caplog.at_level(logging.ERROR, logger="consultations.services.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            services.reject_proposal(proposal=proposal, actor=chair, reason="Not now.")

    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    [notification] = notified(delegate)
    assert notification.emailed_at is None  # not sent, so not marked sent
    assert f"Could not send proposal_decided to {delegate.email}" in caplog.text


@pytest.fixture
def a_broken_mail_template(settings):
    """The subject of the decision e-mail cannot be rendered (it names a page that is gone)."""
    engine = settings.TEMPLATES[0]
    broken = {"consultations/email/proposal_decided_subject.txt": "{% url 'no_such_page' %}"}
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", broken),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def test_an_e_mail_that_cannot_be_written_costs_neither_the_decision_nor_the_notification(
    a_broken_mail_template, para_21, delegate, chair, django_capture_on_commit_callbacks, caplog
):
    proposal = propose(para_21, delegate)

    with caplog.at_level(logging.ERROR, logger="consultations.services.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            services.reject_proposal(proposal=proposal, actor=chair, reason="Not now.")

    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    [notification] = notified(delegate)
    assert notification.message.endswith("Reason: Not now.")
    assert notification.emailed_at is None
    assert mail.outbox == []
    assert "Could not write the proposal_decided e-mail" in caplog.text


def test_the_mail_of_one_follower_refused_leaves_the_others_sent(
    settings, monkeypatch, para_21, delegate, watcher, egypt, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneAddress"
    monkeypatch.setattr(RefusingOneAddress, "refused", egypt.email)
    for follower in (watcher, egypt):
        notifications.follow_paragraph(paragraph=para_21, actor=follower)

    with django_capture_on_commit_callbacks(execute=True):
        propose(para_21, delegate)

    assert [m.to for m in mail.outbox] == [[watcher.email]]
    assert notified(watcher)[0].emailed_at is not None
    assert notified(egypt)[0].emailed_at is None


# --- Following a paragraph ----------------------------------------------------------------------


def follow_url(paragraph):
    document = paragraph.chapter.document
    return reverse(
        "consultations:follow", args=[document.process.slug, document.slug, paragraph.uid]
    )


def paragraph_url(paragraph):
    document = paragraph.chapter.document
    return reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )


def test_an_observer_follows_para_21_from_its_page_and_unfollows_it(client, para_21, watcher):
    client.force_login(watcher)
    page = client.get(paragraph_url(para_21)).content.decode()
    assert "Follow Para 21</button>" in page
    assert 'name="follow" value="1"' in page

    response = client.post(follow_url(para_21), {"follow": "1"}, follow=True)

    assert response.redirect_chain == [(paragraph_url(para_21), 302)]
    html = response.content.decode()
    assert "You follow Para 21: you will hear of new proposals and status changes." in html
    assert "Unfollow Para 21</button>" in html
    assert ParagraphFollow.objects.filter(user=watcher, paragraph=para_21).count() == 1

    response = client.post(follow_url(para_21), {"follow": "0"}, follow=True)

    assert "You no longer follow Para 21." in response.content.decode()
    assert not ParagraphFollow.objects.filter(user=watcher).exists()


def test_following_twice_or_unfollowing_twice_changes_nothing(client, para_21, watcher):
    client.force_login(watcher)

    for _ in range(2):
        assert client.post(follow_url(para_21), {"follow": "1"}).status_code == 302
    assert ParagraphFollow.objects.filter(user=watcher, paragraph=para_21).count() == 1

    for _ in range(2):
        assert client.post(follow_url(para_21), {"follow": "0"}).status_code == 302
    assert not ParagraphFollow.objects.exists()


def test_with_htmx_only_the_follow_box_comes_back(client, para_21, watcher):
    client.force_login(watcher)

    response = client.post(follow_url(para_21), {"follow": "1"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card follow-card" id="follow"')
    assert "<html" not in html
    assert 'role="status">You follow Para 21' in html
    assert 'name="follow" value="0"' in html
    assert ParagraphFollow.objects.filter(user=watcher, paragraph=para_21).exists()


def test_a_follow_post_that_does_not_say_what_it_wants_is_refused(client, para_21, watcher):
    client.force_login(watcher)

    response = client.post(follow_url(para_21), {}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "Say whether to follow the paragraph." in response.content.decode()
    assert not ParagraphFollow.objects.exists()


def test_a_visitor_is_sent_to_log_in_and_follows_nothing(client, para_21):
    page = client.get(paragraph_url(para_21)).content.decode()
    assert "Follow Para 21</button>" not in page
    assert "to follow Para 21" in page

    response = client.post(follow_url(para_21), {"follow": "1"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not ParagraphFollow.objects.exists()

    response = client.post(follow_url(para_21), {"follow": "1"}, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(reverse("login"))


def test_the_service_refuses_a_visitor(para_21):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ActionNotAllowed):
        notifications.follow_paragraph(paragraph=para_21, actor=AnonymousUser())


def test_nobody_outside_a_closed_process_can_follow_its_paragraphs(client, process, para_21):
    process.drafts_are_public = False
    process.save(update_fields=["drafts_are_public"])
    outsider = MemberFactory(role=Role.DELEGATE).user  # a delegate in another process
    client.force_login(outsider)

    response = client.post(follow_url(para_21), {"follow": "1"})

    assert response.status_code == 404
    assert not ParagraphFollow.objects.exists()


def test_the_follow_form_needs_its_csrf_token(para_21, watcher):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(watcher)

    response = client.post(follow_url(para_21), {"follow": "1"})

    assert response.status_code == 403
    assert not ParagraphFollow.objects.exists()


def test_following_asks_for_a_post(client, para_21, watcher):
    client.force_login(watcher)

    assert client.get(follow_url(para_21) + "?follow=1").status_code == 405
    assert not ParagraphFollow.objects.exists()
