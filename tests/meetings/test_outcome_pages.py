"""The Chair's main outcomes of the fourth physical meeting, as everyone reads them: the title
block ("Phase Five: Fourth Physical Meeting", "14-17 April 2014", "ITU Headquarters, Geneva",
"Main Outcomes by Chairman"), the numbered points and decisions with links to the texts they are
about, the action items (flagged when overdue), the redrafts assigned during the meeting, the
next meeting and the Chair's signature; the same as a PDF; the forms with which the Chair, the
Vice-Chairs and the secretariat record them; and the process home, which shows the meetings and
flags overdue action items.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest
import time_machine
from django.urls import reverse

from consultations.services import assignments
from drafts import services as drafts_services
from drafts.models import Paragraph, PublicationStage, Rendering
from meetings import services
from meetings.models import ActionItem, ActionItemState, OutcomeKind, OutcomePoint
from processes.models import Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
LAST_DAY_OF_THE_MEETING = datetime(2014, 4, 17, 17, 0, tzinfo=GENEVA)
AFTER_THE_MEETING = datetime(2014, 4, 20, 10, 0, tzinfo=GENEVA)
MAY_20 = datetime(2014, 5, 20, 10, 0, tzinfo=GENEVA)
BEFORE_FIFTH_MEETING = datetime(2014, 5, 12, 18, 0, tzinfo=GENEVA)

POINT_1 = (
    "The fourth physical meeting of the Multistakeholder Preparatory Platform (MPP-WSIS+10) "
    "(www.wsis.org/review/mpp) was held from the 14 to the 17 April 2014, in the ITU Headquarters."
)
POINT_9 = "The meeting concluded with pre-agreed texts for part A and B for Vision."
POINT_12 = (
    "It was agreed that all above mentioned texts should be published on the website by the "
    "15th of May."
)

# Pinned query counts (as measured): the same however many points and items. The pen holder's
# page has the forms (documents, publications, paragraphs, stakeholders, focal points to offer).
OUTCOMES_PAGE_QUERIES = {"chair": 21, None: 13}
HOME_QUERIES = 9


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.process.slug, meeting.number, *args])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def para(vision, letter, number):
    return Paragraph.objects.select_related("chapter__document").get(
        chapter__document=vision, chapter__letter=letter, number=number
    )


@pytest.fixture
def vice_chair(process):
    return MemberFactory(
        process=process, role=Role.VICE_CHAIR, stakeholder=StakeholderFactory(name="Egypt")
    ).user


@pytest.fixture
def saudi_arabia(delegate):
    return delegate.memberships.get().stakeholder


@pytest.fixture
def fifth_meeting(process, secretariat, fourth_meeting):
    return services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        phase="Phase Five",
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
        venue="WIPO Headquarters, Geneva",
    )


@pytest.fixture
def outcomes(fourth_meeting, fifth_meeting, chair, secretariat, vision, saudi_arabia):
    """The Chair's outcomes as recorded on the last day: three points, two action items and the
    redraft of Paras 27-30 asked of Saudi Arabia; one more redraft assigned after the meeting."""
    publication = drafts_services.publish(
        document=vision,
        actor=secretariat,
        stage=PublicationStage.PRE_AGREED,
        chapter=vision.chapters.get(letter="B"),
        meeting_number=4,
        document_number=26,
    ).publication
    with time_machine.travel(LAST_DAY_OF_THE_MEETING, tick=False):
        services.record_outcome_point(meeting=fourth_meeting, actor=chair, text=POINT_1)
        point_9 = services.record_outcome_point(
            meeting=fourth_meeting,
            actor=chair,
            text=POINT_9,
            number=9,
            documents=[vision],
            publications=[publication],
            paragraphs=[para(vision, "B", 21)],
        )
        point_12 = services.record_outcome_point(
            meeting=fourth_meeting,
            actor=chair,
            text=POINT_12,
            kind=OutcomeKind.DECISION,
        )
        publish = services.add_action_item(
            meeting=fourth_meeting,
            actor=chair,
            text="Publish all above mentioned texts on the website.",
            owner_is_secretariat=True,
            due_on=date(2014, 5, 15),
            outcome_point=point_12,
        )
        annex = services.add_action_item(
            meeting=fourth_meeting,
            actor=chair,
            text="Check and update the Chairman on the informal consultation on the Annex.",
            owner_stakeholder=StakeholderFactory(name="Switzerland"),
            due_on=date(2014, 5, 1),
            outcome_point=point_9,
        )
        services.set_action_item_state(item=annex, state=ActionItemState.DONE, actor=chair)
        assignments.assign_redraft(
            document=vision,
            paragraphs=[para(vision, "B", n) for n in (27, 28, 29, 30)],
            actor=chair,
            due_at=BEFORE_FIFTH_MEETING,
            instruction="Redraft before the fifth meeting.",
            stakeholder=saudi_arabia,
        )
    with time_machine.travel(AFTER_THE_MEETING, tick=False):
        assignments.assign_redraft(
            document=vision,
            paragraphs=[para(vision, "B", 2)],
            actor=chair,
            due_at=BEFORE_FIFTH_MEETING,
            instruction="Assigned after the meeting.",
            stakeholder=saudi_arabia,
        )
    return {"publication": publication, "publish": publish, "annex": annex}


# --- Reading the outcomes ------------------------------------------------------------------------


def test_everyone_reads_the_outcomes_laid_out_as_the_chairs_document(
    client, outcomes, fourth_meeting, chair, vision
):
    with time_machine.travel(MAY_20, tick=False):
        response = client.get(url("outcomes", fourth_meeting))

    page = text_of(response)
    assert response.status_code == 200
    assert "WSIS+10 MPP" in page
    assert "Phase Five: Fourth Physical Meeting" in page
    assert "14-17 April 2014" in page
    assert "ITU Headquarters, Geneva" in page
    assert "Main Outcomes by Chairman" in page
    assert page.index("1.</span> The fourth physical meeting") < page.index(
        "9.</span> The meeting concluded"
    )
    assert page.index("9.</span>") < page.index('10.</span> <span class="badge outcome-kind">')
    assert "Decision</span> It was agreed" in page
    assert 'href="http://www.wsis.org/review/mpp"' in page
    # Point 9's links: the document, the published text by its symbol, Para 21 of Chapter B.
    b21 = para(vision, "B", 21)
    document_url = reverse("consultations:document", args=["wsis10", "vision"])
    publication_url = reverse("drafts:publication", args=["wsis10", "WSIS+10/4/26/Pre-agreed"])
    paragraph_url = reverse("consultations:paragraph", args=["wsis10", "vision", b21.uid])
    assert f'<a href="{document_url}">Document vision</a>' in page
    assert f'href="{publication_url}">WSIS+10/4/26/Pre-agreed</a>' in page
    assert f'<a href="{paragraph_url}">Chapter B, Para 21</a>' in page


def test_action_items_show_owner_due_date_state_and_the_overdue_flag(
    client, outcomes, fourth_meeting
):
    with time_machine.travel(MAY_20, tick=False):
        response = client.get(url("outcomes", fourth_meeting))

    page = response.content.decode()
    publish = page.split(f'id="action-{outcomes["publish"].pk}"')[1].split("</li>")[0]
    annex = page.split(f'id="action-{outcomes["annex"].pk}"')[1].split("</li>")[0]
    assert "The secretariat" in publish and "15 May 2014" in publish and "Open" in publish
    assert "overdue" in publish
    # Done, though its date has passed: not overdue.
    assert "Switzerland" in annex and "1 May 2014" in annex and "Done" in annex
    assert "overdue" not in annex


def test_nothing_is_overdue_before_its_day(client, outcomes, fourth_meeting):
    with time_machine.travel(datetime(2014, 5, 15, 23, 0, tzinfo=GENEVA), tick=False):
        response = client.get(url("outcomes", fourth_meeting))

    assert "overdue-tag" not in response.content.decode()


def test_the_redrafts_assigned_at_the_meeting_and_the_next_meeting_are_shown(
    client, outcomes, fourth_meeting
):
    page = text_of(client.get(url("outcomes", fourth_meeting)))

    assert (
        'Chapter B, Paras 27-30 (<span class="assignee">Saudi Arabia</span>): redraft before '
        "12 May 2014, 18:00 (Europe/Zurich)" in page
    )
    assert "Chapter B, Para 2 " not in page  # assigned after the meeting
    assert "Phase Five: Fifth Physical Meeting</a>" in page
    assert "28-31 May 2014" in page and "WIPO Headquarters, Geneva" in page


def test_the_chair_signs_the_outcomes(client, outcomes, fourth_meeting, chair):
    page = text_of(client.get(url("outcomes", fourth_meeting)))

    signature = page.split('<footer class="signature">')[1]
    assert chair.get_full_name() in signature
    assert "(Russian Federation)" in signature
    assert "Chairman" in signature


def test_html_in_a_point_is_shown_as_text_with_its_lines_and_links(client, fourth_meeting, chair):
    services.record_outcome_point(
        meeting=fourth_meeting,
        actor=chair,
        text='<script>alert("x")</script> <b>bold</b>\nSee https://www.itu.int/wsis?a=1&b=2',
    )

    page = client.get(url("outcomes", fourth_meeting)).content.decode()

    assert '<script>alert("x")' not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;<br>" in page
    assert '<a href="https://www.itu.int/wsis?a=1&amp;b=2"' in page


def test_a_closed_process_hides_its_outcomes_from_outsiders(client, fourth_meeting, process):
    process.drafts_are_public = False
    process.save()
    outsider = MemberFactory(process=ProcessFactory(), role=Role.CHAIR).user

    assert client.get(url("outcomes", fourth_meeting)).status_code == 404
    client.force_login(outsider)
    assert client.get(url("outcomes", fourth_meeting)).status_code == 404


def test_the_outcomes_page_links_to_its_pdf(client, fourth_meeting):
    page = client.get(url("outcomes", fourth_meeting)).content.decode()

    assert f'href="{url("outcomes_pdf", fourth_meeting)}"' in page
    assert url("outcomes_pdf", fourth_meeting) == "/p/wsis10/meetings/4/outcomes.pdf"


# --- Recording the outcomes ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["chair", "vice_chair", "secretariat"])
def test_the_pen_holders_see_the_forms(request, client, fourth_meeting, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(url("outcomes", fourth_meeting)).content.decode()

    assert "Add an outcome point" in page and "Add an action item" in page
    # Two forms on one page, each field with an id (and a label) of its own.
    assert page.count('id="point_text"') == page.count('id="action_text"') == 1
    assert '<label for="point_text">' in page and '<label for="action_text">' in page


@pytest.mark.parametrize("who", ["delegate", "observer", None])
def test_others_read_without_forms(request, client, fourth_meeting, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    page = client.get(url("outcomes", fourth_meeting)).content.decode()

    assert "Add an outcome point" not in page and "Add an action item" not in page
    assert url("add_outcome_point", fourth_meeting) not in page


def test_the_chair_adds_a_decision_linked_to_paragraphs_through_the_form(
    client, fourth_meeting, chair, vision
):
    client.force_login(chair)
    b21, b27 = para(vision, "B", 21), para(vision, "B", 27)
    form = client.get(url("outcomes", fourth_meeting)).content.decode()
    assert f'<option value="{b21.uid}">Chapter B, Para 21</option>' in form

    response = client.post(
        url("add_outcome_point", fourth_meeting),
        {
            "text": POINT_12,
            "kind": OutcomeKind.DECISION,
            "documents": [str(vision.pk)],
            "paragraphs": [str(b21.uid), str(b27.uid)],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("outcomes", fourth_meeting) + "#point-1"
    point = OutcomePoint.objects.get()
    assert (point.number, point.kind, point.text) == (1, OutcomeKind.DECISION, POINT_12)
    assert sorted(p.number for p in point.paragraphs.all()) == [21, 27]
    assert list(point.documents.all()) == [vision]
    page = text_of(client.get(response["Location"]))
    assert "Point 1 is recorded." in page


def refused_point(client, fourth_meeting, data, status, message):
    response = client.post(url("add_outcome_point", fourth_meeting), data)
    assert response.status_code == status
    page = text_of(response)
    assert message in page
    assert "Nothing was saved" in page
    return page


def test_an_empty_point_is_refused_and_the_form_is_shown_again(client, fourth_meeting, chair):
    client.force_login(chair)

    refused_point(client, fourth_meeting, {"text": "  ", "kind": "point"}, 400, "needs some text")

    assert not OutcomePoint.objects.exists()


def test_a_number_taken_is_refused_with_409_and_the_input_kept(client, fourth_meeting, chair):
    services.record_outcome_point(meeting=fourth_meeting, actor=chair, text=POINT_1)
    client.force_login(chair)

    page = refused_point(
        client,
        fourth_meeting,
        {"text": "A second first point.", "kind": "point", "number": "1"},
        409,
        "Point 1 exists already.",
    )

    assert "A second first point." in page
    assert OutcomePoint.objects.count() == 1


def test_a_link_to_another_processs_paragraph_is_refused(client, fourth_meeting, chair):
    other = ProcessFactory(code="IGF", slug="igf")
    secretariat = MemberFactory(process=other, role=Role.SECRETARIAT).user
    document = drafts_services.create_document(
        process=other, title="IGF", short_title="igf", slug="igf", actor=secretariat
    )
    chapter = drafts_services.add_chapter(
        document=document, letter="A", title="A", actor=secretariat
    )
    drafts_services.add_paragraph(
        chapter=chapter,
        number=1,
        alternatives=[drafts_services.AlternativeText(text="Elsewhere.")],
        actor=secretariat,
    )
    client.force_login(chair)

    refused_point(
        client,
        fourth_meeting,
        {
            "text": POINT_9,
            "kind": "point",
            "paragraphs": [str(Paragraph.objects.get(chapter=chapter).uid)],
        },
        400,
        "An outcome can only link to texts of WSIS+10.",
    )

    assert not OutcomePoint.objects.exists()


def test_a_delegate_may_not_record_a_point(client, fourth_meeting, delegate):
    client.force_login(delegate)

    response = client.post(
        url("add_outcome_point", fourth_meeting), {"text": POINT_1, "kind": "point"}
    )

    assert response.status_code == 403
    assert "Only the Chair, a Vice-Chair or the secretariat" in text_of(response)
    assert not OutcomePoint.objects.exists()


def test_an_anonymous_post_is_sent_to_log_in(client, fourth_meeting):
    response = client.post(
        url("add_outcome_point", fourth_meeting), {"text": POINT_1, "kind": "point"}
    )

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not OutcomePoint.objects.exists()


def test_the_secretariat_adds_an_action_item_through_the_form(
    client, fourth_meeting, secretariat, saudi_arabia
):
    point = services.record_outcome_point(meeting=fourth_meeting, actor=secretariat, text=POINT_12)
    client.force_login(secretariat)

    response = client.post(
        url("add_action_item", fourth_meeting),
        {
            "text": "Redraft Paras 27-30.",
            "owner_stakeholder": str(saudi_arabia.pk),
            "due_on": "2014-05-12",
            "outcome_point": str(point.pk),
        },
    )

    item = ActionItem.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#action-{item.pk}")
    assert (item.owner_stakeholder, item.due_on, item.outcome_point) == (
        saudi_arabia,
        date(2014, 5, 12),
        point,
    )


@pytest.mark.parametrize(
    ("owners", "message"),
    [
        ({}, "Name the action item&#x27;s owner"),
        ({"owner_is_secretariat": "on", "stakeholder": True}, "An action item has one owner"),
    ],
)
def test_an_action_item_needs_exactly_one_owner(
    client, fourth_meeting, chair, saudi_arabia, owners, message
):
    data = {"text": "Publish the texts.", "due_on": "2014-05-15"}
    if owners.pop("stakeholder", False):
        data["owner_stakeholder"] = str(saudi_arabia.pk)
    client.force_login(chair)

    response = client.post(url("add_action_item", fourth_meeting), data | owners)

    assert response.status_code == 400
    page = text_of(response)
    assert message in page and "Nothing was saved" in page
    assert "Publish the texts." in page
    assert not ActionItem.objects.exists()


def test_an_action_item_without_text_is_refused(client, fourth_meeting, chair):
    client.force_login(chair)

    response = client.post(url("add_action_item", fourth_meeting), {"owner_is_secretariat": "on"})

    assert response.status_code == 400
    assert "The action item needs some text." in text_of(response)
    assert not ActionItem.objects.exists()


@pytest.fixture
def publish_item(fourth_meeting, chair):
    return services.add_action_item(
        meeting=fourth_meeting,
        actor=chair,
        text="Publish the texts.",
        owner_is_secretariat=True,
        due_on=date(2014, 5, 15),
    )


def test_an_action_item_is_marked_done_then_opened_again(
    client, fourth_meeting, secretariat, publish_item
):
    client.force_login(secretariat)
    state_url = url("action_item_state", fourth_meeting, publish_item.pk)

    page = client.get(url("outcomes", fourth_meeting)).content.decode()
    assert f'action="{state_url}"' in page and ">Mark done</button>" in page

    done = client.post(state_url, {"state": "done"})
    publish_item.refresh_from_db()
    assert done.status_code == 302 and publish_item.state == ActionItemState.DONE
    assert "The action item is now done." in text_of(client.get(done["Location"]))

    again = client.post(state_url, {"state": "done"})
    assert again.status_code == 409
    assert "The action item is already done." in text_of(again)

    client.post(state_url, {"state": "open"})
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.OPEN


def test_a_delegate_may_not_change_an_action_items_state(
    client, fourth_meeting, delegate, publish_item
):
    client.force_login(delegate)

    response = client.post(
        url("action_item_state", fourth_meeting, publish_item.pk), {"state": "cancelled"}
    )

    assert response.status_code == 403
    assert "Only the Chair, a Vice-Chair or the secretariat" in text_of(response)
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.OPEN


def test_an_unknown_state_or_another_meetings_item_is_refused(
    client, fourth_meeting, fifth_meeting, chair, publish_item
):
    client.force_login(chair)

    unknown = client.post(
        url("action_item_state", fourth_meeting, publish_item.pk), {"state": "postponed"}
    )
    elsewhere = client.post(
        url("action_item_state", fifth_meeting, publish_item.pk), {"state": "done"}
    )

    assert unknown.status_code == 400
    assert "open, done or cancelled" in text_of(unknown)
    assert elsewhere.status_code == 404
    publish_item.refresh_from_db()
    assert publish_item.state == ActionItemState.OPEN


# --- The PDF -------------------------------------------------------------------------------------


def test_the_outcomes_pdf_is_prepared_then_downloaded(
    client, outcomes, fourth_meeting, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.get(url("outcomes_pdf", fourth_meeting))
    ready = client.get(url("outcomes_pdf", fourth_meeting))

    assert pending.status_code == 202
    assert "being prepared" in text_of(pending)
    assert '<meta http-equiv="refresh" content="3">' in pending.content.decode()
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"
    assert Rendering.objects.filter(purpose="outcomes").count() == 1
    pdf = pypdf.PdfReader(io.BytesIO(b"".join(ready.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "WSIS+10 MPP" in text
    assert "Phase Five: Fourth Physical Meeting" in text
    assert "14-17 April 2014" in text
    assert "Main Outcomes by Chairman" in text
    assert "1. The fourth physical meeting" in text
    assert "9. The meeting concluded with pre-agreed texts" in text
    assert "10. Decision: It was agreed" in text
    assert "Publish all above mentioned texts on the website." in text
    assert "Chapter B, Paras 27-30 (Saudi Arabia)" in text
    assert "Fifth Physical Meeting, 28-31 May 2014" in text
    signature = text[text.rindex("Fifth Physical Meeting") :]
    assert f"{chair.get_full_name()} (Russian Federation) Chairman" in signature


def test_the_pdf_of_a_closed_process_is_hidden_from_outsiders(client, fourth_meeting, process):
    process.drafts_are_public = False
    process.save()

    assert client.get(url("outcomes_pdf", fourth_meeting)).status_code == 404
    assert not Rendering.objects.exists()


# --- The process home ----------------------------------------------------------------------------


def test_the_home_shows_the_meetings_and_flags_overdue_action_items(
    client, outcomes, fourth_meeting, fifth_meeting
):
    with time_machine.travel(MAY_20, tick=False):
        response = client.get(reverse("meetings:process_home", args=["wsis10"]))

    page = text_of(response)
    assert "Outcome documents" in page  # what was there stays
    assert "Next: " in page and "Phase Five: Fifth Physical Meeting</a>" in page
    assert "28-31 May 2014" in page
    assert "Latest: " in page and "Phase Five: Fourth Physical Meeting</a>" in page
    assert f'href="{reverse("meetings:meetings", args=["wsis10"])}">All meetings</a>' in page
    overdue = page.split('class="card overdue-items"')[1].split("</section>")[0]
    assert "Publish all above mentioned texts on the website." in overdue
    assert "The secretariat; due" in overdue and "15 May 2014" in overdue
    assert f"{url('outcomes', fourth_meeting)}#action-{outcomes['publish'].pk}" in overdue
    assert "Fourth Physical Meeting" in overdue
    assert "informal consultation on the Annex" not in overdue  # done


def test_the_home_shows_no_overdue_section_before_the_due_date(client, outcomes):
    with time_machine.travel(datetime(2014, 5, 10, 12, 0, tzinfo=GENEVA), tick=False):
        page = client.get(reverse("meetings:process_home", args=["wsis10"])).content.decode()

    assert "overdue-items" not in page


def test_a_meeting_under_way_is_shown_as_under_way(client, fourth_meeting):
    with time_machine.travel(datetime(2014, 4, 15, 12, 0, tzinfo=GENEVA), tick=False):
        page = text_of(client.get(reverse("meetings:process_home", args=["wsis10"])))

    assert "Under way: " in page and "Fourth Physical Meeting" in page
    assert "Latest: " not in page


def test_a_home_without_meetings_says_so(client, process):
    page = text_of(client.get(reverse("meetings:process_home", args=["wsis10"])))

    assert "No meeting has been scheduled yet." in page


# --- Queries -------------------------------------------------------------------------------------


def fill(meeting, actor, count, vision):
    paragraphs = list(
        Paragraph.objects.filter(chapter__document=vision).select_related("chapter")[:3]
    )
    stakeholder = StakeholderFactory(name="Switzerland")
    for number in range(1, count + 1):
        point = services.record_outcome_point(
            meeting=meeting,
            actor=actor,
            text=f"Point {number} with www.itu.int/wsis.",
            kind=OutcomeKind.DECISION if number % 2 else OutcomeKind.POINT,
            documents=[vision],
            paragraphs=paragraphs,
        )
        services.add_action_item(
            meeting=meeting,
            actor=actor,
            text=f"Action {number}",
            owner_stakeholder=stakeholder if number % 2 else None,
            owner_is_secretariat=not number % 2,
            due_on=date(2014, 5, 1),
            outcome_point=point,
        )


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("who", ["chair", None])
def test_the_outcomes_page_costs_the_same_queries_however_many_points(
    request, client, fourth_meeting, chair, vision, count, who, django_assert_max_num_queries
):
    fill(fourth_meeting, chair, count, vision)
    if who:
        client.force_login(request.getfixturevalue(who))

    with django_assert_max_num_queries(OUTCOMES_PAGE_QUERIES[who]):
        response = client.get(url("outcomes", fourth_meeting))

    assert response.content.decode().count('class="outcome-point ') == count
    assert response.content.decode().count('class="action-item ') == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_home_costs_the_same_queries_however_many_overdue_items(
    client, fourth_meeting, fifth_meeting, chair, vision, count, django_assert_max_num_queries
):
    fill(fourth_meeting, chair, count, vision)
    client.force_login(chair)

    with time_machine.travel(MAY_20, tick=False):
        with django_assert_max_num_queries(HOME_QUERIES):
            response = client.get(reverse("meetings:process_home", args=["wsis10"]))

    assert response.content.decode().count('class="overdue-item"') == count
