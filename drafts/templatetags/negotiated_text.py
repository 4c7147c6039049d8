"""Renders paragraph text with its brackets made visible, escaping everything a delegate wrote."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from drafts import brackets

register = template.Library()


def _attribution_html(attribution: brackets.Attribution) -> str:
    return format_html('<span class="attribution">[{}]</span>', attribution.text)


def _render(nodes) -> str:
    parts: list[str] = []
    # A passage's attributions sit in the passage node, but the whitespace before each of them
    # is a sibling segment: emit each attribution when the text has reached its offset.
    pending: list[brackets.Attribution] = []
    cursor = 0

    def emit_due_attributions() -> None:
        nonlocal cursor
        while pending and pending[0].start == cursor:
            attribution = pending.pop(0)
            parts.append(_attribution_html(attribution))
            cursor = attribution.end

    for node in nodes:
        if isinstance(node, brackets.TextSegment):
            parts.append(conditional_escape(node.text))
            cursor = node.end
            emit_due_attributions()
            continue
        parts.append(
            format_html(
                '<span class="bracketed depth-{}"><span class="bracket" aria-hidden="true">[</span>'
                '<span class="visually-hidden">open bracket </span>{}'
                '<span class="visually-hidden"> close bracket</span>'
                '<span class="bracket" aria-hidden="true">]</span></span>',
                min(node.depth, 3),
                mark_safe(_render(node.children)),  # noqa: S308 - built from escaped parts
            )
        )
        pending = list(node.attributions)
        cursor = node.end
        emit_due_attributions()
    return "".join(parts)


@register.filter
def negotiated_text(text: str) -> SafeString:
    """Escaped HTML of `text` with bracketed passages and their attributions marked up."""
    try:
        nodes = brackets.parse(text)
    except brackets.BracketError:
        # Stored text is validated on the way in; if an old record is malformed, show it as is.
        return conditional_escape(text)
    return mark_safe(_render(nodes))  # noqa: S308 - every piece was escaped in _render
