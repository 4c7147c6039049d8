"""Reads about processes and membership that pages, the API and services need."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from processes.models import Member, Process, Role


def roles_of(*, user: AbstractBaseUser | AnonymousUser, process: Process) -> frozenset[Role]:
    """The roles the user holds in the process (any stakeholder), one query, cached per user."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_roles_by_process", {})
    if process.pk not in cache:
        cache[process.pk] = frozenset(
            Role(role)
            for role in Member.objects.filter(
                user=user, process=process, is_active=True
            ).values_list("role", flat=True)
        )
    return cache[process.pk]


def visible_processes(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Process]:
    """Processes whose working drafts the user may read."""
    processes = Process.objects.all()
    if user.is_authenticated and user.is_staff:
        return processes
    if user.is_authenticated:
        return processes.filter(
            Q(drafts_are_public=True) | Q(members__user=user, members__is_active=True)
        ).distinct()
    return processes.filter(drafts_are_public=True)


def memberships_of(*, user: AbstractBaseUser, process: Process) -> QuerySet[Member]:
    return Member.objects.filter(user=user, process=process, is_active=True).select_related(
        "stakeholder"
    )


ROLE_PRECEDENCE = [
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.SECRETARIAT,
    Role.FOCAL_POINT,
    Role.DELEGATE,
    Role.OBSERVER,
]


def acting_role(*, user: AbstractBaseUser, process: Process) -> str:
    """The role in which the user acts here, for audit records: the highest one they hold."""
    roles = roles_of(user=user, process=process)
    return next((role.value for role in ROLE_PRECEDENCE if role in roles), "")
