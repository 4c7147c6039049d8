"""Loads the WSIS+10 demo through the real services, so the demo obeys every rule the app does.

Idempotent: what exists is left as it is, and a second run creates nothing.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consultations.models import CommentPeriod, RedraftAssignment
from consultations.services import assignments as assignment_services
from consultations.services import periods as period_services
from drafts import services as drafts_services
from drafts.models import Document, Paragraph, PublicationStage
from meetings import services as meeting_services
from meetings.demo import wsis10
from meetings.models import ActionItemState, Meeting, OutcomeKind
from meetings.selectors import assignments_made_at
from processes.models import Member, Process, Role, Stakeholder


@dataclass(frozen=True)
class LoadedAccount:
    username: str
    password: str
    full_name: str
    role: str
    stakeholder: str


@dataclass(frozen=True)
class DemoResult:
    process: Process
    accounts: list[LoadedAccount]
    created_documents: list[str]
    created_publications: list[str]
    created_periods: list[str] = field(default_factory=list)
    created_meetings: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


SECRETARIAT_ADMIN_APPS = ("processes", "drafts", "consultations", "meetings")


def _ensure_stakeholders() -> dict[str, Stakeholder]:
    stakeholders = {}
    rows = [*wsis10.STAKEHOLDERS, *((name, "", "government", "") for name in wsis10.MEMBER_STATES)]
    for name, short_name, category, description in rows:
        stakeholder, _ = Stakeholder.objects.get_or_create(
            name=name,
            defaults={"short_name": short_name, "category": category, "description": description},
        )
        stakeholders[name] = stakeholder
    return stakeholders


def _ensure_accounts(
    process: Process, stakeholders: dict[str, Stakeholder]
) -> tuple[dict[str, object], list[LoadedAccount]]:
    User = get_user_model()
    users = {}
    loaded = []
    admin_permissions = Permission.objects.filter(
        content_type__app_label__in=SECRETARIAT_ADMIN_APPS
    )
    for account in wsis10.ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@demo.invalid",
                "is_staff": account.is_staff,
            },
        )
        if created:
            user.set_password(wsis10.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if account.is_staff:
                user.user_permissions.set(admin_permissions)
        stakeholder = stakeholders[account.stakeholder] if account.stakeholder else None
        Member.objects.get_or_create(
            user=user, process=process, stakeholder=stakeholder, role=account.role
        )
        users[account.username] = user
        loaded.append(
            LoadedAccount(
                username=account.username,
                password=wsis10.DEMO_PASSWORD,
                full_name=f"{account.first_name} {account.last_name}",
                role=Member(role=account.role).get_role_display(),
                stakeholder=account.stakeholder or "",
            )
        )
    return users, loaded


@transaction.atomic
def _load_document(
    *,
    process: Process,
    data: wsis10.DocumentData,
    secretariat,
    chair,
    stakeholders: dict[str, Stakeholder],
) -> Document:
    """One document, all or nothing: the secretariat sets up the text, the Chair agrees it."""
    document = drafts_services.create_document(
        process=process,
        title=data.title,
        short_title=data.short_title,
        slug=data.slug,
        symbol_number=data.symbol_number,
        actor=secretariat,
    )
    for chapter_data in data.chapters:
        chapter = drafts_services.add_chapter(
            document=document,
            letter=chapter_data.letter,
            title=chapter_data.title,
            is_annex=chapter_data.is_annex,
            actor=secretariat,
        )
        for para in wsis10.paragraphs_of(chapter_data):
            proposer = stakeholders[para.proposer] if para.proposer else None
            paragraph = drafts_services.add_paragraph(
                chapter=chapter,
                number=para.number,
                alternatives=[
                    drafts_services.AlternativeText(text=text, proposer=proposer)
                    for text in para.alternatives
                ],
                actor=secretariat,
                reason=para.reason or "Text as it stood at the fourth physical meeting.",
                on_behalf_of=proposer,
            )
            if para.status == wsis10.PRE_AGREED:
                drafts_services.mark_pre_agreed(
                    paragraph=paragraph,
                    actor=chair,
                    expected_version=1,
                    reason=wsis10.AT_MEETING,
                )
    return document


def load_demo() -> DemoResult:
    """Creates whatever part of the WSIS+10 demo is missing and returns the demo accounts."""
    with transaction.atomic():
        process, _ = Process.objects.get_or_create(
            code=wsis10.PROCESS["code"],
            defaults={key: value for key, value in wsis10.PROCESS.items() if key != "code"},
        )
        stakeholders = _ensure_stakeholders()
        users, accounts = _ensure_accounts(process, stakeholders)
    created = []
    for data in wsis10.DOCUMENTS:
        if Document.objects.filter(process=process, slug=data.slug).exists():
            continue
        _load_document(
            process=process,
            data=data,
            secretariat=users["secretariat"],
            chair=users["chair"],
            stakeholders=stakeholders,
        )
        created.append(data.title)
    published = _ensure_publications(process, secretariat=users["secretariat"])
    periods = _ensure_periods(process, secretariat=users["secretariat"])
    meetings, created_meetings = _ensure_meetings(process, users=users, stakeholders=stakeholders)
    return DemoResult(
        process=process,
        accounts=accounts,
        created_documents=created,
        created_publications=published,
        created_periods=periods,
        created_meetings=created_meetings,
        meetings=meetings,
    )


def _ensure_publications(process: Process, *, secretariat) -> list[str]:
    """The five consolidated texts the source lists, as published on 17 April 2014 at COB.
    Their PDFs are rendered after each commit (in-process without a broker)."""
    created = []
    for data in wsis10.PUBLICATIONS:
        if process.publications.filter(
            meeting_number=wsis10.MEETING_NUMBER, document_number=data.document_number
        ).exists():
            continue
        document = Document.objects.get(process=process, slug=data.document_slug)
        with transaction.atomic():
            published = drafts_services.publish(
                document=document,
                chapter=document.chapters.get(letter=data.chapter_letter),
                actor=secretariat,
                stage=PublicationStage.PRE_AGREED,
                meeting_number=wsis10.MEETING_NUMBER,
                document_number=data.document_number,
                as_of=wsis10.PUBLISHED_AS_OF,
            )
        created.append(published.publication.symbol)
    return created


def _ensure_periods(process: Process, *, secretariat) -> list[str]:
    """On both documents, the comment period of 7-21 March 2014 (closed at 18:00 Geneva time)
    and "In session (demo)", open from the moment of loading until 18:00 Geneva time 60 days
    later, so that the demo's delegates can still propose: a document that has had a period
    takes input only while one is open. Opened through the service like any period; one that
    is there already (by title, and for the demo's open period, not yet closed) is left as it
    is."""
    created = []
    now = timezone.now()
    local_now = timezone.localtime(now, process.zone)
    slugs = [data.slug for data in wsis10.DOCUMENTS]
    for slug in slugs:
        document = Document.objects.get(process=process, slug=slug)
        for data in wsis10.PERIODS:
            there = CommentPeriod.objects.filter(document=document, title=data.title)
            if data.opens_at is None:
                there = there.filter(closes_at__gt=now)
            if there.exists():
                continue
            period_services.open_period(
                document=document,
                actor=secretariat,
                title=data.title,
                opens_at=data.opens_at or now,
                closes_at=data.closes_at,
                closes_on=None if data.closes_at else (local_now + data.lasts).date(),
            )
            created.append(f"{document.short_title}: {data.title}")
    return created


def _ensure_meetings(
    process: Process, *, users: dict[str, object], stakeholders: dict[str, Stakeholder]
) -> tuple[list[Meeting], list[str]]:
    """The fourth physical meeting as the Chair's main outcomes record it (who chaired, who took
    part and how, points 1-12, action items, the redrafts it asked for, Para 21 on screen), and
    the fifth, announced. One transaction; each part is added only where it is missing."""
    created: list[str] = []
    secretariat, chair = users["secretariat"], users["chair"]
    with transaction.atomic():
        fourth, is_new = _ensure_meeting(process, wsis10.FOURTH_MEETING, secretariat=secretariat)
        if is_new:
            created.append(_meeting_label(fourth))
        added = _ensure_participants(fourth, users=users, stakeholders=stakeholders)
        if added:
            created.append(f"Meeting 4: {added} participants")
        created += _ensure_assignments(fourth, chair=chair, stakeholders=stakeholders)
        created += _ensure_outcomes(
            fourth, chair=chair, secretariat=secretariat, stakeholders=stakeholders
        )
        if fourth.on_screen_since is None:  # never set: the Chair may have moved on since
            document, letter, number = wsis10.ON_SCREEN
            meeting_services.put_on_screen(
                meeting=fourth,
                paragraph=Paragraph.objects.get(
                    chapter__document__process=process,
                    chapter__document__slug=document,
                    chapter__letter=letter,
                    number=number,
                    insertion=0,
                ),
                actor=chair,
            )
            created.append(f"Meeting 4: Vision, Chapter {letter}, Para {number} on screen")
        fifth, is_new = _ensure_meeting(process, wsis10.FIFTH_MEETING, secretariat=secretariat)
        if is_new:
            created.append(_meeting_label(fifth))
    return [fourth, fifth], created


def _meeting_label(meeting: Meeting) -> str:
    return (
        f"Meeting {meeting.number}: {meeting.title}, {meeting.starts_on.day}-"
        f"{meeting.ends_on.day} {meeting.ends_on:%B %Y}, {meeting.venue}"
    )


def _ensure_meeting(
    process: Process, data: wsis10.MeetingData, *, secretariat
) -> tuple[Meeting, bool]:
    meeting = Meeting.objects.filter(process=process, number=data.number).first()
    if meeting is not None:
        return meeting, False
    chair = Member.objects.get(
        user__username=wsis10.MEETING_CHAIR, process=process, role=Role.CHAIR
    )
    meeting = meeting_services.schedule_meeting(
        process=process,
        actor=secretariat,
        number=data.number,
        phase=data.phase,
        title=data.title,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        venue=data.venue,
        remote_links=data.remote_links,
        chair=chair,
        vice_chairs=Stakeholder.objects.filter(name__in=wsis10.VICE_CHAIRS),
        agenda=Document.objects.filter(process=process, slug__in=data.agenda),
    )
    return meeting, True


def _delegate_usernames(stakeholders: dict[str, Stakeholder]) -> list[tuple[str, Stakeholder]]:
    """(username, stakeholder) of the generated delegates: one or two per participating
    stakeholder, so that with the demo accounts the meeting has 142 participants from 70."""
    generated = wsis10.PARTICIPANTS - len(wsis10.ACCOUNTS)
    names = wsis10.PARTICIPATING
    each, extra = divmod(generated, len(names))
    result = []
    for index, name in enumerate(names):
        for n in range(1, each + (1 if index < extra else 0) + 1):
            result.append((f"mpp-{slugify(name)}-{n}", stakeholders[name]))
    return result


def _ensure_delegates(process: Process, stakeholders: dict[str, Stakeholder]) -> list[Member]:
    """The generated delegates: users with no usable password (nobody logs in as them) and
    delegate memberships that get no reminder e-mails. Made in bulk: they are many."""
    User = get_user_model()
    wanted = _delegate_usernames(stakeholders)
    usernames = [username for username, _stakeholder in wanted]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    new_users = []
    for username in usernames:
        if username in existing:
            continue
        user = User(
            username=username,
            first_name="Delegate",
            last_name=username.rpartition("-")[2],
            email=f"{username}@demo.invalid",
        )
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    by_username = User.objects.in_bulk(usernames, field_name="username")
    members = {
        (member.user_id, member.stakeholder_id): member
        for member in Member.objects.filter(
            process=process, role=Role.DELEGATE, user__username__in=usernames
        )
    }
    Member.objects.bulk_create(
        Member(
            user=by_username[username],
            process=process,
            stakeholder=stakeholder,
            role=Role.DELEGATE,
            receives_reminders=False,
        )
        for username, stakeholder in wanted
        if (by_username[username].pk, stakeholder.pk) not in members
    )
    return list(
        Member.objects.filter(process=process, role=Role.DELEGATE, user__username__in=usernames)
        .select_related("user")
        .order_by("pk")
    )


def _ensure_participants(
    meeting: Meeting, *, users: dict[str, object], stakeholders: dict[str, Stakeholder]
) -> int:
    """The demo accounts and the generated delegates, each with their days in the room or
    remote; returns how many were added."""
    process = meeting.process
    length = (meeting.ends_on - meeting.starts_on).days + 1
    days = [meeting.starts_on + timedelta(days=n) for n in range(length)]
    present = set(meeting.participants.values_list("member_id", flat=True))
    account_members = {
        member.user_id: member
        for member in Member.objects.filter(
            process=process, user__username__in=[a.username for a in wsis10.ACCOUNTS]
        )
    }
    wanted = []
    for account in wsis10.ACCOUNTS:
        member = account_members[users[account.username].pk]
        attended = days[: wsis10.ACCOUNT_DAYS.get(account.username, len(days))]
        mode = wsis10.ACCOUNT_ATTENDANCE.get(account.username, "in_room")
        wanted.append((member, dict.fromkeys(attended, mode)))
    for index, member in enumerate(_ensure_delegates(process, stakeholders), start=1):
        wanted.append((member, wsis10.generated_attendance(index, days)))
    added = 0
    for member, attendance in wanted:
        if member.pk in present:
            continue
        meeting_services.add_participant(
            meeting=meeting, member=member, actor=users["secretariat"], days=attendance
        )
        added += 1
    return added


def _ensure_assignments(
    meeting: Meeting, *, chair, stakeholders: dict[str, Stakeholder]
) -> list[str]:
    """The redrafts point 11 asks for, made by the Chair on the meeting's last day."""
    created = []
    process = meeting.process
    vision = Document.objects.get(process=process, slug="vision")
    local_due = timezone.localtime(timezone.now(), process.zone) + wsis10.ASSIGNMENTS_DUE_AFTER
    due_at = local_due.replace(hour=18, minute=0, second=0, microsecond=0)
    for data in wsis10.ASSIGNMENTS:
        stakeholder = stakeholders[data.stakeholder]
        if RedraftAssignment.objects.filter(document=vision, stakeholder=stakeholder).exists():
            continue
        paragraphs = list(
            Paragraph.objects.filter(
                chapter__document=vision,
                chapter__letter=data.chapter_letter,
                number__in=data.numbers,
                insertion=0,
            )
        )
        if any(p.status != wsis10.OPEN for p in paragraphs):
            continue  # settled since (in an older demo database): nothing left to redraft
        assignment = assignment_services.assign_redraft(
            document=vision,
            paragraphs=paragraphs,
            actor=chair,
            due_at=due_at,
            instruction=data.instruction,
            stakeholder=stakeholder,
        )
        if not assignments_made_at(meeting).filter(pk=assignment.pk).exists():
            # The demo replays 2014: the Chair made these redraft requests at the fourth meeting
            # (17 April 2014), so they are recorded as made then, not when the demo was loaded.
            RedraftAssignment.objects.filter(pk=assignment.pk).update(created_at=wsis10.ASSIGNED_AT)
        numbers = ", ".join(str(n) for n in data.numbers)
        created.append(f"Redraft assignment: Vision, Para {numbers} ({data.stakeholder})")
    return created


