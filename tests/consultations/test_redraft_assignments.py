"""The Chair asks for redrafts: "Chapter B, Paras 27-30 (Saudi Arabia): redraft before the fifth
meeting", and "Para 21 (HEP)".

The story, as the Chair's outcomes of 17 April 2014 tell it: the Chair assigns open paragraphs of
the Vision to a stakeholder, or to a focal point in person, with a due date in Geneva time and an
instruction; the assignee's redraft arrives as a proposal that names the assignment (the first
one marks it answered, the others still belong to it); the Chair may cancel an assignment that
nobody has answered. Every refusal says why, and leaves nothing behind.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from consultations import assignment_selectors, services
from consultations.models import (
    AssignmentState,
    CommentPeriod,
    Proposal,
    ProposalKind,
    RedraftAssignment,
)
from consultations.services import assignments
from drafts.models import Paragraph
from processes.errors import ActionNotAllowed, InvalidInput, RuleViolation
from processes.models import Role, StakeholderCategory
from tests.factories import MemberFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")


def geneva(*args) -> datetime:
    return datetime(*args, tzinfo=GENEVA)


END_OF_FOURTH_MEETING = geneva(2014, 4, 17, 18, 0)
BEFORE_FIFTH_MEETING = geneva(2014, 5, 12, 18, 0)


@pytest.fixture(autouse=True)
def on_17_april_2014():
    """The fourth meeting closes; the Chair hands out the redrafts."""
    with time_machine.travel(END_OF_FOURTH_MEETING, tick=True):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def vice_chair(process):
    return MemberFactory(
        process=process, role=Role.VICE_CHAIR, stakeholder=StakeholderFactory(name="Egypt")
    ).user


@pytest.fixture
def saudi_arabia(delegate):
    return delegate.memberships.get().stakeholder


@pytest.fixture
def hep_focal_point(process):
    """The focal point for Para 21: HEP (filed under civil society, as the demo does)."""
    hep = StakeholderFactory(name="HEP", category=StakeholderCategory.CIVIL_SOCIETY)
    user = UserFactory(username="focalpoint", first_name="Anna", last_name="Meyer")
    return MemberFactory(process=process, role=Role.FOCAL_POINT, stakeholder=hep, user=user)


@pytest.fixture
def paras(vision):
    """The Vision's paragraphs by (chapter letter, number)."""
    return {
        (p.chapter.letter, p.number): p
        for p in Paragraph.objects.filter(chapter__document=vision).select_related("chapter")
    }


def saudi_paragraphs(paras):
    return [paras[("B", n)] for n in (27, 28, 29, 30)]


def assign_saudi_arabia(vision, paras, chair, saudi_arabia, **overrides):
    return assignments.assign_redraft(
        **{
            "document": vision,
            "paragraphs": saudi_paragraphs(paras),
            "actor": chair,
            "due_at": BEFORE_FIFTH_MEETING,
            "instruction": "Redraft before the fifth meeting, taking the comments into account.",
            "stakeholder": saudi_arabia,
            **overrides,
        }
    )


def redraft(paragraph, author, assignment, text="A redraft of the text.", **kwargs):
    return services.submit_proposal(
        paragraph=paragraph,
        actor=author,
        kind=ProposalKind.AMEND,
        base_version=paragraph.current_version.sequence,
        alternative_position=1,
        text=text,
        rationale="As the Chair asked.",
        assignment=assignment,
        **kwargs,
    )


# --- The Chair assigns --------------------------------------------------------------------------


