"""Status lines as the secretariat writes them: "Pre-agreed (besides Paras 2, 21, 27-30)".

Pure: no Django import, so it is tested without a database and reused by publications.
"""

from collections.abc import Iterable

from drafts.numbering import compress_ranges

OPEN = "open"
PRE_AGREED = "pre_agreed"
AGREED = "agreed"
DELETED = "deleted"


def status_line(paragraphs: Iterable[tuple[str, str]]) -> str:
    """`paragraphs` are (display number, status) pairs in document order."""
    # A deleted paragraph is no longer part of the text the line describes.
    paragraphs = [(number, status) for number, status in paragraphs if status != DELETED]
    if not paragraphs:
        return "No paragraphs"
    open_numbers = [number for number, status in paragraphs if status == OPEN]
    settled = [status for _, status in paragraphs if status != OPEN]
    if not settled:
        return "Open"
    level = "Agreed" if all(status == AGREED for status in settled) else "Pre-agreed"
    if not open_numbers:
        return level
    noun = "Para" if len(open_numbers) == 1 else "Paras"
    return f"{level} (besides {noun} {compress_ranges(open_numbers)})"


def document_status_line(chapters: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> str:
    """The line for several chapters whose paragraph numbers restart in each chapter:
    `chapters` are (chapter name, paragraphs) pairs; open paragraphs are named per chapter,
    "Pre-agreed (besides Chapter A: Para 11; Chapter B: Paras 2, 21, 27-30)"."""
    chapters = [(name, list(paragraphs)) for name, paragraphs in chapters]
    everything = [pair for _, paragraphs in chapters for pair in paragraphs]
    overall = status_line(everything)
    if "(besides" not in overall:
        return overall
    level = overall.split(" (", 1)[0]
    parts = []
    for name, paragraphs in chapters:
        open_numbers = [n for n, status in paragraphs if status == OPEN]
        if open_numbers:
            noun = "Para" if len(open_numbers) == 1 else "Paras"
            parts.append(f"{name}: {noun} {compress_ranges(open_numbers)}")
    return f"{level} (besides {'; '.join(parts)})"
