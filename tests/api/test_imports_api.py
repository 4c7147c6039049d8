"""Importing a zero draft through the API: a multipart upload gives the preview; confirming
creates the document, and only then."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from drafts.models import Document, DocumentImport
from tests.drafts.test_import_pages import word_upload

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/processes/wsis10/imports/"


def test_upload_preview_and_confirm(as_user, process, secretariat):
    client = as_user(secretariat)

    preview = client.post(
        IMPORTS,
        {"file": word_upload("# B. Priorities", "1. One.", "2.", "ALT 1: A.", "ALT 2: B.")},
        format="multipart",
    )

    assert preview.status_code == 201, preview.json()
    body = preview.json()
    assert body["can_be_confirmed"] is True and body["problems"] == []
    assert body["chapters"][0]["heading"] == "Chapter B: Priorities"
    assert body["chapters"][0]["paragraphs"][1] == {"number": "2", "alternatives": ["A.", "B."]}
    assert not Document.objects.exists()

    confirmed = client.post(
        f"/api/v1/imports/{body['id']}/confirm/",
        {"title": "Zero draft", "short_title": "Zero"},
        format="json",
    )

    assert confirmed.status_code == 201
    assert confirmed.json() == {"slug": "zero", "title": "Zero draft"}
    assert client.get(f"/api/v1/imports/{body['id']}/").json()["state"] == "confirmed"


def test_problems_are_located_and_block_the_confirmation(as_user, process, secretariat):
    client = as_user(secretariat)
    body = client.post(
        IMPORTS, {"file": word_upload("# A. Preamble", "1. An [open one.")}, format="multipart"
    ).json()

    refused = client.post(
        f"/api/v1/imports/{body['id']}/confirm/", {"title": "T", "short_title": "T"}, format="json"
    )

    assert body["problems"][0]["where"].startswith("Chapter A, Para 1")
    assert refused.status_code == 409
    assert refused.json()["code"] == "import_has_problems"
    assert not Document.objects.exists()


def test_a_file_that_is_not_word_is_a_400(as_user, process, secretariat):
    response = as_user(secretariat).post(
        IMPORTS, {"file": SimpleUploadedFile("draft.docx", b"plain text")}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert not DocumentImport.objects.exists()


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_imports_or_sees_an_import(
    as_user, process, secretariat, request, who
):
    body = (
        as_user(secretariat)
        .post(IMPORTS, {"file": word_upload("# A. Preamble", "1. Text.")}, format="multipart")
        .json()
    )
    client = as_user(request.getfixturevalue(who))

    upload = client.post(
        IMPORTS, {"file": word_upload("# A. Preamble", "1. Text.")}, format="multipart"
    )
    seen = client.get(f"/api/v1/imports/{body['id']}/")

    assert upload.status_code == 403 and upload.json()["code"] == "not_allowed"
    assert seen.status_code == 404
    assert DocumentImport.objects.count() == 1


@pytest.mark.parametrize("body", [{}, {"file": SimpleUploadedFile("draft.docx", b"")}])
def test_an_empty_or_missing_upload_is_a_400_and_stores_nothing(as_user, secretariat, body):
    response = as_user(secretariat).post(IMPORTS, body, format="multipart")

    assert response.status_code == 400
    assert not DocumentImport.objects.exists()
