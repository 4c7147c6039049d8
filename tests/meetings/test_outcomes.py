"""The Chair's main outcomes of the fourth physical meeting, as the services record them: numbered
points ("8. The meeting concluded with agreed texts for chapter A …"), decisions ("12. It was
agreed that all above mentioned texts should be published on the website by the 15th of May"),
their links to the texts they are about, and action items with one owner each (a stakeholder,
a focal point, or the secretariat) and a due date, which are done, cancelled or opened again.

Only the Chair, a Vice-Chair or the secretariat records outcomes; every refusal says why and
leaves nothing behind.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from drafts import services as drafts_services
from drafts.models import Paragraph, PublicationStage, Rendering
from meetings import services
from meetings.models import ActionItem, ActionItemState, OutcomeKind, OutcomePoint
from meetings.services.outcomes import MAX_ACTION_LENGTH, MAX_OUTCOME_LENGTH, outcomes_filename
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Role
from tests.factories import MemberFactory, ProcessFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

MAY_15 = date(2014, 5, 15)
POINT_8 = (
    "The meeting concluded with agreed texts for chapter A (besides Annex), B and C based on the "
    "Vice-Chair's proposals for the Statement."
)
POINT_12 = (
    "It was agreed that all above mentioned texts should be published on the website by the "
    "15th of May."
)


@pytest.fixture
def vice_chair(process):
    return MemberFactory(
        process=process, role=Role.VICE_CHAIR, stakeholder=StakeholderFactory(name="Egypt")
    ).user


@pytest.fixture
def hep_focal_point(process):
    return MemberFactory(
        process=process, role=Role.FOCAL_POINT, stakeholder=StakeholderFactory(name="HEP")
    )


@pytest.fixture
def saudi_arabia(delegate):
    return delegate.memberships.get().stakeholder


@pytest.fixture
def para(vision):
    def find(letter, number):
        return Paragraph.objects.select_related("chapter__document").get(
            chapter__document=vision, chapter__letter=letter, number=number
        )

    return find


@pytest.fixture
def other_process_texts():
    """A document, a paragraph and a publication of another process."""
    other = ProcessFactory(code="IGF", slug="igf", name="Internet Governance Forum")
    secretariat = MemberFactory(process=other, role=Role.SECRETARIAT).user
    document = drafts_services.create_document(
        process=other,
        title="IGF messages",
        short_title="messages",
        slug="messages",
        actor=secretariat,
    )
    chapter = drafts_services.add_chapter(
        document=document, letter="A", title="Messages", actor=secretariat
    )
    drafts_services.add_paragraph(
        chapter=chapter,
        number=1,
        alternatives=[drafts_services.AlternativeText(text="An IGF message.")],
        actor=secretariat,
    )
    publication = drafts_services.publish(
        document=document, actor=secretariat, stage=PublicationStage.ZERO_DRAFT
    ).publication
    paragraph = Paragraph.objects.get(chapter=chapter)
    return {"document": document, "paragraph": paragraph, "publication": publication}


def record(meeting, actor, text=POINT_8, **kwargs):
    return services.record_outcome_point(meeting=meeting, actor=actor, text=text, **kwargs)


# --- Outcome points ------------------------------------------------------------------------------


def test_the_chair_records_numbered_points_and_decisions(fourth_meeting, chair):
    first = record(fourth_meeting, chair, "The fourth physical meeting was held in Geneva.")
    second = record(fourth_meeting, chair, POINT_12, kind=OutcomeKind.DECISION)

    assert (first.number, first.kind) == (1, OutcomeKind.POINT)
    assert (second.number, second.kind, second.text) == (2, OutcomeKind.DECISION, POINT_12)
    assert second.recorded_by == chair


def test_a_point_may_take_a_number_of_its_own_and_the_next_follows_the_highest(
    fourth_meeting, chair
):
    record(fourth_meeting, chair, number=8)
    following = record(fourth_meeting, chair, POINT_12)
    earlier = record(fourth_meeting, chair, "Opening remarks.", number=4)

    assert following.number == 9
    assert earlier.number == 4
    assert list(fourth_meeting.outcome_points.values_list("number", flat=True)) == [4, 8, 9]


def test_a_number_taken_is_refused(fourth_meeting, chair):
    record(fourth_meeting, chair, number=8)

    with pytest.raises(RuleViolation, match="Point 8 exists already") as refusal:
        record(fourth_meeting, chair, POINT_12, number=8)

    assert refusal.value.code == "outcome_number_taken"
    assert OutcomePoint.objects.count() == 1


@pytest.mark.parametrize("number", [0, -3, 32_768])
def test_points_are_numbered_from_one_to_a_sensible_limit(fourth_meeting, chair, number):
    with pytest.raises(InvalidInput, match="numbered from 1 to 32767"):
        record(fourth_meeting, chair, number=number)

    assert not OutcomePoint.objects.exists()


def test_another_meetings_numbers_are_its_own(fourth_meeting, process, secretariat, chair):
    fifth = services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )
    record(fourth_meeting, chair)
    record(fourth_meeting, chair, POINT_12)

    assert record(fifth, chair).number == 1


@pytest.mark.parametrize("text", ["", "   \n  ", None])
def test_a_point_needs_some_text(fourth_meeting, chair, text):
    with pytest.raises(InvalidInput, match="The outcome point needs some text"):
        record(fourth_meeting, chair, text)

    assert not OutcomePoint.objects.exists()


def test_a_point_too_long_is_refused_with_its_length(fourth_meeting, chair):
    text = "x" * (MAX_OUTCOME_LENGTH + 1)

    with pytest.raises(InvalidInput, match=f"has {MAX_OUTCOME_LENGTH + 1} characters"):
        record(fourth_meeting, chair, text)

    assert not OutcomePoint.objects.exists()


def test_a_point_is_a_point_or_a_decision(fourth_meeting, chair):
    with pytest.raises(InvalidInput, match="a point or a decision"):
        record(fourth_meeting, chair, kind="resolution")

    assert not OutcomePoint.objects.exists()


def test_a_point_links_to_the_documents_publications_and_paragraphs_it_is_about(
    fourth_meeting, chair, secretariat, vision, para
):
    publication = drafts_services.publish(
        document=vision,
        actor=secretariat,
        stage=PublicationStage.PRE_AGREED,
        chapter=vision.chapters.get(letter="B"),
        meeting_number=4,
        document_number=26,
    ).publication

    point = record(
        fourth_meeting,
        chair,
        "The meeting concluded with pre-agreed texts for part A and B for Vision.",
        documents=[vision],
        publications=[publication],
        paragraphs=[para("B", 21), para("B", 27)],
    )

    assert list(point.documents.all()) == [vision]
    assert [p.symbol for p in point.publications.all()] == ["WSIS+10/4/26/Pre-agreed"]
    assert sorted(p.number for p in point.paragraphs.all()) == [21, 27]


@pytest.mark.parametrize("link", ["documents", "publications", "paragraphs"])
def test_a_point_links_only_to_texts_of_its_process(
    fourth_meeting, chair, other_process_texts, link
):
    singular = link.removesuffix("s")

    with pytest.raises(InvalidInput, match="can only link to texts of WSIS\\+10"):
        record(fourth_meeting, chair, **{link: [other_process_texts[singular]]})

    assert not OutcomePoint.objects.exists()


def test_vice_chairs_and_the_secretariat_record_points_too(fourth_meeting, vice_chair, secretariat):
    record(fourth_meeting, vice_chair)
    record(fourth_meeting, secretariat, POINT_12)

    assert fourth_meeting.outcome_points.count() == 2


@pytest.mark.parametrize("who", ["delegate", "observer", "anonymous", "stranger"])
def test_only_the_chair_vice_chairs_and_secretariat_record_points(request, fourth_meeting, who):
    if who == "anonymous":
        actor = AnonymousUser()
    elif who == "stranger":  # the Chair of another process
        actor = MemberFactory(process=ProcessFactory(), role=Role.CHAIR).user
    else:
        actor = request.getfixturevalue(who)

    with pytest.raises(ActionNotAllowed, match="Only the Chair, a Vice-Chair or the secretariat"):
        record(fourth_meeting, actor)

    assert not OutcomePoint.objects.exists()


# --- Action items --------------------------------------------------------------------------------


def add_item(meeting, actor, text="Publish the texts on the website.", **kwargs):
    return services.add_action_item(meeting=meeting, actor=actor, text=text, **kwargs)


def test_the_secretariat_is_asked_to_publish_the_texts_by_the_15th_of_may(fourth_meeting, chair):
    point = record(fourth_meeting, chair, POINT_12, kind=OutcomeKind.DECISION)

    item = add_item(
        fourth_meeting, chair, owner_is_secretariat=True, due_on=MAY_15, outcome_point=point
    )

    assert item.owner_name == "The secretariat"
    assert (item.due_on, item.state, item.outcome_point) == (MAY_15, ActionItemState.OPEN, point)
    assert item.created_by == chair


def test_a_stakeholder_or_a_focal_point_may_own_an_action_item(
    fourth_meeting, chair, saudi_arabia, hep_focal_point
):
    saudi = add_item(fourth_meeting, chair, "Redraft Paras 27-30.", owner_stakeholder=saudi_arabia)
    hep = add_item(fourth_meeting, chair, "Redraft Para 21.", owner_member=hep_focal_point)

    assert saudi.owner_name == "Saudi Arabia"
    assert hep.owner_name.endswith("(HEP)")


def test_an_action_item_without_an_owner_is_refused(fourth_meeting, chair):
    with pytest.raises(InvalidInput, match="Name the action item's owner") as refusal:
        add_item(fourth_meeting, chair, due_on=MAY_15)

    assert refusal.value.code == "action_item_owner"
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    "owners",
    [("stakeholder", "secretariat"), ("stakeholder", "member"), ("member", "secretariat")],
)
def test_an_action_item_has_one_owner_only(
    fourth_meeting, chair, saudi_arabia, hep_focal_point, owners
):
    arguments = {
        "stakeholder": {"owner_stakeholder": saudi_arabia},
        "member": {"owner_member": hep_focal_point},
        "secretariat": {"owner_is_secretariat": True},
    }

    with pytest.raises(InvalidInput, match="An action item has one owner"):
        add_item(fourth_meeting, chair, **arguments[owners[0]], **arguments[owners[1]])

    assert not ActionItem.objects.exists()


def test_a_focal_point_of_another_process_is_refused(fourth_meeting, chair):
    stranger = MemberFactory(process=ProcessFactory(code="IGF"), role=Role.FOCAL_POINT)

    with pytest.raises(InvalidInput, match="is not a member of WSIS\\+10"):
        add_item(fourth_meeting, chair, owner_member=stranger)

    assert not ActionItem.objects.exists()


def test_an_action_item_hangs_only_under_a_point_of_its_meeting(
    fourth_meeting, process, secretariat, chair
):
    fifth = services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=5,
        title="Fifth Physical Meeting",
        starts_on=date(2014, 5, 28),
        ends_on=date(2014, 5, 31),
    )
    point_of_the_fifth = record(fifth, chair)

    with pytest.raises(InvalidInput, match="belongs to another meeting"):
        add_item(fourth_meeting, chair, owner_is_secretariat=True, outcome_point=point_of_the_fifth)

    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The action item needs some text"),
        ("x" * (MAX_ACTION_LENGTH + 1), f"has {MAX_ACTION_LENGTH + 1} characters"),
    ],
)
def test_an_action_item_needs_text_of_a_sensible_length(fourth_meeting, chair, text, message):
    with pytest.raises(InvalidInput, match=message):
        add_item(fourth_meeting, chair, text, owner_is_secretariat=True)

    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("who", ["delegate", "observer", "anonymous"])
def test_only_the_chair_vice_chairs_and_secretariat_add_action_items(request, fourth_meeting, who):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    with pytest.raises(ActionNotAllowed, match="Only the Chair, a Vice-Chair or the secretariat"):
        add_item(fourth_meeting, actor, owner_is_secretariat=True)

    assert not ActionItem.objects.exists()


# --- An action item's state ----------------------------------------------------------------------


@pytest.fixture
def publish_by_may_15(fourth_meeting, chair):
    return add_item(fourth_meeting, chair, owner_is_secretariat=True, due_on=MAY_15)


def test_an_action_item_is_done_then_opened_again_then_cancelled(
    publish_by_may_15, secretariat, chair
):
    done = services.set_action_item_state(
        item=publish_by_may_15, state=ActionItemState.DONE, actor=secretariat
    )
    assert (done.state, done.state_changed_by) == (ActionItemState.DONE, secretariat)
    assert done.state_changed_at is not None

    services.set_action_item_state(item=done, state=ActionItemState.OPEN, actor=chair)
    services.set_action_item_state(item=done, state=ActionItemState.CANCELLED, actor=chair)

    publish_by_may_15.refresh_from_db()
    assert publish_by_may_15.state == ActionItemState.CANCELLED
    assert publish_by_may_15.state_changed_by == chair


def test_setting_the_state_it_has_already_is_refused(publish_by_may_15, chair):
    with pytest.raises(RuleViolation, match="already open") as refusal:
        services.set_action_item_state(
            item=publish_by_may_15, state=ActionItemState.OPEN, actor=chair
        )

    assert refusal.value.code == "action_item_unchanged"
    publish_by_may_15.refresh_from_db()
    assert publish_by_may_15.state_changed_at is None


def test_an_unknown_state_is_refused(publish_by_may_15, chair):
    with pytest.raises(InvalidInput, match="open, done or cancelled"):
        services.set_action_item_state(item=publish_by_may_15, state="postponed", actor=chair)

    publish_by_may_15.refresh_from_db()
    assert publish_by_may_15.state == ActionItemState.OPEN


@pytest.mark.parametrize("who", ["delegate", "observer", "anonymous"])
def test_only_the_chair_vice_chairs_and_secretariat_change_an_items_state(
    request, publish_by_may_15, who
):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    with pytest.raises(ActionNotAllowed):
        services.set_action_item_state(
            item=publish_by_may_15, state=ActionItemState.DONE, actor=actor
        )

    publish_by_may_15.refresh_from_db()
    assert publish_by_may_15.state == ActionItemState.OPEN


# --- The PDF -------------------------------------------------------------------------------------


def test_the_outcomes_pdf_is_rendered_once_per_content(fourth_meeting, chair):
    from meetings.views.outcomes import outcomes_context

    record(fourth_meeting, chair, POINT_12, kind=OutcomeKind.DECISION)
    first = services.request_outcomes_pdf(
        meeting=fourth_meeting, context=outcomes_context(fourth_meeting)
    )
    again = services.request_outcomes_pdf(
        meeting=fourth_meeting, context=outcomes_context(fourth_meeting)
    )
    record(fourth_meeting, chair, "In closing, the Chairman thanked all participants.")
    changed = services.request_outcomes_pdf(
        meeting=fourth_meeting, context=outcomes_context(fourth_meeting)
    )

    assert first.pk == again.pk != changed.pk
    assert (first.purpose, first.filename) == ("outcomes", "wsis10-meeting-4-outcomes.pdf")
    assert outcomes_filename(fourth_meeting) == first.filename
    assert POINT_12 in first.html and "Main Outcomes by Chairman" in first.html
    assert Rendering.objects.filter(purpose="outcomes").count() == 2


def test_html_in_a_point_is_printed_as_text(fourth_meeting, chair):
    from meetings.views.outcomes import outcomes_context

    record(fourth_meeting, chair, '<img src="file:///etc/passwd"> <script>alert(1)</script>')

    rendering = services.request_outcomes_pdf(
        meeting=fourth_meeting, context=outcomes_context(fourth_meeting)
    )

    assert "<img" not in rendering.html and "<script>" not in rendering.html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in rendering.html
