"""The secretariat sets up processes and documents in the admin; negotiated text is read-only."""

import pytest
from django.contrib.auth import get_user_model

from drafts.models import Paragraph, Publication
from meetings.demo.loader import load_demo

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "processes/process",
    "processes/stakeholder",
    "processes/member",
    "drafts/document",
    "drafts/chapter",
    "drafts/paragraph",
    "drafts/paragraphversion",
    "drafts/statuschange",
    "drafts/publication",
    "drafts/rendering",
    "consultations/proposal",
]


@pytest.fixture
def secretariat_client(client):
    load_demo()
    client.force_login(get_user_model().objects.get(username="secretariat"))
    return client


def test_the_demo_secretariat_sees_every_list_but_cannot_add_text(secretariat_client):
    statuses = {
        changelist: secretariat_client.get(f"/admin/{changelist}/").status_code
        for changelist in CHANGELISTS
    }

    assert statuses == dict.fromkeys(CHANGELISTS, 200)
    for url in ["/admin/drafts/paragraph/add/", "/admin/drafts/paragraphversion/add/"]:
        assert secretariat_client.get(url).status_code == 403


def test_a_paragraph_cannot_be_edited_in_the_admin(secretariat_client):
    paragraph = Paragraph.objects.first()
    url = f"/admin/drafts/paragraph/{paragraph.pk}/change/"
    page = secretariat_client.get(url)
    response = secretariat_client.post(url, {"status": "agreed"})

    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    assert response.status_code == 403
    paragraph.refresh_from_db()
    assert paragraph.status != "agreed"


def test_a_publication_cannot_be_changed_or_deleted_in_the_admin(secretariat_client):
    publication = Publication.objects.get(symbol="WSIS+10/4/26/Pre-agreed")
    change = f"/admin/drafts/publication/{publication.pk}/change/"
    delete = f"/admin/drafts/publication/{publication.pk}/delete/"

    page = secretariat_client.get(change)
    changed = secretariat_client.post(change, {"status_line": "Agreed", "symbol": "X"})
    deleted = secretariat_client.post(delete, {"post": "yes"})

    assert page.status_code == 200 and 'name="status_line"' not in page.content.decode()
    assert (changed.status_code, deleted.status_code) == (403, 403)
    publication.refresh_from_db()
    assert (publication.symbol, publication.status_line) == (
        "WSIS+10/4/26/Pre-agreed",
        "Pre-agreed (besides Paras 2, 21, 27-30)",
    )


def test_delegates_have_no_admin(client):
    load_demo()
    client.force_login(get_user_model().objects.get(username="delegate"))

    assert client.get("/admin/").status_code == 302
