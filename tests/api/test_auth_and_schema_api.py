"""Signing in to the API (session with CSRF, or a token) and its OpenAPI description."""

import pytest
import yaml
from axes.models import AccessAttempt
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from consultations.models import Proposal
from tests.api.conftest import AMENDED_ALT_1, paragraph_url

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/factories.py


def amendment_body():
    return {"kind": "amend", "base_version": 1, "alternative_position": 1, "text": AMENDED_ALT_1}


def test_a_delegate_gets_a_token_and_proposes_with_it(delegate, para_21):
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/auth/token/",
        {"username": delegate.username, "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=delegate).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    proposed = client.post(paragraph_url(para_21, "proposals"), amendment_body(), format="json")
    assert proposed.status_code == 201, proposed.json()
    assert Proposal.objects.get().author == delegate


def test_a_wrong_password_gets_no_token(delegate):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": delegate.username, "password": "guess"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["message"] == "Unable to log in with provided credentials."
    assert not Token.objects.exists()
    # It counts towards the same lockout as the login page (django-axes).
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_token_requests_are_throttled(delegate):
    client = APIClient()
    for _ in range(10):
        client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")

    response = client.post(
        "/api/v1/auth/token/",
        {"username": delegate.username, "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_a_bad_token_is_refused(para_21):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = client.post(paragraph_url(para_21, "proposals"), amendment_body(), format="json")

    assert response.status_code in (401, 403)
    assert response.json() == {"code": "authentication_failed", "message": "Invalid token."}


def test_a_session_write_needs_the_csrf_token(delegate, para_21):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # the page sets the CSRF cookie, as a browser would see
    csrf_token = client.cookies["csrftoken"].value
    client.force_login(delegate)

    refused = client.post(paragraph_url(para_21, "proposals"), amendment_body(), format="json")
    accepted = client.post(
        paragraph_url(para_21, "proposals"),
        amendment_body(),
        format="json",
        HTTP_X_CSRFTOKEN=csrf_token,
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert accepted.status_code == 201
    assert Proposal.objects.count() == 1


def test_the_api_takes_json_not_forms(as_user, delegate, para_21):
    response = as_user(delegate).post(
        paragraph_url(para_21, "proposals"), amendment_body(), format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_reading_needs_no_sign_in_but_writing_does(api, para_21):
    assert api.get(paragraph_url(para_21)).status_code == 200
    response = api.post(paragraph_url(para_21, "mark-pre-agreed"), {"expected_version": 1})
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


EXPECTED_PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/processes/": {"get"},
    "/api/v1/processes/{slug}/": {"get"},
    "/api/v1/processes/{process_slug}/documents/": {"get"},
    "/api/v1/processes/{process_slug}/documents/{slug}/": {"get"},
    "/api/v1/paragraphs/{uid}/": {"get"},
    "/api/v1/paragraphs/{uid}/status-changes/": {"get"},
    "/api/v1/paragraphs/{uid}/revise/": {"post"},
    "/api/v1/paragraphs/{uid}/retain-alternative/": {"post"},
    "/api/v1/paragraphs/{uid}/lift-brackets/": {"post"},
    "/api/v1/paragraphs/{uid}/strike-passage/": {"post"},
    "/api/v1/paragraphs/{uid}/mark-pre-agreed/": {"post"},
    "/api/v1/paragraphs/{uid}/mark-agreed/": {"post"},
    "/api/v1/paragraphs/{uid}/reopen/": {"post"},
    "/api/v1/paragraphs/{paragraph_uid}/proposals/": {"get", "post"},
    "/api/v1/proposals/{id}/": {"get"},
    "/api/v1/proposals/{id}/decisions/": {"get"},
    "/api/v1/proposals/{id}/withdraw/": {"post"},
    "/api/v1/proposals/{id}/redraft/": {"post"},
    "/api/v1/proposals/{id}/accept/": {"post"},
    "/api/v1/proposals/{id}/accept-as-alternative/": {"post"},
    "/api/v1/proposals/{id}/accept-in-brackets/": {"post"},
    "/api/v1/proposals/{id}/reject/": {"post"},
    "/api/v1/processes/{process_slug}/publications/": {"get", "post"},
    "/api/v1/publications/{id}/": {"get"},
    "/api/v1/publications/{id}/retry-pdf/": {"post"},
    "/api/v1/publications/compare/": {"get"},
    "/api/v1/processes/{process_slug}/imports/": {"post"},
    "/api/v1/imports/{id}/": {"get"},
    "/api/v1/imports/{id}/confirm/": {"post"},
    "/api/v1/imports/{id}/discard/": {"post"},
    "/api/v1/processes/{process_slug}/documents/{document_slug}/periods/": {"get", "post"},
    "/api/v1/periods/{id}/": {"get", "patch"},
    "/api/v1/periods/{id}/close/": {"post"},
    "/api/v1/processes/{process_slug}/documents/{document_slug}/comments/": {"get", "post"},
    "/api/v1/compilations/{id}/": {"get"},
    "/api/v1/processes/{process_slug}/documents/{document_slug}/assignments/": {"get", "post"},
    "/api/v1/assignments/{id}/": {"get"},
    "/api/v1/assignments/{id}/cancel/": {"post"},
    "/api/v1/assignments/{id}/answer/": {"post"},
    "/api/v1/processes/{process_slug}/meetings/": {"get", "post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/": {"get", "patch"},
    "/api/v1/processes/{process_slug}/meetings/{number}/participants/": {"get", "post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/participants/{id}/": {"delete"},
    "/api/v1/processes/{process_slug}/meetings/{number}/outcome-points/": {"get", "post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/action-items/": {"get", "post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/action-items/{id}/state/": {"post"},
    "/api/v1/processes/{process_slug}/action-items/": {"get"},
    "/api/v1/processes/{process_slug}/meetings/{number}/screen/": {"get", "put", "post", "delete"},
    "/api/v1/processes/{process_slug}/meetings/{number}/screen/next/": {"post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/screen/clear/": {"post"},
    "/api/v1/processes/{process_slug}/meetings/{number}/screen/events/": {"get"},
}


def test_the_schema_describes_every_endpoint_with_its_errors(api):
    response = api.get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = {
        path: {method for method in operations if method != "parameters"}
        for path, operations in schema["paths"].items()
    }
    assert paths == EXPECTED_PATHS
    accept = schema["paths"]["/api/v1/proposals/{id}/accept/"]["post"]
    assert set(accept["responses"]) == {"200", "400", "403", "404", "409"}
    assert {"tokenAuth": []} in accept["security"]
    assert {"cookieAuth": []} in accept["security"]
    assert {} not in accept["security"]  # no anonymous writes


def test_the_docs_page_is_served(api):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    assert b"/api/schema/" in response.content
