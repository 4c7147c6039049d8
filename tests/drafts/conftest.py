"""Publishing as the secretariat does on 17 April 2014 (the `vision` fixture: tests/conftest.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from drafts import services

GENEVA = ZoneInfo("Europe/Zurich")
EVENING_OF_17_APRIL = datetime(2014, 4, 17, 19, 30, tzinfo=GENEVA)
AFTERNOON_OF_17_APRIL = datetime(2014, 4, 17, 15, 30, tzinfo=GENEVA)


def chapter(document, letter):
    return document.chapters.get(letter=letter)


def publish(document, actor, **options):
    options.setdefault("stage", "pre_agreed")
    options.setdefault("as_of", EVENING_OF_17_APRIL)
    return services.publish(document=document, actor=actor, **options)
