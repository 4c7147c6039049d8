"""Showing where a proposal clashes with newer changes."""

from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from drafts import diffing

register = template.Library()


@register.filter
def mark_conflicts(text: str, conflicts: Sequence[diffing.Conflict]) -> SafeString:
    """`text` (the version a proposal was made on) escaped, each conflicting span in <mark>.

    A conflict where both sides inserted at one point has an empty span; it is shown as a
    marked caret so that the reader still sees where it is.
    """
    parts: list[str] = []
    position = 0
    for conflict in sorted(conflicts or (), key=lambda c: (c.start, c.end)):
        start = max(conflict.start, position)
        parts.append(conditional_escape(text[position:start]))
        span = text[start : conflict.end]
        parts.append(
            format_html('<mark class="conflict">{}</mark>', span)
            if span
            else format_html('<mark class="conflict caret" aria-label="{}">‸</mark>', "here")
        )
        position = max(position, conflict.end)
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.filter
def trimmed(value: str) -> str:
    """A conflicting span without the spaces around it, as it is quoted to the reader."""
    return (value or "").strip()
