"""Reading the drafts through the API: open processes are public, closed ones members-only."""

import uuid

import pytest

from consultations import services
from consultations.models import ProposalKind
from tests.api.conftest import (
    PARA_21_ALT_1,
    PARA_21_ALT_2,
    paragraph_url,
    proposal_url,
)
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

DOCUMENT_URL = "/api/v1/processes/wsis10/documents/vision/"


def test_anyone_reads_the_processes_and_documents_of_an_open_process(api, process, chapter_b):
    processes = api.get("/api/v1/processes/").json()
    assert [p["slug"] for p in processes["results"]] == ["wsis10"]

    detail = api.get("/api/v1/processes/wsis10/").json()
    assert (detail["code"], detail["drafts_are_public"], detail["your_memberships"]) == (
        "WSIS+10",
        True,
        [],
    )

    documents = api.get("/api/v1/processes/wsis10/documents/").json()
    assert documents["results"] == [
        {
            "slug": "vision",
            "title": "Document vision",
            "short_title": "vision",
            "symbol_number": None,
            "paragraph_count": 27,
            "settled_count": 0,
            "agreed_count": 0,
        }
    ]


def test_the_document_shows_chapters_paragraphs_alternatives_and_pending_proposals(
    api, chapter_b, amendment
):
    response = api.get(DOCUMENT_URL)

    assert response.status_code == 200
    [chapter] = response.json()["chapters"]
    assert (chapter["letter"], chapter["heading"]) == ("B", "Chapter B: Chapter B")
    assert chapter["progress"] == {
        "total": 27,
        "settled": 0,
        "open_paragraphs": [str(n) for n in range(1, 28)],
        "status_line": "Open",
    }
    para_21 = chapter["paragraphs"][20]
    assert para_21 == {
        "uid": str(chapter_b[21].uid),
        "number": 21,
        "insertion": 0,
        "display_number": "21",
        "label": "Para 21",
        "status": "open",
        "status_changed_at": None,
        "current_version": 1,
        "alternatives": [
            {"position": 1, "label": "ALT 1", "text": PARA_21_ALT_1, "proposer": None},
            {"position": 2, "label": "ALT 2", "text": PARA_21_ALT_2, "proposer": None},
        ],
        "pending_proposal_count": 1,
    }
    assert [p["pending_proposal_count"] for p in chapter["paragraphs"]].count(0) == 26


def test_a_paragraph_shows_its_whole_history(api, chair, para_21, amendment):
    services.accept_proposal(proposal=amendment, actor=chair, expected_version=1)

    body = api.get(paragraph_url(para_21)).json()

    assert (body["process"], body["document"], body["chapter"]) == (
        "wsis10",
        "vision",
        "Chapter B: Chapter B",
    )
    assert [v["sequence"] for v in body["versions"]] == [1, 2]
    drafted, accepted = body["versions"]
    assert (drafted["change"], drafted["actor_role"], drafted["source_proposal_id"]) == (
        "drafted",
        "secretariat",
        None,
    )
    assert (accepted["change"], accepted["source_proposal_id"]) == (
        "proposal_accepted",
        amendment.pk,
    )
    assert accepted["author"] == {"id": chair.pk, "name": chair.get_full_name()}
    assert accepted["on_behalf_of"]["name"] == "Saudi Arabia"
    assert accepted["reason"].startswith(f"Proposal accepted (proposal {amendment.pk}")
    assert [a["label"] for a in accepted["alternatives"]] == ["ALT 1", "ALT 2"]


def closed_process_urls(process, paragraph, proposal):
    return [
        f"/api/v1/processes/{process.slug}/",
        f"/api/v1/processes/{process.slug}/documents/",
        f"/api/v1/processes/{process.slug}/documents/vision/",
        paragraph_url(paragraph),
        paragraph_url(paragraph, "status-changes"),
        paragraph_url(paragraph, "proposals"),
        proposal_url(proposal),
        proposal_url(proposal, "decisions"),
    ]


def test_a_closed_process_is_hidden_from_outsiders_as_if_it_did_not_exist(
    api, as_user, process, para_21, amendment
):
    process.drafts_are_public = False
    process.save()
    unknown = api.get(f"/api/v1/paragraphs/{uuid.uuid4()}/").json()

    for client in (api, as_user(UserFactory())):
        for url in closed_process_urls(process, para_21, amendment):
            response = client.get(url)
            assert (url, response.status_code) == (url, 404)
            assert response.json() == unknown == {"code": "not_found", "message": "Not found."}
        assert client.get("/api/v1/processes/").json()["results"] == []


def test_members_read_their_closed_process(as_user, process, observer, para_21, amendment):
    process.drafts_are_public = False
    process.save()
    client = as_user(observer)

    for url in closed_process_urls(process, para_21, amendment):
        assert (url, client.get(url).status_code) == (url, 200)
    memberships = client.get(f"/api/v1/processes/{process.slug}/").json()["your_memberships"]
    assert memberships == [{"role": "observer", "stakeholder": None}]


def test_outsiders_cannot_act_on_a_closed_process_either(as_user, process, para_21, amendment):
    process.drafts_are_public = False
    process.save()
    outsider = as_user(MemberFactory(role="delegate").user)  # a delegate in another process

    proposed = outsider.post(
        paragraph_url(para_21, "proposals"),
        {"kind": "comment", "base_version": 1, "rationale": "Hello"},
        format="json",
    )
    withdrawn = outsider.post(proposal_url(amendment, "withdraw"))

    assert (proposed.status_code, withdrawn.status_code) == (404, 404)


HOSTILE = '<script>alert("x")</script> [<img src=x onerror=alert(1)>] [led by <b>X</b>]'


def test_html_and_script_come_back_as_json_data_never_as_a_page(api, delegate, para_21):
    proposal = services.submit_proposal(
        paragraph=para_21,
        actor=delegate,
        kind=ProposalKind.ADD_ALTERNATIVE,
        base_version=1,
        text=HOSTILE,
        rationale="<iframe src=//evil></iframe>",
    )

    for url in [
        paragraph_url(para_21, "proposals"),
        proposal_url(proposal),
        "/api/v1/",
        "/api/v1/processes/",
        DOCUMENT_URL,
    ]:
        for accept in ("text/html", "text/html,application/xhtml+xml,*/*;q=0.8"):
            response = api.get(url, HTTP_ACCEPT=accept)
            assert not response["Content-Type"].startswith("text/html"), url
    body = api.get(proposal_url(proposal), HTTP_ACCEPT="*/*").json()
    assert (body["text"], body["rationale"]) == (HOSTILE, "<iframe src=//evil></iframe>")
    assert api.get(proposal_url(proposal), {"format": "api"}).status_code == 404


def test_the_api_root_points_to_the_processes(api):
    response = api.get("/api/v1/")

    assert response["Content-Type"] == "application/json"
    assert response.json() == {"processes": "http://testserver/api/v1/processes/"}
