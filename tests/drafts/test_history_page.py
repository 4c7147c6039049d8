"""A paragraph's history page: every version and status change, who and why, and a redline
between any two versions."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from consultations import services as consultations
from consultations.models import ProposalKind
from drafts import services
from drafts.models import Paragraph
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2

pytestmark = pytest.mark.django_db

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")
# 16:00 UTC is 18:00 in Geneva in April (CEST): close of business.
COB_17_APRIL_2014 = dt.datetime(2014, 4, 17, 16, 0, tzinfo=dt.UTC)


def history_url(paragraph, query=""):
    document = paragraph.chapter.document
    path = reverse("drafts:history", args=[document.process.slug, document.slug, paragraph.uid])
    return path + query


@pytest.fixture
def para_21(make_document):
    document = make_document(
        chapters=(("B", 21),), texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2)}
    )
    return Paragraph.objects.get(chapter__document=document, number=21)


@pytest.fixture
def negotiated_para_21(para_21, delegate, chair):
    """Para 21 taken from two ALTs to a pre-agreed single text, at COB on 17 April 2014."""
    with time_machine.travel(COB_17_APRIL_2014, tick=False):
        proposal = consultations.submit_proposal(
            paragraph=para_21,
            actor=delegate,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text=AMENDED_ALT_1,
        )
        consultations.accept_proposal(proposal=proposal, actor=chair, expected_version=1)
        services.retain_alternative(
            paragraph=para_21, position=1, actor=chair, expected_version=2, reason="As agreed."
        )
        services.mark_pre_agreed(
            paragraph=para_21, actor=chair, expected_version=3, reason="Pre-agreed in the room."
        )
    return Paragraph.objects.get(pk=para_21.pk), proposal


def test_every_version_shows_who_for_whom_what_why_and_from_which_proposal(
    client, negotiated_para_21, chair
):
    para_21, proposal = negotiated_para_21

    html = client.get(history_url(para_21)).content.decode()

    assert "History of Para 21" in html
    for sequence in (1, 2, 3):
        assert f'id="version-{sequence}"' in html
    assert "Proposal accepted</span>" in html
    assert "One alternative retained</span>" in html
    chair_name = chair.get_full_name()
    assert f"{chair_name} (Chair)" in html
    assert '<strong class="stakeholder">Saudi Arabia</strong>' in html
    assert f'#proposal-{proposal.pk}">proposal {proposal.pk}</a>' in html
    assert "ALT 1 retained; ALT 2 dropped. As agreed." in html
    # the status change, with its actor and reason
    assert '<span class="badge status-open">Open</span> → ' in html
    assert '<span class="badge status-pre_agreed">Pre-agreed</span>' in html
    assert "Pre-agreed in the room." in html


def test_times_are_shown_in_the_process_time_zone(client, negotiated_para_21, process):
    para_21, _ = negotiated_para_21

    html = client.get(history_url(para_21)).content.decode()
    assert "17 April 2014<br>18:00" in html

    process.time_zone = "America/New_York"
    process.save()
    html = client.get(history_url(para_21)).content.decode()
    assert "17 April 2014<br>12:00" in html


def test_the_redline_compares_the_last_two_versions_by_default(client, negotiated_para_21):
    para_21, _ = negotiated_para_21

    html = client.get(history_url(para_21)).content.decode()

    assert "From version 2 to version 3" in html
    # ALT 2 was dropped in version 3: shown wholly deleted.
    assert f'<del class="redline-del">{PARA_21_ALT_2}</del>' in html


def test_any_two_versions_can_be_compared_with_a_plain_get_form(client, negotiated_para_21):
    para_21, _ = negotiated_para_21

    html = client.get(history_url(para_21, "?old=1&new=3")).content.decode()

    assert '<form method="get"' in html
    assert '<option value="1" selected>Version 1</option>' in html
    assert '<option value="3" selected>Version 3</option>' in html
    assert "From version 1 to version 3" in html
    assert '<ins class="redline-ins">and security</ins>' in html
    assert f'<del class="redline-del">{PARA_21_ALT_2}</del>' in html


def test_nonsense_in_the_query_falls_back_to_the_default_comparison(client, negotiated_para_21):
    para_21, _ = negotiated_para_21

    response = client.get(history_url(para_21, "?old=99&new=<script>"))

    assert response.status_code == 200
    assert "From version 2 to version 3" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_hostile_text_in_the_history_is_escaped(client, make_document, secretariat):
    document = make_document(texts={("A", 1): "Plain text."})
    paragraph = Paragraph.objects.get(chapter__document=document, number=1)
    services.revise_paragraph(
        paragraph=paragraph,
        alternatives=[services.AlternativeText(text='<script>alert("x")</script> text.')],
        actor=secretariat,
        expected_version=1,
        reason="<img src=x onerror=alert(1)>",
    )

    html = client.get(history_url(paragraph)).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_history_of_a_closed_process_is_hidden_from_outsiders(
    client, para_21, process, delegate
):
    process.drafts_are_public = False
    process.save()

    assert client.get(history_url(para_21)).status_code == 404
    client.force_login(delegate)
    assert client.get(history_url(para_21)).status_code == 200


def test_a_long_history_costs_the_same_queries_as_a_short_one(
    client, make_document, secretariat, chair, django_assert_max_num_queries
):
    document = make_document(chapters=(("A", 2),))
    short, long = Paragraph.objects.filter(chapter__document=document).order_by("number")
    for sequence in range(1, 31):
        services.revise_paragraph(
            paragraph=long,
            alternatives=[
                services.AlternativeText(text=f"Version {sequence + 1}, ALT 1."),
                services.AlternativeText(text=f"Version {sequence + 1}, ALT 2."),
            ],
            actor=secretariat,
            expected_version=sequence,
            reason="Pen edit.",
        )
    services.mark_pre_agreed(paragraph=short, actor=chair, expected_version=1)
    short_url, long_url = history_url(short), history_url(long)
    client.get(short_url)

    with django_assert_max_num_queries(HISTORY_QUERIES) as short_queries:
        client.get(short_url)
    with django_assert_max_num_queries(HISTORY_QUERIES) as long_queries:
        response = client.get(long_url)

    assert len(short_queries.captured_queries) == len(long_queries.captured_queries)
    assert response.content.decode().count('class="event event-version') == 31


# process, paragraph (+ chapter, document, process, current version), versions (+ author,
# stakeholder), their alternatives (+ proposer), status changes (+ actor, version)
HISTORY_QUERIES = 5
