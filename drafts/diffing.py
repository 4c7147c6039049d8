"""Word-level redlines, and re-applying a proposal to a text that has moved on.

Both work on *tokens*: words (``ICTs``, ``don't``, ``multi-stakeholder``, ``21bis``,
``2014``, ``18:00``), runs of whitespace, and single punctuation marks. Concatenating a
text's tokens gives the text back exactly. Each distinct token is mapped to one private
code point, diff-match-patch diffs those strings (the trick its ``diff_linesToChars``
plays with lines), and the result is mapped back; so a change is never shown, nor merged,
in the middle of a word.

Pure text logic: no Django import, no database.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import fast_diff_match_patch
from diff_match_patch import diff_match_patch

# A diff runs inside a web request (a redline page, a proposal being submitted), so it must
# not run unbounded on a long or pathological text. One second is diff-match-patch's own
# default, set here explicitly so that no library change alters it. When time runs out the
# diff is still exact (it rebuilds both texts), only less minimal; for ``rebase`` that can
# only enlarge edit regions, i.e. report more conflicts, never merge wrongly.
DIFF_TIMEOUT_SECONDS = 1.0

# Word characters joined by an apostrophe or a hyphen stay one word, and so do digits joined
# by . , : / (1.5, 17.04.2014, 18:00). Everything else is a whitespace run or a single mark,
# so "[" and "]" are tokens of their own. A token never ends between two word characters.
_TOKEN = re.compile(r"\w+(?:(?:['’-]|(?<=\d)[.,:/](?=\d))\w+)*|\s+|[^\w\s]")

# Private-use code points: never letters, digits or whitespace, so diff-match-patch's
# semantic clean-up, which scores boundaries by character class, treats every token alike
# instead of reading meaning into arbitrary code points.
_PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_MAX_DISTINCT_TOKENS = sum(last - first + 1 for first, last in _PRIVATE_USE)

_DELETE, _EQUAL, _INSERT = diff_match_patch.DIFF_DELETE, 0, diff_match_patch.DIFF_INSERT
_FAST_OPS = {"-": _DELETE, "=": _EQUAL, "+": _INSERT}

Kind = Literal["equal", "insert", "delete"]
_KIND: dict[int, Kind] = {_EQUAL: "equal", _INSERT: "insert", _DELETE: "delete"}


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One stretch of a redline: text both versions share, or text added or removed."""

    kind: Kind
    text: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A part of the base text that the proposal and the current text both changed.

    ``start``/``end`` are character offsets in the base text and ``base_text`` is
    ``base[start:end]`` (empty when both sides inserted at the same point);
    ``proposed_text`` and ``current_text`` are what each side made of that span.
    """

    start: int
    end: int
    base_text: str
    proposed_text: str
    current_text: str


@dataclass(frozen=True, slots=True)
class RebaseResult:
    """Either ``merged`` text and no conflicts, or ``merged is None`` and the conflicts."""

    merged: str | None
    conflicts: tuple[Conflict, ...]

    @property
    def ok(self) -> bool:
        return self.merged is not None


def tokenize(text: str) -> tuple[str, ...]:
    """Split ``text`` into words, whitespace runs and punctuation marks; they join back to it."""
    return tuple(_TOKEN.findall(text))


def redline(old: str, new: str) -> tuple[DiffOp, ...]:
    """The word-level changes from ``old`` to ``new``, cleaned up for a human reader.

    The ``equal`` and ``delete`` texts join to ``old``; ``equal`` and ``insert`` join to
    ``new``. No op is empty, and a replaced word is shown as a whole word deleted and a
    whole word inserted, never as a few changed letters.
    """
    return tuple(
        DiffOp(kind=_KIND[op], text="".join(tokens))
        for op, tokens in _token_diff(tokenize(old), tokenize(new))
    )


def _token_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
    char_of: dict[str, str] = {}
    token_of: dict[str, str] = {}

    def encode(tokens: Sequence[str]) -> str:
        chars = []
        for token in tokens:
            char = char_of.get(token)
            if char is None:
                char = _code_point(len(char_of))
                char_of[token] = char
                token_of[char] = token
            chars.append(char)
        return "".join(chars)

    old_chars, new_chars = encode(old), encode(new)
    return [
        (op, tuple(token_of[c] for c in chars))
        for op, chars in _diff_encoded(old_chars, new_chars)
        if chars
    ]


def _diff_encoded(old_chars: str, new_chars: str) -> list[tuple[int, str]]:
    """diff-match-patch's diff and semantic clean-up, in its C++ port (fast-diff-match-patch).

    The port gives the same diffs as the Python original (``reference_diff``; a property test
    holds them equal) and is 3-19 times faster on a whole chapter (``make bench``), which
    matters where a page diffs every paragraph of a publication. checklines=False: the
    line-mode speed-up would split on "\n", which the encoded strings never contain. The
    clean-up runs on the encoded strings, so it can only move whole tokens.
    """
    diffs = fast_diff_match_patch.diff(
        old_chars,
        new_chars,
        timelimit=DIFF_TIMEOUT_SECONDS,
        checklines=False,
        cleanup="Semantic",
        counts_only=False,
    )
    return [(_FAST_OPS[op], chars) for op, chars in diffs]


def reference_diff(old_chars: str, new_chars: str) -> list[tuple[int, str]]:
    """The same diff by the Python diff-match-patch, kept as the reference the port must match."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    diffs = dmp.diff_main(old_chars, new_chars, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, chars) for op, chars in diffs]


