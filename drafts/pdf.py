"""WeasyPrint, and nothing else: HTML and a stylesheet in, PDF bytes and a page count out.

Imported only by the code that renders (a worker: drafts.services.renderings.render imports it
when it runs), so that web processes never load WeasyPrint.

Line numbers. Delegates cite "para 21, line 3", so each paragraph's lines are numbered in the
margin, from 1 in each paragraph. WeasyPrint cannot number lines, and the CSS ways to fake it
are dear: a positioned column of numbers per paragraph, clipped to the paragraph's height, made
300 paragraphs render 65% slower, and the numbers `overflow: hidden` clips stay in the PDF's text
(search and screen readers would find a line 7 in a paragraph of 3 lines), unclipped on a page
that a long paragraph runs on to. So the numbers are laid out once and placed after layout, where
the lines are known:

- the template gives a block of class `numbered` to each text whose lines are to be numbered;
- it puts the numbers "1", "2", "3" … (one per line, `white-space: pre`) in blocks of class
  `line-number-stock`, absolutely positioned inside one `numbered` block of their own (the
  anchor): where they stand beside the anchor is where the numbers stand beside every text;
- after layout, `_draw_in_margins` finds the k-th line of each `numbered` block (counting on over
  page breaks) and removes the stock; when a page is painted, number k is drawn beside each
  line k, on the line's baseline.

Drawing is where a number costs (a text box shaped and drawn like a line of text, some 1,000 of
them in 300 paragraphs): so WeasyPrint draws each number of the stock once, and its PDF
operators are repeated, moved, for every line with that number (`_LineNumbers`). Every number
in the PDF stands beside a line of text: a paragraph of three lines has the numbers 1 to 3 and
no others.

The rule beside an open paragraph is drawn in the same pass: a block of class `ruled` gets a bar
in the gap between its hanging number and its text, as tall as the block is on each page. As a
CSS border it cost 2.3% of a 300-paragraph render (counted with callgrind): WeasyPrint lays out
and draws a border of four clipped segments, where a filled rectangle is all the page needs.

Room to recurse. WeasyPrint's layout recurses deeply, swinging up and down the interpreter's
frame stack. CPython (3.11 here) keeps that stack in chunks, 16 KB unless a frame needs more,
maps a chunk when a call crosses into it and unmaps it as soon as the calls return below it: when
a chunk's end falls inside the swings, every swing costs a mmap, a page fault and a munmap. Where
the ends fall depends on the caller's depth, and a worker's task starts deep (Celery, the task,
our service): one 300-paragraph render there mapped and unmapped 19,636 chunks (strace), and the
task took 1.16 times as long as bare WeasyPrint on the same HTML called from a shallow loop. So
WeasyPrint is called from a frame that asks for 64 KB more stack than it uses
(`with_room_to_recurse`): CPython gives it a chunk of 128 KB of its own, and the render's swings
(at most 52 frames and 18 KB deep for 300 paragraphs) stay inside it whatever the caller's
depth. A code object may declare more stack than it uses (its stack size is an upper bound);
where an interpreter allocates frames otherwise, the room costs 64 KB and nothing else. (A thread
of its own was tried first: every render then starts at the same depth, but our HTML's render
still mapped 1,190 chunks there, the minimal page's 1.)
"""

import gc
import logging
import threading
from dataclasses import dataclass
from functools import partial

import weasyprint
from weasyprint.text.fonts import FontConfiguration

logger = logging.getLogger(__name__)

NUMBERED = "numbered"
LINE_NUMBER_STOCK = "line-number-stock"
RULED = "ruled"
# In CSS pixels (1pt = 4/3 px), from the left edge of the ruled block's text: 1.5pt wide,
# 6pt left of the text, right of the hanging number's last digit and full stop.
RULE_OFFSET = -8.0
RULE_WIDTH = 2.0
RULE_GREY = 0x77 / 0xFF  # #777, as the rest of the margin's furniture


@dataclass(frozen=True)
class Pdf:
    data: bytes
    page_count: int


class ResourceRefused(Exception):
    pass