def test_the_chair_asks_saudi_arabia_to_redraft_chapter_b_paras_27_to_30(
    vision, paras, chair, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    assignment = assignment_selectors.assignment_by_id(assignment.pk)
    assert assignment.state == AssignmentState.OPEN
    assert assignment.stakeholder == saudi_arabia and assignment.focal_point is None
    assert assignment.due_at == BEFORE_FIFTH_MEETING
    assert (assignment.assigned_by, assignment.assigned_by_role) == (chair, "chair")
    assert [p.number for p in assignment_selectors.ordered_paragraphs(assignment)] == [
        27,
        28,
        29,
        30,
    ]
    assert assignment_selectors.summary(assignment) == (
        "Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014, 18:00 (Europe/Zurich)"
    )


def test_a_vice_chair_assigns_too_and_a_focal_point_may_be_asked_in_person(
    vision, paras, vice_chair, hep_focal_point
):
    assignment = assignments.assign_redraft(
        document=vision,
        paragraphs=[paras[("B", 21)], paras[("A", 11)]],
        actor=vice_chair,
        due_at=BEFORE_FIFTH_MEETING,
        instruction="Merge ALT 1 and ALT 2 into one text.",
        focal_point=hep_focal_point,
    )

    assert assignment.assigned_by_role == "vice_chair"
    assert assignment_selectors.summary(assignment_selectors.assignment_by_id(assignment.pk)) == (
        "Chapter A, Para 11; Chapter B, Para 21 (Anna Meyer, HEP): redraft before "
        "12 May 2014, 18:00 (Europe/Zurich)"
    )


@pytest.mark.parametrize("who", ["delegate", "secretariat", "observer", "hep"])
def test_only_the_chair_and_vice_chairs_assign_redrafts(
    request, who, vision, paras, saudi_arabia, hep_focal_point
):
    actor = hep_focal_point.user if who == "hep" else request.getfixturevalue(who)

    with pytest.raises(ActionNotAllowed, match="Only the Chair or a Vice-Chair assigns"):
        assign_saudi_arabia(vision, paras, actor, saudi_arabia)

    assert not RedraftAssignment.objects.exists()


def test_a_pre_agreed_paragraph_is_not_redrafted_and_the_refusal_names_it(
    vision, paras, chair, saudi_arabia
):
    chosen = [paras[("B", 5)], paras[("B", 6)], paras[("B", 27)]]

    with pytest.raises(RuleViolation) as refused:
        assign_saudi_arabia(vision, paras, chair, saudi_arabia, paragraphs=chosen)

    assert refused.value.code == "paragraph_settled"
    assert refused.value.message == (
        "Only open paragraphs are redrafted: Chapter B, Paras 5-6 are pre-agreed. Ask the Chair "
        "to reopen them first, or leave them out."
    )
    assert not RedraftAssignment.objects.exists()


def test_a_paragraph_of_another_document_is_refused(
    make_document, vision, paras, chair, saudi_arabia
):
    statement = make_document(slug="statement", chapters=(("A", 2),))
    elsewhere = Paragraph.objects.get(chapter__document=statement, number=2)

    with pytest.raises(InvalidInput, match="Chapter A, Para 2 of statement is not in vision"):
        assign_saudi_arabia(
            vision, paras, chair, saudi_arabia, paragraphs=[paras[("B", 27)], elsewhere]
        )

    assert not RedraftAssignment.objects.exists()


def test_a_due_date_in_the_past_is_refused_in_geneva_time(vision, paras, chair, saudi_arabia):
    with pytest.raises(InvalidInput) as refused:
        assign_saudi_arabia(vision, paras, chair, saudi_arabia, due_at=geneva(2014, 4, 16, 18, 0))

    assert refused.value.message == (
        "The due date 16 April 2014, 18:00 (Europe/Zurich) has already passed; choose a time "
        "in the future."
    )
    assert not RedraftAssignment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"paragraphs": []}, "Choose at least one paragraph to redraft."),
        ({"instruction": "   "}, "Write the instruction"),
        ({"instruction": "x" * 5001}, "The instruction has 5001 characters; the limit is 5000."),
        ({"stakeholder": None}, "Say who should redraft: a stakeholder or a focal point."),
        ({"due_at": datetime(2014, 5, 12, 18)}, "Give the due date with its time zone"),  # noqa: DTZ001
    ],
)
def test_incomplete_assignments_are_refused_with_what_is_missing(
    overrides, message, vision, paras, chair, saudi_arabia
):
    with pytest.raises(InvalidInput, match=message):
        assign_saudi_arabia(vision, paras, chair, saudi_arabia, **overrides)

    assert not RedraftAssignment.objects.exists()


def test_one_assignee_only(vision, paras, chair, saudi_arabia, hep_focal_point):
    with pytest.raises(InvalidInput, match="either to a stakeholder or to one focal point"):
        assign_saudi_arabia(vision, paras, chair, saudi_arabia, focal_point=hep_focal_point)


def test_the_assignee_must_be_someone_who_can_answer(vision, paras, chair, process, delegate):
    nobody_here = StakeholderFactory(name="Switzerland")
    with pytest.raises(InvalidInput, match="Switzerland has no active delegate or focal point"):
        assign_saudi_arabia(vision, paras, chair, nobody_here)

    former = MemberFactory(process=process, role=Role.FOCAL_POINT, is_active=False)
    a_delegate = delegate.memberships.get()
    for member in (former, a_delegate):
        with pytest.raises(InvalidInput, match="is not an active focal point of WSIS\\+10"):
            assign_saudi_arabia(vision, paras, chair, None, focal_point=member)

    assert not RedraftAssignment.objects.exists()


