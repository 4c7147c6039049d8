"""Loads the WSIS+10 demo through the real services, so the demo obeys every rule the app does.

Idempotent: what exists is left as it is, and a second run creates nothing.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from consultations.models import CommentPeriod
from consultations.services import periods as period_services
from drafts import services as drafts_services
from drafts.models import Document, PublicationStage
from meetings.demo import wsis10
from processes.models import Member, Process, Stakeholder


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


SECRETARIAT_ADMIN_APPS = ("processes", "drafts", "consultations")


def _ensure_stakeholders() -> dict[str, Stakeholder]:
    stakeholders = {}
    for name, short_name, category, description in wsis10.STAKEHOLDERS:
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
    return DemoResult(
        process=process,
        accounts=accounts,
        created_documents=created,
        created_publications=published,
        created_periods=periods,
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
