"""Square brackets in negotiated text: parse, validate, and find what is still unagreed.

In a UN-style draft, text inside ``[...]`` is not yet agreed. Brackets nest to any depth,
and a bracket written right after a bracketed passage may say who stands behind it, as
in the source document::

    ... is critical. [this includes recognizing the need for ...] [led by Saudi]

Such a trailing bracket is an *attribution* of the passage, not a passage itself.

This module is pure text logic: no Django import, no database. Every function here scans
the text iteratively (an explicit stack, no recursion), so a hostile or broken input of
10,000 characters with 5,000 nested brackets is handled without hitting Python's
recursion limit. The one exception is what ``dataclasses`` generates for the node
classes: ``==``, ``hash()`` and ``repr()`` of a tree walk it recursively, so do not compare
or hash trees nested more than several hundred levels deep (no real draft comes close).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TypeAlias, cast

OPENING_BRACKET = "["
CLOSING_BRACKET = "]"

_BRACKET = re.compile(r"[\[\]]")

# The words the secretariat uses to credit a bracketed passage. "by" must end a word so
# that a passage such as "[led byzantine ...]" is not mistaken for an attribution.
_ATTRIBUTION = re.compile(r"(?:deletion\s+)?(?:led|proposed|supported)\s+by\b", re.IGNORECASE)


class BracketError(ValueError):
    """The text's brackets do not pair up.

    ``offset`` is the 0-based index of the offending bracket in the text (so
    ``text[err.offset]`` is ``"["`` for an unclosed bracket and ``"]"`` for a stray one);
    ``message`` is written for a delegate and counts characters from 1.
    """

    # Positional-or-keyword parameters (not keyword-only) so that the exception survives
    # pickling, e.g. when it crosses a Celery task boundary.
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message, offset)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class TextSegment:
    """A run of text without brackets; ``start`` is its offset in the parsed text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A bracket crediting the passage before it, e.g. ``[led by Saudi]``.

    ``start``/``end`` are the offsets of its ``[`` and one past its ``]``; ``text`` is the
    inner text stripped of surrounding whitespace ("led by Saudi"). ``raw`` is the exact
    source slice, brackets and padding included, kept so that ``to_text`` reproduces the
    input; it takes no part in equality, so an expected value can be written by hand as
    ``Attribution(start, end, "led by Saudi")``.
    """

    start: int
    end: int
    text: str
    raw: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BracketedPassage:
    """Unagreed text: ``start`` is the offset of its ``[``, ``end`` one past its ``]``.

    ``depth`` is 1 for an outermost passage, 2 for one inside it, and so on.
    ``attributions`` are the brackets that follow it; the whitespace between the passage
    and them is kept as sibling ``TextSegment`` nodes, not inside the passage.
    """

    start: int
    end: int
    children: tuple[Node, ...]
    attributions: tuple[Attribution, ...]
    depth: int

    @property
    def text(self) -> str:
        """The inner text, without this passage's own brackets (nested ones kept)."""
        return to_text(self.children)


Node: TypeAlias = TextSegment | BracketedPassage


@dataclass(slots=True)
class _OpenBracket:
    """A passage still being read: its children so far, in document order."""

    start: int
    children: list[Node] = field(default_factory=list)
    # Index in ``children`` of the passage that an attribution read now would credit.
    # Only whitespace and other attributions may come between a passage and its credit.
    credit_index: int | None = None


def parse(text: str) -> tuple[Node, ...]:
    """Split ``text`` into text segments and bracketed passages (nested to any depth).

    Concatenating the result with ``to_text`` gives back ``text`` exactly.

    An attribution bracket is attached to the passage it follows only when nothing but
    whitespace separates them and it contains no nested bracket. One that follows no
    passage (e.g. at the start of a paragraph) is kept as an ordinary passage: we cannot
    tell what it credits, so we conservatively treat it as unagreed text.

    Raises ``BracketError`` for the first problem found; see ``validate``.
    """
    root = _OpenBracket(start=-1)
    stack = [root]
    text_start = 0
    for match in _BRACKET.finditer(text):
        position = match.start()
        _add_text(stack[-1], text, text_start, position)
        text_start = position + 1
        if text[position] == OPENING_BRACKET:
            stack.append(_OpenBracket(start=position))
            continue
        if len(stack) == 1:
            raise BracketError(
                f"Closing bracket at character {position + 1} has no matching opening bracket",
                position,
            )
        closed = stack.pop()
        _add_bracket(stack[-1], closed, text=text, end=position + 1, depth=len(stack))
    if len(stack) > 1:
        # Report the innermost unclosed bracket (the last one opened): brackets close
        # inside out, so it is the one that needs its "]" first, and its passage is the
        # shortest to re-read. The outermost one may span most of the paragraph and
        # would send the delegate searching through text that is fine.
        position = stack[-1].start
        raise BracketError(f"Opening bracket at character {position + 1} is never closed", position)
    _add_text(root, text, text_start, len(text))
    return tuple(root.children)


