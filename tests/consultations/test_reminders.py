"""Deadline reminders: "comments received ... from 7th - 21st of March".

Before a comment period closes (72 and 24 hours before, by default), every delegate and focal
point of a stakeholder that has sent nothing yet gets one e-mail; before a redraft falls due, its
assignees do. The beat task may run twice, or in two workers at once: each member gets each
reminder once. A mail server that refuses leaves the reminder to be tried again, never marked
sent. Times are Geneva's (Europe/Zurich), stored in UTC, and reminders count real hours, across
the change to summer time too.

Reminders are sent outside any transaction (their rows must commit first), so these tests use
transactional databases. The race between two workers needs PostgreSQL's row locks, and the
integration test a real Celery worker, Redis and PostgreSQL: without them those are skipped,
except in CI (CI=true), where they fail.
"""

import contextlib
import os
import secrets
import smtplib
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import celery
import pytest
import redis
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.utils import timezone

from consultations import services, tasks
from consultations.models import (
    CommentPeriod,
    DocumentComment,
    Proposal,
    ProposalKind,
    ReminderDelivery,
    ReminderState,
)
from consultations.services import assignments, reminders
from drafts.models import Paragraph
from processes.models import Role, StakeholderCategory
from tests.factories import MemberFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

GENEVA = ZoneInfo("Europe/Zurich")


def geneva(*args) -> datetime:
    return datetime(*args, tzinfo=GENEVA)


OPENS = geneva(2014, 3, 7, 9, 0)
CLOSES = geneva(2014, 3, 21, 18, 0)  # CET, UTC+1
AT_72_HOURS = geneva(2014, 3, 18, 18, 0)
AT_24_HOURS = geneva(2014, 3, 20, 18, 0)
SECOND = timedelta(seconds=1)


