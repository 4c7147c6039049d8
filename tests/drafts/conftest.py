"""A document as the secretariat publishes it on 17 April 2014, and helpers to publish it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from drafts import services
from drafts.models import Paragraph
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27

GENEVA = ZoneInfo("Europe/Zurich")
EVENING_OF_17_APRIL = datetime(2014, 4, 17, 19, 30, tzinfo=GENEVA)
AFTERNOON_OF_17_APRIL = datetime(2014, 4, 17, 15, 30, tzinfo=GENEVA)
OPEN_IN_B = {2, 21, 27, 28, 29, 30}


@pytest.fixture
def vision(make_document, chair):
    """The Vision as on 17 April 2014: Chapter A pre-agreed besides Para 11, Chapter B besides
    Paras 2, 21, 27-30."""
    document = make_document(
        chapters=(("A", 11), ("B", 30)),
        texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2), ("B", 27): PARA_27},
    )
    for paragraph in Paragraph.objects.filter(chapter__document=document).select_related("chapter"):
        letter, number = paragraph.chapter.letter, paragraph.number
        if (letter, number) == ("A", 11) or (letter == "B" and number in OPEN_IN_B):
            continue
        services.mark_pre_agreed(paragraph=paragraph, actor=chair, expected_version=1)
    return document


def chapter(document, letter):
    return document.chapters.get(letter=letter)


def publish(document, actor, **options):
    options.setdefault("stage", "pre_agreed")
    options.setdefault("as_of", EVENING_OF_17_APRIL)
    return services.publish(document=document, actor=actor, **options)
