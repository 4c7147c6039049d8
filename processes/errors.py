"""Domain errors shared by every app. Each carries a message a person can act on.

Views map them to messages on the page; the API maps them to 400/403/409 with a JSON body.
"""


class DomainError(Exception):
    """A request the domain refuses; `message` says why and what to do instead."""

    http_status = 400

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        # A machine-readable name for the rule that refused (e.g. "paragraph_settled"); the API
        # falls back to a code per class when a raise site does not name one.
        self.code = code


class ActionNotAllowed(DomainError):
    """The actor's role does not allow this action."""

    http_status = 403


class StaleVersion(DomainError):
    """The actor was looking at an older version than the current one."""

    http_status = 409


class RuleViolation(DomainError):
    """The action breaks a rule of the negotiation (e.g. pre-agreeing bracketed text)."""

    http_status = 409


class InvalidInput(DomainError):
    """The submitted text or values are malformed (unbalanced brackets, too long …)."""

    http_status = 400