def _code_point(index: int) -> str:
    for first, last in _PRIVATE_USE:
        if index <= last - first:
            return chr(first + index)
        index -= last - first + 1
    raise ValueError(
        f"These texts have more than {_MAX_DISTINCT_TOKENS} distinct words and marks; "
        "they are too long to compare word by word"
    )


@dataclass(frozen=True, slots=True)
class _Edit:
    """Base tokens [start, end) replaced by ``replacement`` (start == end: an insertion).

    [lo, hi] is the closed range of base positions the edit touches, widened over every
    position where the same edit could equally have been placed ("x " inserted before a
    word is also " x" inserted after the space): which one diff-match-patch picks is
    arbitrary, so conflicts are judged on the widest reading.
    """

    side: Literal["proposed", "current"]
    start: int
    end: int
    replacement: tuple[str, ...]
    lo: int
    hi: int


def _edits(
    base: tuple[str, ...], other: tuple[str, ...], side: Literal["proposed", "current"]
) -> list[_Edit]:
    edits: list[_Edit] = []
    position = 0
    run_start: int | None = None
    inserted: list[str] = []

    def close_run() -> None:
        nonlocal run_start
        if run_start is not None:
            lo, hi = _extent(base, run_start, position, tuple(inserted))
            edits.append(_Edit(side, run_start, position, tuple(inserted), lo, hi))
            run_start = None
            inserted.clear()

    for op, tokens in _token_diff(base, other):
        if op == _EQUAL:
            close_run()
            position += len(tokens)
            continue
        if run_start is None:
            run_start = position
        if op == _DELETE:
            position += len(tokens)
        else:
            inserted.extend(tokens)
    close_run()
    return edits


def _extent(
    base: tuple[str, ...], start: int, end: int, inserted: tuple[str, ...]
) -> tuple[int, int]:
    # An edit can slide one token left when the token before it equals the last token it
    # removes and the last token it adds (rotating both keeps the resulting text); and
    # likewise to the right.
    removed, added = deque(base[start:end]), deque(inserted)
    lo = start
    while lo > 0 and all(not q or q[-1] == base[lo - 1] for q in (removed, added)):
        removed.rotate(1)
        added.rotate(1)
        lo -= 1
    removed, added = deque(base[start:end]), deque(inserted)
    hi = end
    while hi < len(base) and all(not q or q[0] == base[hi] for q in (removed, added)):
        removed.rotate(-1)
        added.rotate(-1)
        hi += 1
    return lo, hi


def _apply(base: tuple[str, ...], edits: Sequence[_Edit], start: int, end: int) -> str:
    """base[start:end] with ``edits`` applied. Precondition: the edits lie inside the span,
    sorted, none touching another."""
    pieces: list[str] = []
    position = start
    for edit in edits:
        pieces.extend(base[position : edit.start])
        pieces.extend(edit.replacement)
        position = edit.end
    pieces.extend(base[position:end])
    return "".join(pieces)