class RefusingMailServer(LocmemBackend):
    """Stands in for an SMTP server that refuses every message (an external system)."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, b"5.7.1 Message refused: relay denied")


class SlowMailServer(LocmemBackend):
    """Takes a moment per message, so that two workers sending at once really overlap."""

    def send_messages(self, messages):
        time.sleep(0.2)
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def mail_accepted(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://drafts.example.org"


@pytest.fixture
def vision(make_document):
    return make_document(chapters=(("B", 30),))


@pytest.fixture
def people(process, delegate):
    """Who takes part, and who has already spoken in the period."""
    saudi = delegate.memberships.get()
    return {
        "saudi_delegate": saudi,
        "saudi_focal_point": MemberFactory(
            process=process, role=Role.FOCAL_POINT, stakeholder=saudi.stakeholder
        ),
        "hep_focal_point": MemberFactory(
            process=process,
            role=Role.FOCAL_POINT,
            stakeholder=StakeholderFactory(name="HEP", category=StakeholderCategory.CIVIL_SOCIETY),
            user=UserFactory(username="focalpoint", first_name="Anna", last_name="Meyer"),
        ),
        # Egypt's delegate asked not to be reminded.
        "egypt_delegate": MemberFactory(
            process=process, stakeholder=StakeholderFactory(name="Egypt"), receives_reminders=False
        ),
        "unesco_delegate": MemberFactory(
            process=process,
            stakeholder=StakeholderFactory(name="UNESCO", category=StakeholderCategory.UN_ENTITY),
        ),
        "swiss_delegate": MemberFactory(
            process=process, stakeholder=StakeholderFactory(name="Switzerland")
        ),
        "former_delegate": MemberFactory(
            process=process, stakeholder=StakeholderFactory(name="Brazil"), is_active=False
        ),
    }


@pytest.fixture
def period(vision, secretariat):
    return CommentPeriod.objects.create(
        document=vision,
        title="Comments on the first draft",
        opens_at=OPENS,
        closes_at=CLOSES,
        created_by=secretariat,
    )


@pytest.fixture
def consultation(period, people, vision):
    """UNESCO comments on the document and Switzerland proposes, both in the period: they are
    not reminded. Saudi Arabia and HEP have sent nothing."""
    with time_machine.travel(geneva(2014, 3, 10, 11, 0), tick=False):
        DocumentComment.objects.create(
            document=vision,
            period=period,
            author=people["unesco_delegate"].user,
            stakeholder=people["unesco_delegate"].stakeholder,
            text="UNESCO supports the draft.",
        )
        paragraph = Paragraph.objects.get(chapter__document=vision, number=3)
        proposal = services.submit_proposal(
            paragraph=paragraph,
            actor=people["swiss_delegate"].user,
            kind=ProposalKind.COMMENT,
            base_version=1,
            rationale="Switzerland would add a reference to human rights.",
        )
        # Stamped as the periods service stamps a proposal received while the period is open.
        Proposal.objects.filter(pk=proposal.pk).update(period=period)
    return period


def reminded(members) -> list[str]:
    return sorted(member.user.email for member in members)


def inbox() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def run_beat_at(moment: datetime) -> int:
    """The beat task as the worker runs it, at that moment."""
    with time_machine.travel(moment, tick=False):
        return tasks.send_due_reminders.delay().get()


# --- Before a comment period closes -------------------------------------------------------------


def test_nothing_is_sent_until_72_hours_before_the_close(consultation):
    assert run_beat_at(AT_72_HOURS - SECOND) == 0

    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()


def test_72_hours_before_the_close_those_who_sent_nothing_are_reminded(consultation, people):
    sent = run_beat_at(AT_72_HOURS)

    # Saudi Arabia's delegate and focal point, and HEP's focal point: UNESCO and Switzerland have
    # spoken, Egypt's delegate opted out and Brazil's is no longer active.
    expected = reminded(
        [people["saudi_delegate"], people["saudi_focal_point"], people["hep_focal_point"]]
    )
    assert sent == 3
    assert inbox() == expected
    rows = ReminderDelivery.objects.all()
    assert {(row.period_id, row.hours_before, row.state, row.attempts) for row in rows} == {
        (consultation.pk, 72, ReminderState.SENT, 1)
    }
    assert all(row.sent_at == AT_72_HOURS for row in rows)

    [message] = [m for m in mail.outbox if m.to == [people["hep_focal_point"].user.email]]
    assert message.subject == (
        "Reminder: input on vision closes 21 March 2014, 18:00 (Europe/Zurich)"
    )
    assert "Dear Anna Meyer," in message.body
    assert "closes on 21 March 2014, 18:00 (Europe/Zurich), in about 3 days." in message.body
    assert "HEP has not sent any proposals or comments in this period yet." in message.body
    assert "https://drafts.example.org/p/wsis10/vision/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<strong>21 March 2014, 18:00 (Europe/Zurich)</strong>" in html
    assert 'href="https://drafts.example.org/p/wsis10/vision/"' in html


def test_the_beat_running_twice_sends_each_reminder_once(consultation, people):
    assert run_beat_at(AT_72_HOURS) == 3
    assert run_beat_at(AT_72_HOURS + timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 3

    assert run_beat_at(AT_24_HOURS) == 3
    assert run_beat_at(AT_24_HOURS) == 0
    assert run_beat_at(CLOSES - SECOND) == 0

    assert len(mail.outbox) == 6
    assert sorted(ReminderDelivery.objects.values_list("hours_before", flat=True)) == [
        24,
        24,
        24,
        72,
        72,
        72,
    ]
    by_member = {}
    for message in mail.outbox:
        by_member.setdefault(message.to[0], []).append(message.body)
    assert all(len(bodies) == 2 for bodies in by_member.values())
    assert "in about 24 hours" in by_member[people["saudi_delegate"].user.email][1]


def test_a_late_beat_catches_up_with_one_reminder_never_a_burst(consultation, people):
    """The beat was down from before the 72-hour mark until after the 24-hour one."""
    assert run_beat_at(AT_24_HOURS + timedelta(hours=5)) == 3

    assert set(ReminderDelivery.objects.values_list("hours_before", flat=True)) == {24}
    assert run_beat_at(AT_24_HOURS + timedelta(hours=6)) == 0
    assert len(mail.outbox) == 3
    assert "in about 19 hours" in mail.outbox[0].body


def test_a_reminder_long_overdue_is_still_sent_once_before_the_deadline(consultation):
    """The 72-hour mark passed a day ago (far more than the beat's interval)."""
    assert run_beat_at(AT_72_HOURS + timedelta(days=1)) == 3
    assert run_beat_at(AT_72_HOURS + timedelta(days=1, minutes=10)) == 0

    assert set(ReminderDelivery.objects.values_list("hours_before", flat=True)) == {72}


def test_nothing_is_sent_once_the_period_has_closed(consultation):
    assert run_beat_at(CLOSES) == 0
    assert run_beat_at(CLOSES + timedelta(days=3)) == 0

    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists()


def test_a_member_who_opts_out_later_is_not_reminded_again(consultation, people):
    run_beat_at(AT_72_HOURS)
    saudi = people["saudi_delegate"]
    saudi.receives_reminders = False
    saudi.save()

    run_beat_at(AT_24_HOURS)

    assert [m.to for m in mail.outbox].count([saudi.user.email]) == 1
    assert not ReminderDelivery.objects.filter(member=saudi, hours_before=24).exists()


def test_a_stakeholder_that_speaks_after_the_first_reminder_gets_no_second(
    consultation, people, vision
):
    run_beat_at(AT_72_HOURS)
    hep = people["hep_focal_point"]
    DocumentComment.objects.create(
        document=vision,
        period=consultation,
        author=hep.user,
        stakeholder=hep.stakeholder,
        text="HEP's comments on Chapter B.",
    )

    assert run_beat_at(AT_24_HOURS) == 2

    assert [hep.user.email] not in [message.to for message in mail.outbox[3:]]
    assert not ReminderDelivery.objects.filter(member=hep, hours_before=24).exists()


def test_the_reminder_counts_real_hours_across_the_change_to_summer_time(
    vision, secretariat, people
):
    """Summer time began on 30 March 2014: 72 hours before 31 March, 18:00 (CEST) is 28 March,
    17:00 (CET), not 18:00."""
    CommentPeriod.objects.create(
        document=vision,
        opens_at=geneva(2014, 3, 24, 9, 0),
        closes_at=geneva(2014, 3, 31, 18, 0),
        created_by=secretariat,
    )

    assert run_beat_at(geneva(2014, 3, 28, 16, 59, 59)) == 0
    assert run_beat_at(geneva(2014, 3, 28, 17, 0)) > 0

    assert ReminderDelivery.objects.filter(hours_before=72).exists()
    assert "31 March 2014, 18:00 (Europe/Zurich)" in mail.outbox[0].subject


def test_offsets_come_from_the_period(vision, secretariat, people):
    CommentPeriod.objects.create(
        document=vision,
        opens_at=OPENS,
        closes_at=CLOSES,
        created_by=secretariat,
        reminder_hours=[48],
    )

    assert run_beat_at(AT_72_HOURS) == 0
    assert run_beat_at(CLOSES - timedelta(hours=48)) > 0
    assert set(ReminderDelivery.objects.values_list("hours_before", flat=True)) == {48}


def test_an_offset_before_the_period_opened_is_not_sent(vision, secretariat, people):
    """A period of two days: a reminder three days before the close would come before it
    opened; the 24-hour one is sent."""
    CommentPeriod.objects.create(
        document=vision,
        opens_at=CLOSES - timedelta(days=2),
        closes_at=CLOSES,
        created_by=secretariat,
    )

    assert run_beat_at(CLOSES - timedelta(days=2) + SECOND) == 0
    assert run_beat_at(AT_24_HOURS) > 0
    assert set(ReminderDelivery.objects.values_list("hours_before", flat=True)) == {24}


# --- A mail server that refuses -----------------------------------------------------------------


def test_a_refused_reminder_stays_pending_and_is_sent_by_a_later_run(
    settings, consultation, people
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"

    assert run_beat_at(AT_72_HOURS) == 0
    assert run_beat_at(AT_72_HOURS + timedelta(minutes=10)) == 0

    assert mail.outbox == []
    rows = ReminderDelivery.objects.all()
    assert rows.count() == 3
    for row in rows:
        assert (row.state, row.attempts, row.sent_at) == (ReminderState.PENDING, 2, None)
        assert row.last_error.startswith("SMTPDataError: (554, b'5.7.1 Message refused")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_beat_at(AT_72_HOURS + timedelta(minutes=20)) == 3

    assert len(mail.outbox) == 3
    for row in ReminderDelivery.objects.all():
        assert (row.state, row.attempts, row.last_error) == (ReminderState.SENT, 3, "")
        assert row.sent_at == AT_72_HOURS + timedelta(minutes=20)
    assert run_beat_at(AT_72_HOURS + timedelta(minutes=30)) == 0


def test_a_reminder_refused_until_the_deadline_is_never_sent_after_it(
    settings, consultation, people
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    run_beat_at(AT_24_HOURS)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert run_beat_at(CLOSES + SECOND) == 0

    assert mail.outbox == []
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"pending"}


def test_reminders_are_not_sent_inside_an_open_transaction(consultation):
    with time_machine.travel(AT_72_HOURS, tick=False), transaction.atomic():
        with pytest.raises(RuntimeError, match="outside a transaction"):
            reminders.send_due_reminders()


# --- Before a redraft falls due -----------------------------------------------------------------


DUE = geneva(2014, 5, 12, 18, 0)  # CEST, UTC+2


@pytest.fixture
def assignment(vision, chair, people):
    with time_machine.travel(geneva(2014, 4, 17, 18, 0), tick=False):
        return assignments.assign_redraft(
            document=vision,
            paragraphs=list(
                Paragraph.objects.filter(chapter__document=vision, number__in=[27, 28, 29, 30])
            ),
            actor=chair,
            due_at=DUE,
            instruction="Redraft before the fifth meeting.",
            stakeholder=people["saudi_delegate"].stakeholder,
        )


def test_the_assignees_are_reminded_before_their_redraft_falls_due(assignment, people):
    assert run_beat_at(DUE - timedelta(hours=72) - SECOND) == 0
    assert run_beat_at(DUE - timedelta(hours=72)) == 2
    assert run_beat_at(DUE - timedelta(hours=71)) == 0

    assert inbox() == reminded([people["saudi_delegate"], people["saudi_focal_point"]])
    message = mail.outbox[0]
    assert message.subject == (
        "Reminder: your redraft of Chapter B, Paras 27-30 is due 12 May 2014, 18:00 (Europe/Zurich)"
    )
    assert "Chapter B, Paras 27-30 (Saudi Arabia): redraft before 12 May 2014" in message.body
    assert "Instruction: Redraft before the fifth meeting." in message.body
    assert f"https://drafts.example.org/p/wsis10/vision/assignments/{assignment.pk}/" in (
        message.body
    )
    assert {row.hours_before for row in ReminderDelivery.objects.all()} == {72}
    assert all(row.assignment_id == assignment.pk for row in ReminderDelivery.objects.all())


def test_a_focal_point_asked_in_person_is_the_only_one_reminded(vision, chair, people):
    hep = people["hep_focal_point"]
    with time_machine.travel(geneva(2014, 4, 17, 18, 0), tick=False):
        assignments.assign_redraft(
            document=vision,
            paragraphs=[Paragraph.objects.get(chapter__document=vision, number=21)],
            actor=chair,
            due_at=DUE,
            instruction="Merge ALT 1 and ALT 2.",
            focal_point=hep,
        )

    assert run_beat_at(DUE - timedelta(hours=24)) == 1
    assert inbox() == [hep.user.email]


def test_an_answered_or_cancelled_assignment_sends_no_reminder(assignment, people, chair):
    paragraph = assignment.paragraphs.order_by("number").first()
    with time_machine.travel(geneva(2014, 5, 1, 10, 0), tick=False):
        services.submit_proposal(
            paragraph=paragraph,
            actor=people["saudi_delegate"].user,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text="Saudi Arabia's redraft.",
            assignment=assignment,
        )
    assert run_beat_at(DUE - timedelta(hours=24)) == 0

    with time_machine.travel(geneva(2014, 4, 18, 10, 0), tick=False):
        cancelled = assignments.assign_redraft(
            document=assignment.document,
            paragraphs=[paragraph],
            actor=chair,
            due_at=DUE,
            instruction="Another redraft.",
            stakeholder=people["hep_focal_point"].stakeholder,
        )
        assignments.cancel_assignment(assignment=cancelled, actor=chair)
    assert run_beat_at(DUE - timedelta(hours=24)) == 0

    assert mail.outbox == []


def test_a_reminder_left_pending_stops_when_the_redraft_arrives(settings, assignment, people):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    run_beat_at(DUE - timedelta(hours=72))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(DUE - timedelta(hours=71), tick=False):
        services.submit_proposal(
            paragraph=assignment.paragraphs.order_by("number").first(),
            actor=people["saudi_delegate"].user,
            kind=ProposalKind.AMEND,
            base_version=1,
            alternative_position=1,
            text="Saudi Arabia's redraft.",
            assignment=assignment,
        )

    assert run_beat_at(DUE - timedelta(hours=70)) == 0
    assert mail.outbox == []


# --- Two workers at once (PostgreSQL) -----------------------------------------------------------


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        message = (
            "Two workers sending at once are proven on PostgreSQL's row locks; this run uses "
            f"{connection.vendor}. Run e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsis "
            "make test."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def run_in_two_workers_at_once(moment: datetime) -> list[int]:
    """Two threads, each with its own database connection, run the beat task together."""
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = reminders.send_due_reminders(now=moment)
        except Exception as error:  # judged by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a worker never finished"
    assert all(isinstance(result, int) for result in results), results
    return results


@pytest.mark.services
def test_two_workers_at_once_send_each_reminder_once(
    postgresql_only, settings, process, vision, secretariat
):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailServer"
    members = [
        MemberFactory(process=process, stakeholder=StakeholderFactory(name=f"Country {n}"))
        for n in range(6)
    ]
    CommentPeriod.objects.create(
        document=vision, opens_at=OPENS, closes_at=CLOSES, created_by=secretariat
    )

    for moment, hours in ((AT_72_HOURS, 72), (AT_24_HOURS, 24)):
        mail.outbox.clear()
        sent = run_in_two_workers_at_once(moment)

        assert sum(sent) == len(members)
        # Each worker sent some: they really ran at the same time and shared the work.
        assert all(count > 0 for count in sent), sent
        assert inbox() == reminded(members)
        rows = ReminderDelivery.objects.filter(hours_before=hours)
        assert rows.count() == len(members)
        assert {(row.state, row.attempts) for row in rows} == {(ReminderState.SENT, 1)}


# --- A real worker, through Redis ---------------------------------------------------------------

TASK_TIMEOUT = 60
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
ROOT = Path(__file__).resolve().parents[2]


def required_services() -> tuple[str, str]:
    """DATABASE_URL (PostgreSQL) and REDIS_URL, or skip (fail in CI) saying what is missing."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    problems = []
    if urlsplit(database_url).scheme not in POSTGRES_SCHEMES or connection.vendor != "postgresql":
        problems.append(f"DATABASE_URL is not a PostgreSQL URL ({database_url or 'unset'})")
    if not redis_url:
        problems.append("REDIS_URL is not set")
    if problems:
        message = (
            "The reminder worker test needs PostgreSQL and Redis: "
            + "; ".join(problems)
            + ". Run e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
            "REDIS_URL=redis://127.0.0.1:6379/0 make test."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return database_url, redis_url


@pytest.mark.services
def test_a_real_worker_takes_the_beat_task_from_redis_and_the_email_arrives(
    tmp_path, process, vision, secretariat, people
):
    from tests.test_production_processes import Process

    database_url, redis_url = required_services()
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {redis_url} does not answer: {error}")

    # A period that closes in 23 hours: its 24-hour reminder is due now, in real time.
    now = timezone.now()
    CommentPeriod.objects.create(
        document=vision,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(hours=23),
        created_by=secretariat,
    )
    # Nobody has sent anything yet: everyone reachable is reminded (not Egypt's delegate, who
    # opted out, nor Brazil's former one).
    expected = reminded(
        [
            people[name]
            for name in (
                "saudi_delegate",
                "saudi_focal_point",
                "hep_focal_point",
                "unesco_delegate",
                "swiss_delegate",
            )
        ]
    )

    # The worker reads the test database (this test's data is committed) and writes each e-mail
    # to a file: settings of its own, the project's with the file-based e-mail backend.
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (tmp_path / "reminder_worker_settings.py").write_text(
        textwrap.dedent(
            f"""\
            from wsisplatform.settings import *  # noqa: F403

            EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
            EMAIL_FILE_PATH = {str(outbox)!r}
            SITE_URL = "https://drafts.example.org"
            """
        )
    )
    test_database_url = (
        urlsplit(database_url)._replace(path=f"/{connection.settings_dict['NAME']}").geturl()
    )
    queue = f"reminders-{secrets.token_hex(6)}"
    venv_bin = Path(sys.executable).parent
    env = {key: os.environ[key] for key in ("LANG", "LC_ALL", "TMPDIR") if key in os.environ} | {
        "HOME": str(tmp_path),
        "PATH": os.pathsep.join([str(venv_bin), os.environ.get("PATH", os.defpath)]),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "reminder_worker_settings",
        "DATABASE_URL": test_database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "CELERY_QUEUE": queue,
        "CELERY_CONCURRENCY": "1",
    }

    with contextlib.ExitStack() as cleanup:
        client = celery.Celery(
            "reminder-worker-test", broker=redis_url, backend=redis_url, set_as_current=False
        )
        cleanup.callback(client.close)
        worker = Process("worker", ["bin/start", "worker"], env, tmp_path / "worker.log")
        cleanup.callback(worker.stop)

        result = client.send_task("consultations.tasks.send_due_reminders", queue=queue)
        cleanup.callback(result.forget)
        deadline = time.monotonic() + TASK_TIMEOUT
        while not result.ready():
            if worker.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"No result from the worker within {TASK_TIMEOUT} s.\n{worker.report()}"
                )
            time.sleep(0.2)
        assert result.get(timeout=5) == len(expected), worker.report()

        # Sent again through Redis: the worker sends nothing twice.
        again = client.send_task("consultations.tasks.send_due_reminders", queue=queue)
        cleanup.callback(again.forget)
        assert again.get(timeout=TASK_TIMEOUT) == 0, worker.report()

    written = "\n".join(path.read_text() for path in sorted(outbox.iterdir()))
    for address in expected:
        assert f"To: {address}" in written
    assert written.count("Subject: Reminder: input on vision closes") == len(expected)
    assert "https://drafts.example.org/p/wsis10/vision/" in written
    rows = ReminderDelivery.objects.all()
    assert {(row.hours_before, row.state) for row in rows} == {(24, ReminderState.SENT)}
    assert rows.count() == len(expected)
