"""The compilation of a comment period: "comments received from WSIS stakeholders from 7th - 21st
of March", compiled paragraph by paragraph for the next draft.

The story: the Vision is drafted on 1 March 2014; the secretariat's period runs from 7 March to
21 March 2014, 18:00 Geneva time. On 10 March Saudi Arabia amends Para 21 ALT 1, Egypt,
UNESCO and The Internet Democracy Project comment on it, UNESCO proposes a paragraph after
Para 5 and Egypt proposes to delete Para 28; Egypt and ICC BASIS send general comments. On
12 March the Chair accepts Saudi Arabia's amendment and UNESCO's new paragraph (Para 5bis).
A proposal made on 5 March, before the period, and one on 25 March, after it, are not part of it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
import time_machine
from django.urls import reverse

from consultations import compilation as compiling
from consultations import services
from consultations.models import CommentPeriod, DocumentComment, Proposal, ProposalKind
from drafts import diffing
from drafts import services as drafts
from drafts.models import Paragraph, Rendering
from processes.models import Role, StakeholderCategory
from tests.consultations.conftest import PARA_21_ALT_1, PARA_21_ALT_2, PARA_27
from tests.factories import MemberFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
DRAFTED = datetime(2014, 3, 1, 9, 0, tzinfo=GENEVA)
OPENS = datetime(2014, 3, 7, 0, 0, tzinfo=GENEVA)
BEFORE = datetime(2014, 3, 5, 12, 0, tzinfo=GENEVA)
RECEIVED = datetime(2014, 3, 10, 10, 0, tzinfo=GENEVA)
DECIDED = datetime(2014, 3, 12, 15, 0, tzinfo=GENEVA)
CLOSES = datetime(2014, 3, 21, 18, 0, tzinfo=GENEVA)
AFTER = datetime(2014, 3, 25, 9, 0, tzinfo=GENEVA)

AMENDED_ALT_1 = PARA_21_ALT_1.replace("the openness of", "the openness and security of")
NEW_PARAGRAPH = "Multilingualism online is a condition of an inclusive information society."
HOSTILE = '<script>alert("x")</script> and <img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def delegate_for(process, name, category=StakeholderCategory.GOVERNMENT):
    stakeholder = StakeholderFactory(name=name, category=category)
    return MemberFactory(process=process, role=Role.DELEGATE, stakeholder=stakeholder).user


def paragraph(document, letter, number, insertion=0):
    return Paragraph.objects.select_related("current_version").get(
        chapter__document=document, chapter__letter=letter, number=number, insertion=insertion
    )


def received_in(period, proposal):
    """Records the proposal as received in the period, as `submit_proposal` does where a period
    is open (whether or not the periods service that sets it is in place yet)."""
    Proposal.objects.filter(pk=proposal.pk).update(period=period)
    proposal.refresh_from_db()
    return proposal


def propose(period, para, actor, kind=ProposalKind.AMEND, **fields):
    proposal = services.submit_proposal(
        paragraph=para,
        actor=actor,
        kind=kind,
        base_version=para.current_version.sequence,
        **fields,
    )
    return received_in(period, proposal)


@dataclass
class Consultation:
    document: object
    period: CommentPeriod
    saudi: object
    egypt: object
    idp: object
    unesco: object
    icc: object
    amendment: Proposal
    insertion: Proposal
    deletion: Proposal
    egypt_comment: Proposal


def run_march_consultation(*, process, make_document, secretariat, chair, delegate):
    """The story of the module docstring; returns what the tests look at."""
    egypt = delegate_for(process, "Egypt")
    idp = delegate_for(process, "The Internet Democracy Project", StakeholderCategory.CIVIL_SOCIETY)
    unesco = delegate_for(process, "UNESCO", StakeholderCategory.UN_ENTITY)
    icc = delegate_for(process, "ICC BASIS", StakeholderCategory.PRIVATE_SECTOR)
    with time_machine.travel(DRAFTED, tick=False):
        document = make_document(
            chapters=(("A", 3), ("B", 30)),
            texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2), ("B", 27): PARA_27},
        )
        period = CommentPeriod.objects.create(
            document=document,
            title="Comments from WSIS stakeholders",
            opens_at=OPENS,
            closes_at=CLOSES,
            created_by=secretariat,
        )
    para_21 = paragraph(document, "B", 21)
    with time_machine.travel(BEFORE, tick=False):
        Proposal.objects.create(
            paragraph=paragraph(document, "A", 1),
            base_version=paragraph(document, "A", 1).current_version,
            kind=ProposalKind.AMEND,
            alternative_position=1,
            text="Proposed before the period opened.",
            author=delegate,
            stakeholder=delegate.memberships.get().stakeholder,
        )
    with time_machine.travel(RECEIVED, tick=False):
        # Made in this order on purpose: the compilation orders by category and name.
        propose(
            period,
            para_21,
            unesco,
            ProposalKind.COMMENT,
            rationale="UNESCO asks that standards stay open.",
        )
        propose(period, para_21, idp, ProposalKind.COMMENT, rationale="Openness protects rights.")
        amendment = propose(
            period,
            para_21,
            delegate,
            alternative_position=1,
            text=AMENDED_ALT_1,
            rationale="Security belongs here.",
        )
        egypt_comment = propose(
            period, para_21, egypt, ProposalKind.COMMENT, rationale="Egypt prefers ALT 2."
        )
        insertion = propose(
            period,
            paragraph(document, "B", 5),
            unesco,
            ProposalKind.INSERT_AFTER,
            text=NEW_PARAGRAPH,
            rationale="Languages matter.",
        )
        deletion = propose(
            period,
            paragraph(document, "B", 28),
            egypt,
            ProposalKind.DELETE_PARAGRAPH,
            rationale="Covered by Para 27.",
        )
        for author, text in (
            (icc, "Business supports a light-touch Vision."),
            (egypt, "Egypt welcomes the Vision."),
        ):
            DocumentComment.objects.create(
                document=document,
                period=period,
                author=author,
                stakeholder=author.memberships.get().stakeholder,
                text=text,
            )
    with time_machine.travel(DECIDED, tick=False):
        services.accept_proposal(proposal=amendment, actor=chair, expected_version=1)
        services.accept_proposal(proposal=insertion, actor=chair, expected_version=1)
    with time_machine.travel(AFTER, tick=False):
        late_para = paragraph(document, "B", 3)
        Proposal.objects.create(
            paragraph=late_para,
            base_version=late_para.current_version,
            kind=ProposalKind.AMEND,
            alternative_position=1,
            text="Proposed after the period closed.",
            author=delegate,
            stakeholder=delegate.memberships.get().stakeholder,
        )
    return Consultation(
        document=document,
        period=CommentPeriod.objects.select_related("document__process").get(pk=period.pk),
        saudi=delegate,
        egypt=egypt,
        idp=idp,
        unesco=unesco,
        icc=icc,
        amendment=amendment,
        insertion=insertion,
        deletion=deletion,
        egypt_comment=egypt_comment,
    )


@pytest.fixture
def march(process, make_document, secretariat, chair, delegate):
    return run_march_consultation(
        process=process,
        make_document=make_document,
        secretariat=secretariat,
        chair=chair,
        delegate=delegate,
    )


def compiled_paragraph(compilation, letter, number):
    chapter = next(c for c in compilation.chapters if c.letter == letter)
    return next(p for p in chapter.paragraphs if p.number == number)


def who_said_what(paragraph):
    return [
        (group.label, entry.stakeholder.name, item.kind)
        for group in paragraph.groups
        for entry in group.stakeholders
        for item in entry.inputs
    ]


def url(march, name="compilation", query=""):
    document = march.document
    path = reverse(
        f"consultations:{name}", args=[document.process.slug, document.slug, march.period.pk]
    )
    return path + query


# --- What the compilation holds ------------------------------------------------------------


def test_each_paragraph_shows_its_text_as_it_stood_when_the_period_opened(march):
    compilation = compiling.compile_period(march.period)

    para_21 = compiled_paragraph(compilation, "B", "21")
    assert paragraph(march.document, "B", 21).current_version.sequence == 2  # accepted since
    assert para_21.version == 1
    assert not para_21.is_new
    assert [(a.label, a.text) for a in para_21.alternatives] == [
        ("ALT 1", PARA_21_ALT_1),
        ("ALT 2", PARA_21_ALT_2),
    ]


def test_a_paragraph_inserted_during_the_period_is_shown_as_new(march):
    compilation = compiling.compile_period(march.period)

    chapter_b = [p.number for p in compilation.chapters[1].paragraphs]
    para_5bis = compiled_paragraph(compilation, "B", "5bis")
    assert chapter_b[:7] == ["1", "2", "3", "4", "5", "5bis", "6"]
    assert para_5bis.is_new
    assert [a.text for a in para_5bis.alternatives] == [NEW_PARAGRAPH]
    assert not compiled_paragraph(compilation, "B", "5").is_new


def test_a_paragraph_struck_before_the_period_is_left_out_and_one_struck_since_is_marked(
    client, march, chair
):
    with time_machine.travel(BEFORE, tick=False):
        drafts.delete_paragraph(
            paragraph=paragraph(march.document, "A", 3),
            actor=chair,
            expected_version=1,
            reason="Duplicates Para 2.",
        )
    with time_machine.travel(DECIDED, tick=False):
        services.accept_proposal(proposal=march.deletion, actor=chair, expected_version=1)

    compilation = compiling.compile_period(march.period)

    assert [p.number for p in compilation.chapters[0].paragraphs] == ["1", "2"]
    para_28 = compiled_paragraph(compilation, "B", "28")
    assert para_28.is_deleted
    assert [a.text for a in para_28.alternatives] == ["Text of B.28."]
    assert [item.state_label for item in para_28.inputs] == ["Accepted"]
    assert "Deleted since the period opened" in client.get(url(march)).content.decode()


def test_input_is_grouped_by_stakeholder_category_then_stakeholder(march):
    compilation = compiling.compile_period(march.period)

    assert who_said_what(compiled_paragraph(compilation, "B", "21")) == [
        ("Government", "Egypt", "comment"),
        ("Government", "Saudi Arabia", "amend"),
        ("Civil society", "The Internet Democracy Project", "comment"),
        ("UN entity", "UNESCO", "comment"),
    ]
    assert [
        (group.label, entry.stakeholder.name, item.text)
        for group in compilation.general
        for entry in group.stakeholders
        for item in entry.inputs
    ] == [
        ("Government", "Egypt", "Egypt welcomes the Vision."),
        ("Private sector", "ICC BASIS", "Business supports a light-touch Vision."),
    ]


def test_each_proposal_is_a_redline_against_the_text_it_was_made_on(march):
    compilation = compiling.compile_period(march.period)

    def only_input(letter, number):
        [item] = compiled_paragraph(compilation, letter, number).inputs
        return item

    para_21 = compiled_paragraph(compilation, "B", "21")
    amendment = next(item for item in para_21.inputs if item.kind == ProposalKind.AMEND)
    assert amendment.target_label == "ALT 1"
    assert amendment.state_label == "Accepted"
    assert amendment.rationale == "Security belongs here."
    assert "the openness [+and security+] of the Internet" in amendment.plain_text
    assert diffing.DiffOp("insert", "and security ") in amendment.redline
    insertion = only_input("B", "5")
    assert insertion.plain_text == f"[+{NEW_PARAGRAPH}+]"
    assert insertion.state_label == "Accepted"
    deletion = only_input("B", "28")
    assert deletion.plain_text == "[-Text of B.28.-]"
    assert deletion.state_label == "Submitted"
    comment = next(item for item in para_21.inputs if item.stakeholder.name == "Egypt")
    assert (comment.text, comment.redline, comment.rationale) == ("Egypt prefers ALT 2.", (), "")


def test_only_input_received_in_the_period_is_compiled(march):
    compilation = compiling.compile_period(march.period)

    texts = [item.plain_text for _, _, item in compilation.rows()]
    assert not any("before the period" in text or "after the period" in text for text in texts)
    assert compilation.counts == {
        "proposals": 3,
        "comments": 3,
        "general_comments": 2,
        "stakeholders": 5,
    }


def test_paragraphs_without_input_are_listed_compactly(march):
    compilation = compiling.compile_period(march.period)

    chapter_a, chapter_b = compilation.chapters
    assert [item.label for item in chapter_a.items] == ["Paras 1-3"]
    assert [item.label for item in chapter_b.items] == [
        "Paras 1-4",
        "Para 5",
        "Paras 5bis, 6-20",
        "Para 21",
        "Paras 22-27",
        "Para 28",
        "Paras 29-30",
    ]
    assert [item.is_run for item in chapter_b.items] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
    ]
    assert chapter_b.no_input_label == "Paras 1-4, 5bis, 6-20, 22-27, 29-30"


def test_a_period_on_some_chapters_compiles_those_chapters(march):
    march.period.chapters.set([march.document.chapters.get(letter="B")])

    compilation = compiling.compile_period(march.period)

    assert [chapter.heading for chapter in compilation.chapters] == ["Chapter B: Chapter B"]


def test_filters_keep_the_text_and_the_input_they_match(march):
    received = compiling.read_period(march.period)
    egypt = next(s for s in received.stakeholders if s.name == "Egypt")

    by_category = compiling.assemble(
        received, compiling.Filters(category=StakeholderCategory.CIVIL_SOCIETY)
    )
    by_stakeholder = compiling.assemble(received, compiling.Filters(stakeholder_id=egypt.id))
    with_input = compiling.assemble(received, compiling.Filters(only_with_input=True))

    assert [(s, k) for _, s, k in who_said_what(compiled_paragraph(by_category, "B", "21"))] == [
        ("The Internet Democracy Project", "comment")
    ]
    assert by_category.general == ()
    assert [p.number for p in by_category.chapters[1].with_input] == ["21"]
    assert [item.stakeholder.name for _, _, item in by_stakeholder.rows()] == ["Egypt"] * 3
    assert [item.label for item in with_input.chapters[1].items] == ["Para 5", "Para 21", "Para 28"]
    assert len(with_input.chapters[1].paragraphs) == 31  # the text is all still there
    # Whatever the filters, the choice of stakeholders is everyone who sent something.
    assert [s.name for s in by_category.stakeholders] == [
        "Egypt",
        "Saudi Arabia",
        "ICC BASIS",
        "The Internet Democracy Project",
        "UNESCO",
    ]


# --- The page ---------------------------------------------------------------------------------


def test_anyone_reads_the_compilation_of_a_public_process(client, march):
    response = client.get(url(march))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Compilation of the input on Document vision" in page
    assert "7 March 2014, 00:00 to 21 March 2014, 18:00 (Europe/Zurich time)" in page
    assert (
        "3 proposals, 3 comments on paragraphs and 2 general comments from 5 stakeholders" in page
    )
    assert page.index("Egypt welcomes the Vision.") < page.index("Para 21")
    assert '<ins class="redline-ins">and security</ins>' in page
    assert "Security belongs here." in page
    assert "<summary>Paras 5bis, 6-20: no input</summary>" in page
    assert "New since the period opened" in page
    assert "10 March 2014, 10:00" in page  # submitted at, in Geneva time
    assert "Proposed before the period opened." not in page


def test_the_filters_are_a_get_form_with_stable_addresses(client, march):
    response = client.get(url(march, query="?category=civil_society&with_input=1"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Openness protects rights." in page
    assert "Egypt prefers ALT 2." not in page
    assert "Security belongs here." not in page
    assert "no input</summary>" not in page
    assert "Input on 1 paragraph; Paras 1-5, 5bis, 6-20, 22-30: no input." in page
    assert "No input on this chapter." in page  # Chapter A
    csv_link = f"/p/wsis10/vision/periods/{march.period.pk}/compilation.csv"
    assert f'href="{csv_link}?category=civil_society&amp;with_input=1"' in page
    assert '<option value="civil_society" selected>Civil society</option>' in page


def test_a_stakeholder_who_sent_nothing_is_a_filter_that_matches_nothing(client, march, chair):
    russia = chair.memberships.get().stakeholder

    response = client.get(url(march, query=f"?stakeholder={russia.pk}"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "0 proposals, 0 comments on paragraphs and 0 general comments" in page
    assert "Text of B.28." in page  # the text is still all there


def test_a_filter_the_page_cannot_apply_is_refused_and_says_why(client, march):
    response = client.get(url(march, query="?category=aliens&stakeholder=x"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "These filters cannot be applied" in page
    assert "Select a valid choice. aliens is not one of the available choices." in page
    assert "Egypt welcomes the Vision." in page  # the whole compilation, unfiltered


def test_what_stakeholders_wrote_is_shown_as_text(client, march):
    with time_machine.travel(RECEIVED, tick=False):
        propose(
            march.period,
            paragraph(march.document, "B", 2),
            march.idp,
            text=f"Text of B.2. {HOSTILE}",
            rationale=f"Because {HOSTILE}",
        )
        DocumentComment.objects.create(
            document=march.document,
            period=march.period,
            author=march.idp,
            stakeholder=march.idp.memberships.get().stakeholder,
            text=HOSTILE,
        )

    page = client.get(url(march)).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Because &lt;script&gt;" in page


def test_a_closed_process_shows_its_compilation_to_members_only(client, process, march, observer):
    process.drafts_are_public = False
    process.save()
    outsider = UserFactory()

    anonymous = client.get(url(march))
    client.force_login(outsider)
    stranger = client.get(url(march, "compilation_csv"))
    client.force_login(observer)
    member = client.get(url(march))

    assert anonymous.status_code == 404
    assert stranger.status_code == 404
    assert member.status_code == 200
    assert "Egypt welcomes the Vision." in member.content.decode()


def test_a_period_is_found_only_under_its_own_document(client, march, make_document):
    make_document(slug="statement")

    response = client.get(
        reverse("consultations:compilation", args=["wsis10", "statement", march.period.pk])
    )

    assert response.status_code == 404


# --- CSV ------------------------------------------------------------------------------------


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_input_in_the_process_time_zone(client, march):
    response = client.get(url(march, "compilation_csv"))

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="vision-compilation-2014-03-07-to-2014-03-21.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    assert rows[0] == [
        "Chapter",
        "Paragraph",
        "Alternative",
        "Category",
        "Stakeholder",
        "Kind",
        "State",
        "Text",
        "Rationale",
        "Submitted at (Europe/Zurich)",
    ]
    assert len(rows) == 1 + 8
    assert rows[1] == [
        "",
        "",
        "",
        "Government",
        "Egypt",
        "General comment",
        "",
        "Egypt welcomes the Vision.",
        "",
        "2014-03-10 10:00:00",
    ]
    saudi = next(row for row in rows if row[4] == "Saudi Arabia")
    assert saudi[:7] == [
        "B",
        "21",
        "ALT 1",
        "Government",
        "Saudi Arabia",
        "Amend the text",
        "Accepted",
    ]
    assert "the openness [+and security+] of the Internet" in saudi[7]
    assert saudi[8:] == ["Security belongs here.", "2014-03-10 10:00:00"]
    assert rows[-1][:8] == [
        "B",
        "28",
        "",
        "Government",
        "Egypt",
        "Delete the paragraph",
        "Submitted",
        "[-Text of B.28.-]",
    ]


def test_the_csv_quotes_properly_and_never_hands_a_spreadsheet_a_formula(client, march):
    awkward = 'Commas, "quotes"\nand a second line'
    with time_machine.travel(RECEIVED, tick=False):
        for rationale in ('=HYPERLINK("http://evil.example")', "+1", "-2", "@SUM(A1)", awkward):
            propose(
                march.period,
                paragraph(march.document, "A", 2),
                march.idp,
                ProposalKind.COMMENT,
                rationale=rationale,
            )

    response = client.get(url(march, "compilation_csv", "?category=civil_society"))

    texts = [row[7] for row in csv_rows(response)[1:] if row[1] == "2"]
    assert texts == [
        '\'=HYPERLINK("http://evil.example")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        awkward,
    ]


def test_the_csv_follows_the_filters(client, march):
    egypt = march.egypt.memberships.get().stakeholder

    rows = csv_rows(client.get(url(march, "compilation_csv", f"?stakeholder={egypt.pk}")))

    assert {row[4] for row in rows[1:]} == {"Egypt"}
    assert len(rows) == 1 + 3


# --- PDF ------------------------------------------------------------------------------------


def test_the_pdf_renders_in_the_background_and_then_downloads(
    client, march, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(url(march, "compilation_pdf"))
    ready = client.get(url(march, "compilation_pdf"))

    assert pending.status_code == 202
    assert '<meta http-equiv="refresh" content="3">' in pending.content.decode()
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"
    assert Rendering.objects.get().purpose == "compilation"
    pdf = pypdf.PdfReader(io.BytesIO(b"".join(ready.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "The Internet Democracy Project" in text
    assert "Openness protects rights." in text
    assert "Multilingualism online is a condition" in text
    assert "Paras 5bis, 6-20: no input" in text


def test_a_filtered_pdf_is_another_rendering(client, march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url(march, "compilation_pdf"))
        filtered = client.get(url(march, "compilation_pdf", "?category=un_entity"))

    assert filtered.status_code == 202
    assert "?category=un_entity" in filtered.content.decode()
    assert Rendering.objects.count() == 2


# --- Queries ---------------------------------------------------------------------------------


def build_period_with_input(make_document, secretariat, delegate, *, slug, paragraphs):
    """A document of `paragraphs` paragraphs (half with two ALTs), a proposal on every one and a
    comment on every other, and a general comment."""
    from django.utils import timezone

    document = make_document(
        slug=slug,
        chapters=(("A", paragraphs // 2), ("B", paragraphs - paragraphs // 2)),
        texts={("B", n): (f"ALT one {n}.", f"ALT two {n}.") for n in range(1, paragraphs)},
    )
    now = timezone.now()
    period = CommentPeriod.objects.create(
        document=document,
        opens_at=now,
        closes_at=now + timezone.timedelta(days=14),
        created_by=secretariat,
    )
    for number, para in enumerate(
        Paragraph.objects.filter(chapter__document=document).select_related("current_version")
    ):
        propose(period, para, delegate, alternative_position=1, text=f"Proposed {para.pk}.")
        if number % 2:
            propose(period, para, delegate, ProposalKind.COMMENT, rationale=f"On {para.pk}.")
    DocumentComment.objects.create(
        document=document,
        period=period,
        author=delegate,
        stakeholder=delegate.memberships.get().stakeholder,
        text="In general.",
    )
    return period


# period, then compile_period's queries
PAGE_QUERIES = 1 + compiling.COMPILATION_QUERIES


@pytest.mark.parametrize("name", ["compilation", "compilation_csv"])
def test_the_compilation_costs_the_same_queries_for_10_and_200_paragraphs(
    client, make_document, secretariat, delegate, django_assert_max_num_queries, name
):
    counts = []
    for slug, size in (("small", 10), ("large", 200)):
        period = build_period_with_input(
            make_document, secretariat, delegate, slug=slug, paragraphs=size
        )
        path = reverse(f"consultations:{name}", args=["wsis10", slug, period.pk])
        with django_assert_max_num_queries(PAGE_QUERIES) as captured:
            response = client.get(path)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
    assert "Proposed" in response.content.decode("utf-8-sig")


# --- Without a database: the plain pieces ----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "plain"),
    [
        ("the openness of", "the openness and security of", "the openness [+and security+] of"),
        ("keep this word", "keep that word", "keep [-this-][+that+] word"),
        ("", "All new.", "[+All new.+]"),
        ("All gone.", "", "[-All gone.-]"),
    ],
)
def test_a_plain_text_redline_marks_insertions_and_deletions(old, new, plain):
    assert compiling.plain_redline(diffing.redline(old, new)) == plain


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+41 22 730 5111", "'+41 22 730 5111"),
        ("-", "'-"),
        ("@risk", "'@risk"),
        ("\tTabbed", "'\tTabbed"),
        ("[-deleted-]", "[-deleted-]"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_evaluate_starts_with_a_quote(cell, safe):
    assert compiling.spreadsheet_safe(cell) == safe


def test_grouping_orders_categories_as_the_process_lists_them_and_names_alphabetically():
    def said(name, category, minute):
        return compiling.Input(
            source="proposal",
            id=minute,
            kind="comment",
            kind_label="Comment only",
            stakeholder=compiling.StakeholderRef(id=hash(name), name=name, category=category),
            author="",
            state="submitted",
            state_label="Submitted",
            target_label="",
            base_version=1,
            text="",
            redline=(),
            rationale="",
            submitted_at=datetime(2014, 3, 10, 10, minute, tzinfo=GENEVA),
        )

    groups = compiling.group_by_stakeholder(
        [
            said("UNESCO", "un_entity", 1),
            said("saudi Arabia", "government", 2),
            said("Egypt", "government", 4),
            said("ICC BASIS", "private_sector", 3),
            said("Egypt", "government", 0),
        ]
    )

    assert [
        (g.category, s.stakeholder.name, [i.id for i in s.inputs])
        for g in groups
        for s in g.stakeholders
    ] == [
        ("government", "Egypt", [0, 4]),
        ("government", "saudi Arabia", [2]),
        ("private_sector", "ICC BASIS", [3]),
        ("un_entity", "UNESCO", [1]),
    ]
