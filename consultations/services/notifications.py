"""Telling people what happened: authors about their proposals, followers about paragraphs.

Each telling function runs inside the caller's transaction: the in-app notifications are rows
written with it (and rolled back with it); the e-mails are rendered now and leave only after it
commits. None of them may fail the action that caused it: each runs in a savepoint, and what goes
wrong is logged and left out, never raised.

Who hears what:

- the author of a proposal, when the Chair accepts it (as proposed, as an alternative, in
  brackets) or rejects it (with the reason), and when a change of the text makes it need a
  redraft (with the problem); not when they decided it themselves;
- the followers of a paragraph, when a proposal is made on it (not its author) and when its
  status changes (not whoever changed it).

Nobody hears of a process they can no longer read (a former member of a closed process), and
nobody inactive hears anything.
"""

import copy
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import mail, permissions
from consultations.dashboard_selectors import in_process
from consultations.models import (
    Decision,
    Notification,
    NotificationKind,
    ParagraphFollow,
    Proposal,
    ProposalKind,
    ProposalState,
)
from drafts.models import Paragraph, ParagraphStatus, StatusChange
from processes.errors import ActionNotAllowed
from processes.models import Process, Role

logger = logging.getLogger(__name__)

User = get_user_model()


def _never_fails(function: Callable[..., None]) -> Callable[..., None]:
    """Runs a telling function in a savepoint and swallows (logs) what goes wrong: a failed
    notification leaves the caller's transaction usable and its action done."""

    @functools.wraps(function)
    def telling(*args, **kwargs) -> None:
        try:
            with transaction.atomic():
                function(*args, **kwargs)
        except Exception:  # whatever it was, the decision or proposal must stand
            logger.exception("Could not notify (%s)", function.__name__)

    return telling


# --- Who may hear -------------------------------------------------------------------------------


def _readers(users: QuerySet, process: Process) -> QuerySet:
    """Those of `users` who are active and may still read the process's drafts."""
    users = users.filter(is_active=True)
    if process.drafts_are_public:
        return users
    return users.filter(
        Q(is_staff=True) | Q(memberships__process=process, memberships__is_active=True)
    ).distinct()


def _followers(paragraph: Paragraph, *, besides) -> list:
    process = paragraph.chapter.document.process
    following = User.objects.filter(followed_paragraphs__paragraph=paragraph)
    if besides is not None:
        following = following.exclude(pk=besides.pk)
    return list(_readers(following, process).order_by("pk"))


def _author_if_reading(proposal: Proposal, paragraph: Paragraph) -> list:
    process = paragraph.chapter.document.process
    return list(_readers(User.objects.filter(pk=proposal.author_id), process))


def _paragraph_of(proposal: Proposal) -> Paragraph:
    """The proposal's paragraph with its chapter, document and process: the one the caller
    loaded (the services lock it with all of them), else read in one query."""
    if Proposal.paragraph.is_cached(proposal):
        paragraph = proposal.paragraph
        if Paragraph.chapter.is_cached(paragraph):
            return paragraph
    return Paragraph.objects.select_related("chapter__document__process").get(
        pk=proposal.paragraph_id
    )


# --- How it is said -----------------------------------------------------------------------------


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _with_role(user, role: str) -> str:
    """ "Vladimir Minkin (Chair)"."""
    if not role:
        return _person(user)
    try:
        role = Role(role).label
    except ValueError:
        pass
    return f"{_person(user)} ({role})"


def _where(paragraph: Paragraph) -> str:
    """ "Vision, Para 21": how a paragraph is named in a notification."""
    return f"{paragraph.chapter.document.short_title}, {paragraph.label}"


def paragraph_link(paragraph: Paragraph, anchor: str = "") -> str:
    document = paragraph.chapter.document
    path = reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )
    return f"{path}#{anchor}" if anchor else path


def dashboard_path(process: Process) -> str:
    return reverse("dashboard:dashboard", args=[process.slug])


@dataclass(frozen=True)
class _Telling:
    """One thing to tell some people: the in-app line and the e-mail that carries it."""

    kind: str
    message: str
    link: str
    template: str
    context: dict
    paragraph: Paragraph
    proposal: Proposal | None = None


