import pytest

from drafts import services as drafts_services
from drafts.models import Paragraph
from processes.models import Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory


@pytest.fixture(autouse=True, scope="session")
def run_celery_tasks_in_process():
    """Tests run tasks eagerly; the production-process test drives a real worker instead."""
    from wsisplatform.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Production uses a manifest built by collectstatic; tests read the source files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_in_a_temporary_directory(settings, tmp_path):
    """Rendered PDFs and uploads go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def process(db):
    return ProcessFactory(code="WSIS+10", slug="wsis10", name="WSIS+10 MPP")


def _member(process, role, stakeholder_name=None):
    stakeholder = StakeholderFactory(name=stakeholder_name) if stakeholder_name else None
    return MemberFactory(process=process, role=role, stakeholder=stakeholder).user


@pytest.fixture
def secretariat(process):
    return _member(process, Role.SECRETARIAT, "International Telecommunication Union")


@pytest.fixture
def chair(process):
    return _member(process, Role.CHAIR, "Russian Federation")


@pytest.fixture
def delegate(process):
    return _member(process, Role.DELEGATE, "Saudi Arabia")


@pytest.fixture
def observer(process):
    return _member(process, Role.OBSERVER)


@pytest.fixture
def make_document(process, secretariat):
    """Builds a document through the services: chapters of numbered paragraphs."""

    def make(*, slug="vision", chapters=(("A", 3),), texts=None):
        document = drafts_services.create_document(
            process=process,
            title=f"Document {slug}",
            short_title=slug,
            slug=slug,
            actor=secretariat,
        )
        for letter, count in chapters:
            chapter = drafts_services.add_chapter(
                document=document, letter=letter, title=f"Chapter {letter}", actor=secretariat
            )
            for number in range(1, count + 1):
                text = (texts or {}).get((letter, number), f"Text of {letter}.{number}.")
                alternatives = text if isinstance(text, tuple) else (text,)
                drafts_services.add_paragraph(
                    chapter=chapter,
                    number=number,
                    alternatives=[drafts_services.AlternativeText(text=t) for t in alternatives],
                    actor=secretariat,
                )
        return document

    return make


OPEN_IN_VISION_B = {2, 21, 27, 28, 29, 30}


@pytest.fixture
def vision(make_document, chair):
    """The Vision as on 17 April 2014: Chapter A pre-agreed besides Para 11, Chapter B besides
    Paras 2, 21, 27-30."""
    from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27

    document = make_document(
        chapters=(("A", 11), ("B", 30)),
        texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2), ("B", 27): PARA_27},
    )
    for paragraph in Paragraph.objects.filter(chapter__document=document).select_related("chapter"):
        letter, number = paragraph.chapter.letter, paragraph.number
        if (letter, number) == ("A", 11) or (letter == "B" and number in OPEN_IN_VISION_B):
            continue
        drafts_services.mark_pre_agreed(paragraph=paragraph, actor=chair, expected_version=1)
    return document
