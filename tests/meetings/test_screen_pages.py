"""The Chair's meeting dashboard and the screen's pages: who may see and change what, what the
Chair reads there, and what a bad request gets back."""

import pytest
from django.urls import reverse

from drafts import services as drafts_services
from drafts.models import Paragraph
from meetings.models import Meeting
from tests.consultations.conftest import PARA_21_ALT_1
from tests.factories import MemberFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def url(name, meeting, **extra):
    return reverse(f"meetings:{name}", args=[meeting.process.slug, meeting.number], **extra)


def para(document, letter, number) -> Paragraph:
    return Paragraph.objects.get(chapter__document=document, chapter__letter=letter, number=number)


def test_the_chair_reads_each_chapter_s_progress_and_what_waits_on_the_dashboard(
    client, fourth_meeting, vision, chair, delegate
):
    from consultations.models import ProposalKind
    from consultations.services import submit_proposal

    submit_proposal(
        paragraph=para(vision, "B", 21),
        actor=delegate,
        kind=ProposalKind.AMEND,
        text=PARA_21_ALT_1 + " Now.",
        alternative_position=1,
        base_version=1,
    )
    client.force_login(chair)

    page = client.get(url("dashboard", fourth_meeting))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-chapter="A"' in html and 'data-chapter="B"' in html
    assert 'aria-label="0 agreed, 10 pre-agreed, 1 open"' in html  # Chapter A
    assert 'aria-label="0 agreed, 24 pre-agreed, 6 open"' in html  # Chapter B
    assert "Chapter B, Para 21</a>\n        — 1 proposal" in html
    assert "Nothing is on screen yet" in html
    assert "Next open paragraph on screen" in html


def test_the_dashboard_costs_the_same_queries_however_long_the_agenda(
    client, fourth_meeting, make_document, chair, secretariat, django_assert_max_num_queries
):
    client.force_login(chair)
    with django_assert_max_num_queries(16):
        assert client.get(url("dashboard", fourth_meeting)).status_code == 200
    statement = make_document(slug="statement", chapters=(("A", 40), ("B", 40), ("C", 40)))
    fourth_meeting.agenda.add(statement)
    with django_assert_max_num_queries(16):
        assert client.get(url("dashboard", fourth_meeting)).status_code == 200


@pytest.mark.parametrize("who", ["delegate", "observer"])
def test_the_dashboard_is_the_chair_s_and_the_secretariat_s(client, fourth_meeting, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("dashboard", fourth_meeting)).status_code == 403


def test_someone_signed_out_is_asked_to_log_in_for_the_dashboard(client, fourth_meeting):
    response = client.get(url("dashboard", fourth_meeting))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_chair_puts_the_next_open_paragraph_on_screen_with_one_click(
    client, fourth_meeting, chair
):
    client.force_login(chair)
    response = client.post(url("put_next_on_screen", fourth_meeting), follow=True)
    assert response.redirect_chain[-1][0] == url("dashboard", fourth_meeting)
    assert "Chapter A, Para 11 is on screen." in response.content.decode()
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen.number == 11


def test_the_chair_picks_a_paragraph_for_the_screen(client, fourth_meeting, vision, chair):
    client.force_login(chair)
    para_21 = para(vision, "B", 21)
    response = client.post(url("put_on_screen", fourth_meeting), {"paragraph": str(para_21.uid)})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen == para_21

    client.post(url("clear_screen", fourth_meeting))
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen is None


def test_a_delegate_posting_to_the_screen_is_refused_and_nothing_changes(
    client, fourth_meeting, vision, delegate
):
    client.force_login(delegate)
    para_21 = para(vision, "B", 21)
    response = client.post(url("put_on_screen", fourth_meeting), {"paragraph": str(para_21.uid)})
    assert response.status_code == 403
    assert "Only the Chair, a Vice-Chair or the secretariat" in response.content.decode()
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen is None


@pytest.mark.parametrize("bad", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_or_unknown_paragraph_is_a_clear_400(client, fourth_meeting, chair, bad):
    client.force_login(chair)
    response = client.post(url("put_on_screen", fourth_meeting), {"paragraph": bad})
    assert response.status_code == 400
    assert "Choose a paragraph to put on screen." in response.content.decode()


def test_a_paragraph_of_another_process_is_refused_on_the_dashboard(client, fourth_meeting, chair):
    other = ProcessFactory(code="IGF", slug="igf")
    from processes.models import Role

    other_secretariat = MemberFactory(process=other, role=Role.SECRETARIAT).user
    document = drafts_services.create_document(
        process=other, title="Other", short_title="other", actor=other_secretariat
    )
    chapter = drafts_services.add_chapter(
        document=document, letter="A", title="A", actor=other_secretariat
    )
    foreign = drafts_services.add_paragraph(
        chapter=chapter,
        number=1,
        alternatives=[drafts_services.AlternativeText(text="Elsewhere.")],
        actor=other_secretariat,
    )
    client.force_login(chair)
    response = client.post(url("put_on_screen", fourth_meeting), {"paragraph": str(foreign.uid)})
    assert response.status_code == 400
    assert "belongs to another process" in response.content.decode()
    assert Meeting.objects.get(pk=fourth_meeting.pk).on_screen is None


def test_the_screen_page_shows_brackets_and_alternatives_to_anyone(
    client, fourth_meeting, vision, chair
):
    from meetings import services

    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 27), actor=chair)
    page = client.get(url("screen", fourth_meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<span class="bracket" aria-hidden="true">[</span>' in html
    assert '<span class="attribution">[led by Saudi]</span>' in html
    assert url("screen_events", fourth_meeting) in html

    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair)
    state = client.get(url("screen_state", fourth_meeting))
    assert state.status_code == 200
    assert state["Cache-Control"] == "no-store"
    assert "ALT 1" in state.content.decode() and "ALT 2" in state.content.decode()


def test_hostile_text_on_screen_is_shown_as_text(client, fourth_meeting, vision, chair):
    from meetings import services

    para_21 = para(vision, "B", 21)
    drafts_services.revise_paragraph(
        paragraph=para_21,
        actor=chair,
        expected_version=1,
        alternatives=[drafts_services.AlternativeText(text="<script>alert('x')</script> text")],
        reason="Testing",
    )
    services.put_on_screen(meeting=fourth_meeting, paragraph=para_21, actor=chair)
    html = client.get(url("screen_state", fourth_meeting)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_screen_of_a_closed_process_is_hidden_from_outsiders(client, fourth_meeting):
    process = fourth_meeting.process
    process.drafts_are_public = False
    process.save()
    assert client.get(url("screen", fourth_meeting)).status_code == 404
    assert client.get(url("screen_state", fourth_meeting)).status_code == 404


def test_the_screen_page_costs_a_fixed_number_of_queries(
    client, fourth_meeting, vision, chair, django_assert_max_num_queries
):
    from meetings import services

    services.put_on_screen(meeting=fourth_meeting, paragraph=para(vision, "B", 21), actor=chair)
    with django_assert_max_num_queries(8):
        assert client.get(url("screen", fourth_meeting)).status_code == 200
