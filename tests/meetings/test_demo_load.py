"""A newcomer's first look: the demo reproduces the WSIS+10 negotiation as of 17 April 2014."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from consultations.models import CommentPeriod, ProposalKind
from consultations.services import submit_proposal
from drafts.models import (
    Alternative,
    Chapter,
    Document,
    Paragraph,
    ParagraphStatus,
    ParagraphVersion,
    Publication,
    PublishedParagraph,
    StatusChange,
)
from drafts.selectors import chapter_progress, document_with_text
from meetings.demo.loader import load_demo
from processes.models import Member, Process, Role, Stakeholder

pytestmark = pytest.mark.django_db

MODELS = [
    Process,
    Stakeholder,
    Member,
    Document,
    Chapter,
    Paragraph,
    ParagraphVersion,
    Alternative,
    StatusChange,
    Publication,
    PublishedParagraph,
    CommentPeriod,
    get_user_model(),
]


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def status_lines(slug):
    process = Process.objects.get(code="WSIS+10")
    document = document_with_text(process=process, slug=slug)
    return {
        chapter.letter or "Annex": chapter_progress(chapter).summary
        for chapter in document.chapters.all()
    }


def test_loading_the_demo_twice_changes_nothing_and_duplicates_nothing():
    first = load_demo()
    counts = row_counts()
    second = load_demo()

    assert first.created_documents == [
        "WSIS+10 Statement on the Implementation of WSIS Outcomes",
        "WSIS+10 Vision for WSIS Beyond 2015",
    ]
    assert second.created_documents == []
    assert second.created_publications == []
    assert second.created_periods == []
    assert row_counts() == counts


def test_the_five_consolidated_texts_of_17_april_are_published():
    result = load_demo()

    assert result.created_publications == [
        "WSIS+10/4/4/Pre-agreed",
        "WSIS+10/4/5/Pre-agreed",
        "WSIS+10/4/6/Pre-agreed",
        "WSIS+10/4/25/Pre-agreed",
        "WSIS+10/4/26/Pre-agreed",
    ]
    published = {
        p.symbol: (p.title, p.status_as_of_label, p.status_line) for p in Publication.objects.all()
    }
    assert published["WSIS+10/4/26/Pre-agreed"] == (
        "Pre-agreed text of Priority areas to be addressed in the implementation of WSIS Beyond "
        "2015, Chapter B",
        "Status as of 17 April 2014, COB",
        "Pre-agreed (besides Paras 2, 21, 27-30)",
    )
    assert published["WSIS+10/4/25/Pre-agreed"][1:] == (
        "Status as of 17 April 2014, COB",
        "Pre-agreed (besides Para 11)",
    )
    assert published["WSIS+10/4/4/Pre-agreed"][2] == "Pre-agreed"


def test_the_vision_stands_as_the_chair_reported_it():
    load_demo()

    assert status_lines("vision") == {
        "A": "Pre-agreed (besides Para 11)",
        "B": "Pre-agreed (besides Paras 2, 21, 27-30)",
        "C": "Open",
        "E": "Open",
        "Annex": "Open",
    }


def test_the_statement_chapters_are_agreed_at_this_level_besides_the_annex():
    load_demo()

    assert status_lines("statement") == {
        "A": "Pre-agreed",
        "B": "Pre-agreed",
        "C": "Pre-agreed",
        "Annex": "Open",
    }


def test_para_21_keeps_both_alternatives_exactly_as_in_the_source():
    load_demo()
    para_21 = Paragraph.objects.get(
        chapter__document__slug="vision", chapter__letter="B", number=21
    )

    alternatives = list(para_21.current_version.alternatives.order_by("position"))

    assert [alt.label for alt in alternatives] == ["ALT 1", "ALT 2"]
    assert alternatives[0].text.startswith(
        "Recognizing the importance of maintaining the openness of the Internet architecture"
    )
    assert alternatives[1].text == (
        "Ensuring the importance of maintaining open standards development processes in the ICT "
        "sector as key enablers for an inclusive information society."
    )
    assert para_21.status == ParagraphStatus.OPEN


def test_the_saudi_paragraphs_keep_their_text_and_brackets_under_the_announced_numbers():
    load_demo()
    saudi = Stakeholder.objects.get(name="Saudi Arabia")
    paras = Paragraph.objects.filter(
        chapter__document__slug="vision", chapter__letter="B", number__in=[27, 28, 29, 30]
    ).order_by("number")

    texts = [p.current_version.alternatives.get().text for p in paras]

    assert texts[0].endswith(
        "[this includes recognizing the need for international agreements to cooperate on "
        "security matters and to avoid unilateral assertions in national laws and to avoid extra "
        "territorial actions.] [led by Saudi]"
    )
    assert texts[3].startswith("Promoting a culture of online security and safety")
    assert all(p.current_version.on_behalf_of == saudi for p in paras)
    assert "printed there as paragraph 28" in paras[0].current_version.reason


def test_every_pre_agreed_paragraph_was_marked_by_the_chair_with_an_audit_record():
    load_demo()
    chair = get_user_model().objects.get(username="chair")

    pre_agreed = Paragraph.objects.filter(status=ParagraphStatus.PRE_AGREED)

    assert pre_agreed.count() == StatusChange.objects.filter(actor=chair).count() > 0
    assert not Paragraph.objects.filter(
        status=ParagraphStatus.PRE_AGREED, status_changes__isnull=True
    ).exists()


def test_there_is_a_demo_account_for_every_role():
    load_demo()
    process = Process.objects.get(code="WSIS+10")

    roles = set(Member.objects.filter(process=process).values_list("role", flat=True))

    assert roles == set(Role.values)


def test_the_demo_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("load_demo")

    assert not get_user_model().objects.filter(username="chair").exists()


def test_the_demo_command_prints_the_accounts(settings, capsys):
    settings.DEMO_MODE = True

    call_command("load_demo")

    out = capsys.readouterr().out
    assert "delegate" in out and "wsis-demo-2014" in out and "Saudi Arabia" in out


def test_both_documents_had_the_march_consultation_and_are_open_in_session():
    before = timezone.now()
    result = load_demo()

    assert result.created_periods == [
        "Statement: Comments received from WSIS stakeholders, 7-21 March 2014",
        "Statement: In session (demo)",
        "Vision: Comments received from WSIS stakeholders, 7-21 March 2014",
        "Vision: In session (demo)",
    ]
    march = CommentPeriod.objects.filter(title__startswith="Comments received")
    assert {p.document.slug for p in march} == {"statement", "vision"}
    assert {(p.opens_at, p.closes_at) for p in march} == {
        (datetime(2014, 3, 6, 23, 0, tzinfo=UTC), datetime(2014, 3, 21, 17, 0, tzinfo=UTC))
    }
    for period in CommentPeriod.objects.filter(title="In session (demo)"):
        assert before <= period.opens_at <= timezone.now()
        closes = timezone.localtime(period.closes_at, period.document.process.zone)
        opened = timezone.localtime(period.opens_at, period.document.process.zone)
        assert (closes.date() - opened.date(), closes.time()) == (timedelta(days=60), time(18, 0))
        assert period.takes_proposals and period.takes_comments


def test_the_demo_delegate_can_still_propose_and_the_period_is_recorded():
    load_demo()
    delegate = get_user_model().objects.get(username="delegate")
    para_21 = Paragraph.objects.get(
        chapter__document__slug="vision", chapter__letter="B", number=21
    )

    proposal = submit_proposal(
        paragraph=para_21,
        actor=delegate,
        kind=ProposalKind.COMMENT,
        base_version=1,
        rationale="Either ALT can work.",
    )

    assert proposal.period.title == "In session (demo)"


def test_once_the_demos_open_period_has_ended_loading_again_opens_a_new_one():
    load_demo()

    with time_machine.travel(timezone.now() + timedelta(days=61), tick=False):
        result = load_demo()

    assert result.created_periods == ["Statement: In session (demo)", "Vision: In session (demo)"]
    assert CommentPeriod.objects.filter(title="In session (demo)").count() == 4
