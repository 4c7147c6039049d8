"""The comment periods and general comments of a document through the REST API: the same
services, times in the process's zone, refusals as JSON {code, message} with nothing saved."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consultations.models import CommentPeriod, DocumentComment, Proposal
from consultations.services import periods
from processes.models import Role
from tests.api.conftest import AMENDED_ALT_1, database_state, paragraph_url
from tests.factories import MemberFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
PERIODS = "/api/v1/processes/wsis10/documents/vision/periods/"
COMMENTS = "/api/v1/processes/wsis10/documents/vision/comments/"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def period_url(period, action=""):
    return f"/api/v1/periods/{period.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def march(para_21, secretariat):
    """7-21 March 2014 on the Vision (Chapter B, with Para 21), closing at COB in Geneva."""
    with at(utc(2014, 3, 1)):
        return periods.open_period(
            document=para_21.chapter.document,
            actor=secretariat,
            opens_at=datetime(2014, 3, 7, tzinfo=GENEVA),
            closes_on=date(2014, 3, 21),
            title="Comments received from WSIS stakeholders, 7-21 March 2014",
        )


# --- Periods ------------------------------------------------------------------------------------


def test_the_secretariat_opens_a_period_closing_at_cob(as_user, secretariat, para_21):
    with at(utc(2014, 3, 1)):
        response = as_user(secretariat).post(
            PERIODS,
            {
                "title": "Comments received from WSIS stakeholders, 7-21 March 2014",
                "opens_at": "2014-03-07T00:00",  # wall-clock time in Geneva
                "closes_on": "2014-03-21",
            },
            format="json",
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["opens_at"] == "2014-03-07T00:00:00+01:00"
    assert body["closes_at"] == "2014-03-21T18:00:00+01:00"
    assert body["closes"] == "21 March 2014 at 18:00 Geneva time"
    assert body["time_zone"] == "Europe/Zurich"
    assert body["state"] == "upcoming"
    assert body["chapters"] == [] and body["reminder_hours"] == [72, 24]
    assert (body["proposal_count"], body["comment_count"]) == (0, 0)
    assert CommentPeriod.objects.get().closes_at == utc(2014, 3, 21, 17, 0)


def test_a_time_with_an_offset_is_that_instant(as_user, secretariat, para_21):
    response = as_user(secretariat).post(
        PERIODS,
        {
            "opens_at": "2014-03-24T08:00:00Z",
            "closes_at": "2014-03-30T16:00:00Z",  # 18:00 in Geneva: summer time began that day
            "chapters": [para_21.chapter_id],
            "takes_comments": False,
            "reminder_hours": [48],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["opens_at"] == "2014-03-24T09:00:00+01:00"
    assert body["closes_at"] == "2014-03-30T18:00:00+02:00"
    assert [c["letter"] for c in body["chapters"]] == ["B"]
    assert (body["takes_proposals"], body["takes_comments"]) == (True, False)
    assert body["reminder_hours"] == [48]


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        (
            {"opens_at": "2014-03-21T18:00", "closes_at": "2014-03-07T09:00"},
            400,
            "invalid_input",
            "The period would close (7 March 2014 at 09:00 Geneva time) before it opens "
            "(21 March 2014 at 18:00 Geneva time).",
        ),
        (
            {"opens_at": "2014-03-20T18:00", "closes_on": "2014-03-21", "reminder_hours": [72]},
            400,
            "invalid_input",
            "A reminder 72 hours before the deadline would come before the period opens: the "
            "period lasts 24 hours.",
        ),
        (
            {
                "opens_at": "2014-03-20T18:00",
                "closes_on": "2014-03-21",
                "reminder_hours": [10**12],
            },
            400,
            "invalid_input",
            "A reminder 1000000000000 hours before the deadline would come before the period "
            "opens: the period lasts 24 hours.",
        ),
        (
            {"opens_at": "2014-03-20T09:00", "closes_on": "2014-04-04"},
            409,
            "period_overlap",
            "It would overlap “Comments received from WSIS stakeholders, 7-21 March 2014” "
            "(7 March 2014, 00:00 Geneva time to 21 March 2014, 18:00 Geneva time): the "
            "periods of a document never overlap. Change or close that one first.",
        ),
    ],
    ids=[
        "closes before it opens",
        "reminder longer than the period",
        "reminder beyond any date",
        "overlap",
    ],
)
def test_a_bad_period_is_refused_with_the_reason_and_nothing_saved(
    as_user, secretariat, march, body, status, code, message
):
    response = as_user(secretariat).post(PERIODS, body, format="json")

    assert response.status_code == status
    assert response.json() == {"code": code, "message": message}
    assert list(CommentPeriod.objects.all()) == [march]


def test_only_the_secretariat_opens_changes_or_closes_periods(as_user, api, delegate, chair, march):
    body = {"opens_at": "2014-04-01T09:00", "closes_on": "2014-04-10"}

    opened = as_user(delegate).post(PERIODS, body, format="json")
    changed = as_user(chair).patch(period_url(march), {"title": "Mine"}, format="json")
    closed = as_user(chair).post(period_url(march, "close"))
    api.logout()
    anonymous = api.post(PERIODS, body, format="json")

    assert opened.status_code == changed.status_code == closed.status_code == 403
    assert opened.json() == {
        "code": "not_allowed",
        "message": "Only the secretariat opens comment periods.",
    }
    assert changed.json()["message"] == "Only the secretariat changes or closes comment periods."
    assert anonymous.status_code in (401, 403)
    assert anonymous.json()["code"] == "not_authenticated"
    march.refresh_from_db()
    assert CommentPeriod.objects.count() == 1 and march.title.startswith("Comments received")


def test_the_periods_of_a_document_with_what_each_received(api, delegate, para_21, march):
    with at(utc(2014, 3, 10)):
        periods.submit_document_comment(
            document=march.document, actor=delegate, text="General remark."
        )
        from consultations.services import submit_proposal

        submit_proposal(
            paragraph=para_21, actor=delegate, kind="comment", base_version=1, rationale="Hm."
        )

    with at(utc(2014, 3, 21, 17, 0, 1)):
        listed = api.get(PERIODS)
        one = api.get(period_url(march))

    assert listed.status_code == one.status_code == 200
    [period] = listed.json()["results"]
    assert period == one.json()
    assert period["state"] == "closed"
    assert (period["proposal_count"], period["comment_count"]) == (1, 1)
    assert period["created_by"]["id"] == march.created_by_id


def test_the_secretariat_extends_then_closes_a_period(as_user, secretariat, march):
    client = as_user(secretariat)

    with at(utc(2014, 3, 24)):
        extended = client.patch(period_url(march), {"closes_on": "2014-03-28"}, format="json")
    with at(utc(2014, 3, 25, 10, 0)):
        closed = client.post(period_url(march, "close"))
    with at(utc(2014, 3, 26)):
        again = client.post(period_url(march, "close"))

    assert extended.status_code == 200, extended.json()
    assert extended.json()["closes_at"] == "2014-03-28T18:00:00+01:00"
    assert extended.json()["state"] == "open"
    assert closed.status_code == 200
    assert closed.json()["closes_at"] == "2014-03-25T11:00:00+01:00"
    assert again.status_code == 409
    assert again.json() == {
        "code": "period_not_open",
        "message": "“Comments received from WSIS stakeholders, 7-21 March 2014” already closed "
        "on 25 March 2014 at 11:00 Geneva time.",
    }


def test_an_unknown_period_or_document_is_a_404(api, para_21):
    assert api.get("/api/v1/periods/999/").json()["code"] == "not_found"
    assert api.get("/api/v1/processes/wsis10/documents/nothing/periods/").status_code == 404
    assert api.get("/api/v1/processes/nothing/documents/vision/comments/").status_code == 404


def test_the_periods_of_a_closed_process_are_hidden_from_outsiders(api, process, march):
    process.drafts_are_public = False
    process.save()

    assert api.get(PERIODS).status_code == 404
    assert api.get(period_url(march)).status_code == 404


# --- A proposal after the deadline --------------------------------------------------------------


def test_a_proposal_after_the_deadline_is_a_409_with_the_closing_time(
    as_user, delegate, para_21, march
):
    body = {"kind": "amend", "base_version": 1, "alternative_position": 1, "text": AMENDED_ALT_1}
    client = as_user(delegate)
    before = database_state()

    with at(utc(2014, 3, 21, 17, 0, 1)):
        late = client.post(paragraph_url(para_21, "proposals"), body, format="json")

    assert late.status_code == 409
    assert late.json() == {
        "code": "period_closed",
        "message": "The comment period closed on 21 March 2014 at 18:00 Geneva time.",
    }
    assert database_state() == before
    with at(utc(2014, 3, 21, 16, 59, 59)):
        in_time = client.post(paragraph_url(para_21, "proposals"), body, format="json")
    assert in_time.status_code == 201
    assert Proposal.objects.get().period == march


# --- General comments ---------------------------------------------------------------------------


def test_a_delegate_comments_and_everyone_reads_it(as_user, api, delegate, march):
    with at(utc(2014, 3, 10, 9, 15)):
        sent = as_user(delegate).post(COMMENTS, {"text": "Security deserves more."}, format="json")
    api.logout()
    listed = api.get(COMMENTS)

    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert body["stakeholder"]["name"] == "Saudi Arabia"
    assert body["period"] == march.pk
    assert body["created_at"] == "2014-03-10T10:15:00+01:00"
    assert listed.json()["results"] == [body]


def test_commenting_for_a_stakeholder_one_does_not_represent_is_a_403(as_user, delegate, march):
    egypt = StakeholderFactory(name="Egypt")

    with at(utc(2014, 3, 10)):
        response = as_user(delegate).post(
            COMMENTS, {"text": "For Egypt.", "on_behalf_of": egypt.pk}, format="json"
        )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "message": "You do not act for Egypt in this process.",
    }
    assert not DocumentComment.objects.exists()


def test_observers_may_not_comment(as_user, observer, march):
    response = as_user(observer).post(COMMENTS, {"text": "Hm."}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert not DocumentComment.objects.exists()


def test_a_comment_after_the_deadline_is_a_409_and_earlier_ones_stay(as_user, delegate, march):
    client = as_user(delegate)
    with at(utc(2014, 3, 10)):
        client.post(COMMENTS, {"text": "In time."}, format="json")

    with at(utc(2014, 3, 21, 17, 0, 1)):
        late = client.post(COMMENTS, {"text": "Too late."}, format="json")
        listed = client.get(COMMENTS)

    assert late.status_code == 409
    assert late.json() == {
        "code": "period_closed",
        "message": "The comment period closed on 21 March 2014 at 18:00 Geneva time.",
    }
    assert [c["text"] for c in listed.json()["results"]] == ["In time."]


def test_an_overlong_comment_is_a_400(as_user, delegate, para_21):
    response = as_user(delegate).post(COMMENTS, {"text": "x" * 5_001}, format="json")

    assert response.status_code == 400
    assert response.json()["message"] == "The comment has 5,001 characters; the limit is 5,000."
    assert not DocumentComment.objects.exists()


# --- Query counts -------------------------------------------------------------------------------

# The document (with its process), the periods with their counts, their chapters.
PERIOD_LIST_QUERIES = 3
# The document, the number of comments (pagination), the page of comments with their authors.
COMMENT_LIST_QUERIES = 3


def queries_for(api, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()["results"]


def test_the_lists_cost_the_same_however_much_they_hold(
    api, secretariat, process, para_21, django_assert_max_num_queries
):
    document = para_21.chapter.document

    def add_period_with_comments(month, comments):
        period = periods.open_period(
            document=document,
            actor=secretariat,
            opens_at=datetime(2014, month, 1, 9, 0, tzinfo=GENEVA),
            closes_on=date(2014, month, 20),
            chapters=[para_21.chapter],
        )
        with at(period.opens_at.astimezone(UTC).replace(hour=12)):
            for n in range(comments):
                author = MemberFactory(
                    process=process,
                    role=Role.DELEGATE,
                    stakeholder=StakeholderFactory(name=f"Country {month}-{n}"),
                ).user
                periods.submit_document_comment(document=document, actor=author, text=f"{n}.")

    add_period_with_comments(3, 1)
    few = [
        queries_for(api, url, django_assert_max_num_queries, limit)
        for url, limit in ((PERIODS, PERIOD_LIST_QUERIES), (COMMENTS, COMMENT_LIST_QUERIES))
    ]
    for month in (4, 5, 6, 7):
        add_period_with_comments(month, 5)
    many = [
        queries_for(api, url, django_assert_max_num_queries, limit)
        for url, limit in ((PERIODS, PERIOD_LIST_QUERIES), (COMMENTS, COMMENT_LIST_QUERIES))
    ]

    assert [count for count, _ in many] == [count for count, _ in few]
    assert [len(results) for _, results in few] == [1, 1]
    assert [len(results) for _, results in many] == [5, 21]
