"""Paragraph numbers as negotiators write them: 21, 21bis, 21ter ... and "2, 21, 27-30".

A paragraph keeps its number while the text is negotiated; one inserted after paragraph
21 becomes 21bis (then 21ter, ...) so that every reference made so far in compilations
and meeting outcomes stays valid. Only when the text is final are paragraphs renumbered
1, 2, 3 ... on demand.

A label is modelled as ``(number, insertion)``: ``(21, 0)`` is "21", ``(21, 1)`` is
"21bis". Tuples sort in document order (21 < 21bis < 21ter < 22).

Pure text logic: no Django import, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Latin multiplicative adverbs, as in UN documents: "bis" (twice) is the first insertion,
# so the suffix at index i means "the (i + 1)th paragraph numbered N".
SUFFIXES: tuple[str, ...] = (
    "",
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
    "undecies",
    "duodecies",
    "terdecies",
    "quaterdecies",
    "quindecies",
    "sexdecies",
    "septdecies",
    "octodecies",
    "novodecies",
    "vicies",
)
MAX_INSERTION = len(SUFFIXES) - 1

_INSERTION_OF_SUFFIX = {suffix: insertion for insertion, suffix in enumerate(SUFFIXES)}
# ASCII digits only: \d would also accept Arabic-Indic and other digits.
_LABEL = re.compile(r"\s*([0-9]+)\s*([A-Za-z]*)\s*")


def display_number(number: int, insertion: int = 0) -> str:
    """The label delegates read: ``(21, 0)`` -> "21", ``(21, 1)`` -> "21bis".

    Precondition: ``number >= 1`` and ``0 <= insertion <= MAX_INSERTION`` (19, "vicies");
    otherwise ``ValueError``. Past "vicies" no reader could follow the labels any more:
    the document should be renumbered instead.
    """
    if number < 1:
        raise ValueError(f"Paragraph numbers start at 1, not {number}")
    if insertion < 0:
        raise ValueError(f"An insertion suffix cannot be negative ({insertion})")
    if insertion > MAX_INSERTION:
        raise ValueError(
            f"Paragraph {number} already has {MAX_INSERTION} inserted paragraphs "
            f"(up to {number}{SUFFIXES[MAX_INSERTION]}); renumber the document "
            "before inserting more"
        )
    return f"{number}{SUFFIXES[insertion]}"


def parse_display_number(label: str) -> tuple[int, int]:
    """The inverse of ``display_number``: "21bis" -> ``(21, 1)``.

    Tolerates surrounding whitespace, a space before the suffix ("21 bis") and any case
    ("21BIS"). Raises ``ValueError`` naming the label for anything else.
    """
    match = _LABEL.fullmatch(label)
    if match is None:
        raise ValueError(f"{label!r} is not a paragraph number such as 21 or 21bis")
    number = int(match.group(1))
    insertion = _INSERTION_OF_SUFFIX.get(match.group(2).lower())
    if insertion is None:
        raise ValueError(
            f"{label!r} has an unknown suffix {match.group(2)!r}; "
            f"expected one of bis, ter, quater ... {SUFFIXES[MAX_INSERTION]}"
        )
    if number < 1:
        raise ValueError(f"Paragraph numbers start at 1, not {number} ({label!r})")
    return number, insertion


def paragraph_key(label: int | str) -> tuple[int, int]:
    """Sort key in document order for a plain number or a display label.

    ``sorted(labels, key=paragraph_key)`` puts 21 before 21bis before 22.
    """
    if isinstance(label, bool) or not isinstance(label, int | str):
        raise TypeError(f"A paragraph number is an int or a label such as '21bis', not {label!r}")
    if isinstance(label, int):
        display_number(label)  # validates
        return label, 0
    return parse_display_number(label)


def next_insertion(existing_insertions: Iterable[int]) -> int:
    """The suffix for a paragraph inserted after paragraph N, given the suffixes in use.

    ``existing_insertions`` are the insertions already used with N's base number
    (``{0}`` when only N exists -> 1, "bis"; ``{0, 1}`` -> 2, "ter").

    The answer is one past the highest in use, not the lowest gap: if 21bis was deleted,
    the next insertion is still 21quater, because compilations and meeting outcomes
    already published refer to the old 21bis and must not come to mean another text.
    Raises ``ValueError`` once "vicies" is used up (renumber instead).
    """
    used = set(existing_insertions)
    if any(insertion < 0 for insertion in used):
        raise ValueError(f"Insertion suffixes cannot be negative: {sorted(used)}")
    insertion = max(used, default=0) + 1
    if insertion > MAX_INSERTION:
        raise ValueError(
            f"No insertion suffix is left after {SUFFIXES[MAX_INSERTION]}; "
            "renumber the document before inserting more"
        )
    return insertion


def renumbered(labels: Iterable[int | str], *, start: int = 1) -> dict[str, int]:
    """Final renumbering: map each label, in the order given, to a plain consecutive number.

    ``renumbered(["20", "21", "21bis", "22"])`` -> ``{"20": 1, "21": 2, "21bis": 3,
    "22": 4}``; with ``start=20`` the numbers run 20, 21, 22, 23.

    Precondition: ``labels`` are in document order (the caller's paragraph order is the
    authority, not the labels, which need not sort the same way). Keys are normalised
    display labels ("21 BIS" -> "21bis"); a label given twice raises ``ValueError``.
    """
    if start < 1:
        raise ValueError(f"Paragraph numbers start at 1, not {start}")
    mapping: dict[str, int] = {}
    for label in labels:
        key = display_number(*paragraph_key(label))
        if key in mapping:
            raise ValueError(f"Paragraph {key} appears twice in the order to renumber")
        mapping[key] = start + len(mapping)
    return mapping


def compress_ranges(numbers: Iterable[int | str]) -> str:
    """A paragraph list as the UN writes it: ``[2, 21, 27, 28, 29, 30]`` -> "2, 21, 27-30".

    Accepts plain numbers and display labels, in any order, with duplicates. Two or more
    consecutive plain numbers become a range ("27-28"); a label with a suffix ("21bis")
    is listed on its own in its natural place and breaks a run, since "21-22" would
    silently hide it. Empty input gives "".
    """
    keys = sorted({paragraph_key(number) for number in numbers})
    parts: list[str] = []
    index = 0
    while index < len(keys):
        number, insertion = keys[index]
        run_end = index
        # keys are sorted and unique, so the next plain number, if adjacent in the list,
        # follows with nothing (no suffixed label) in between.
        while (
            insertion == 0
            and run_end + 1 < len(keys)
            and keys[run_end + 1] == (keys[run_end][0] + 1, 0)
        ):
            run_end += 1
        if run_end > index:
            parts.append(f"{number}-{keys[run_end][0]}")
        else:
            parts.append(display_number(number, insertion))
        index = run_end + 1
    return ", ".join(parts)
