"""What a PDF render costs, counted in instructions by valgrind (callgrind), not timed: the same
count on every run, whatever else the machine does. `make bench` times the renders; on a busy or
virtual machine their ratios move by several percent from run to run, where these do not.

    python -m bench.pdf_instructions [paragraphs]     (300 by default; needs valgrind)

The benchmark's document is published once (a throw-away test database, as `python -m bench`
uses), its HTML and the minimal hand-written page of the same text are written to a temporary
directory, and each way of rendering runs under callgrind in a process of its own, once with one
render and once with two: the difference is one render, warm, without the imports and fonts
loaded by the first.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

WAYS = {
    "minimal": "bare WeasyPrint, minimal hand-written HTML",
    "template": "bare WeasyPrint, our template's HTML",
    "ours": "drafts.pdf.html_to_pdf (line numbers, rules)",
}


def render(way: str, folder: str, renders: int) -> None:
    """The child: renders `renders` times, one way. No Django: WeasyPrint and drafts.pdf only."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def read(name: str) -> str:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            return file.read()

    if way == "ours":
        from drafts.pdf import html_to_pdf

        html, stylesheet = read("ours.html"), read("print.css")
        for _ in range(renders):
            html_to_pdf(html, stylesheet=stylesheet)
        return
    from drafts.pdf import with_room_to_recurse  # as drafts.pdf and `python -m bench` call it

    html, css = (read("minimal.html"), read("minimal.css"))
    if way == "template":
        html, css = read("ours.html"), read("print.css")
    stylesheet = weasyprint.CSS(string=css)
    for _ in range(renders):
        with_room_to_recurse(
            lambda: weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
        )


def write_pages(folder: str, paragraphs: int) -> None:
    """Publishes the benchmark's document and writes its HTML and the minimal page."""
    from bench import setup_django, throwaway_database

    setup_django()
    from bench import scenarios  # models: after Django is set up
    from drafts.services.renderings import print_stylesheet

    with throwaway_database():
        scenarios._quiet_weasyprint()
        scenarios._render_in_process()
        document = scenarios._pdf_document(paragraphs)
        publication = scenarios._publish_new(document)
        minimal_html, minimal_css = scenarios._minimal_page(document, publication)
        pages = {
            "ours.html": publication.rendering.html,
            "print.css": print_stylesheet(),
            "minimal.html": minimal_html,
            "minimal.css": minimal_css,
        }
        for name, text in pages.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
                file.write(text)


def instructions(way: str, folder: str, renders: int) -> int:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("valgrind") or "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.pdf_instructions",
            "--render",
            way,
            folder,
            str(renders),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise RuntimeError(f"callgrind said no count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> str | None:
    if sys.argv[1:2] == ["--render"]:
        render(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return None
    if shutil.which("valgrind") is None:
        return "valgrind is not installed (apt-get install valgrind)."
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    from bench import checkout

    folder = tempfile.mkdtemp(prefix="bench-pdf-instructions-")
    try:
        write_pages(folder, paragraphs)
        runs = [(way, renders) for way in WAYS for renders in (1, 2)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            counts = dict(
                zip(
                    runs,
                    pool.map(lambda run: instructions(run[0], folder, run[1]), runs),
                    strict=True,
                )
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    one_render = {way: counts[way, 2] - counts[way, 1] for way in WAYS}
    print(
        f"One warm render of {paragraphs:,} paragraphs, in instructions (callgrind), {checkout()}"
    )
    print(f"Reproduce with: .venv/bin/python -m bench.pdf_instructions {paragraphs}")
    for way, label in WAYS.items():
        ratio = one_render[way] / one_render["minimal"]
        print(f"  {label:<48} {one_render[way] / 1e6:8,.0f} M   = {ratio:.3f} x minimal")
    return None


if __name__ == "__main__":
    sys.exit(main())
