"""Who may do what in a process: one function per action, used by templates, API and services."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from processes.models import Process, Role
from processes.selectors import roles_of

User = AbstractBaseUser | AnonymousUser

CHAIRING_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})
PEN_HOLDING_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT})
PROPOSING_ROLES = frozenset({Role.DELEGATE, Role.FOCAL_POINT})


def can_read_drafts(user: User, process: Process) -> bool:
    """Open processes post their working drafts publicly; closed ones show them to members."""
    if process.drafts_are_public:
        return True
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or roles_of(user=user, process=process))


def chairs(user: User, process: Process) -> bool:
    return bool(roles_of(user=user, process=process) & CHAIRING_ROLES)


def is_secretariat(user: User, process: Process) -> bool:
    return Role.SECRETARIAT in roles_of(user=user, process=process)


def holds_the_pen(user: User, process: Process) -> bool:
    return bool(roles_of(user=user, process=process) & PEN_HOLDING_ROLES)