def _ensure_outcomes(
    meeting: Meeting, *, chair, secretariat, stakeholders: dict[str, Stakeholder]
) -> list[str]:
    """Points 1-12 of the Chair's main outcomes with their links, and the action items."""
    created = []
    process = meeting.process
    points = {point.number: point for point in meeting.outcome_points.all()}
    recorded = []
    for number, text in wsis10.OUTCOME_POINTS.items():
        if number in points:
            continue
        publications = process.publications.filter(
            meeting_number=wsis10.MEETING_NUMBER,
            document_number__in=wsis10.POINT_PUBLICATIONS.get(number, ()),
        )
        paragraphs = Paragraph.objects.none()
        if number in wsis10.POINT_PARAGRAPHS:
            slug, letter, numbers = wsis10.POINT_PARAGRAPHS[number]
            paragraphs = Paragraph.objects.filter(
                chapter__document__process=process,
                chapter__document__slug=slug,
                chapter__letter=letter,
                number__in=numbers,
                insertion=0,
            ).select_related("chapter__document")
        points[number] = meeting_services.record_outcome_point(
            meeting=meeting,
            actor=chair,
            number=number,
            text=text,
            kind=OutcomeKind.DECISION if number in wsis10.DECISIONS else OutcomeKind.POINT,
            publications=publications,
            paragraphs=paragraphs,
        )
        recorded.append(str(number))
    if recorded:
        created.append(
            f"Meeting {meeting.number}: the Chair's main outcomes, points {', '.join(recorded)}"
        )
    existing = set(meeting.action_items.values_list("text", flat=True))
    for data in wsis10.ACTION_ITEMS:
        if data.text in existing:
            continue
        owner = stakeholders[data.owner_stakeholder] if data.owner_stakeholder else None
        item = meeting_services.add_action_item(
            meeting=meeting,
            actor=chair,
            text=data.text,
            owner_stakeholder=owner,
            owner_is_secretariat=owner is None,
            due_on=data.due_on,
            outcome_point=points[data.point],
        )
        if data.done:
            meeting_services.set_action_item_state(
                item=item, state=ActionItemState.DONE, actor=secretariat
            )
        created.append(f"Meeting {meeting.number}: action item “{data.text}”")
    return created
