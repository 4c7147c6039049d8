"""E-mail from consultations: one text and one HTML body per message, from templates.

`send_now` raises when the mail server refuses (reminders need to know, to stay retryable);
`send_after_commit` is for notifications, which leave only once their transaction has committed.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """A link for an e-mail: on SITE_URL, else the first trusted origin, else the path alone."""
    base = getattr(settings, "SITE_URL", "") or next(
        iter(getattr(settings, "CSRF_TRUSTED_ORIGINS", None) or []), ""
    )
    return f"{base.rstrip('/')}{path}"


def build_message(*, to: list[str], template: str, context: dict) -> EmailMultiAlternatives:
    """`template` names consultations/email/<template>_subject.txt, .txt and .html."""
    subject = " ".join(
        render_to_string(f"consultations/email/{template}_subject.txt", context).split()
    )
    text = render_to_string(f"consultations/email/{template}.txt", context)
    html = render_to_string(f"consultations/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


def send_now(*, to: list[str], template: str, context: dict) -> None:
    build_message(to=to, template=template, context=context).send(fail_silently=False)


def send_after_commit(*, to: list[str], template: str, context: dict) -> None:
    """Renders now (inside the transaction, while the objects are at hand), sends after commit;
    a refused message is logged, never undoes what was committed."""
    if not to:
        return
    message = build_message(to=to, template=template, context=context)

    def send() -> None:
        try:
            message.send(fail_silently=False)
        except Exception:  # an unreachable mail server must not break the action that was done
            logger.exception("Could not send %s to %s", template, ", ".join(to))

    transaction.on_commit(send)
