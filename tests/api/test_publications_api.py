"""Publishing, reading and comparing consolidated texts through the API."""

import pytest

from drafts import services
from drafts.models import Publication, PublishedParagraph, Rendering
from tests.drafts.conftest import EVENING_OF_17_APRIL, chapter

pytestmark = pytest.mark.django_db

PUBLICATIONS = "/api/v1/processes/wsis10/publications/"


def publish_body(**fields):
    return {"document": "vision", "chapter": "B", "stage": "pre_agreed", **fields}


def test_the_secretariat_publishes_chapter_b_and_reads_its_state(
    as_user, secretariat, vision, django_capture_on_commit_callbacks
):
    client = as_user(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PUBLICATIONS, publish_body(meeting_number=4, document_number=26), format="json"
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["symbol"] == "WSIS+10/4/26/Pre-agreed"
    assert body["chapter"] == "B"
    assert body["status_line"] == "Pre-agreed (besides Paras 2, 21, 27-30)"
    assert body["published_by"]["id"] == secretariat.pk
    [chapter_b] = body["chapters"]
    para_21 = chapter_b["paragraphs"][20]
    assert (para_21["number"], para_21["status"], para_21["change"]) == ("21", "open", "first")
    assert [a["label"] for a in para_21["alternatives"]] == ["ALT 1", "ALT 2"]
    # The response was made before the worker ran; reading again shows the PDF ready.
    pdf = client.get(f"/api/v1/publications/{body['id']}/").json()["pdf"]
    assert pdf["state"] == "ready"
    assert pdf["url"].endswith("/p/wsis10/publications/WSIS+10/4/26/Pre-agreed/pdf")
    assert pdf["page_count"] >= 1


def test_anyone_lists_and_reads_publications_without_signing_in(api, vision, secretariat):
    publication = services.publish(
        document=vision, actor=secretariat, stage="pre_agreed", as_of=EVENING_OF_17_APRIL
    ).publication

    listed = api.get(PUBLICATIONS).json()["results"]
    found = api.get(PUBLICATIONS, {"symbol": publication.symbol}).json()["results"]
    detail = api.get(f"/api/v1/publications/{publication.pk}/").json()

    assert [p["symbol"] for p in listed] == ["WSIS+10/1/1/Pre-agreed"]
    assert [p["id"] for p in found] == [publication.pk]
    assert detail["status_as_of_label"] == "Status as of 17 April 2014, COB"
    assert [c["status_line"] for c in detail["chapters"]] == [
        "Pre-agreed (besides Para 11)",
        "Pre-agreed (besides Paras 2, 21, 27-30)",
    ]
    assert detail["pdf"]["state"] == "queued" and detail["pdf"]["url"] is None
    assert detail["docx_url"].endswith("/WSIS+10/1/1/Pre-agreed/docx")


def test_publishing_unchanged_text_again_answers_200_with_the_earlier_publication(
    as_user, secretariat, vision, django_capture_on_commit_callbacks
):
    client = as_user(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(PUBLICATIONS, publish_body(), format="json").json()

    again = client.post(PUBLICATIONS, publish_body(), format="json")

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Publication.objects.count() == Rendering.objects.count() == 1


def test_a_taken_symbol_is_a_409_and_nothing_is_published(as_user, secretariat, vision):
    client = as_user(secretariat)
    client.post(PUBLICATIONS, publish_body(meeting_number=4, document_number=26), format="json")
    before = (Publication.objects.count(), PublishedParagraph.objects.count())

    response = client.post(
        PUBLICATIONS,
        publish_body(chapter="A", meeting_number=4, document_number=26),
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "symbol_taken"
    assert (Publication.objects.count(), PublishedParagraph.objects.count()) == before


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_publishes(as_user, vision, request, who):
    response = as_user(request.getfixturevalue(who)).post(
        PUBLICATIONS, publish_body(), format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "Only the secretariat publishes consolidated texts.",
    }
    assert not Publication.objects.exists()


def test_publishing_needs_a_sign_in(api, vision):
    response = api.post(PUBLICATIONS, publish_body(), format="json")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (publish_body(stage="almost"), 400, "invalid_input"),
        (publish_body(chapter="Z"), 404, "not_found"),
        (publish_body(document="nope"), 404, "not_found"),
        (publish_body(meeting_number=0), 400, "invalid_input"),
    ],
)
def test_bad_publishing_requests_are_refused_clearly(
    as_user, secretariat, vision, body, status, code
):
    response = as_user(secretariat).post(PUBLICATIONS, body, format="json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Publication.objects.exists()


def test_no_method_changes_or_deletes_a_publication(as_user, secretariat, vision):
    publication = services.publish(document=vision, actor=secretariat, stage="pre_agreed")
    address = f"/api/v1/publications/{publication.publication.pk}/"
    client = as_user(secretariat)

    answers = [
        client.put(address, {"symbol": "X"}, format="json").status_code,
        client.patch(address, {"status_line": "Agreed"}, format="json").status_code,
        client.delete(address).status_code,
    ]

    assert answers == [405, 405, 405]
    assert Publication.objects.get().status_line.startswith("Pre-agreed (besides")


def test_two_publications_are_compared(api, vision, secretariat, chair):
    chapter_b = chapter(vision, "B")
    older = services.publish(
        document=vision, chapter=chapter_b, actor=secretariat, stage="pre_agreed"
    ).publication
    para_21 = chapter_b.paragraphs.get(number=21)
    services.retain_alternative(paragraph=para_21, actor=chair, position=1, expected_version=1)
    newer = services.publish(
        document=vision, chapter=chapter_b, actor=secretariat, stage="pre_agreed"
    ).publication

    response = api.get("/api/v1/publications/compare/", {"older": older.pk, "newer": newer.pk})

    body = response.json()
    assert response.status_code == 200
    assert (body["older"], body["newer"]) == (older.symbol, newer.symbol)
    assert body["counts"]["changed"] == 1
    compared = body["chapters"][0]["paragraphs"][20]
    assert compared["kind"] == "changed"
    assert any(op["kind"] == "delete" and "ALT 2: " in op["text"] for op in compared["ops"])


def test_comparing_an_unknown_publication_is_a_404(api):
    response = api.get("/api/v1/publications/compare/", {"older": 1, "newer": 2})

    assert response.status_code == 404


def test_the_publication_list_costs_the_same_queries_however_many(
    api, vision, secretariat, django_assert_max_num_queries
):
    for number in range(1, 6):
        services.publish(
            document=vision,
            actor=secretariat,
            stage="pre_agreed",
            meeting_number=4,
            document_number=number,
        )

    with django_assert_max_num_queries(3):
        response = api.get(PUBLICATIONS)

    assert response.json()["count"] == len(response.json()["results"]) == 5


def test_a_publication_costs_the_same_queries_however_long_its_text(
    api, vision, secretariat, django_assert_max_num_queries
):
    publication = services.publish(document=vision, actor=secretariat, stage="pre_agreed")
    paragraphs = PublishedParagraph.objects.filter(publication=publication.publication).count()
    assert paragraphs > 30

    with django_assert_max_num_queries(10):
        response = api.get(f"/api/v1/publications/{publication.publication.pk}/")

    assert response.status_code == 200
    assert sum(len(c["paragraphs"]) for c in response.json()["chapters"]) == paragraphs


@pytest.mark.parametrize(
    "query", [{"older": "x", "newer": "1"}, {"older": "1"}, {"older": "1.5", "newer": "2"}]
)
def test_comparing_with_ids_that_are_not_numbers_is_a_400(api, query):
    response = api.get("/api/v1/publications/compare/", query)

    assert response.status_code == 400
