"""Anyone, without logging in, finds the published texts of a process, reads them, downloads
them, compares two of them and follows new ones in a feed; the secretariat publishes from a form."""

from datetime import timedelta

import pytest
from django.urls import reverse

from drafts import services
from drafts.models import Publication, Rendering, RenderingState
from tests.drafts.conftest import chapter, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_process(process):
    """Working drafts are for members only; publications are still for everyone."""
    process.drafts_are_public = False
    process.save()
    return process


@pytest.fixture
def chapter_b_published(vision, secretariat, closed_process, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return publish(
            vision, secretariat, chapter=chapter(vision, "B"), meeting_number=4, document_number=26
        ).publication


def url(name, publication=None, **kwargs):
    if publication is None:
        return reverse(f"drafts:{name}", kwargs=kwargs)
    return reverse(
        f"drafts:{name}",
        kwargs={"process_slug": publication.process.slug, "symbol": publication.symbol},
    )


def test_anyone_finds_the_publications_of_a_closed_process(client, chapter_b_published):
    response = client.get(url("publications", process_slug="wsis10"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "WSIS+10/4/26/Pre-agreed" in page
    assert "Status as of 17 April 2014, COB" in page
    assert "Pre-agreed (besides Paras 2, 21, 27-30)" in page


def test_the_publication_page_has_a_stable_address_with_its_symbol(client, chapter_b_published):
    address = url("publication", chapter_b_published)

    response = client.get(address)

    page = response.content.decode()
    assert address == "/p/wsis10/publications/WSIS+10/4/26/Pre-agreed/"
    assert response.status_code == 200
    assert "Pre-agreed text of Chapter B, Chapter B" in page
    assert "ALT 1" in page and "ALT 2" in page
    assert '<span class="attribution">[led by Saudi]</span>' in page
    assert "Download PDF" in page
    assert url("publication_docx", chapter_b_published) in page


def test_the_pdf_downloads_once_rendered(client, chapter_b_published):
    response = client.get(url("publication_pdf", chapter_b_published))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="WSIS+10-4-26-Pre-agreed.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_while_the_pdf_renders_the_page_says_so_and_polls_for_it(
    client, vision, secretariat, closed_process
):
    # The on-commit task is not run: the PDF stays queued, as while a worker is busy.
    publication = publish(vision, secretariat, chapter=chapter(vision, "B")).publication

    page = client.get(url("publication", publication)).content.decode()
    state = client.get(url("publication_state", publication)).content.decode()
    download = client.get(url("publication_pdf", publication))

    assert "PDF queued" in page
    assert 'hx-trigger="every 2s"' in state
    assert download.status_code == 302
    assert download["Location"] == url("publication", publication)


def test_a_failed_pdf_shows_why_and_the_secretariat_tries_again(
    client, vision, secretariat, chair, closed_process
):
    publication = publish(vision, secretariat, chapter=chapter(vision, "B")).publication
    Rendering.objects.filter(pk=publication.rendering_id).update(
        state=RenderingState.FAILED, error="The worker ran out of memory."
    )

    client.force_login(chair)
    seen_by_chair = client.get(url("publication_state", publication)).content.decode()
    refused = client.post(url("retry_publication_pdf", publication))
    client.force_login(secretariat)
    retried = client.post(url("retry_publication_pdf", publication))

    assert "The worker ran out of memory." in seen_by_chair
    assert "Try again" not in seen_by_chair
    assert refused.status_code == 403
    assert retried.status_code == 302
    assert Rendering.objects.get(pk=publication.rendering_id).state == RenderingState.QUEUED


def test_the_atom_feed_lists_new_publications(client, chapter_b_published):
    response = client.get(url("publications_feed", process_slug="wsis10"))

    feed = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>WSIS+10/4/26/Pre-agreed: Pre-agreed text of Chapter B, Chapter B</title>" in feed
    assert "/p/wsis10/publications/WSIS+10/4/26/Pre-agreed/" in feed


def test_two_publications_are_compared_paragraph_by_paragraph(
    client, vision, secretariat, chair, chapter_b_published
):
    para_2 = chapter(vision, "B").paragraphs.get(number=2)
    services.revise_paragraph(
        paragraph=para_2,
        actor=secretariat,
        alternatives=[services.AlternativeText(text="Text of B.2, amended.")],
        expected_version=1,
        reason="In the room.",
    )
    newer = publish(vision, secretariat, chapter=chapter(vision, "B")).publication

    response = client.get(
        url("compare_publications", process_slug="wsis10"),
        {"older": chapter_b_published.symbol, "newer": newer.symbol},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 changed, 0 new, 0 deleted, 0 renumbered, 29 unchanged" in page
    assert '<ins class="redline-ins">, amended</ins>' in page


def test_the_comparison_downloads_as_a_pdf(
    client, vision, secretariat, chapter_b_published, django_capture_on_commit_callbacks
):
    newer = publish(vision, secretariat, chapter=chapter(vision, "B"), stage="first_draft")

    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(
            url("compare_publications_pdf", process_slug="wsis10"),
            {"older": chapter_b_published.symbol, "newer": newer.publication.symbol},
        )
    ready = client.get(
        url("compare_publications_pdf", process_slug="wsis10"),
        {"older": chapter_b_published.symbol, "newer": newer.publication.symbol},
    )

    assert pending.status_code in (200, 202)
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"
    assert Rendering.objects.filter(purpose="comparison").count() == 1


def test_comparing_publications_of_different_documents_says_why(
    client, make_document, secretariat, chapter_b_published
):
    other = publish(make_document(slug="statement"), secretariat).publication

    response = client.get(
        url("compare_publications", process_slug="wsis10"),
        {"older": other.symbol, "newer": chapter_b_published.symbol},
    )

    assert response.status_code == 400
    assert "publications of different documents" in response.content.decode()


def test_the_secretariat_publishes_chapter_b_from_the_form(
    client, vision, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    form = client.get(url("publish", process_slug="wsis10", document_slug="vision"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("publish", process_slug="wsis10", document_slug="vision"),
            {
                "scope": str(chapter(vision, "B").pk),
                "stage": "pre_agreed",
                "meeting_number": "4",
                "document_number": "26",
                "close_of_business": "1",
            },
            follow=True,
        )

    assert form.status_code == 200
    assert response.redirect_chain[-1][0] == "/p/wsis10/publications/WSIS+10/4/26/Pre-agreed/"
    assert "Published WSIS+10/4/26/Pre-agreed." in response.content.decode()
    assert Publication.objects.get().rendering.state == RenderingState.READY


def test_a_taken_symbol_is_refused_on_the_form_and_nothing_is_published(
    client, vision, secretariat, chapter_b_published
):
    client.force_login(secretariat)

    response = client.post(
        url("publish", process_slug="wsis10", document_slug="vision"),
        {
            "scope": "document",
            "stage": "pre_agreed",
            "meeting_number": "4",
            "document_number": "26",
            "close_of_business": "1",
        },
    )

    assert response.status_code == 409
    assert "already published as WSIS+10/4/26/Pre-agreed" in response.content.decode()
    assert Publication.objects.count() == 1


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_may_publish(client, vision, request, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(url("publish", process_slug="wsis10", document_slug="vision"))
    posted = client.post(
        url("publish", process_slug="wsis10", document_slug="vision"),
        {"scope": "document", "stage": "pre_agreed", "meeting_number": "4"},
    )

    assert (page.status_code, posted.status_code) == (403, 403)
    assert "Only the secretariat publishes" in posted.content.decode()
    assert not Publication.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in_to_publish(client, vision):
    response = client.get(url("publish", process_slug="wsis10", document_slug="vision"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_script_in_a_published_paragraph_is_shown_as_text(
    client, make_document, secretariat, closed_process
):
    document = make_document(
        slug="hostile",
        texts={("A", 1): '<script>alert("x")</script> <img src="file:///etc/passwd">'},
    )
    publication = publish(document, secretariat).publication

    page = client.get(url("publication", publication)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<img src="file' not in page


def test_the_publication_page_costs_the_same_queries_however_long_the_text(
    client, chapter_b_published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(url("publication", chapter_b_published))

    assert response.status_code == 200


def test_a_pdf_stuck_in_the_queue_is_offered_again_to_the_secretariat(
    client, vision, secretariat, closed_process
):
    publication = publish(vision, secretariat, chapter=chapter(vision, "B")).publication
    long_ago = publication.rendering.queued_at - timedelta(hours=2)
    Rendering.objects.filter(pk=publication.rendering_id).update(queued_at=long_ago)
    client.force_login(secretariat)

    state = client.get(url("publication_state", publication)).content.decode()
    retried = client.post(url("retry_publication_pdf", publication))

    assert "queued for too long" in state and "Try again" in state
    assert "hx-trigger" not in state
    assert retried.status_code == 302
    assert Rendering.objects.get(pk=publication.rendering_id).queued_at > long_ago


def test_asking_again_for_a_failed_comparison_pdf_tries_again(
    client, vision, secretariat, chapter_b_published, django_capture_on_commit_callbacks
):
    newer = publish(vision, secretariat, chapter=chapter(vision, "B"), stage="first_draft")
    query = {"older": chapter_b_published.symbol, "newer": newer.publication.symbol}
    client.get(url("compare_publications_pdf", process_slug="wsis10"), query)
    Rendering.objects.filter(purpose="comparison").update(
        state=RenderingState.FAILED, error="The worker was restarted."
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.get(url("compare_publications_pdf", process_slug="wsis10"), query)
    ready = client.get(url("compare_publications_pdf", process_slug="wsis10"), query)

    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert Rendering.objects.get(purpose="comparison").attempts >= 1


def test_the_process_home_lists_the_latest_publications_once(client, chapter_b_published, process):
    process.drafts_are_public = True
    process.save()

    page = client.get(reverse("meetings:process_home", args=["wsis10"])).content.decode()

    assert "<title>WSIS+10 · Drafting platform</title>" in page
    assert page.count("Latest published texts") == 1
    assert "WSIS+10/4/26/Pre-agreed" in page


def test_the_publication_list_costs_the_same_queries_however_many(
    client, vision, secretariat, closed_process, django_assert_max_num_queries
):
    for number in range(1, 6):
        publish(vision, secretariat, meeting_number=4, document_number=number)

    with django_assert_max_num_queries(6):
        response = client.get(url("publications", process_slug="wsis10"))

    assert response.status_code == 200
    assert response.content.decode().count("WSIS+10/4/") >= 5


@pytest.mark.parametrize("scope", ["other", "abc", "999999"])
def test_publishing_a_chapter_of_another_document_is_refused_and_publishes_nothing(
    client, vision, secretariat, make_document, scope
):
    other = make_document(slug="other", chapters=(("A", 2),))
    client.force_login(secretariat)

    response = client.post(
        url("publish", process_slug="wsis10", document_slug="vision"),
        {
            "scope": str(other.chapters.get().pk) if scope == "other" else scope,
            "stage": "pre_agreed",
            "meeting_number": "4",
            "close_of_business": "1",
        },
    )

    assert response.status_code == 400
    assert not Publication.objects.exists()


@pytest.mark.parametrize("older", ["WSIS+10/9/9/Pre-agreed", ""])
def test_comparing_with_an_unknown_symbol_is_a_400(client, chapter_b_published, older):
    response = client.get(
        url("compare_publications", process_slug="wsis10"),
        {"older": older, "newer": chapter_b_published.symbol},
    )

    assert response.status_code == 400