def _tell(recipients: Iterable, telling: _Telling) -> list[Notification]:
    """Writes one notification per recipient and sends each an e-mail once the transaction has
    committed. The e-mail is rendered now, once, while the objects are at hand."""
    recipients = list(recipients)
    if not recipients:
        return []
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                kind=telling.kind,
                message=telling.message,
                link=telling.link,
                proposal=telling.proposal,
                paragraph=telling.paragraph,
            )
            for recipient in recipients
        ]
    )
    addressed = [
        (notification.pk, recipient.email)
        for notification, recipient in zip(notifications, recipients, strict=True)
        if recipient.email
    ]
    if addressed:
        _email_after_commit(telling, addressed)
    return notifications


def _email_after_commit(telling: _Telling, addressed: list[tuple[int, str]]) -> None:
    """Renders the e-mail now and queues its sending for after the commit. An e-mail that
    cannot be written is logged; the in-app notifications stay (left without `emailed_at`)."""
    document = telling.paragraph.chapter.document
    context = {
        **telling.context,
        "message": telling.message,
        "link": mail.absolute(telling.link),
        "process": document.process,
        "document": document,
        "paragraph": telling.paragraph,
        "dashboard_link": mail.absolute(dashboard_path(document.process)),
    }
    try:
        message = mail.build_message(to=[], template=telling.template, context=context)
    except Exception:  # a broken template must not cost the in-app notification
        logger.exception("Could not write the %s e-mail", telling.template)
        return
    transaction.on_commit(functools.partial(_deliver, message, addressed, telling.template))


def _deliver(message: EmailMultiAlternatives, addressed: list[tuple[int, str]], template: str):
    """After commit: one e-mail per recipient (nobody sees who else follows), over one
    connection; those sent are stamped `emailed_at`, a refusal is logged and left unstamped."""
    sent = []
    try:
        with get_connection() as connection:
            for pk, address in addressed:
                one = copy.copy(message)
                one.to = [address]
                one.connection = connection
                try:
                    one.send(fail_silently=False)
                except Exception:  # a refusing mail server must not undo what was committed
                    logger.exception("Could not send %s to %s", template, address)
                else:
                    sent.append(pk)
        if sent:
            Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    except Exception:
        logger.exception("Could not deliver %s", template)


# --- Authors ------------------------------------------------------------------------------------