class RefuseEveryUrl(weasyprint.URLFetcher):
    """The renderer fetches nothing: no file:// (which would read the server's disk), no http(s)
    (which would reach the network), no data: either. Paragraph text is escaped anyway; this holds
    even if some template forgot. WeasyPrint skips the resource and logs the refusal."""

    def fetch(self, url, headers=None):
        raise ResourceRefused(f"The PDF renderer does not fetch {url[:200]}")


def html_to_pdf(html: str, *, stylesheet: str) -> Pdf:
    return with_room_to_recurse(partial(_render, html, stylesheet))


def _render(html: str, stylesheet: str) -> Pdf:
    fetcher = RefuseEveryUrl()
    # The collector would walk every object the process holds (Django, the ORM's rows) each time
    # WeasyPrint's many small allocations trigger it; frozen, they are left out of its walks
    # while WeasyPrint's own garbage is still collected (measured: 5-10% of a render). A worker
    # froze what it holds at start (wsisplatform.celery.freeze_startup_heap), and a freeze found
    # is left alone; elsewhere (tasks run in-process) the render freezes, then unfreezes.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        fonts = _font_configuration()
        document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher).render(
            stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=fetcher, font_config=fonts)],
            font_config=fonts,
        )
        _draw_in_margins(document.pages)
        try:
            data = document.write_pdf()
        finally:
            # A page's drawing hook holds the page: a reference cycle that would keep every
            # laid-out page, and its boxes, until the collector's next full walk.
            for page in document.pages:
                vars(page).pop("paint", None)
        return Pdf(data=data, page_count=len(document.pages))
    finally:
        if freeze:
            gc.unfreeze()


_fonts = threading.local()


def _font_configuration() -> FontConfiguration:
    """The thread's font configuration, made at its first render and kept: making one loads
    Fontconfig's configuration and font list, 15-25 ms of every render (measured: a page of five
    paragraphs took 55 ms with a new one, 37 ms with this one; 300 paragraphs, 815 and 791 ms).
    It holds nothing of a document: the system's fonts (the renderer fetches no others) and
    caches keyed by font and line height. One per thread, as Pango's font map is not made to be
    shared between threads."""
    configuration = getattr(_fonts, "configuration", None)
    if configuration is None:
        configuration = _fonts.configuration = FontConfiguration()
    return configuration


# --- Room to recurse -------------------------------------------------------------------------

ROOM_TO_RECURSE = 8192  # frame-stack slots of 8 bytes: 64 KB


def with_room_to_recurse(render):
    """`render()`, called from a frame whose stack has room for 64 KB more than it needs."""
    return render()


with_room_to_recurse.__code__ = with_room_to_recurse.__code__.replace(
    co_stacksize=with_room_to_recurse.__code__.co_stacksize + ROOM_TO_RECURSE
)


# --- Line numbers, placed after layout --------------------------------------------------------


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None:
        return []
    return (element.get("class") or "").split()


def _text_of(box) -> str:
    return "".join(getattr(child, "text", "") for child in box.descendants())


