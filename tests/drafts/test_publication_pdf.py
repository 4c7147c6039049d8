"""The consolidated text as delegates print it: the PDF a worker renders when the secretariat
publishes, read back with pypdf (text and where each piece stands on the page)."""

import gc
import io
import re
import resource
import statistics
import threading
import weakref
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from drafts import pdf as drafts_pdf
from drafts.models import RenderingState
from drafts.services.renderings import print_stylesheet
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27
from tests.drafts.conftest import chapter, publish

pytestmark = pytest.mark.django_db

A4_HEIGHT_PT = 841.89
# The page's top and bottom margins (static/drafts/print.css): the running head and footer.
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 22 / 25.4 * 72, 24 / 25.4 * 72
LEFT_MARGIN_PT = 30 / 25.4 * 72  # where the text starts; numbers hang to its left
HANGING_NUMBER = re.compile(r"^(\d+(?:bis|ter|quater)?)\.\s")


def normalized(text: str) -> str:
    """Whitespace as a reader sees it: line breaks, figure and no-break spaces are spaces."""
    return " ".join(text.split())


def without_spaces(text: str) -> str:
    """To compare text across line breaks, which may fall after a hyphen ("people-|centred") or
    a slash ("file:///|etc"), where the extracted lines join with a space that was never there."""
    return "".join(text.split())


