"""Word-level redlines as HTML: insertions in <ins>, deletions in <del>, every word escaped."""

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from drafts import diffing

register = template.Library()

_TAGS = {"insert": "ins", "delete": "del"}


def _marked(op: diffing.DiffOp) -> SafeString:
    """One change in its tag; the spaces around its words stay outside, so that an underline or
    a strike-through covers words only."""
    core = op.text.strip()
    if not core:
        return format_html('<{0} class="redline-{0}">{1}</{0}>', _TAGS[op.kind], op.text)
    lead = op.text[: len(op.text) - len(op.text.lstrip())]
    trail = op.text[len(op.text.rstrip()) :]
    return format_html(
        '{1}<{0} class="redline-{0}">{2}</{0}>{3}', _TAGS[op.kind], lead, core, trail
    )


def redline_html(ops: Iterable[diffing.DiffOp]) -> SafeString:
    """The redline's HTML. The insertion and deletion marks are announced to screen readers by
    the stylesheet (``ins::before``/``del::before``), so the text itself stays the text."""
    return format_html_join(
        "", "{}", ((_marked(op) if op.kind in _TAGS else op.text,) for op in ops)
    )


@register.filter(name="redline_html")
def redline_html_filter(ops) -> SafeString:
    """``{{ proposal.redline|redline_html }}`` for ops already computed."""
    return redline_html(ops or ())


@register.simple_tag
def redline(old: str, new: str) -> SafeString:
    """``{% redline old_text new_text %}``: the changes from one text to the other."""
    return redline_html(diffing.redline(old or "", new or ""))
