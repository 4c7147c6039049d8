"""How the audit trail names people and roles on pages."""

from django import template

from processes.models import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """ "vice_chair" → "Vice-Chair"; an unknown or empty value is shown as it is."""
    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def person(user) -> str:
    """A person as the audit trail shows them: their name, else their username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