def published_pdf(publication) -> PdfReader:
    rendering = publication.rendering
    rendering.refresh_from_db()
    assert rendering.state == RenderingState.READY, rendering.error
    with rendering.file.open("rb") as stream:
        return PdfReader(io.BytesIO(stream.read()))


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text as extracted, line numbers and page furniture included."""
    return [normalized(page.extract_text()) for page in reader.pages]


def body_text(reader: PdfReader) -> str:
    """The text of the page bodies without the line numbers: what a delegate reads."""
    return normalized(" ".join(row.text for row in rows(reader)))


@dataclass
class Row:
    """One printed line: its page, its height on the page, its line number and its text."""

    page: int
    y: float
    number: int | None
    text: str


def rows(reader: PdfReader) -> list[Row]:
    """The lines of the page bodies, top to bottom, each with the line number printed beside it
    (digits in the left margin, left of the body's edge: the masthead's left edge)."""
    fragments = []
    for page_number, page in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, font, size, page_number=page_number):
            if text.strip():
                x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
                fragments.append((page_number, round(y, 1), round(x, 1), text))

        page.extract_text(visitor_text=visit)
    body_edge = min(x for _page, _y, x, text in fragments if not text.strip().isdigit())
    lines: dict[tuple[int, float], Row] = {}
    for page_number, y, x, text in sorted(fragments, key=lambda f: (f[0], -f[1], f[2])):
        if not BOTTOM_MARGIN_PT < y < A4_HEIGHT_PT - TOP_MARGIN_PT:
            continue  # running head and footer
        row = lines.setdefault((page_number, y), Row(page_number, y, None, ""))
        if x < body_edge and text.strip().isdigit():
            assert row.number is None, f"two line numbers on one line: {row}"
            row.number = int(text)
        else:
            row.text = normalized(f"{row.text} {text}")
    return list(lines.values())


def numbered_paragraphs(reader: PdfReader) -> dict[str, list[Row]]:
    """Each paragraph's printed lines, by its number: from the line that starts with its number
    to the last numbered line before the next paragraph, heading or page furniture."""
    paragraphs: dict[str, list[Row]] = {}
    current = None
    for row in rows(reader):
        if row.number is None:
            assert not (current and HANGING_NUMBER.match(row.text)), f"unnumbered line: {row}"
            current = None
            continue
        assert row.text, f"line number {row.number} stands beside no text (page {row.page})"
        start = HANGING_NUMBER.match(row.text)
        if start:
            current = paragraphs.setdefault(start.group(1), [])
        assert current is not None, f"a numbered line outside any paragraph: {row}"
        current.append(row)
    return paragraphs


def watch_the_fetcher(monkeypatch) -> list[str]:
    """The URLs the renderer is asked for (it still refuses each one)."""
    asked: list[str] = []
    refuse = drafts_pdf.RefuseEveryUrl.fetch

    def note_and_refuse(self, url, headers=None):
        asked.append(url)
        return refuse(self, url, headers)

    monkeypatch.setattr(drafts_pdf.RefuseEveryUrl, "fetch", note_and_refuse)
    return asked


@pytest.fixture
def chapter_b_26(vision, secretariat, django_capture_on_commit_callbacks):
    """WSIS+10/4/26/Pre-agreed as the secretariat published it, its PDF rendered (in-process)."""
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(
            vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=26
        )
    return published.publication


def test_the_pdf_of_chapter_b_reads_as_the_consolidated_text(chapter_b_26):
    reader = published_pdf(chapter_b_26)
    first_page = page_texts(reader)[0]
    text = body_text(reader)

    assert first_page.index("WSIS+10/4/26/Pre-agreed") < first_page.index(chapter_b_26.title)
    assert "Status as of 17 April 2014, COB" in first_page
    assert "Pre-agreed (besides Paras 2, 21, 27-30)" in first_page
    assert "Chapter B: Chapter B" in first_page
    # Para 21's alternatives, labelled; Para 27's bracket with its attribution, as typed.
    assert f"21. ALT 1: {PARA_21_ALT_1}" in text
    assert f"ALT 2: {PARA_21_ALT_2}" in text
    assert f"27. {PARA_27}" in text
    assert "[this includes recognizing the need for international agreements.] [led by Saudi]" in (
        text
    )
    # A paragraph with one text has no ALT label.
    assert "20. Text of B.20." in text and "ALT 1: Text of B.20." not in text


def test_every_page_says_page_x_of_y_and_the_status_in_its_footer(chapter_b_26):
    reader = published_pdf(chapter_b_26)
    pages = page_texts(reader)

    count = len(reader.pages)
    assert count == chapter_b_26.rendering.page_count >= 2
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Pre-agreed (besides Paras 2, 21, 27-30) Page {number} of {count}")


def test_the_symbol_stands_at_the_top_right_of_every_page(chapter_b_26):
    reader = published_pdf(chapter_b_26)
    for page in reader.pages:
        places = []

        def visit(text, cm, tm, font, size, places=places):
            if "WSIS+10/4/26/Pre-agreed" in text:
                places.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

        page.extract_text(visitor_text=visit)
        assert len(places) == 1, "once per page: in the masthead, then in the running head"
        x, y = places[0]
        width = float(page.mediabox.width)
        assert x > width / 2 and y > A4_HEIGHT_PT - 2 * TOP_MARGIN_PT


def test_each_paragraph_numbers_its_lines_from_1_in_the_margin(chapter_b_26):
    paragraphs = numbered_paragraphs(published_pdf(chapter_b_26))

    assert list(paragraphs) == [str(n) for n in range(1, 31)]
    for number, lines in paragraphs.items():
        assert [row.number for row in lines] == list(range(1, len(lines) + 1)), number
    # Para 21: ALT 1 on line 1, ALT 2 further down, one number per printed line, and no more.
    para_21 = paragraphs["21"]
    assert para_21[0].text.startswith("21. ALT 1: Recognizing the importance")
    alt_2 = next(row.number for row in para_21 if row.text.startswith("ALT 2:"))
    assert 2 < alt_2 < len(para_21)
    assert without_spaces(" ".join(row.text for row in para_21)) == without_spaces(
        f"21. ALT 1: {PARA_21_ALT_1} ALT 2: {PARA_21_ALT_2}"
    )
    assert [row.number for row in paragraphs["1"]] == [1]  # "Text of B.1.": one line


def filled_rectangles(reader: PdfReader) -> list[tuple[int, float, float, float, float]]:
    """Every rectangle the pages fill, in points from the page's bottom left corner: (page, left,
    bottom, width, height)."""
    found = []
    for page_number, page in enumerate(reader.pages, start=1):
        path = []

        def visit(operator, operands, cm, tm, page_number=page_number, path=path):
            if operator == b"re":
                x, y, width, height = map(float, operands)
                corners = [
                    (cm[0] * px + cm[2] * py + cm[4], cm[1] * px + cm[3] * py + cm[5])
                    for px, py in ((x, y), (x + width, y + height))
                ]
                (x0, y0), (x1, y1) = corners
                path.append((min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
            elif operator in (b"f", b"F", b"f*"):
                found.extend((page_number, *rectangle) for rectangle in path)
                path.clear()
            elif operator in (b"n", b"S", b"W", b"W*"):
                path.clear()

        page.extract_text(visitor_operand_before=visit)
    return found


def test_a_rule_in_the_margin_marks_each_open_paragraph_and_no_other(chapter_b_26):
    """Paras 2, 21 and 27-30 are still open: a grey rule stands left of their text (between the
    hanging number and the text), from their first line to their last, on each page they take;
    pre-agreed paragraphs have none."""
    reader = published_pdf(chapter_b_26)
    paragraphs = numbered_paragraphs(reader)
    rules = [r for r in filled_rectangles(reader) if 1.4 < r[3] < 1.6]  # 1.5 pt wide
    assert rules and all(LEFT_MARGIN_PT - 8 < left < LEFT_MARGIN_PT - 4 for _, left, *_ in rules)

    def ruled(row):
        return [r for r in rules if r[0] == row.page and r[2] < row.y < r[2] + r[4]]

    open_paragraphs = {"2", "21", "27", "28", "29", "30"}
    for number, lines in paragraphs.items():
        if number in open_paragraphs:
            assert all(len(ruled(row)) == 1 for row in lines), f"para {number}: a line unruled"
        else:
            assert not any(ruled(row) for row in lines), f"para {number} is ruled"
    # One rule per open paragraph and page: a paragraph's lines share it.
    rule_per_paragraph = {
        (number, row.page): ruled(row)[0]
        for number in open_paragraphs
        for row in paragraphs[number]
    }
    assert len(set(rule_per_paragraph.values())) == len(rules) == len(rule_per_paragraph)


def test_a_three_line_paragraph_has_lines_1_to_3_and_a_long_one_numbers_on_over_pages(
    make_document, secretariat, django_capture_on_commit_callbacks
):
    three_lines = (
        "Recognizing that the information society should be people-centred, inclusive and "
        "development-oriented, where everyone can create, access, utilize and share information "
        "and knowledge."
    )
    sentence = "Affirming the commitment to build a people-centred information society. "
    long_one = sentence * (9_000 // len(sentence))
    document = make_document(
        slug="lines", chapters=(("A", 3),), texts={("A", 1): three_lines, ("A", 2): long_one}
    )
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(document, secretariat, stage="zero_draft").publication

    paragraphs = numbered_paragraphs(published_pdf(publication))

    assert [row.number for row in paragraphs["1"]] == [1, 2, 3]
    long_rows = paragraphs["2"]
    assert [row.number for row in long_rows] == list(range(1, len(long_rows) + 1))
    assert len({row.page for row in long_rows}) >= 2, "the paragraph runs over a page break"
    assert without_spaces(" ".join(row.text for row in long_rows)) == without_spaces(
        f"2. {long_one}"
    )
    assert [row.number for row in paragraphs["3"]] == [1]


def test_a_whole_document_prints_each_chapter_with_its_own_status_line(
    vision, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(vision, secretariat, meeting_number=4, document_number=25).publication

    text = body_text(published_pdf(publication))

    assert text.index("Chapter A: Chapter A") < text.index("Pre-agreed (besides Para 11)")
    assert text.index("Chapter B: Chapter B") < text.index(
        "Pre-agreed (besides Paras 2, 21, 27-30) 1. Text of B.1."
    )
    assert "Pre-agreed (besides Chapter A: Para 11; Chapter B: Paras 2, 21, 27-30)" in text


def test_html_in_paragraph_text_prints_as_text_and_nothing_is_fetched(
    make_document, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    hostile = (
        '<img src="file:///etc/passwd"> <script>alert(1)</script> '
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
        "<style>@import url(file:///etc/hosts);</style> & &amp; done."
    )
    document = make_document(slug="hostile", chapters=(("A", 1),), texts={("A", 1): hostile})
    fetched = watch_the_fetcher(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish(document, secretariat, stage="zero_draft").publication

    assert fetched == []
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in publication.rendering.html
    assert without_spaces(f"1. {hostile}") in without_spaces(body_text(published_pdf(publication)))


def test_the_renderer_refuses_every_url_even_in_unescaped_html(monkeypatch):
    fetched = watch_the_fetcher(monkeypatch)

    result = drafts_pdf.html_to_pdf(
        '<p>Before</p><img src="file:///etc/passwd"><link rel="stylesheet" '
        'href="http://127.0.0.1:9/x.css"><p style="background: url(file:///etc/hosts)">After</p>',
        stylesheet="@import url(file:///etc/shadow);",
    )

    assert set(fetched) == {
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "file:///etc/hosts",
        "file:///etc/shadow",
    }
    with pytest.raises(drafts_pdf.ResourceRefused):
        drafts_pdf.RefuseEveryUrl().fetch("file:///etc/passwd")
    reader = PdfReader(io.BytesIO(result.data))
    assert normalized(reader.pages[0].extract_text()) == "Before After"
    assert "root:" not in normalized(reader.pages[0].extract_text())


def test_rendering_leaves_the_garbage_collector_as_it_found_it():
    """The renderer keeps the worker's objects out of the collector's walks while it works
    (drafts.pdf freezes them), and gives them back afterwards, even when it fails."""
    drafts_pdf.html_to_pdf("<p>Text</p>", stylesheet="")
    assert gc.get_freeze_count() == 0 and gc.isenabled()

    with pytest.raises(TypeError):
        drafts_pdf.html_to_pdf(None, stylesheet="")
    assert gc.get_freeze_count() == 0


def test_the_laid_out_pages_are_freed_as_soon_as_the_pdf_is_written():
    """Nothing drafts.pdf hooks onto a page outlives the render: with the collector off, none of
    its pages is left in memory (a hook that kept its page would keep every box of it until a
    full collection, in the middle of the next render). Pages some earlier test still holds are
    not this render's. (`type() is`, not isinstance: the heap holds weak proxies, and
    isinstance on a dead one raises.)"""
    from weasyprint.document import Page

    gc.collect()
    earlier = [weakref.ref(thing) for thing in gc.get_objects() if type(thing) is Page]
    gc.disable()
    try:
        result = drafts_pdf.html_to_pdf(
            '<div class="numbered line-number-anchor"><div class="line-number-stock">1\n2</div>'
            '</div><p class="numbered ruled">Open text.</p>',
            stylesheet=".line-number-stock { position: absolute; white-space: pre; }",
        )
        left = [
            thing
            for thing in gc.get_objects()
            if type(thing) is Page and not any(page() is thing for page in earlier)
        ]
    finally:
        gc.enable()
    assert result.page_count == 1
    assert left == []


def test_a_render_costs_the_same_however_deep_in_the_stack_it_is_called(chapter_b_26):
    """A worker calls the renderer from deep in its stack (Celery, the task, the service), where
    CPython's frame stack, kept in chunks mapped and unmapped as calls cross them, could thrash
    under WeasyPrint's recursion: a mmap, a page fault and a munmap per swing (drafts.pdf, "Room
    to recurse"). The render has a chunk of its own, so its page faults do not depend on its
    caller's depth. Counted in faults, not timed."""
    html, stylesheet = chapter_b_26.rendering.html, print_stylesheet()

    def render_from(depth: int) -> int:
        if depth:
            return render_from(depth - 1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        drafts_pdf.html_to_pdf(html, stylesheet=stylesheet)
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    render_from(0)  # fonts loaded, caches warm
    # At each depth, the fewer of two renders' faults: a depth that thrashes does so every time,
    # where a heap growing now and then does not. 200 frames: more than a chunk's worth.
    faults = [min(render_from(depth), render_from(depth)) for depth in range(0, 200, 4)]

    # With room to recurse, every depth faults about as often as the median. Without it, the
    # worst depth faulted 4.4 to 8 times as often as the median, on two machines (2,535 and
    # 4,700 faults against 571 and 560; how many depends on the machine and on pytest's depth).
    assert max(faults) < 2 * statistics.median(faults) + 300, faults


def test_fonts_are_loaded_once_per_thread_not_once_per_render(monkeypatch):
    """Loading Fontconfig's configuration and font list took 15-25 ms of every render: a worker
    loads them at its first render and keeps them. One configuration per thread (Pango's font
    map is not made to be shared between threads)."""
    from weasyprint.text.fonts import FontConfiguration

    loaded = []
    load = FontConfiguration.__init__

    def counted(configuration):
        loaded.append(threading.current_thread().name)
        load(configuration)

    monkeypatch.setattr(FontConfiguration, "__init__", counted)

    pages = []

    def render_twice():
        for text in ("First", "Second"):
            pages.append(drafts_pdf.html_to_pdf(f"<p>{text}</p>", stylesheet="").page_count)

    for name in ("worker-1", "worker-2"):  # threads of their own: none has loaded fonts yet
        thread = threading.Thread(target=render_twice, name=name)
        thread.start()
        thread.join()

    assert pages == [1, 1, 1, 1]
    assert loaded == ["worker-1", "worker-2"]
