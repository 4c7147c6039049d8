"""The API costs the same number of queries for a short document and a long one (GUIDE §3.12).

Each test reads a small and a large case and pins both to the same count. The counts are for an
anonymous reader of an open process; a signed-in member adds the session and user lookups and
one query for their roles, the same for every size.
"""

import pytest

from consultations import services
from consultations.models import ProposalKind
from drafts import services as drafts
from drafts.models import Paragraph
from tests.api.conftest import paragraph_url, proposal_url

pytestmark = pytest.mark.django_db

# process, documents (1 + count for the page)
DOCUMENT_LIST_QUERIES = 3
# process, document, chapters, paragraphs + current versions, alternatives, pending counts
DOCUMENT_QUERIES = 6
# paragraph, proposals count, proposals, their base versions' alternatives, the current text
PROPOSAL_LIST_QUERIES = 5
# paragraph (lookup), paragraph + current version, its alternatives, versions, their alternatives
PARAGRAPH_QUERIES = 5


def propose_on(paragraph, delegate, *, text=None, base_version=1):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=delegate,
        kind=ProposalKind.AMEND,
        base_version=base_version,
        alternative_position=1,
        text=text or f"{paragraph.current_version.alternatives.get().text} Amended.",
    )


def queries_for(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()


def test_the_document_api_costs_the_same_queries_for_300_paragraphs(
    api, make_document, delegate, django_assert_max_num_queries
):
    small = make_document(slug="small", chapters=(("A", 10), ("B", 10), ("C", 10)))
    large = make_document(
        slug="large",
        chapters=(("A", 100), ("B", 100), ("C", 100)),
        texts={("B", n): (f"ALT one {n}.", f"ALT two {n} [bracketed].") for n in range(1, 101)},
    )
    for document in (small, large):
        for paragraph in Paragraph.objects.filter(chapter__document=document).select_related(
            "current_version"
        ):
            propose_on(paragraph, delegate, text=f"Proposed text of {paragraph.pk}.")
    url = "/api/v1/processes/wsis10/documents/{}/"
    api.get(url.format("small"))  # warm caches (content types)

    small_count, _ = queries_for(
        api, url.format("small"), django_assert_max_num_queries, DOCUMENT_QUERIES
    )
    large_count, body = queries_for(
        api, url.format("large"), django_assert_max_num_queries, DOCUMENT_QUERIES
    )

    assert small_count == large_count == DOCUMENT_QUERIES
    paragraphs = [p for chapter in body["chapters"] for p in chapter["paragraphs"]]
    assert len(paragraphs) == 300
    assert {p["pending_proposal_count"] for p in paragraphs} == {1}
    assert sum(len(p["alternatives"]) for p in paragraphs) == 400


def test_the_document_list_costs_the_same_queries_for_many_documents(
    api, make_document, django_assert_max_num_queries
):
    make_document(slug="first")
    url = "/api/v1/processes/wsis10/documents/"
    api.get(url)
    one, _ = queries_for(api, url, django_assert_max_num_queries, DOCUMENT_LIST_QUERIES)
    for n in range(10):
        make_document(slug=f"more-{n}")

    many, body = queries_for(api, url, django_assert_max_num_queries, DOCUMENT_LIST_QUERIES)

    assert one == many == DOCUMENT_LIST_QUERIES
    assert body["count"] == 11


def build_proposals(paragraph, delegate, chair, count):
    """`count` proposals on Para 1: some rebased onto a newer text, some needing a redraft."""
    base = paragraph.current_version.alternatives.get().text  # "Text of A.1."
    for n in range(count):
        propose_on(paragraph, delegate, text=base.replace("Text", f"Wording {n}"))
        propose_on(paragraph, delegate, text=f"{base} Point {n}.")
    # A change to the first word: the "Wording" proposals now conflict, the others still apply.
    drafts.revise_paragraph(
        paragraph=paragraph,
        alternatives=[drafts.AlternativeText(text=base.replace("Text", "The text"))],
        actor=chair,
        expected_version=1,
        reason="Editorial.",
    )
    for n in range(count):
        propose_on(paragraph, delegate, text=f"The text of A.1. Later {n}.", base_version=2)


def test_the_proposal_list_costs_the_same_queries_for_30_proposals_or_300(
    api, make_document, delegate, chair, django_assert_max_num_queries
):
    small = make_document(slug="small", chapters=(("A", 1),))
    large = make_document(slug="large", chapters=(("A", 1),))
    small_para = Paragraph.objects.select_related("current_version").get(chapter__document=small)
    large_para = Paragraph.objects.select_related("current_version").get(chapter__document=large)
    build_proposals(small_para, delegate, chair, 10)
    build_proposals(large_para, delegate, chair, 100)
    api.get(paragraph_url(small_para, "proposals"))

    small_count, _ = queries_for(
        api,
        paragraph_url(small_para, "proposals"),
        django_assert_max_num_queries,
        PROPOSAL_LIST_QUERIES,
    )
    large_count, body = queries_for(
        api,
        paragraph_url(large_para, "proposals"),
        django_assert_max_num_queries,
        PROPOSAL_LIST_QUERIES,
    )

    assert small_count == large_count == PROPOSAL_LIST_QUERIES
    assert body["count"] == 300 and len(body["results"]) == 100  # one page
    states = [(p["state"], (p["on_current_text"] or {}).get("applies")) for p in body["results"]]
    assert states.count(("needs_redraft", False)) == 50
    assert states.count(("submitted", True)) == 50


def test_a_paragraph_with_a_long_history_costs_the_same_queries(
    api, make_document, secretariat, django_assert_max_num_queries
):
    document = make_document(chapters=(("A", 2),))
    short, long = Paragraph.objects.filter(chapter__document=document).order_by("number")
    for sequence in range(1, 41):
        drafts.revise_paragraph(
            paragraph=long,
            alternatives=[
                drafts.AlternativeText(text=f"Version {sequence + 1}, ALT 1."),
                drafts.AlternativeText(text=f"Version {sequence + 1}, ALT 2."),
            ],
            actor=secretariat,
            expected_version=sequence,
            reason="Pen edit.",
        )
    api.get(paragraph_url(short))

    short_count, _ = queries_for(
        api, paragraph_url(short), django_assert_max_num_queries, PARAGRAPH_QUERIES
    )
    long_count, body = queries_for(
        api, paragraph_url(long), django_assert_max_num_queries, PARAGRAPH_QUERIES
    )

    assert short_count == long_count == PARAGRAPH_QUERIES
    assert len(body["versions"]) == 41


def test_a_decided_proposal_costs_the_same_queries_as_a_fresh_one(
    api, make_document, delegate, chair, django_assert_max_num_queries
):
    document = make_document(chapters=(("A", 2),))
    fresh_para, decided_para = Paragraph.objects.filter(chapter__document=document).select_related(
        "current_version"
    )
    fresh = propose_on(fresh_para, delegate)
    decided = propose_on(decided_para, delegate)
    services.accept_proposal(proposal=decided, actor=chair, expected_version=1)
    api.get(proposal_url(fresh))

    fresh_count, _ = queries_for(api, proposal_url(fresh), django_assert_max_num_queries, 8)
    decided_count, body = queries_for(api, proposal_url(decided), django_assert_max_num_queries, 8)

    assert fresh_count == decided_count
    assert [d["outcome"] for d in body["decisions"]] == ["accepted"]
