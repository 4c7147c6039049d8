"""Who takes part: negotiation processes, stakeholders and the members who act for them."""

import string
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as Europe/Zurich."), params={"value": value}
        )


DEFAULT_SYMBOL_PATTERN = "{process}/{meeting}/{number}/{stage}"
SYMBOL_PLACEHOLDERS = {"process", "meeting", "number", "stage"}


def validate_symbol_pattern(value: str) -> None:
    """Every placeholder must be one we fill, and {number} must be there: it makes symbols unique
    within a meeting's series."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as error:
        raise ValidationError(
            _("%(value)s is not a valid pattern: %(error)s."),
            params={"value": value, "error": error},
        ) from None
    unknown = names - SYMBOL_PLACEHOLDERS
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s; use {process}, {meeting}, {number} and {stage}."),
            params={"names": ", ".join("{%s}" % name for name in sorted(unknown))},
        )
    if "number" not in names:
        raise ValidationError(_("The pattern needs {number}, which keeps symbols unique."))


class Process(models.Model):
    """A negotiation with a Chair, Vice-Chairs, a secretariat and stakeholders."""

    name = models.CharField(_("name"), max_length=300)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Used at the start of document symbols, e.g. WSIS+10."),
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Zurich",
        validators=[validate_time_zone],
        help_text=_("Deadlines and 'Status as of' times are local to this zone."),
    )
    drafts_are_public = models.BooleanField(
        _("working drafts are public"),
        default=False,
        help_text=_("Anyone may read the working drafts without logging in."),
    )
    symbol_pattern = models.CharField(
        _("symbol pattern"),
        max_length=120,
        default=DEFAULT_SYMBOL_PATTERN,
        validators=[validate_symbol_pattern],
        help_text=_(
            "How published texts are named. Placeholders: {process} (the code), {meeting}, "
            "{number} (the document number in that meeting's series) and {stage}."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.code

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class StakeholderCategory(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization")
    TECHNICAL_ACADEMIC = "technical_academic", _("Technical and academic community")
    UN_ENTITY = "un_entity", _("UN entity")


class Stakeholder(models.Model):
    """An entity that takes part in negotiations: a government, a company, an NGO, an agency.

    Stakeholders are shared between processes: Saudi Arabia is the same stakeholder wherever it
    negotiates; what it does in a process is recorded through its members.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("As it appears in attributions, e.g. 'Saudi' in '[led by Saudi]'."),
    )
    category = models.CharField(_("category"), max_length=40, choices=StakeholderCategory.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def attribution_name(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")


class Member(models.Model):
    """A person acting in a process, in one role, usually for one stakeholder.

    One person may hold several memberships: different roles in different processes, or the same
    role for several stakeholders (a delegate who speaks for two organizations).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="members")
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        help_text=_(
            "Whom the person acts for; empty for a Chair or secretariat acting ex officio."
        ),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    receives_reminders = models.BooleanField(
        _("receives deadline reminders"),
        default=True,
        help_text=_("E-mails before comment periods close and redrafts fall due."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["process", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process", "stakeholder", "role"],
                name="member_unique_role_per_stakeholder",
            ),
            models.UniqueConstraint(
                fields=["user", "process", "role"],
                condition=models.Q(stakeholder__isnull=True),
                name="member_unique_role_without_stakeholder",
            ),
        ]

    def __str__(self) -> str:
        who = self.user.get_full_name() or self.user.get_username()
        on_behalf = f" ({self.stakeholder})" if self.stakeholder_id else ""
        return f"{who}{on_behalf}, {self.get_role_display()} of {self.process}"
