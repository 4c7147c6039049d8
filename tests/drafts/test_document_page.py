"""Reading a working draft: numbered paragraphs, status badges, brackets, alternatives."""

import pytest
from django.urls import reverse

from consultations import services as consultations
from consultations.models import ProposalKind
from drafts import services
from drafts.models import Paragraph

pytestmark = pytest.mark.django_db


def document_url(document):
    return reverse("consultations:document", args=[document.process.slug, document.slug])


def test_the_page_shows_alternatives_brackets_and_statuses(client, make_document, chair):
    document = make_document(
        chapters=(("B", 3),),
        texts={
            ("B", 2): ("Recognizing openness.", "Ensuring open standards."),
            ("B", 3): "Security is critical. [this includes agreements.] [led by Saudi]",
        },
    )
    para_1 = Paragraph.objects.get(chapter__document=document, number=1)
    services.mark_pre_agreed(paragraph=para_1, actor=chair, expected_version=1)

    response = client.get(document_url(document))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="alt-label">ALT 1</span>' in html
    assert '<span class="alt-label">ALT 2</span>' in html
    assert '<span class="attribution">[led by Saudi]</span>' in html
    assert 'class="bracketed depth-1"' in html
    assert '<span class="badge status-pre_agreed">Pre-agreed</span>' in html
    assert "Pre-agreed (besides Paras 2-3)" in html


def test_hostile_paragraph_text_is_shown_as_text_never_executed(client, make_document):
    hostile = '<script>alert("x")</script> [<img src=x onerror=alert(1)>] [led by <b>X</b>]'
    document = make_document(texts={("A", 1): hostile})

    html = client.get(document_url(document)).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>X</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def propose_on(paragraph, delegate, n=1):
    return consultations.submit_proposal(
        paragraph=paragraph,
        actor=delegate,
        kind=ProposalKind.ADD_ALTERNATIVE,
        base_version=1,
        text=f"Proposed alternative {n}.",
    )


def paragraph_url(paragraph):
    document = paragraph.chapter.document
    return reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )


def test_page_queries_do_not_grow_with_the_document(
    client, make_document, delegate, django_assert_max_num_queries
):
    small = make_document(slug="small", chapters=(("A", 3),))
    large = make_document(
        slug="large",
        chapters=(("A", 100), ("B", 100), ("C", 100)),
        texts={("B", n): (f"ALT one {n}.", f"ALT two {n} [bracketed].") for n in range(1, 101)},
    )
    for paragraph in Paragraph.objects.filter(chapter__document__in=[small, large]):
        for n in range(1, 3 if paragraph.number % 2 else 2):
            propose_on(paragraph, delegate, n)
    client.get(document_url(small))  # warm caches (content types, sessions)

    # process, document, chapters, paragraphs + current versions, alternatives, pending counts
    with django_assert_max_num_queries(6) as small_queries:
        client.get(document_url(small))
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        response = client.get(document_url(large))

    html = response.content.decode()
    assert html.count('class="paragraph ') == 300
    assert html.count("2 proposals pending</a>") == 150
    assert html.count("1 proposal pending</a>") == 150


def test_each_paragraph_links_to_its_page_with_its_pending_proposals(
    client, make_document, delegate, chair
):
    document = make_document(chapters=(("A", 3),))
    para_1, para_2, para_3 = Paragraph.objects.filter(chapter__document=document).order_by("number")
    propose_on(para_1, delegate)
    propose_on(para_1, delegate, 2)
    consultations.reject_proposal(proposal=propose_on(para_2, delegate), actor=chair, reason="No.")

    html = client.get(document_url(document)).content.decode()

    for paragraph in (para_1, para_2, para_3):
        assert f'href="{paragraph_url(paragraph)}"' in html
    assert f'href="{paragraph_url(para_1)}#pending">2 proposals pending</a>' in html
    assert html.count("pending</a>") == 1  # a decided proposal is not pending


def test_anonymous_visitors_read_open_processes_but_not_closed_ones(client, make_document, process):
    document = make_document()
    assert client.get(document_url(document)).status_code == 200

    process.drafts_are_public = False
    process.save()

    assert client.get(document_url(document)).status_code == 404
    assert client.get(reverse("meetings:process_home", args=[process.slug])).status_code == 404


def test_members_read_the_drafts_of_a_closed_process(client, make_document, process, delegate):
    document = make_document()
    process.drafts_are_public = False
    process.save()
    client.force_login(delegate)

    assert client.get(document_url(document)).status_code == 200


def test_the_process_home_shows_each_documents_progress(client, make_document, chair):
    document = make_document(chapters=(("A", 4),))
    for paragraph in Paragraph.objects.filter(chapter__document=document, number__lte=3):
        services.mark_pre_agreed(paragraph=paragraph, actor=chair, expected_version=1)

    html = client.get(reverse("meetings:process_home", args=[document.process.slug])).content
    html = html.decode()

    assert document.title in html
    assert "<strong>3</strong> of 4 paragraphs pre-agreed or agreed" in html
    assert 'aria-valuenow="3"' in html


def test_an_unknown_document_is_a_404(client, process):
    assert client.get(f"/p/{process.slug}/no-such-document/").status_code == 404