def _last_decision(proposal: Proposal) -> Decision | None:
    return (
        Decision.objects.filter(proposal=proposal)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


@_never_fails
def proposal_decided(*, proposal: Proposal, reason: str) -> None:
    """The author hears that their proposal was accepted (in some form) or rejected."""
    decision = _last_decision(proposal)
    decider = decision.actor if decision else None
    if decider is not None and decider.pk == proposal.author_id:
        return  # they decided it themselves
    paragraph = _paragraph_of(proposal)
    authors = _author_if_reading(proposal, paragraph)
    outcome = proposal.get_state_display().lower()
    by = _with_role(decider, decision.actor_role) if decider else ""
    reason = (reason or "").strip()
    message = _("Your proposal %(id)d on %(where)s was %(outcome)s%(by)s.") % {
        "id": proposal.pk,
        "where": _where(paragraph),
        "outcome": outcome,
        "by": _(" by %(who)s") % {"who": by} if by else "",
    }
    if reason:
        message = f"{message} {_('Reason:')} {reason}"
    _tell(
        authors,
        _Telling(
            kind=NotificationKind.PROPOSAL_DECIDED,
            message=message,
            link=paragraph_link(paragraph, f"proposal-{proposal.pk}"),
            template="proposal_decided",
            context={
                "proposal": proposal,
                "outcome": outcome,
                "rejected": proposal.state == ProposalState.REJECTED,
                "decided_by": by,
                "reason": reason,
                "author": authors[0] if authors else None,
            },
            paragraph=paragraph,
            proposal=proposal,
        ),
    )


@_never_fails
def proposal_needs_redraft(*, proposal: Proposal, problem: str) -> None:
    """The author hears that the text moved on and their proposal must be redrafted."""
    paragraph = _paragraph_of(proposal)
    authors = _author_if_reading(proposal, paragraph)
    message = _(
        "Your proposal %(id)d on %(where)s needs a redraft: the text has changed since you made "
        "it. %(problem)s"
    ) % {"id": proposal.pk, "where": _where(paragraph), "problem": problem}
    _tell(
        authors,
        _Telling(
            kind=NotificationKind.PROPOSAL_NEEDS_REDRAFT,
            message=message.strip(),
            link=paragraph_link(paragraph, f"proposal-{proposal.pk}"),
            template="proposal_needs_redraft",
            context={
                "proposal": proposal,
                "problem": problem,
                "author": authors[0] if authors else None,
            },
            paragraph=paragraph,
            proposal=proposal,
        ),
    )


# --- Followers ----------------------------------------------------------------------------------


@_never_fails
def proposal_submitted(*, proposal: Proposal) -> None:
    """Followers of the paragraph hear of a new proposal."""
    paragraph = _paragraph_of(proposal)
    followers = _followers(paragraph, besides=proposal.author)
    if not followers:
        return
    what = (
        _("a comment")
        if proposal.kind == ProposalKind.COMMENT
        else _("proposal %(id)d (%(kind)s)")
        % {"id": proposal.pk, "kind": proposal.get_kind_display().lower()}
    )
    message = _("%(stakeholder)s sent %(what)s on %(where)s, which you follow.") % {
        "stakeholder": proposal.stakeholder.name,
        "what": what,
        "where": _where(paragraph),
    }
    _tell(
        followers,
        _Telling(
            kind=NotificationKind.NEW_PROPOSAL,
            message=message,
            link=paragraph_link(paragraph, f"proposal-{proposal.pk}"),
            template="proposal_submitted",
            context={"proposal": proposal, "what": what},
            paragraph=paragraph,
            proposal=proposal,
        ),
    )


STATUS_VERBS = {
    ParagraphStatus.PRE_AGREED: gettext_lazy("marked pre-agreed"),
    ParagraphStatus.AGREED: gettext_lazy("marked agreed"),
    ParagraphStatus.OPEN: gettext_lazy("reopened"),
    ParagraphStatus.DELETED: gettext_lazy("deleted"),
}


@_never_fails
def paragraph_status_changed(*, paragraph: Paragraph, status_change: StatusChange) -> None:
    """Followers of the paragraph hear that it was pre-agreed, agreed, reopened or deleted."""
    followers = _followers(paragraph, besides=status_change.actor)
    if not followers:
        return
    verb = str(STATUS_VERBS.get(status_change.to_status, status_change.get_to_status_display()))
    by = _with_role(status_change.actor, status_change.actor_role)
    message = _("%(where)s, which you follow, was %(verb)s by %(who)s.") % {
        "where": _where(paragraph),
        "verb": verb,
        "who": by,
    }
    reason = status_change.reason.strip()
    if reason:
        message = f"{message} {_('Reason:')} {reason}"
    _tell(
        followers,
        _Telling(
            kind=NotificationKind.STATUS_CHANGED,
            message=message,
            link=paragraph_link(paragraph),
            template="paragraph_status_changed",
            context={
                "status_change": status_change,
                "verb": verb,
                "changed_by": by,
                "reason": reason,
            },
            paragraph=paragraph,
        ),
    )


# --- Following, and reading the list ------------------------------------------------------------


@transaction.atomic
def follow_paragraph(*, paragraph: Paragraph, actor) -> ParagraphFollow:
    """The actor will hear of new proposals and status changes on the paragraph. Following a
    paragraph one already follows changes nothing."""
    if not permissions.can_follow(actor, paragraph):
        raise ActionNotAllowed(_("Log in as a member of this process to follow paragraphs."))
    follow, _created = ParagraphFollow.objects.get_or_create(user=actor, paragraph=paragraph)
    return follow


@transaction.atomic
def unfollow_paragraph(*, paragraph: Paragraph, actor) -> None:
    """The actor no longer hears of the paragraph; unfollowing twice changes nothing."""
    if not actor.is_authenticated:
        raise ActionNotAllowed(_("Log in to stop following a paragraph."))
    ParagraphFollow.objects.filter(user=actor, paragraph=paragraph).delete()


@transaction.atomic
def mark_notifications_read(*, actor, process: Process) -> int:
    """Marks every unread notification of the actor in the process read; returns how many."""
    if not actor.is_authenticated:
        raise ActionNotAllowed(_("Log in to read your notifications."))
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True).filter(
        in_process(process)
    )
    # An UPDATE cannot join through the paragraph on every database: select the ids first.
    ids = list(unread.values_list("pk", flat=True))
    return Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