def rebase(base: str, proposed: str, current: str) -> RebaseResult:
    """Re-apply a proposal made against ``base`` to the newer ``current`` text.

    Both changes are taken as word-level edits of ``base``. If no edit of the proposal
    intersects or touches an edit made since (``current``), both are applied to ``base``
    and the result is returned. Otherwise nothing is merged and every clash is reported.

    "Touches" is a closed-interval test on token positions, and deliberately conservative:
    two insertions at the same point, or two edits with no unchanged token between them,
    are conflicts, even where a person could see a sensible merge. A person then decides;
    a wrong merge of negotiated text would be worse than a question. Edits separated by at
    least one unchanged word always merge. (Identical changes made on both sides are
    conflicts too; ``Conflict.proposed_text == Conflict.current_text`` then tells.)

    diff-match-patch's ``patch_apply`` is not used: on texts where both sides changed the
    same words it reported success while producing garbled words ("relevperiodic").
    """
    base_tokens = tokenize(base)
    edits = sorted(
        _edits(base_tokens, tokenize(proposed), "proposed")
        + _edits(base_tokens, tokenize(current), "current"),
        key=lambda edit: (edit.lo, edit.hi),
    )
    # Group edits whose closed ranges touch, sweeping left to right.
    clusters: list[list[_Edit]] = []
    cluster_hi = -1
    for edit in edits:
        if clusters and edit.lo <= cluster_hi:
            clusters[-1].append(edit)
        else:
            clusters.append([edit])
        cluster_hi = max(cluster_hi, edit.hi)

    offsets = [0]
    for token in base_tokens:
        offsets.append(offsets[-1] + len(token))
    conflicts = []
    for cluster in clusters:
        sides = {edit.side for edit in cluster}
        if len(sides) < 2:
            continue
        lo = min(edit.lo for edit in cluster)
        hi = max(edit.hi for edit in cluster)
        by_start = sorted(cluster, key=lambda edit: (edit.start, edit.end))
        conflicts.append(
            Conflict(
                start=offsets[lo],
                end=offsets[hi],
                base_text="".join(base_tokens[lo:hi]),
                proposed_text=_apply(
                    base_tokens, [e for e in by_start if e.side == "proposed"], lo, hi
                ),
                current_text=_apply(
                    base_tokens, [e for e in by_start if e.side == "current"], lo, hi
                ),
            )
        )
    if conflicts:
        return RebaseResult(merged=None, conflicts=tuple(conflicts))
    by_start = sorted(edits, key=lambda edit: (edit.start, edit.end))
    return RebaseResult(merged=_apply(base_tokens, by_start, 0, len(base_tokens)), conflicts=())


def bracket_changes(current: str, proposed: str, *, credit: str) -> str:
    """The current text with a proposal's changes entered in brackets, as the Chair does when a
    proposal is neither agreed nor dropped.

    Words the proposal adds enter as ``[new words] [proposed by Saudi]``; words it replaces stay
    in brackets beside the replacement (``[old words] [new words] [proposed by Saudi]``); words
    it deletes stay, bracketed: ``[old words] [deletion proposed by Saudi]``. ``credit`` is the
    stakeholder's name as it appears in attributions.
    """
    ops = redline(current, proposed)
    pieces: list[str] = []
    index = 0
    while index < len(ops):
        op = ops[index]
        if op.kind == "equal":
            pieces.append(op.text)
            index += 1
            continue
        deleted, inserted = "", ""
        while index < len(ops) and ops[index].kind != "equal":
            if ops[index].kind == "delete":
                deleted += ops[index].text
            else:
                inserted += ops[index].text
            index += 1
        pieces.append(_bracketed_change(deleted, inserted, credit))
    return "".join(pieces)


def _bracketed_change(deleted: str, inserted: str, credit: str) -> str:
    # Keep the whitespace that surrounded the change outside the brackets.
    changed = deleted or inserted
    lead = changed[: len(changed) - len(changed.lstrip())]
    trail = changed[len(changed.rstrip()) :]
    old, new = deleted.strip(), inserted.strip()
    if old and new:
        return f"{lead}[{old}] [{new}] [proposed by {credit}]{trail}"
    if new:
        return f"{lead}[{new}] [proposed by {credit}]{trail}"
    if old:
        return f"{lead}[{old}] [deletion proposed by {credit}]{trail}"
    return deleted or inserted
