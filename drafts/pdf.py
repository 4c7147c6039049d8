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
- after layout, `_number_lines` copies number k beside the k-th line of each `numbered` block
  (counting on over page breaks), on the line's baseline, and removes the stock.

Copying a laid-out line is cheap (no text shaping), and every number in the PDF stands beside a
line of text: a paragraph of three lines has the numbers 1 to 3 and no others.
"""

import logging
from dataclasses import dataclass

import weasyprint

logger = logging.getLogger(__name__)

NUMBERED = "numbered"
LINE_NUMBER_STOCK = "line-number-stock"


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
    fetcher = RefuseEveryUrl()
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=fetcher)]
    )
    _number_lines([page._page_box for page in document.pages])
    return Pdf(data=document.write_pdf(), page_count=len(document.pages))


# --- Line numbers, placed after layout --------------------------------------------------------


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None:
        return []
    return (element.get("class") or "").split()


def _text_of(box) -> str:
    return "".join(getattr(child, "text", "") for child in box.descendants())


def _number_lines(page_boxes) -> None:
    from weasyprint.formatting_structure.boxes import LineBox

    stock: dict[int, object] = {}  # number -> its laid-out line
    anchor = None  # the `numbered` box that holds the stock
    numbered: list[list] = []  # per page: the `numbered` boxes in document order
    for page_box in page_boxes:
        found = []
        stack = [page_box]
        while stack:
            box = stack.pop()
            children = getattr(box, "children", None)
            if not children or isinstance(box, LineBox):
                continue
            if NUMBERED in _classes(box):
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
    if anchor is None:
        return
    anchor_x = anchor.padding_box_x()

    counted: dict[object, int] = {}  # lines numbered so far per element: texts split over pages
    missing = 0
    for found in numbered:
        for box in found:
            if box is not anchor:
                dx = box.padding_box_x() - anchor_x
                count, unnumbered = _number(box, stock, dx, counted.get(box.element, 0))
                counted[box.element] = count
                missing += unnumbered
    if missing:
        logger.warning(
            "%d printed lines have no line number: the template's stock ends at %d.",
            missing,
            len(stock),
        )


def _number(block, stock: dict, dx: float, count: int) -> tuple[int, int]:
    """Puts a copy of number k before the k-th line of `block` (in document order, into its
    nested blocks), on the line's baseline. Returns the last number and the lines left without
    one (the stock was too short)."""
    from weasyprint.formatting_structure.boxes import BlockContainerBox, LineBox

    missing = 0
    children = []
    for child in block.children:
        if isinstance(child, LineBox):
            count += 1
            number = stock.get(count)
            if number is None:
                missing += 1
            else:
                copy = number.deepcopy()
                copy.translate(
                    dx,
                    (child.position_y + child.baseline) - (number.position_y + number.baseline),
                )
                children.append(copy)
        elif isinstance(child, BlockContainerBox) and NUMBERED not in _classes(child):
            count, unnumbered = _number(child, stock, dx, count)
            missing += unnumbered
        children.append(child)
    if len(children) != len(block.children):
        block.children = children
    return count, missing
