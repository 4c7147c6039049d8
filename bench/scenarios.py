"""What is measured. Each scenario sets up its data and returns the operation to time."""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

from consultations import services as consultations
from consultations.models import Proposal, ProposalKind, ProposalState
from drafts import brackets, diffing, services
from drafts.models import Alternative, Document, Paragraph
from meetings.demo import wsis10
from meetings.demo.loader import load_demo
from processes.models import Member, Process, Role, Stakeholder


def _process_and_secretariat():
    process, _ = Process.objects.get_or_create(
        code="BENCH", defaults={"name": "Benchmark", "slug": "bench", "drafts_are_public": True}
    )
    secretariat, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    itu, _ = Stakeholder.objects.get_or_create(name="ITU", defaults={"category": "un_entity"})
    Member.objects.get_or_create(
        user=secretariat, process=process, stakeholder=itu, role=Role.SECRETARIAT
    )
    return process, secretariat


def _document_of(paragraphs_per_chapter: int, chapters: int, slug: str):
    process, secretariat = _process_and_secretariat()
    document = services.create_document(
        process=process, title=slug, short_title=slug, slug=slug, actor=secretariat
    )
    for index in range(chapters):
        chapter = services.add_chapter(
            document=document, letter=chr(ord("A") + index), title="Chapter", actor=secretariat
        )
        for number in range(1, paragraphs_per_chapter + 1):
            texts = [
                "Building confidence and security in the use of ICTs is critical. "
                "[this includes recognizing the need for international agreements.] "
                "[led by Saudi]"
            ]
            if number % 10 == 0:
                texts.append("Ensuring the importance of maintaining open standards.")
            services.add_paragraph(
                chapter=chapter,
                number=number,
                alternatives=[services.AlternativeText(text=t) for t in texts],
                actor=secretariat,
            )
    return document


