"""The compilation of a comment period as JSON: the same structure as the page, public where the
drafts are, filtered by the same query string. (The story is the March 2014 consultation of
tests/consultations/test_compilation.py.)"""

import pytest
import time_machine

from consultations import compilation as compiling
from consultations.models import ProposalKind
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2
from tests.consultations.test_compilation import (
    HOSTILE,
    NEW_PARAGRAPH,
    RECEIVED,
    build_period_with_input,
    paragraph,
    propose,
    run_march_consultation,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(process, make_document, secretariat, chair, delegate):
    return run_march_consultation(
        process=process,
        make_document=make_document,
        secretariat=secretariat,
        chair=chair,
        delegate=delegate,
    )


def compilation_url(period, query=""):
    return f"/api/v1/compilations/{period.pk}/{query}"


def para(body, letter, number):
    chapter = next(c for c in body["chapters"] if c["letter"] == letter)
    return next(p for p in chapter["paragraphs"] if p["number"] == number)


def test_anyone_reads_the_compilation_of_a_public_process(api, march):
    response = api.get(compilation_url(march.period))

    body = response.json()
    assert response.status_code == 200
    assert body["period"] == {
        "id": march.period.pk,
        "title": "Comments from WSIS stakeholders",
        "process": "wsis10",
        "document": "vision",
        "opens_at": "2014-03-07T00:00:00+01:00",
        "closes_at": "2014-03-21T18:00:00+01:00",
        "time_zone": "Europe/Zurich",
    }
    assert body["counts"] == {
        "proposals": 3,
        "comments": 3,
        "general_comments": 2,
        "stakeholders": 5,
    }
    assert [
        (group["label"], entry["stakeholder"]["name"], item["text"])
        for group in body["general_comments"]
        for entry in group["stakeholders"]
        for item in entry["inputs"]
    ] == [
        ("Government", "Egypt", "Egypt welcomes the Vision."),
        ("Private sector", "ICC BASIS", "Business supports a light-touch Vision."),
    ]
    assert body["csv_url"] == (
        f"http://testserver/p/wsis10/vision/periods/{march.period.pk}/compilation.csv"
    )


def test_each_paragraph_has_its_opening_text_and_its_input_by_category(api, march):
    body = api.get(compilation_url(march.period)).json()

    para_21 = para(body, "B", "21")
    assert (para_21["version"], para_21["is_new"], para_21["has_input"]) == (1, False, True)
    assert para_21["alternatives"] == [
        {"label": "ALT 1", "text": PARA_21_ALT_1, "proposer": ""},
        {"label": "ALT 2", "text": PARA_21_ALT_2, "proposer": ""},
    ]
    assert [
        (group["category"], entry["stakeholder"]["name"], item["kind"])
        for group in para_21["input"]
        for entry in group["stakeholders"]
        for item in entry["inputs"]
    ] == [
        ("government", "Egypt", "comment"),
        ("government", "Saudi Arabia", "amend"),
        ("civil_society", "The Internet Democracy Project", "comment"),
        ("un_entity", "UNESCO", "comment"),
    ]
    amendment = para_21["input"][0]["stakeholders"][1]["inputs"][0]
    assert amendment["id"] == march.amendment.pk
    assert (amendment["alternative"], amendment["state"]) == ("ALT 1", "accepted")
    assert {"kind": "insert", "text": "and security "} in amendment["redline"]
    assert "openness [+and security+] of" in amendment["redline_text"]
    assert amendment["submitted_at"] == "2014-03-10T10:00:00+01:00"
    para_5bis = para(body, "B", "5bis")
    assert (para_5bis["is_new"], para_5bis["alternatives"][0]["text"]) == (True, NEW_PARAGRAPH)
    assert body["chapters"][1]["no_input"] == "1-4, 5bis, 6-20, 22-27, 29-30"


def test_the_query_string_filters_as_on_the_page(api, march):
    response = api.get(compilation_url(march.period, "?category=un_entity&with_input=1"))

    body = response.json()
    assert response.status_code == 200
    assert body["filters"] == {"category": "un_entity", "stakeholder": None, "with_input": True}
    assert [p["number"] for p in body["chapters"][1]["paragraphs"]] == ["5", "21"]
    assert body["chapters"][0]["paragraphs"] == []
    assert body["general_comments"] == []
    assert body["counts"]["stakeholders"] == 1
    assert len(body["stakeholders"]) == 5  # the filter's choices stay whole
    assert body["pdf_url"].endswith("compilation.pdf?category=un_entity&with_input=1")


def test_a_filter_it_cannot_apply_is_a_400_that_names_it(api, march):
    response = api.get(compilation_url(march.period, "?category=aliens"))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "category" in response.json()["fields"]


def test_a_closed_process_shows_its_compilations_to_members_only(api, process, march, observer):
    process.drafts_are_public = False
    process.save()

    anonymous = api.get(compilation_url(march.period))
    api.force_login(UserFactory())
    stranger = api.get(compilation_url(march.period))
    api.force_login(observer)
    member = api.get(compilation_url(march.period))

    assert (anonymous.status_code, anonymous.json()["code"]) == (404, "not_found")
    assert (stranger.status_code, stranger.json()["code"]) == (404, "not_found")
    assert member.status_code == 200
    assert member.json()["counts"]["proposals"] == 3


def test_an_unknown_period_is_not_found(api, march):
    assert api.get("/api/v1/compilations/999999/").status_code == 404
    assert api.get("/api/v1/compilations/abc/").status_code == 404


def test_what_stakeholders_wrote_comes_back_as_it_was_written_in_json(api, march):
    with time_machine.travel(RECEIVED, tick=False):
        propose(
            march.period,
            paragraph(march.document, "A", 1),
            march.idp,
            ProposalKind.COMMENT,
            rationale=HOSTILE,
        )

    response = api.get(compilation_url(march.period))

    assert response["Content-Type"] == "application/json"
    [comment] = [
        item
        for group in para(response.json(), "A", "1")["input"]
        for entry in group["stakeholders"]
        for item in entry["inputs"]
    ]
    assert comment["text"] == HOSTILE


# resolving the period, then the compilation's queries
API_QUERIES = 1 + compiling.COMPILATION_QUERIES


def test_the_api_costs_the_same_queries_for_10_and_200_paragraphs(
    api, make_document, secretariat, delegate, django_assert_max_num_queries
):
    counts = []
    for slug, size in (("small", 10), ("large", 200)):
        period = build_period_with_input(
            make_document, secretariat, delegate, slug=slug, paragraphs=size
        )
        with django_assert_max_num_queries(API_QUERIES) as captured:
            response = api.get(compilation_url(period))
        assert response.status_code == 200
        assert response.json()["counts"]["proposals"] == size
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
