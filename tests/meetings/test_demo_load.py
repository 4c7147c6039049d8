"""A newcomer's first look: the demo reproduces the WSIS+10 negotiation as of 17 April 2014."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import CommentPeriod, ProposalKind, RedraftAssignment
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
from meetings import selectors, services
from meetings.demo.loader import load_demo
from meetings.demo.wsis10 import PARA_21_ALT_1, PARA_21_ALT_2
from meetings.models import (
    ActionItem,
    ActionItemState,
    AttendanceDay,
    Meeting,
    MeetingMode,
    OutcomeKind,
    OutcomePoint,
    Participant,
)
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
    RedraftAssignment,
    Meeting,
    Participant,
    AttendanceDay,
    OutcomePoint,
    ActionItem,
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
    assert second.created_meetings == []
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


# --- The fourth physical meeting, 14-17 April 2014, and the fifth ------------------------------


def meeting(number):
    process = Process.objects.get(code="WSIS+10")
    return selectors.meeting_by_number(process=process, number=number)


def test_the_fourth_meeting_is_held_as_the_chair_reported_it():
    load_demo()

    fourth = meeting(4)

    assert (fourth.phase, fourth.title, fourth.venue) == (
        "Phase Five",
        "Fourth Physical Meeting",
        "ITU Headquarters, Geneva",
    )
    assert (fourth.starts_on, fourth.ends_on) == (date(2014, 4, 14), date(2014, 4, 17))
    assert fourth.mode == MeetingMode.HYBRID
    links = dict(fourth.links)
    assert links["MPP page"] == "https://www.wsis.org/review/mpp"
    assert any(label.startswith("Webcast") for label in links)
    assert any(label.startswith("Virtual room") for label in links)
    assert all(address.startswith(("https://", "http://")) for address in links.values())
    assert fourth.chair.user.get_full_name() == "Vladimir Minkin"
    assert (fourth.chair.role, fourth.chair.stakeholder.name) == (Role.CHAIR, "Russian Federation")
    assert {s.name for s in fourth.vice_chairs.all()} == {"Egypt", "Switzerland", "Saudi Arabia"}
    assert [d.short_title for d in fourth.agenda.all()] == ["Statement", "Vision"]


def test_142_participants_from_70_countries_and_organizations_in_the_room_and_remote():
    load_demo()
    fourth = meeting(4)

    summary = selectors.attendance_summary(fourth)

    assert (summary.participants, summary.stakeholders) == (142, 70)
    assert summary.in_room > 0 and summary.remote > 0
    assert summary.in_room + summary.remote > 142  # a few were in the room, then remote
    assert summary.modes == "in the room and remote"
    participants = list(selectors.participants_of(fourth))
    usernames = {p.member.user.username for p in participants}
    assert {"chair", "vicechair", "vicechair-swiss", "vicechair-saudi", "delegate"} <= usernames
    meeting_days = {date(2014, 4, day) for day in (14, 15, 16, 17)}
    assert all(p.days.all() and {d.day for d in p.days.all()} <= meeting_days for p in participants)
    by_name = {p.member.user.username: p for p in participants}
    assert {d.attendance for d in by_name["chair"].days.all()} == {"in_room"}
    assert {d.attendance for d in by_name["focalpoint"].days.all()} == {"remote"}


def test_the_generated_delegates_cannot_log_in_and_get_no_reminders(client):
    load_demo()
    generated = Member.objects.filter(user__username__startswith="mpp-")

    assert generated.count() == 142 - 8
    assert set(generated.values_list("role", "receives_reminders")) == {(Role.DELEGATE, False)}
    user = generated.select_related("user").first().user
    assert not user.has_usable_password()
    for password in ["", "wsis-demo-2014"]:
        response = client.post(reverse("login"), {"username": user.username, "password": password})
        assert response.status_code == 200  # the form again, not a redirect
        assert "_auth_user_id" not in client.session
    client.post(reverse("login"), {"username": "delegate", "password": "wsis-demo-2014"})
    assert "_auth_user_id" in client.session  # the demo accounts do log in


def test_the_chairs_main_outcomes_are_points_1_to_12_and_11_and_12_are_decisions():
    load_demo()

    points = list(selectors.outcome_points_of(meeting(4)))

    assert [p.number for p in points] == list(range(1, 13))
    decisions = [p.number for p in points if p.kind == OutcomeKind.DECISION]
    assert decisions == [11, 12]
    text = {p.number: p.text for p in points}
    assert text[3] == (
        "More than 140 participants from 70 Countries participated in total in the meeting, in a "
        "remote and physical manner. All WSIS Stakeholders, that is, governments, private sector, "
        "civil society and international organizations took active part in the meeting."
    )
    assert text[12] == (
        "It was agreed that all above mentioned texts should be published on the website by the "
        "15th of May."
    )
    # Long points keep their whole text: point 4 across the source's page break, point 11 with
    # both ALTs of Para 21 and the four Saudi paragraphs.
    assert "coordination on the implementation of WSIS outcomes" in text[4]
    assert text[4].endswith("a series of impact oriented activities to be implemented beyond 2015.")
    assert f"ALT 1: {PARA_21_ALT_1}" in text[11] and f"ALT2: {PARA_21_ALT_2}" in text[11]
    assert "[led by Saudi]" in text[11]
    assert text[11].endswith("Repetition of the essence of the paragraphs needs to be avoided.")
    assert "WSIS+10/4/6/Pre-agreed" in text[8] and "(besides Paras 2, 21, 27-30)" in text[9]


def test_outcome_points_8_9_and_11_link_the_texts_they_are_about():
    load_demo()

    points = {p.number: p for p in selectors.outcome_points_of(meeting(4))}

    def symbols(number):
        return sorted(p.symbol for p in points[number].publications.all())

    assert symbols(8) == [
        "WSIS+10/4/4/Pre-agreed",
        "WSIS+10/4/5/Pre-agreed",
        "WSIS+10/4/6/Pre-agreed",
    ]
    assert symbols(9) == ["WSIS+10/4/25/Pre-agreed", "WSIS+10/4/26/Pre-agreed"]
    linked = points[11].paragraphs.all()
    assert {(p.chapter.document.slug, p.chapter.letter) for p in linked} == {("vision", "B")}
    assert sorted(p.number for p in linked) == [21, 27, 28, 29, 30]
    unlinked = [n for n, p in points.items() if not (p.publications.all() or p.paragraphs.all())]
    assert unlinked == [1, 2, 3, 4, 5, 6, 7, 10, 12]


def test_the_published_texts_are_done_and_switzerland_still_owes_the_chair_an_answer():
    load_demo()
    fourth = meeting(4)

    items = list(selectors.action_items_of(fourth))

    assert [(i.text, i.owner_name, i.due_on, i.state, i.outcome_point.number) for i in items] == [
        (
            "All above mentioned texts published on the website",
            "The secretariat",
            date(2014, 5, 15),
            ActionItemState.DONE,
            12,
        ),
        (
            "Check and update the Chairman on leading the Informal Consultation on the Annex "
            "(Human Rights Resolutions)",
            "Switzerland",
            date(2014, 5, 27),
            ActionItemState.OPEN,
            11,
        ),
    ]
    assert items[1].due_on < meeting(5).starts_on  # "before the fifth meeting"
    overdue = selectors.overdue_action_items(fourth.process)
    assert [i.owner_name for i in overdue] == ["Switzerland"]


def test_the_redrafts_asked_for_at_the_meeting_are_shown_as_made_there():
    load_demo()
    fourth = meeting(4)

    made = list(selectors.assignments_made_at(fourth))

    assert [(a.stakeholder.name, sorted(p.number for p in a.paragraphs.all())) for a in made] == [
        ("HEP", [21]),
        ("Saudi Arabia", [27, 28, 29, 30]),
    ]
    for assignment in made:
        made_on = timezone.localtime(assignment.created_at, fourth.process.zone).date()
        assert made_on == date(2014, 4, 17)
        assert assignment.due_at > timezone.now()  # still to be answered in the demo
        assert assignment.assigned_by.username == "chair"
    assert list(selectors.assignments_made_at(meeting(5))) == []


def test_the_fifth_meeting_is_announced_with_nobody_registered_yet():
    load_demo()
    fourth, fifth = meeting(4), meeting(5)

    assert selectors.next_meeting(fourth) == fifth
    assert (fifth.title, fifth.starts_on, fifth.ends_on, fifth.venue) == (
        "Fifth Physical Meeting",
        date(2014, 5, 28),
        date(2014, 5, 31),
        "Geneva (WIPO Headquarters or CIGG)",
    )
    assert [d.short_title for d in fifth.agenda.all()] == ["Statement", "Vision"]
    assert selectors.attendance_summary(fifth).participants == 0
    assert not fifth.outcome_points.exists() and not fifth.action_items.exists()


def test_para_21_with_both_alternatives_is_on_the_fourth_meetings_screen():
    load_demo()

    screen = selectors.on_screen(meeting(4).pk)

    assert (screen.paragraph.chapter.document.slug, screen.paragraph.chapter.letter) == (
        "vision",
        "B",
    )
    assert screen.paragraph.number == 21
    assert [alt.text for alt in screen.alternatives] == [PARA_21_ALT_1, PARA_21_ALT_2]
    assert selectors.on_screen(meeting(5).pk).paragraph is None


def test_loading_again_leaves_the_screen_where_the_chair_left_it():
    load_demo()
    chair = get_user_model().objects.get(username="chair")
    services.clear_screen(meeting=meeting(4), actor=chair)

    load_demo()

    assert selectors.on_screen(meeting(4).pk).paragraph is None


def test_the_demo_command_names_the_meeting_pages(settings, capsys):
    settings.DEMO_MODE = True

    call_command("load_demo")

    out = capsys.readouterr().out
    assert "Phase Five: Fourth Physical Meeting, 14-17 April 2014, ITU Headquarters, Geneva" in out
    pages = "http://127.0.0.1:8000/p/wsis10/meetings/4/"
    for page in ["", "outcomes/", "screen/", "dashboard/"]:
        assert f"{pages}{page}\n" in out
    assert "Meeting 4: 142 participants" in out


def test_the_meeting_page_says_who_took_part(client):
    load_demo()

    page = client.get("/p/wsis10/meetings/4/").content.decode()

    assert "142 participants from 70 countries/organizations, in the room and remote" in page
