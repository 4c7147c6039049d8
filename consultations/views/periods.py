"""Comment periods of a document (the secretariat opens, changes and closes them) and the general
comments on it.

Times are entered and shown in the process's time zone: each view runs under
`timezone.override(process.zone)`, so the forms read "2014-03-21T18:00" as 18:00 Geneva time and
show stored times the same way. A refusal renders the page again with the service's message, the
status it carries (403, 400, 409) and the input kept; nothing is saved.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from consultations import period_selectors, permissions
from consultations.services import periods as services
from drafts.models import Document
from drafts.views import readable_process
from processes.errors import DomainError
from processes.models import Stakeholder

CLOSES_AT_COB = "cob"
CLOSES_AT_TIME = "time"
LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


def _document(request: HttpRequest, process_slug: str, document_slug: str) -> Document:
    process = readable_process(request, process_slug)
    document = Document.objects.filter(process=process, slug=document_slug).first()
    if document is None:
        raise Http404
    document.process = process
    return document


# --- Forms: they parse what was typed; the services decide ----------------------------------


def _reminder_list(value: str) -> list[int]:
    parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    try:
        return [int(part) for part in parts]
    except ValueError:
        raise forms.ValidationError(
            _("Give reminders as whole hours before the deadline, separated by commas: 72, 24.")
        ) from None


class PeriodForm(forms.Form):
    """Opening or changing a period. Times are wall-clock times in the process's zone."""

    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        help_text=gettext_lazy("e.g. Comments from WSIS stakeholders, 7-21 March 2014"),
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
    )
    closing = forms.ChoiceField(
        label=gettext_lazy("Closes"),
        choices=[
            (CLOSES_AT_COB, gettext_lazy("at close of business (COB, 18:00) on a date")),
            (CLOSES_AT_TIME, gettext_lazy("at a date and time")),
        ],
        initial=CLOSES_AT_COB,
        widget=forms.RadioSelect,
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closing date (COB)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closing date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
    )
    chapters = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Chapters"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tick none for the whole document."),
    )
    takes_proposals = forms.BooleanField(
        label=gettext_lazy("Takes proposals"), required=False, initial=True
    )
    takes_comments = forms.BooleanField(
        label=gettext_lazy("Takes comments"), required=False, initial=True
    )
    reminder_hours = forms.CharField(
        label=gettext_lazy("Reminders (hours before the deadline)"),
        required=False,
        initial="72, 24",
        help_text=gettext_lazy("Separated by commas; leave empty for no reminders."),
    )

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapters"].queryset = document.chapters.order_by("order")
        self.fields["chapters"].label_from_instance = lambda chapter: chapter.heading

    def clean_reminder_hours(self) -> list[int]:
        return _reminder_list(self.cleaned_data["reminder_hours"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        by_cob = data["closing"] == CLOSES_AT_COB
        return {
            "title": data["title"],
            "opens_at": data["opens_at"],
            "closes_on": data["closes_on"] if by_cob else None,
            "closes_at": None if by_cob else data["closes_at"],
            "chapters": list(data["chapters"]),
            "takes_proposals": data["takes_proposals"],
            "takes_comments": data["takes_comments"],
            "reminder_hours": data["reminder_hours"],
        }


def _initial_for(period) -> dict:
    return {
        "title": period.title,
        "opens_at": period.opens_at,
        "closing": CLOSES_AT_TIME,
        "closes_at": period.closes_at,
        "closes_on": timezone.localtime(period.closes_at).date(),
        "chapters": list(period.chapters.all()),
        "takes_proposals": period.takes_proposals,
        "takes_comments": period.takes_comments,
        "reminder_hours": ", ".join(str(h) for h in period.reminder_hours),
    }


def _initial_for_new() -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"opens_at": now, "closes_on": (now + timedelta(days=14)).date()}


def _refused(form: forms.Form | None, error: DomainError) -> int:
    if form is not None:
        form.add_error(None, error.message)
    return error.http_status


# --- The periods of a document ------------------------------------------------------------------


def _periods_page(request, document, *, form, status=200, refusal=""):
    return render(
        request,
        "consultations/periods/list.html",
        {
            "process": document.process,
            "document": document,
            "window": period_selectors.input_window(document),
            "periods": period_selectors.periods_of(document),
            "zone_label": period_selectors.zone_label(document.process),
            "may_manage": permissions.can_manage_periods(request.user, document.process),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    """The document's comment periods with what each received; the secretariat opens one."""
    document = _document(request, process_slug, document_slug)
    process = document.process
    with timezone.override(process.zone):
        may_manage = permissions.can_manage_periods(request.user, process)
        if request.method == "GET":
            form = PeriodForm(document=document, initial=_initial_for_new()) if may_manage else None
            return _periods_page(request, document, form=form)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_manage:
            return _periods_page(
                request,
                document,
                form=None,
                status=403,
                refusal=_("Only the secretariat opens comment periods."),
            )
        form = PeriodForm(request.POST, document=document)
        if not form.is_valid():
            return _periods_page(request, document, form=form, status=400)
        try:
            period = services.open_period(
                document=document, actor=request.user, **form.service_arguments()
            )
        except DomainError as error:
            return _periods_page(request, document, form=form, status=_refused(form, error))
        messages.success(
            request,
            _("The comment period is set: %(opens)s to %(closes)s.")
            % {
                "opens": period_selectors.deadline(period.opens_at, process),
                "closes": period_selectors.deadline(period.closes_at, process),
            },
        )
        return redirect("consultations:periods", process.slug, document.slug)


# --- One period ---------------------------------------------------------------------------------


def _period_page(request, document, period, *, form, status=200, refusal=""):
    return render(
        request,
        "consultations/periods/detail.html",
        {
            "process": document.process,
            "document": document,
            "period": period,
            "state": period_selectors.state(period),
            "zone_label": period_selectors.zone_label(document.process),
            "may_manage": permissions.can_manage_periods(request.user, document.process),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def period(
    request: HttpRequest, process_slug: str, document_slug: str, period_id: int
) -> HttpResponse:
    """One period: its times, what it covers and received; the secretariat changes or closes
    it (the form's button `action=close` closes it now)."""
    document = _document(request, process_slug, document_slug)
    process = document.process
    found = period_selectors.period_of(document, period_id)
    if found is None:
        raise Http404
    with timezone.override(process.zone):
        may_manage = permissions.can_manage_periods(request.user, process)
        if request.method == "GET":
            form = (
                PeriodForm(document=document, initial=_initial_for(found)) if may_manage else None
            )
            return _period_page(request, document, found, form=form)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        closing = request.POST.get("action") == "close"
        if not may_manage:
            refusal = _("Only the secretariat %(action)s comment periods.") % {
                "action": _("closes") if closing else _("changes")
            }
            return _period_page(request, document, found, form=None, status=403, refusal=refusal)
        if closing:
            form = PeriodForm(document=document, initial=_initial_for(found))
            try:
                services.close_period_now(period=found, actor=request.user)
            except DomainError as error:
                return _period_page(
                    request,
                    document,
                    found,
                    form=form,
                    status=error.http_status,
                    refusal=error.message,
                )
            messages.success(request, _("The comment period is closed as of now."))
            return redirect("consultations:period", process.slug, document.slug, found.pk)
        form = PeriodForm(request.POST, document=document)
        if not form.is_valid():
            return _period_page(request, document, found, form=form, status=400)
        try:
            services.change_period(period=found, actor=request.user, **form.service_arguments())
        except DomainError as error:
            return _period_page(request, document, found, form=form, status=_refused(form, error))
        messages.success(request, _("The comment period is changed."))
        return redirect("consultations:period", process.slug, document.slug, found.pk)


# --- General comments on the document -----------------------------------------------------------


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment on the document as a whole"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )
    on_behalf_of = forms.ModelChoiceField(
        label=gettext_lazy("On behalf of"),
        queryset=Stakeholder.objects.all(),
        required=False,
        empty_label=gettext_lazy("Choose…"),
    )

    def __init__(self, *args, represented: list[Stakeholder], **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the stakeholders one acts for. Any other is refused by the service, with 403.
        self.fields["on_behalf_of"].widget.choices = [("", _("Choose…"))] + [
            (s.pk, s.name) for s in represented
        ]
        self.chooses_stakeholder = len(represented) > 1


def _comments_page(request, document, *, form, status=200, refusal=""):
    return render(
        request,
        "consultations/periods/comments.html",
        {
            "process": document.process,
            "document": document,
            "window": period_selectors.input_window(document),
            "comments": period_selectors.comments_of(document),
            "may_comment": permissions.can_comment_on_document(request.user, document),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def document_comments(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    """The general comments on a document; delegates and focal points add theirs while a period
    taking comments is open (or at any time where the document has never had a period)."""
    document = _document(request, process_slug, document_slug)
    process = document.process
    with timezone.override(process.zone):
        represented = permissions.stakeholders_represented(request.user, process)
        if request.method == "GET":
            form = CommentForm(represented=represented) if represented else None
            return _comments_page(request, document, form=form)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = CommentForm(request.POST, represented=represented)
        if not represented:
            return _comments_page(
                request,
                document,
                form=None,
                status=403,
                refusal=_(
                    "Only delegates and focal points comment, for their stakeholder; "
                    "observers follow."
                ),
            )
        if not form.is_valid():
            return _comments_page(request, document, form=form, status=400)
        try:
            services.submit_document_comment(
                document=document,
                actor=request.user,
                text=form.cleaned_data["text"],
                on_behalf_of=form.cleaned_data["on_behalf_of"],
            )
        except DomainError as error:
            return _comments_page(request, document, form=form, status=_refused(form, error))
        messages.success(
            request, _("Your comment on %(document)s is received.") % {"document": document}
        )
        return redirect("consultations:document_comments", process.slug, document.slug)
