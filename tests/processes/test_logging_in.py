"""People log in to act; repeated failures lock the account for a while."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_a_delegate_logs_in_and_out(client):
    UserFactory(username="delegate", first_name="Demo", last_name="Delegate")

    response = client.post(
        reverse("login"), {"username": "delegate", "password": PASSWORD}, follow=True
    )
    assert response.context["user"].is_authenticated
    assert "Demo Delegate" in response.content.decode()

    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    UserFactory(username="delegate")

    response = client.post(reverse("login"), {"username": "delegate", "password": "wrong"})

    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, settings):
    UserFactory(username="delegate")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "delegate", "password": "guess"})

    response = client.post(reverse("login"), {"username": "delegate", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_logging_out_needs_a_post_so_a_link_cannot_log_you_out(client):
    client.force_login(UserFactory())

    assert client.get(reverse("logout")).status_code == 405