def document_page(paragraphs: int):
    def prepare():
        document = _document_of(paragraphs // 3, 3, f"doc-{paragraphs}")
        client = Client()
        url = f"/p/{document.process.slug}/{document.slug}/"
        status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")

        def run():
            client.get(url)

        return run

    return prepare


def demo_load():
    def run():
        load_demo()  # the first run loads; later runs measure the idempotent re-check

    return run


def bracket_parse():
    text = ("Text before [a passage [nested [deeper] text] more] [led by Egypt] after. " * 140)[
        :10_000
    ]

    def prepare():
        def run():
            for _ in range(100):
                brackets.parse(text)

        return run

    return prepare


# --- The text engine ------------------------------------------------------------------------------

PER_CALL_BATCH = 100  # calls per sample where one call is too quick to time alone

# Paragraph texts as negotiated in the source (Vision, Chapter B), one with brackets.
SAMPLE_TEXTS = (
    wsis10.PARA_21_ALT_1,
    wsis10.PARA_21_ALT_2,
    *(text for _printed, text in wsis10.SAUDI_PARAS.values()),
)


def _insert_early(text: str) -> str:
    words = text.split(" ")
    return " ".join([*words[:2], "also", *words[2:]])


def _change_middle(text: str) -> str:
    words = text.split(" ")
    middle = len(words) // 2
    return " ".join([*words[:middle], "effective", *words[middle:]])


def _extend_end(text: str) -> str:
    return text.removesuffix(".") + ", in accordance with national circumstances."


# Three amendments of any sample text, far enough apart that each rebases onto the others.
DISJOINT_EDITS = (_insert_early, _change_middle, _extend_end)


def rebase_paragraph():
    """Para 21 ALT 1: a proposal made on the old text, re-applied after a disjoint change."""
    base = wsis10.PARA_21_ALT_1
    proposed, current = _insert_early(base), _extend_end(base)

    def prepare():
        if diffing.rebase(base, proposed, current).merged != _extend_end(proposed):
            raise RuntimeError("the benchmark's disjoint edits did not merge")

        def run():
            for _ in range(PER_CALL_BATCH):
                diffing.rebase(base, proposed, current)

        return run

    return prepare


def redline_paragraph():
    old = wsis10.PARA_21_ALT_1
    new = old.replace("the openness of", "the openness and security of")

    def prepare():
        def run():
            for _ in range(PER_CALL_BATCH):
                diffing.redline(old, new)

        return run

    return prepare


def chapter_texts(paragraphs: int = 100, *, heavy: bool = False) -> tuple[str, str]:
    """A chapter as published and as it reads now, each one string of numbered paragraphs.

    Light: one paragraph in four changed in a word or a clause, as between two meetings.
    Heavy: six words replaced in every paragraph, as in a Chair's redraft of the chapter.
    """
    old, new = [], []
    for number in range(1, paragraphs + 1):
        text = f"{number}. {SAMPLE_TEXTS[number % len(SAMPLE_TEXTS)]}"
        old.append(text)
        if heavy:
            words = text.split(" ")
            for k in range(6):
                position = 1 + (number * 7 + k * 11) % (len(words) - 1)
                words[position] = ("digital", "global", "all", "sustainable", "open", "human")[k]
            text = " ".join(words)
        elif number % 4 == 0:
            text = DISJOINT_EDITS[number % 3](text)
        new.append(text)
    return "\n\n".join(old), "\n\n".join(new)


def python_redline(old: str, new: str) -> tuple[diffing.DiffOp, ...]:
    """diffing.redline with the Python diff-match-patch (diffing.reference_diff) instead of the
    C++ port it uses: same tokens, code points, time limit and clean-up, to show the difference."""
    char_of: dict[str, str] = {}
    token_of: dict[str, str] = {}

    def encode(text: str) -> str:
        chars = []
        for token in diffing.tokenize(text):
            char = char_of.get(token)
            if char is None:
                char = diffing._code_point(len(char_of))
                char_of[token], token_of[char] = char, token
            chars.append(char)
        return "".join(chars)

    kinds = {0: "equal", 1: "insert", -1: "delete"}
    return tuple(
        diffing.DiffOp(kind=kinds[op], text="".join(token_of[c] for c in chars))
        for op, chars in diffing.reference_diff(encode(old), encode(new))
        if chars
    )


def redline_chapter(*, heavy: bool, fast: bool):
    old, new = chapter_texts(heavy=heavy)
    function = diffing.redline if fast else python_redline

    def prepare():
        if python_redline(old, new) != diffing.redline(old, new):
            raise RuntimeError("fast-diff-match-patch gave another redline than diff-match-patch")

        def run():
            function(old, new)

        return run

    return prepare


# --- Consultations at scale -----------------------------------------------------------------------

STAKEHOLDERS = (
    "Saudi Arabia",
    "Egypt",
    "Switzerland",
    "Brazil",
    "India",
    "ICC BASIS",
    "Internet Society",
    "The Internet Democracy Project",
)

_built: dict[tuple[int, int], int] = {}


def build_negotiated_document(paragraphs: int = 1000, proposals: int = 3000) -> Document:
    """A document under negotiation, for benchmarks of the pages and services that read it.

    Five chapters share `paragraphs` paragraphs (sample texts from the source; one in ten has
    two alternatives, one in six brackets). `proposals` proposals from eight stakeholders are
    spread evenly over them: mostly amendments of ALT 1 (three disjoint edits in turn), with
    added alternatives and comments. Then the Chair decides, through the services: on one
    paragraph in ten the first amendment is accepted (the others are rebased onto it and stay
    pending on a stale base), one in twenty-five has a rejection, and on one in forty the
    secretariat edits the words the first amendment changes, which puts it in *needs redraft*.

    Built once per benchmark run (later calls return the same document), in one transaction.
    Everything goes through the services except the Proposal rows, which are bulk-created:
    submit_proposal costs about 1.7 s per thousand on SQLite and 6 s on PostgreSQL here, and
    checks nothing that this data could fail.
    """
    key = (paragraphs, proposals)
    if key not in _built:
        started = time.perf_counter()
        with transaction.atomic():  # one commit, not one per service call
            _built[key] = _build_negotiated_document(paragraphs, proposals).pk
        print(
            f"  (built {paragraphs:,} paragraphs with {proposals:,} proposals in "
            f"{time.perf_counter() - started:.1f} s)"
        )
    return Document.objects.get(pk=_built[key])


def _build_negotiated_document(paragraph_count: int, proposal_count: int) -> Document:
    process, secretariat = _process_and_secretariat()
    users = get_user_model().objects
    chair, _ = users.get_or_create(username="bench-chair")
    russia, _ = Stakeholder.objects.get_or_create(name="Russian Federation")
    Member.objects.get_or_create(user=chair, process=process, stakeholder=russia, role=Role.CHAIR)
    delegates = []
    for name in STAKEHOLDERS:
        stakeholder, _ = Stakeholder.objects.get_or_create(name=name)
        delegate, _ = users.get_or_create(username=f"bench-delegate-{stakeholder.pk}")
        Member.objects.get_or_create(
            user=delegate, process=process, stakeholder=stakeholder, role=Role.DELEGATE
        )
        delegates.append((delegate, stakeholder))

    slug = f"negotiated-{paragraph_count}-{proposal_count}"
    document = services.create_document(
        process=process, title=slug, short_title=slug, slug=slug, actor=secretariat
    )
    chapters = [
        services.add_chapter(document=document, letter=letter, title="Chapter", actor=secretariat)
        for letter in "ABCDE"
    ]
    per_chapter = -(-paragraph_count // len(chapters))
    for index in range(paragraph_count):
        texts = [SAMPLE_TEXTS[index % len(SAMPLE_TEXTS)]]
        if index % 10 == 0:
            texts = [wsis10.PARA_21_ALT_1, wsis10.PARA_21_ALT_2]
        services.add_paragraph(
            chapter=chapters[index // per_chapter],
            number=index % per_chapter + 1,
            alternatives=[services.AlternativeText(text=text) for text in texts],
            actor=secretariat,
        )
    paragraphs = list(
        Paragraph.objects.filter(chapter__document=document)
        .select_related("current_version")
        .order_by("chapter__order", "number")
    )
    first_texts = {
        alternative.version_id: alternative.text
        for alternative in Alternative.objects.filter(
            version__paragraph__chapter__document=document, position=1
        )
    }

    rows = []
    for index in range(proposal_count):
        paragraph = paragraphs[index % paragraph_count]
        delegate, stakeholder = delegates[index % len(delegates)]
        row = Proposal(
            paragraph=paragraph,
            base_version=paragraph.current_version,
            author=delegate,
            stakeholder=stakeholder,
            rationale="Proposed in the written consultation.",
        )
        round_ = index // paragraph_count  # the paragraph's first, second … proposal
        serial = (index % paragraph_count) * 3 + round_  # so no paragraph gets only comments
        if serial % 20 == 19:
            row.kind, row.text = ProposalKind.ADD_ALTERNATIVE, wsis10.PARA_21_ALT_2
        elif serial % 30 == 29:
            row.kind = ProposalKind.COMMENT
        else:
            edit = DISJOINT_EDITS[round_ % len(DISJOINT_EDITS)]
            row.kind, row.alternative_position = ProposalKind.AMEND, 1
            row.text = edit(first_texts[paragraph.current_version_id])
        rows.append(row)
    Proposal.objects.bulk_create(rows, batch_size=500)

    for number, paragraph in enumerate(paragraphs):
        pending = list(
            Proposal.objects.filter(paragraph=paragraph, kind=ProposalKind.AMEND).order_by("pk")
        )
        if not pending:
            continue
        if number % 10 == 3:
            consultations.accept_proposal(proposal=pending[0], actor=chair, expected_version=1)
        elif number % 25 == 4:
            consultations.reject_proposal(
                proposal=pending[-1], actor=chair, reason="No support in the room."
            )
        elif number % 40 == 5:
            texts = [a.text for a in services.current_texts(paragraph)]
            words = texts[0].split(" ")
            words[2] = "moreover"  # where the first amendment inserts "also"
            texts[0] = " ".join(words)
            services.revise_paragraph(
                paragraph=paragraph,
                alternatives=[services.AlternativeText(text=text) for text in texts],
                actor=secretariat,
                expected_version=1,
                reason="Editorial.",
            )
    return document


def apply_pending_proposal_on_stale_base():
    """apply_to_current for an amendment made on version 1 of a paragraph now at version 2."""

    def prepare():
        document = build_negotiated_document(paragraphs=1000, proposals=3000)
        proposal = (
            Proposal.objects.filter(
                paragraph__chapter__document=document,
                kind=ProposalKind.AMEND,
                state=ProposalState.SUBMITTED,
            )
            .exclude(base_version=F("paragraph__current_version"))
            .select_related("paragraph__current_version", "stakeholder")
            .order_by("pk")
            .first()
        )
        paragraph = proposal.paragraph
        current = services.current_texts(paragraph)
        version_id = paragraph.current_version_id
        if not consultations.apply_to_current(proposal, current, current_version_id=version_id).ok:
            raise RuntimeError(f"proposal {proposal.pk} no longer applies")

        def run():
            for _ in range(PER_CALL_BATCH):
                consultations.apply_to_current(proposal, current, current_version_id=version_id)

        return run

    return prepare


# --- Requests on a negotiated document, through the whole Django stack --------------------------

LARGE = (1000, 3000)  # paragraphs, proposals
SMALL = (30, 90)  # the same build, small: a query count that differs from LARGE's grows with size


def _document_page_url(document: Document) -> str:
    return reverse(
        "consultations:document",
        kwargs={"process_slug": document.process.slug, "document_slug": document.slug},
    )


def _document_api_url(document: Document) -> str:
    return reverse(
        "document-detail", kwargs={"process_slug": document.process.slug, "slug": document.slug}
    )


def _stale_paragraph(document: Document) -> Paragraph:
    """The first paragraph with a pending amendment on an older version (its list rebases it)."""
    return (
        Proposal.objects.filter(
            paragraph__chapter__document=document,
            kind=ProposalKind.AMEND,
            state=ProposalState.SUBMITTED,
        )
        .exclude(base_version=F("paragraph__current_version"))
        .select_related("paragraph")
        .order_by("pk")
        .first()
        .paragraph
    )


def _paragraph_proposals_api_url(document: Document) -> str:
    uid = _stale_paragraph(document).uid
    return reverse("paragraph-proposal-list", kwargs={"paragraph_uid": uid})


def _shows_every_paragraph(document: Document, response) -> bool:
    """The page links every paragraph (by its uid) and so renders the whole document."""
    uids = Paragraph.objects.filter(chapter__document=document).values_list("uid", flat=True)
    html = response.content.decode()
    return all(str(uid) in html for uid in uids)


def _serializes_every_paragraph(document: Document, response) -> bool:
    chapters = json.loads(response.content)["chapters"]
    paragraphs = Paragraph.objects.filter(chapter__document=document).count()
    return sum(len(chapter["paragraphs"]) for chapter in chapters) == paragraphs


def _lists_the_paragraphs_proposals(document: Document, response) -> bool:
    listed = json.loads(response.content)["results"]
    rebased = [proposal for proposal in listed if proposal["on_current_text"]]
    return len(listed) == _stale_paragraph(document).proposals.count() == 3 and len(rebased) == 2


def chair_request(
    url_of: Callable[[Document], str],
    shows_it_all: Callable[[Document, object], bool],
    *,
    size: tuple[int, int] = LARGE,
):
    """A GET by the Chair (signed in; a member who can read) of a page or endpoint of the
    negotiated document. The run returns the response, so the bench can report its size."""

    def prepare():
        document = build_negotiated_document(*size)
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench-chair"))
        url = url_of(document)
        response = client.get(url)  # the warm-up, and a check that it answers in full
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if not shows_it_all(document, response):
            raise RuntimeError(f"{url} does not show the whole of {document.slug}")

        def run():
            return client.get(url)

        return run

    return prepare


# --- Consolidated texts as PDF -------------------------------------------------------------------

_pdf_runs = {"renderings": 0}  # renderings made by the re-publishing row, for its report


def _quiet_weasyprint() -> None:
    import logging

    for name in ("weasyprint", "weasyprint.progress", "celery.app.trace"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _render_in_process() -> None:
    """Tasks run here, even with REDIS_URL set: the row times the render, not a queue."""
    from wsisplatform.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def _as_a_worker_does() -> None:
    """The heap built so far is frozen, as a worker process freezes what it holds at start: the
    garbage collector walks only what each row allocates, in every PDF row alike (otherwise the
    rows that leave the freeze to drafts.pdf would pay fewer full collections than bare
    WeasyPrint, and the one after it unfreezes would land in whichever row comes next)."""
    from wsisplatform.celery import freeze_startup_heap

    freeze_startup_heap()


def _pdf_document(paragraphs: int) -> Document:
    # The 1,000-paragraph document is the one the page rows use (built once per run).
    return build_negotiated_document(paragraphs, 3000 if paragraphs == 1000 else 0)


_next_number = {"value": 0}


def _publish_new(document: Document):
    """Publishes the document under a new number, so that its HTML (its symbol) is new and its PDF
    is rendered: the publish request, then the worker's task (in-process, on commit)."""
    _, secretariat = _process_and_secretariat()
    _next_number["value"] += 1
    published = services.publish(
        document=document,
        actor=secretariat,
        stage="first_draft",
        meeting_number=90,
        document_number=_next_number["value"],
    )
    rendering = published.publication.rendering
    rendering.refresh_from_db()
    if not rendering.is_ready:
        symbol = published.publication.symbol
        raise RuntimeError(f"{symbol}: the PDF is {rendering.state} {rendering.error}")
    return published.publication


def publish_and_render(paragraphs: int):
    def prepare():
        _quiet_weasyprint()
        _render_in_process()
        document = _pdf_document(paragraphs)
        _publish_new(document)  # warm-up: fonts, WeasyPrint's imports
        _as_a_worker_does()

        def run():
            return _publish_new(document)

        return run

    return prepare


def render_task(paragraphs: int):
    """The worker's task alone, on a publication's rendering put back in the queue: claim, the
    HTML the template made at publishing, WeasyPrint, line numbers and rules, the file stored."""

    def prepare():
        from drafts.models import Rendering, RenderingState
        from drafts.tasks import render_pdf

        _quiet_weasyprint()
        _render_in_process()
        rendering = _publish_new(_pdf_document(paragraphs)).rendering  # and the warm-up
        _as_a_worker_does()

        def run():
            Rendering.objects.filter(pk=rendering.pk).update(
                state=RenderingState.QUEUED, file="", started_at=None, finished_at=None
            )
            render_pdf.delay(rendering.pk)
            rendering.refresh_from_db()
            if not rendering.is_ready:
                raise RuntimeError(f"the PDF is {rendering.state} {rendering.error}")

        return run

    return prepare


# What a person would write by hand for the same PDF, short of line numbers (which WeasyPrint
# cannot make): A4, the symbol at the top right of every page but the first, "Page X of Y" and
# the status in the footer, plain paragraphs with the spacing ours have. Literal strings where
# ours uses string-set; no class, no hanging number, no rule beside open text.
_MINIMAL_STYLESHEET = """
@page {
  size: A4;
  margin: 22mm 15mm 24mm 30mm;
  @top-right { content: %(symbol)s; font: bold 9pt "DejaVu Serif", serif; }
  @bottom-left { content: %(status)s; font: 8pt "DejaVu Serif", serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Serif"; }
}
@page :first { @top-right { content: none; } }
html { font: 10.5pt/14pt "DejaVu Serif", serif; }
body { margin: 0; }
p { margin: 0 0 7pt; }
h1 { font-size: 14pt; }
h2 { font-size: 12pt; }
"""


def _css_string(text: str) -> str:
    return json.dumps(text)  # a CSS string: quotes and backslashes escaped alike


def _minimal_page(document: Document, publication) -> tuple[str, str]:
    """The publication's content as a minimal hand-written page and its stylesheet: the symbol,
    the title, "Status as of", the status line, a heading per chapter, a <p> per paragraph
    ("21. <b>ALT 1:</b> …", ALT 2 in a <p> of its own), brackets as typed, each chapter's status
    line under its heading (as the template prints it, when there are several); nothing else."""
    from django.utils.html import escape

    paragraphs = list(
        Paragraph.objects.filter(chapter__document=document)
        .select_related("current_version", "chapter")
        .order_by("chapter__order", "number", "insertion")
    )
    texts: dict[int, list[str]] = {}
    for alternative in Alternative.objects.filter(
        version_id__in=[p.current_version_id for p in paragraphs]
    ).order_by("position"):
        texts.setdefault(alternative.version_id, []).append(alternative.text)
    parts = [
        "<!DOCTYPE html><html><body>",
        f'<p style="text-align: right"><b>{escape(publication.symbol)}</b></p>',
        f"<h1>{escape(publication.title)}</h1>",
        f"<p><b>{escape(publication.status_as_of_label)}</b></p>",
        f"<p>{escape(publication.status_line)}</p>",
    ]
    chapter_status = {
        chapter.chapter_id: chapter.status_line for chapter in publication.chapters.all()
    }
    chapter_id = None
    for paragraph in paragraphs:
        if paragraph.chapter_id != chapter_id:
            chapter_id = paragraph.chapter_id
            parts.append(f"<h2>{escape(paragraph.chapter.heading)}</h2>")
            if len(chapter_status) > 1:
                parts.append(f"<p><i>{escape(chapter_status[chapter_id])}</i></p>")
        alternatives = texts[paragraph.current_version_id]
        number = f"{paragraph.display_number}. "
        if len(alternatives) > 1:
            for position, text in enumerate(alternatives, 1):
                parts.append(f"<p>{number}<b>ALT {position}:</b> {escape(text)}</p>")
                number = ""
        else:
            parts.append(f"<p>{number}{escape(alternatives[0])}</p>")
    parts.append("</body></html>")
    stylesheet = _MINIMAL_STYLESHEET % {
        "symbol": _css_string(publication.symbol),
        "status": _css_string(publication.status_line),
    }
    return "".join(parts), stylesheet


def bare_weasyprint(paragraphs: int, *, minimal: bool):
    """WeasyPrint alone: on a minimal hand-written page of the same text with its own minimal
    stylesheet, or on the very HTML our template made with our print stylesheet (no line numbers,
    no database, no file stored)."""

    def prepare():
        import weasyprint

        from drafts.pdf import with_room_to_recurse
        from drafts.services.renderings import print_stylesheet

        _quiet_weasyprint()
        _render_in_process()
        document = _pdf_document(paragraphs)
        publication = _publish_new(document)
        if minimal:
            html, stylesheet = _minimal_page(document, publication)
        else:
            html, stylesheet = publication.rendering.html, print_stylesheet()
        stylesheet = weasyprint.CSS(string=stylesheet)
        _as_a_worker_does()

        def render():
            return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])

        def run():
            # With room to recurse, as drafts.pdf renders: called from here without it, how
            # often CPython maps and unmaps its frame stack's chunks under WeasyPrint's recursion
            # would depend on this benchmark's depth (100 to 30,000 page faults per render of
            # the minimal page, measured), and the ratio with it.
            return with_room_to_recurse(render)

        run()  # warm-up
        return run

    return prepare


def republish_unchanged():
    """Publishing again text that has not changed since its last publication: the earlier
    publication is returned, nothing is rendered."""

    def prepare():
        from drafts.models import Rendering

        _quiet_weasyprint()
        _render_in_process()
        document = _pdf_document(1000)
        _, secretariat = _process_and_secretariat()
        first = services.publish(document=document, actor=secretariat, stage="agreed")
        before = Rendering.objects.count()

        def run():
            again = services.publish(document=document, actor=secretariat, stage="agreed")
            if again.is_new or again.publication != first.publication:
                raise RuntimeError("unchanged text was published again")
            _pdf_runs["renderings"] = Rendering.objects.count() - before

        return run

    return prepare


def _renderings_made() -> str:
    return f"{_pdf_runs['renderings']} renderings made"


@dataclass(frozen=True)
class Scenario:
    name: str
    prepare: Callable[[], Callable[[], object]]
    repeat: int  # samples timed, after the prepared call used to count the queries
    calls: int = 1  # calls in one sample, when one is too quick to time alone; figures per call
    small: Callable[[], Callable[[], object]] | None = None  # the same at SMALL: its query count
    small_label: str = ""
    ratio_to: tuple[str, ...] = ()  # earlier rows whose median this row's is divided by
    report: Callable[[], str] | None = None  # said after the row's figures


def at_both_sizes(name: str, url_of, shows_it_all, *, repeat: int) -> Scenario:
    return Scenario(
        name,
        chair_request(url_of, shows_it_all, size=LARGE),
        repeat,
        small=chair_request(url_of, shows_it_all, size=SMALL),
        small_label=f"at {SMALL[0]:,}/{SMALL[1]:,}",
    )


def all_scenarios() -> list[Scenario]:
    return [
        Scenario("document page, 30 paragraphs (GET, rendered HTML)", document_page(30), 30),
        Scenario("document page, 300 paragraphs (GET, rendered HTML)", document_page(300), 30),
        Scenario("document page, 900 paragraphs (GET, rendered HTML)", document_page(900), 10),
        Scenario("bracket parser, 100 x 10,000-character paragraph", bracket_parse(), 10),
        Scenario("demo load (first run, then idempotent re-runs)", lambda: demo_load(), 5),
        Scenario(
            "rebase, Para 21 ALT 1, disjoint edits (per call)",
            rebase_paragraph(),
            20,
            PER_CALL_BATCH,
        ),
        Scenario("redline, Para 21 ALT 1 (per call)", redline_paragraph(), 20, PER_CALL_BATCH),
        Scenario(
            "redline, chapter of 100 paras, 1 in 4 edited, Python dmp",
            redline_chapter(heavy=False, fast=False),
            10,
        ),
        Scenario("  same, fast-dmp (in use)", redline_chapter(heavy=False, fast=True), 10),
        Scenario(
            "redline, chapter of 100 paras, all redrafted, Python dmp",
            redline_chapter(heavy=True, fast=False),
            5,
        ),
        Scenario("  same, fast-dmp (in use)", redline_chapter(heavy=True, fast=True), 5),
        Scenario(
            "apply_to_current, stale base, 1,000 paras/3,000 proposals",
            apply_pending_proposal_on_stale_base(),
            20,
            PER_CALL_BATCH,
        ),
        # The Chair signed in, through the test client: URL routing, middleware, session, view,
        # template or serializer. 1,000 paragraphs / 3,000 proposals, as above.
        at_both_sizes(
            "document page, 1,000 paras/3,000 props, Chair (HTML)",
            _document_page_url,
            _shows_every_paragraph,
            repeat=20,
        ),
        at_both_sizes(
            "document API, 1,000 paras/3,000 props, Chair (JSON)",
            _document_api_url,
            _serializes_every_paragraph,
            repeat=20,
        ),
        at_both_sizes(
            "  one paragraph's proposals (API list: 3, 2 rebased)",
            _paragraph_proposals_api_url,
            _lists_the_paragraphs_proposals,
            repeat=30,
        ),
        # Consolidated texts as PDF: the worker's task renders (claim, WeasyPrint, line numbers,
        # file stored), after the secretariat publishes (snapshot, symbol, template) or alone,
        # next to WeasyPrint alone on a minimal page of the same text and on the HTML our
        # template made.
        *pdf_scenarios(300, repeat=5),
        *pdf_scenarios(1000, repeat=5),
        Scenario(
            "PDF, 1,000 paras: re-publish unchanged text (no render)",
            republish_unchanged(),
            20,
            report=_renderings_made,
        ),
    ]


def pdf_scenarios(paragraphs: int, *, repeat: int) -> list[Scenario]:
    minimal = f"PDF, {paragraphs:,} paras: bare WeasyPrint, minimal hand-written HTML"
    same = f"PDF, {paragraphs:,} paras: bare WeasyPrint, our template's HTML"
    return [
        Scenario(minimal, bare_weasyprint(paragraphs, minimal=True), repeat),
        Scenario(same, bare_weasyprint(paragraphs, minimal=False), repeat),
        Scenario(
            f"PDF, {paragraphs:,} paras: render task (ours)",
            render_task(paragraphs),
            repeat,
            ratio_to=(minimal, same),
        ),
        Scenario(
            f"PDF, {paragraphs:,} paras: publish + render task (ours)",
            publish_and_render(paragraphs),
            repeat,
            ratio_to=(minimal, same),
        ),
    ]