def _add_text(parent: _OpenBracket, text: str, start: int, end: int) -> None:
    if start >= end:
        return
    segment = TextSegment(text=text[start:end], start=start)
    parent.children.append(segment)
    if not segment.text.isspace():
        parent.credit_index = None


def _add_bracket(
    parent: _OpenBracket, closed: _OpenBracket, *, text: str, end: int, depth: int
) -> None:
    inner = text[closed.start + 1 : end - 1].strip()
    is_flat = all(isinstance(child, TextSegment) for child in closed.children)
    if parent.credit_index is not None and is_flat and _ATTRIBUTION.match(inner):
        # credit_index only ever points at a passage (see below).
        credited = cast(BracketedPassage, parent.children[parent.credit_index])
        attribution = Attribution(
            start=closed.start, end=end, text=inner, raw=text[closed.start : end]
        )
        parent.children[parent.credit_index] = replace(
            credited, attributions=(*credited.attributions, attribution)
        )
        return
    parent.children.append(
        BracketedPassage(
            start=closed.start,
            end=end,
            children=tuple(closed.children),
            attributions=(),
            depth=depth,
        )
    )
    parent.credit_index = len(parent.children) - 1


def to_text(nodes: tuple[Node, ...] | list[Node]) -> str:
    """Write parsed nodes back as text; ``to_text(parse(t)) == t`` for every valid ``t``.

    Precondition: the nodes come from ``parse`` (or carry offsets as if they did). Pieces
    are placed by offset because an attribution lives inside its passage node while the
    whitespace before it is a sibling of the passage.
    """
    pieces: list[tuple[int, str]] = []
    pending: list[Node] = list(nodes)
    while pending:
        node = pending.pop()
        if isinstance(node, TextSegment):
            pieces.append((node.start, node.text))
            continue
        pieces.append((node.start, OPENING_BRACKET))
        pieces.append((node.end - 1, CLOSING_BRACKET))
        pieces.extend((a.start, a.raw or f"[{a.text}]") for a in node.attributions)
        pending.extend(node.children)
    pieces.sort(key=lambda piece: piece[0])
    return "".join(piece for _, piece in pieces)


def validate(text: str) -> None:
    """Raise ``BracketError`` if the brackets in ``text`` do not pair up.

    The first problem in document order is reported: a closing bracket with nothing to
    close is reported where it stands (any unclosed bracket necessarily comes after it);
    otherwise the innermost bracket left open (see ``parse`` for why that one).
    """
    parse(text)


def bracketed_passages(text: str) -> tuple[BracketedPassage, ...]:
    """Every bracketed passage in ``text``, nested ones included, in document order.

    Attribution brackets are not passages; they are found on their passage's
    ``attributions``. Raises ``BracketError`` if the brackets do not pair up.
    """
    found: list[BracketedPassage] = []
    # A stack of iterators over sibling lists: a pre-order walk without recursion.
    stack = [iter(parse(text))]
    while stack:
        for node in stack[-1]:
            if isinstance(node, BracketedPassage):
                found.append(node)
                stack.append(iter(node.children))
                break
        else:
            stack.pop()
    return tuple(found)


def has_open_brackets(text: str) -> bool:
    """True if any bracketed (unagreed) passage remains in ``text``.

    Attributions alone do not count: they always belong to a passage. A text whose
    brackets do not pair up raises ``BracketError`` rather than answering, because such a
    text cannot be agreed either and the error tells the delegate where to fix it.
    """
    # The first bracket at top level can never be an attribution (nothing precedes it),
    # so any bracket at all means at least one top-level passage.
    return any(isinstance(node, BracketedPassage) for node in parse(text))


def _passage_at(text: str, start: int) -> BracketedPassage:
    for passage in bracketed_passages(text):
        if passage.start == start:
            return passage
    raise ValueError(f"No bracketed passage starts at character {start + 1}")


def lift(text: str, start: int) -> str:
    """The Chair lifts a pair of brackets: the passage stays, now agreed, without its credits.

    ``start`` is the offset of the passage's ``[`` (as ``BracketedPassage.start`` gives it).
    Raises ValueError if no passage starts there, BracketError if the text is malformed.
    """
    passage = _passage_at(text, start)
    inner = text[passage.start + 1 : passage.end - 1]
    tail_end = passage.attributions[-1].end if passage.attributions else passage.end
    return _tidy(text[: passage.start] + inner + text[tail_end:])


def strike(text: str, start: int) -> str:
    """The Chair strikes a bracketed passage: it goes, with its credits."""
    passage = _passage_at(text, start)
    tail_end = passage.attributions[-1].end if passage.attributions else passage.end
    return _tidy(text[: passage.start] + text[tail_end:])


_SPACE_RUN = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,;:!?])")


def _tidy(text: str) -> str:
    """Removing a passage leaves double spaces or a space before a full stop; close them up."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACE_RUN.sub(" ", text)).strip()