# --- The assignee answers -----------------------------------------------------------------------


def test_the_redraft_arrives_as_a_proposal_that_answers_the_assignment(
    vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    first = redraft(paras[("B", 27)], delegate, assignment)
    assignment.refresh_from_db()
    assert first.assignment == assignment
    assert assignment.state == AssignmentState.ANSWERED

    # Saudi Arabia goes on to redraft Para 28: that redraft belongs to the assignment too.
    second = redraft(paras[("B", 28)], delegate, assignment)
    assignment.refresh_from_db()
    assert second.assignment == assignment
    assert assignment.state == AssignmentState.ANSWERED
    assert list(assignment.proposals.order_by("pk")) == [first, second]


def test_a_redraft_the_chair_asked_for_is_taken_while_the_comment_period_is_closed(
    vision, paras, chair, secretariat, delegate, saudi_arabia
):
    CommentPeriod.objects.create(
        document=vision,
        opens_at=geneva(2014, 3, 7, 9, 0),
        closes_at=geneva(2014, 3, 21, 18, 0),
        created_by=secretariat,
    )
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    with pytest.raises(RuleViolation, match="closed on 21 March 2014"):
        redraft(paras[("B", 27)], delegate, None)
    answer = redraft(paras[("B", 27)], delegate, assignment)

    assert answer.assignment == assignment
    assert answer.period is None


def test_any_delegate_of_the_stakeholder_may_answer_but_nobody_else(
    vision, paras, chair, process, saudi_arabia, vice_chair
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    colleague = MemberFactory(process=process, stakeholder=saudi_arabia).user
    egypt = MemberFactory(process=process, stakeholder=StakeholderFactory(name="Egypt")).user

    with pytest.raises(ActionNotAllowed, match="assigned to Saudi Arabia; you do not answer"):
        redraft(paras[("B", 27)], egypt, assignment)
    assert not Proposal.objects.exists()

    redraft(paras[("B", 27)], colleague, assignment)
    assert Proposal.objects.get().assignment == assignment


def test_a_focal_points_assignment_is_theirs_to_answer(
    vision, paras, chair, process, hep_focal_point
):
    assignment = assignments.assign_redraft(
        document=vision,
        paragraphs=[paras[("B", 21)]],
        actor=chair,
        due_at=BEFORE_FIFTH_MEETING,
        instruction="Merge the two ALTs.",
        focal_point=hep_focal_point,
    )
    hep_delegate = MemberFactory(process=process, stakeholder=hep_focal_point.stakeholder).user

    with pytest.raises(ActionNotAllowed, match="assigned to Anna Meyer, HEP"):
        redraft(paras[("B", 21)], hep_delegate, assignment)

    redraft(paras[("B", 21)], hep_focal_point.user, assignment)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ANSWERED


def test_a_redraft_of_another_paragraph_does_not_answer_it(
    vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    with pytest.raises(InvalidInput) as refused:
        redraft(paras[("B", 21)], delegate, assignment)

    assert refused.value.message == (
        f"Assignment {assignment.pk} is about Chapter B, Paras 27-30; Para 21 is not one of them."
    )
    assert not Proposal.objects.exists()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.OPEN


def test_a_delegate_of_two_stakeholders_answers_for_the_one_assigned(
    vision, paras, chair, process, delegate, saudi_arabia
):
    hep = StakeholderFactory(name="HEP")
    MemberFactory(user=delegate, process=process, stakeholder=hep)
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    with pytest.raises(InvalidInput, match="submit it on behalf of Saudi Arabia, not HEP"):
        redraft(paras[("B", 27)], delegate, assignment, on_behalf_of=hep)

    redraft(paras[("B", 27)], delegate, assignment, on_behalf_of=saudi_arabia)
    assert Proposal.objects.get().stakeholder == saudi_arabia


# --- The Chair cancels --------------------------------------------------------------------------


def test_the_chair_cancels_an_open_assignment_and_nothing_answers_it_any_more(
    vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    assignments.cancel_assignment(assignment=assignment, actor=chair)

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CANCELLED
    with pytest.raises(RuleViolation, match="was cancelled by the Chair") as refused:
        redraft(paras[("B", 27)], delegate, assignment)
    assert refused.value.code == "assignment_cancelled"
    assert not Proposal.objects.exists()
    with pytest.raises(RuleViolation, match="already cancelled"):
        assignments.cancel_assignment(assignment=assignment, actor=chair)


def test_only_the_chair_cancels_and_an_answered_assignment_stays(
    vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    with pytest.raises(ActionNotAllowed, match="Only the Chair or a Vice-Chair cancels"):
        assignments.cancel_assignment(assignment=assignment, actor=delegate)

    redraft(paras[("B", 27)], delegate, assignment)
    with pytest.raises(RuleViolation, match="already been answered") as refused:
        assignments.cancel_assignment(assignment=assignment, actor=chair)
    assert refused.value.code == "assignment_answered"
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ANSWERED


# --- The pages ----------------------------------------------------------------------------------


def list_url(document):
    return reverse("consultations:assignments", args=[document.process.slug, document.slug])


def detail_url(assignment):
    document = assignment.document
    return reverse(
        "consultations:assignment", args=[document.process.slug, document.slug, assignment.pk]
    )


def paragraph_url(paragraph):
    document = paragraph.chapter.document
    return reverse(
        "consultations:paragraph", args=[document.process.slug, document.slug, paragraph.uid]
    )


def test_anyone_who_reads_the_drafts_reads_the_assignments_but_only_the_chair_gets_the_form(
    client, vision, paras, chair, saudi_arabia
):
    assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    html = client.get(list_url(vision)).content.decode()

    assert "Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014, 18:00" in html
    assert "Redraft before the fifth meeting, taking the comments into account." in html
    assert "No redraft yet." in html
    assert "Assign a redraft" not in html

    client.force_login(chair)
    html = client.get(list_url(vision)).content.decode()
    assert "Assign a redraft" in html
    # Only open paragraphs are offered: Para 21 is, Para 5 (pre-agreed) is not.
    assert f'value="{paras[("B", 21)].uid}"' in html
    assert f'value="{paras[("B", 5)].uid}"' not in html
    assert "Saudi Arabia" in html and 'value="18:00"' in html


def test_a_closed_process_hides_its_assignments(client, process, vision):
    process.drafts_are_public = False
    process.save()

    assert client.get(list_url(vision)).status_code == 404


def test_the_chair_assigns_on_the_page_in_geneva_time(client, vision, paras, chair, saudi_arabia):
    client.force_login(chair)
    response = client.post(
        list_url(vision),
        {
            "paragraphs": [str(p.uid) for p in saudi_paragraphs(paras)],
            "assignee": f"stakeholder:{saudi_arabia.pk}",
            "due_date": "2014-05-12",
            "due_time": "18:00",
            "instruction": "Redraft before the fifth meeting.",
        },
        follow=True,
    )

    assert response.status_code == 200
    assignment = RedraftAssignment.objects.get()
    assert assignment.due_at == BEFORE_FIFTH_MEETING  # 16:00 UTC: Geneva is on summer time
    assert assignment.due_at.astimezone(ZoneInfo("UTC")).hour == 16
    html = response.content.decode()
    assert "Assigned: Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014" in html


def test_a_refused_assignment_on_the_page_says_why_and_keeps_the_input(
    client, vision, paras, chair, hep_focal_point
):
    client.force_login(chair)
    response = client.post(
        list_url(vision),
        {
            "paragraphs": [str(paras[("B", 21)].uid)],
            "assignee": f"focal_point:{hep_focal_point.pk}",
            "due_date": "2014-04-16",
            "due_time": "18:00",
            "instruction": "Merge the two ALTs.",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "The due date 16 April 2014, 18:00 (Europe/Zurich) has already passed" in html
    assert "Merge the two ALTs." in html
    assert f'value="{paras[("B", 21)].uid}" checked' in html
    assert not RedraftAssignment.objects.exists()


def test_a_delegate_cannot_assign_on_the_page(client, vision, paras, delegate, saudi_arabia):
    client.force_login(delegate)
    response = client.post(
        list_url(vision),
        {
            "paragraphs": [str(paras[("B", 27)].uid)],
            "assignee": f"stakeholder:{saudi_arabia.pk}",
            "due_date": "2014-05-12",
            "due_time": "18:00",
            "instruction": "Assign myself.",
        },
    )

    assert response.status_code == 403
    assert "Only the Chair or a Vice-Chair assigns redrafts." in response.content.decode()
    assert not RedraftAssignment.objects.exists()


def test_anonymous_posts_are_sent_to_log_in(client, vision):
    response = client.post(list_url(vision), {})

    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_list_costs_the_same_queries_for_one_assignment_or_six(
    client,
    vision,
    paras,
    chair,
    delegate,
    saudi_arabia,
    hep_focal_point,
    django_assert_max_num_queries,
):
    assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    client.force_login(chair)
    client.get(list_url(vision))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(20) as one:
        client.get(list_url(vision))
    for _ in range(2):
        assign_saudi_arabia(vision, paras, chair, None, focal_point=hep_focal_point)
        answered = assign_saudi_arabia(
            vision, paras, chair, saudi_arabia, paragraphs=[paras[("B", 21)]]
        )
        redraft(paras[("B", 21)], delegate, answered)
    assert RedraftAssignment.objects.count() == 5
    with django_assert_max_num_queries(20) as five:
        response = client.get(list_url(vision))

    assert len(one.captured_queries) == len(five.captured_queries)
    assert response.content.decode().count('class="card assignment state-') == 5


def test_the_assignee_sees_where_to_redraft_and_the_propose_form_names_the_assignment(
    client, vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    client.force_login(delegate)

    html = client.get(detail_url(assignment)).content.decode()
    para_27 = paras[("B", 27)]
    link = f"{paragraph_url(para_27)}?assignment={assignment.pk}#propose"
    assert f'href="{link}"' in html
    assert "Cancel the assignment" not in html

    html = client.get(link.split("#")[0]).content.decode()
    assert f'name="assignment" value="{assignment.pk}" checked' in html

    response = client.post(
        reverse("consultations:propose", args=["wsis10", "vision", para_27.uid]),
        {
            "kind": "amend",
            "alternative": "1",
            "text": "Building confidence and security in the use of ICTs is critical.",
            "rationale": "Our redraft.",
            "base_version": "1",
            "assignment": str(assignment.pk),
        },
        follow=True,
    )

    assert response.status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.assignment == assignment
    assert f"answers assignment {assignment.pk}" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ANSWERED


def test_a_refused_redraft_on_the_page_offers_the_assignment_again(
    client, vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    para_27 = paras[("B", 27)]
    client.force_login(delegate)

    response = client.post(
        reverse("consultations:propose", args=["wsis10", "vision", para_27.uid]),
        {
            "kind": "amend",
            "alternative": "1",
            "text": "An [unbalanced redraft.",
            "base_version": "1",
            "assignment": str(assignment.pk),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        f'name="assignment" value="{assignment.pk}" checked> This answers the assignment '
        "Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014, 18:00" in html
    )
    assert not Proposal.objects.exists()


def test_a_redraft_naming_an_assignment_it_cannot_answer_is_refused_on_the_page(
    client, vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    para_21 = paras[("B", 21)]
    client.force_login(delegate)

    response = client.post(
        reverse("consultations:propose", args=["wsis10", "vision", para_21.uid]),
        {
            "kind": "comment",
            "rationale": "A comment.",
            "base_version": "1",
            "assignment": str(assignment.pk),
        },
    )

    assert response.status_code == 400
    assert "Para 21 is not one of them." in response.content.decode()
    assert not Proposal.objects.exists()

    response = client.post(
        reverse("consultations:propose", args=["wsis10", "vision", para_21.uid]),
        {"kind": "comment", "rationale": "A comment.", "base_version": "1", "assignment": "999"},
    )
    assert response.status_code == 400
    assert "There is no redraft assignment no. 999." in response.content.decode()


def test_the_chair_cancels_on_the_assignment_page(
    client, vision, paras, chair, delegate, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)

    client.force_login(delegate)
    response = client.post(detail_url(assignment))
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.OPEN

    client.force_login(chair)
    assert "Cancel the assignment" in client.get(detail_url(assignment)).content.decode()
    response = client.post(detail_url(assignment), follow=True)

    assert response.status_code == 200
    assert f"Assignment {assignment.pk} is cancelled; its reminders stop." in (
        response.content.decode()
    )
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CANCELLED
    response = client.post(detail_url(assignment))
    assert response.status_code == 409
    assert "already cancelled" in response.content.decode()


def test_an_assignment_of_another_document_is_a_404(
    client, make_document, vision, paras, chair, saudi_arabia
):
    assignment = assign_saudi_arabia(vision, paras, chair, saudi_arabia)
    statement = make_document(slug="statement", chapters=(("A", 1),))

    response = client.get(
        reverse("consultations:assignment", args=["wsis10", statement.slug, assignment.pk])
    )

    assert response.status_code == 404
