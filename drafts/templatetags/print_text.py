"""Tags and filters for the print templates (PDFs rendered by drafts.pdf)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# A printed line holds at least this many characters: the print stylesheet sets 10.5 pt DejaVu
# Serif on a 163 mm measure, about 85 characters of English or French, 65 of capitals, 45 of
# Chinese; a line also ends early when the next word does not fit, but two lines always hold
# more than one full line between them. Too many numbers cost little (they are laid out once);
# too few leave the last lines of the longest paragraph unnumbered (drafts.pdf logs a warning).
CHARACTERS_PER_LINE_AT_LEAST = 20
# Numbers per stock block: fewer lines than a page holds, so that no block runs over a page.
NUMBERS_PER_BLOCK = 40
MAX_LINE_NUMBERS = 2000


def estimated_lines(alternatives) -> int:
    """At least as many lines as the alternatives take printed one below the other (each
    starts a line, after its "ALT n:" label)."""
    lines = 0
    for alternative in alternatives:
        characters = len(alternative.text) + len("ALT 10: ")
        lines += 1 + -(-characters // CHARACTERS_PER_LINE_AT_LEAST)
    return lines


@register.filter
def most_lines(chapters) -> int:
    """How many lines the longest paragraph of the publication's chapters may take."""
    return max(
        (
            estimated_lines(paragraph.published_alternatives)
            for snapshot in chapters
            for paragraph in snapshot.paragraphs
        ),
        default=1,
    )


@register.simple_tag
def line_number_stock(count: int):
    """The numbers 1 … count, laid out once and copied beside each `numbered` text's lines
    after layout (drafts.pdf). Put it before the text, in the body."""
    count = max(1, min(int(count), MAX_LINE_NUMBERS))
    blocks = (
        ("\n".join(str(n) for n in range(start, min(start + NUMBERS_PER_BLOCK, count + 1))),)
        for start in range(1, count + 1, NUMBERS_PER_BLOCK)
    )
    return format_html(
        '<div class="numbered line-number-anchor" aria-hidden="true">{}</div>',
        format_html_join("", '<div class="line-number-stock">{}</div>', blocks),
    )


# The paragraph number hangs before the first line as plain text, no element of its own (an
# inline element per paragraph made 300 paragraphs print 20% slower): right-aligned on three digits
# by figure spaces (as wide as a digit), then three no-break spaces; the stylesheet's text-indent
# is that width (DejaVu Serif: digits 0.636 em, "." and the spaces 0.318 em).
FIGURE_SPACE = "\u2007"
NO_BREAK_SPACE = "\u00a0"
HANGING_DIGITS = 3


@register.filter
def hanging_number(display_number) -> str:
    """ "21" -> "\u200721.\u00a0\u00a0\u00a0"; "21bis" is wider and pushes its first line along."""
    number = str(display_number)
    return FIGURE_SPACE * max(0, HANGING_DIGITS - len(number)) + number + "." + NO_BREAK_SPACE * 3


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or "" when it has none."""
    return mapping.get(key, "")