def _draw_in_margins(pages) -> None:
    """Finds the stock, the lines of every `numbered` block and every `ruled` block, and has
    each page draw the numbers of its lines and its rules when it is painted. Removes the stock
    from the pages."""
    from weasyprint.formatting_structure.boxes import LineBox

    stock: dict[int, object] = {}  # number -> its laid-out line
    anchor = None  # the `numbered` box that holds the stock
    numbered: list[list] = []  # per page: the `numbered` boxes in document order
    for page in pages:
        found = []
        rules = []  # (x, y, height) of each rule on the page
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            children = getattr(box, "children", None)
            if not children or isinstance(box, LineBox):
                continue
            classes = _classes(box)
            if RULED in classes:
                rules.append(
                    (box.content_box_x() + RULE_OFFSET, box.border_box_y(), box.border_height())
                )
            if NUMBERED in classes:
                kept = []
                for child in children:
                    if LINE_NUMBER_STOCK in _classes(child):
                        anchor = box
                        for line in child.descendants():
                            if isinstance(line, LineBox) and _text_of(line).strip().isdigit():
                                stock[int(_text_of(line))] = line
                    else:
                        kept.append(child)
                if len(kept) != len(children):
                    box.children = kept  # the stock itself is never drawn
                found.append(box)
            stack.extend(reversed(children))
        numbered.append(found)
        if rules:
            _paint_before(page, partial(_draw_rules, rules=rules))
    if anchor is None:
        return
    anchor_x = anchor.content_box_x()

    numbers = _LineNumbers(stock)
    counted: dict[object, int] = {}  # lines numbered so far per element: texts split over pages
    missing = 0
    for page, found in zip(pages, numbered, strict=True):
        placed: list[tuple[int, float, float]] = []
        for box in found:
            if box is not anchor:
                dx = box.content_box_x() - anchor_x
                count, unnumbered = _place(box, stock, dx, counted.get(box.element, 0), placed)
                counted[box.element] = count
                missing += unnumbered
        if placed:
            _paint_before(page, partial(numbers.draw, placed=placed))
    if missing:
        logger.warning(
            "%d printed lines have no line number: the template's stock ends at %d.",
            missing,
            len(stock),
        )


def _place(block, stock: dict, dx: float, count: int, placed: list) -> tuple[int, int]:
    """Adds (k, dx, dy) to `placed` for the k-th line of `block` (in document order, into its
    nested blocks): number k's stock line moved by (dx, dy) stands on that line's baseline.
    Returns the last number and the lines left without one (the stock was too short)."""
    from weasyprint.formatting_structure.boxes import BlockContainerBox, LineBox

    missing = 0
    for child in block.children:
        if isinstance(child, LineBox):
            count += 1
            number = stock.get(count)
            if number is None:
                missing += 1
            else:
                baseline = child.position_y + child.baseline
                placed.append((count, dx, baseline - (number.position_y + number.baseline)))
        elif isinstance(child, BlockContainerBox) and NUMBERED not in _classes(child):
            count, unnumbered = _place(child, stock, dx, count, placed)
            missing += unnumbered
    return count, missing


class _LineNumbers:
    """Draws each number once, then repeats its drawing wherever it is needed.

    A number drawn by WeasyPrint (a text box, shaped by Pango) costs as much as a line of text;
    a page of 40 lines has 40 of them. Here WeasyPrint draws the stock's line k once, into a
    scratch stream that shares the document's fonts (so the digits are embedded as usual); its
    PDF operators are kept and, for every line numbered k, written again inside a translation
    (q, cm, the operators, Q). The page draws its numbers before its own content: they are in
    the page's text, each on its line's baseline, as before."""

    def __init__(self, stock: dict):
        self._stock = stock
        self._operators: dict[int, list] = {}

    def draw(self, stream, *, placed: list[tuple[int, float, float]]) -> None:
        content = stream.stream
        for number, dx, dy in placed:
            operators = self._operators.get(number)
            if operators is None:
                operators = self._operators[number] = self._record(stream, number)
            content.append(f"q 1 0 0 1 {dx:.3f} {dy:.3f} cm".encode())
            content.extend(operators)
            content.append(b"Q")

    def _record(self, stream, number: int) -> list:
        from weasyprint.draw import draw_inline_level

        scratch = stream.clone()
        draw_inline_level(scratch, None, self._stock[number])
        return list(scratch.stream)


def _draw_rules(stream, *, rules: list[tuple[float, float, float]]) -> None:
    stream.set_color_rgb(RULE_GREY, RULE_GREY, RULE_GREY)
    for x, y, height in rules:
        stream.rectangle(x, y, RULE_WIDTH, height)
    stream.fill()


def _paint_before(page, draw) -> None:
    """Has the page run `draw(stream)` before its own content when it is painted, in the CSS
    pixels WeasyPrint lays out in, inside a saved graphics state (colours do not leak)."""
    paint_page = page.paint

    def paint(stream, scale=1):
        with stream.stacked():
            stream.transform(a=scale, d=scale)
            draw(stream)
        paint_page(stream, scale)

    page.paint = paint
