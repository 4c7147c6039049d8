"""Fixtures for the REST API: a client, Chapter B of the Vision, and a picture of the database."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from consultations.models import Decision, Proposal, ProposalKind
from consultations.services import submit_proposal
from drafts.models import Alternative, Paragraph, ParagraphVersion, StatusChange
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The factories hash a password for every user; the strong hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    """The API client, signed in as the given user (session, CSRF not enforced here)."""

    def sign_in(user):
        api.force_login(user)
        return api

    return sign_in


@pytest.fixture
def chapter_b(make_document):
    """Chapter B of the Vision: Paras 1-27, Para 21 with two ALTs, Para 27 with brackets."""
    document = make_document(
        chapters=(("B", 27),),
        texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2), ("B", 27): PARA_27},
    )
    return {p.number: p for p in Paragraph.objects.filter(chapter__document=document)}


@pytest.fixture
def para_21(chapter_b):
    return chapter_b[21]


@pytest.fixture
def amendment(para_21, delegate):
    """Saudi Arabia's amendment of Para 21 ALT 1, against version 1."""
    return submit_proposal(
        paragraph=para_21,
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=1,
        alternative_position=1,
        text=AMENDED_ALT_1,
        rationale="Security belongs here.",
    )


def paragraph_url(paragraph, action=""):
    return f"/api/v1/paragraphs/{paragraph.uid}/" + (f"{action}/" if action else "")


def proposal_url(proposal, action=""):
    return f"/api/v1/proposals/{proposal.pk}/" + (f"{action}/" if action else "")


def database_state():
    """Everything a request on the text could change, to compare before and after."""
    return {
        "paragraphs": list(
            Paragraph.objects.order_by("pk").values_list(
                "pk", "number", "insertion", "status", "status_changed_at", "current_version"
            )
        ),
        "versions": list(ParagraphVersion.objects.order_by("pk").values_list("pk", "sequence")),
        "alternatives": list(
            Alternative.objects.order_by("pk").values_list("pk", "version", "text")
        ),
        "status_changes": list(StatusChange.objects.order_by("pk").values_list("pk")),
        "proposals": list(
            Proposal.objects.order_by("pk").values_list("pk", "state", "text", "decided_at")
        ),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "outcome")),
    }
