"""What is measured. Each scenario sets up its data and returns the operation to time."""

from django.contrib.auth import get_user_model
from django.test import Client

from drafts import brackets, services
from meetings.demo.loader import load_demo
from processes.models import Member, Process, Role, Stakeholder


def _document_of(paragraphs_per_chapter: int, chapters: int, slug: str):
    process, _ = Process.objects.get_or_create(
        code="BENCH", defaults={"name": "Benchmark", "slug": "bench", "drafts_are_public": True}
    )
    secretariat, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    itu, _ = Stakeholder.objects.get_or_create(name="ITU", defaults={"category": "un_entity"})
    Member.objects.get_or_create(
        user=secretariat, process=process, stakeholder=itu, role=Role.SECRETARIAT
    )
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


def all_scenarios():
    return [
        ("document page, 30 paragraphs (GET, rendered HTML)", document_page(30), 30),
        ("document page, 300 paragraphs (GET, rendered HTML)", document_page(300), 30),
        ("document page, 900 paragraphs (GET, rendered HTML)", document_page(900), 10),
        ("bracket parser, 100 x 10,000-character paragraph", bracket_parse(), 10),
        ("demo load (first run, then idempotent re-runs)", lambda: demo_load(), 5),
    ]
