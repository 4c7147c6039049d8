"""The compilation of a comment period: every paragraph with the input received on it, as a page
(with filters in the query string, so that a filtered compilation has its own address), as CSV
and as a PDF rendered by a worker.

Whoever may read the drafts may read a compilation (`can_read_compilation`); everyone else gets
404, which does not say whether the period exists.
"""

import csv

from django import forms
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from consultations import compilation as compiling
from consultations.models import CommentPeriod
from consultations.permissions import can_read_compilation
from drafts import services as drafts_services
from drafts.views import pdf_file_response
from processes.models import StakeholderCategory


class FilterForm(forms.Form):
    """A GET form: its fields are the query string of the page, the CSV and the PDF."""

    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("All categories")), *StakeholderCategory.choices],
    )
    # Any stakeholder's id is a valid filter (one who sent nothing matches nothing); the list
    # offers those who sent something.
    stakeholder = forms.IntegerField(
        label=gettext_lazy("Stakeholder"), required=False, min_value=1, widget=forms.Select
    )
    with_input = forms.BooleanField(
        label=gettext_lazy("Only paragraphs with input"), required=False
    )

    def __init__(self, *args, stakeholders=(), **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["stakeholder"].widget.choices = [
            ("", _("All stakeholders")),
            *((str(s.id), f"{s.name} ({s.category_label})") for s in stakeholders),
        ]

    def filters(self) -> compiling.Filters:
        data = self.cleaned_data
        return compiling.Filters(
            category=data["category"],
            stakeholder_id=data["stakeholder"],
            only_with_input=data["with_input"],
        )


def _readable_period(request, process_slug, document_slug, period_id) -> CommentPeriod:
    period = compiling.period_for_compilation(
        process_slug=process_slug, document_slug=document_slug, period_id=period_id
    )
    if period is None or not can_read_compilation(request.user, period.document):
        raise Http404
    return period


def _compiled(request: HttpRequest, period: CommentPeriod):
    """The filter form and the compilation it asks for; when the query string is not one the
    form accepts, the form carries the errors and the compilation is unfiltered."""
    received = compiling.read_period(period)
    form = FilterForm(request.GET or None, stakeholders=received.stakeholders)
    filters = form.filters() if form.is_bound and form.is_valid() else None
    return form, compiling.assemble(received, filters)


def _context(period: CommentPeriod, result: compiling.Compilation) -> dict:
    document = period.document
    return {
        "process": document.process,
        "document": document,
        "period": period,
        "compilation": result,
        "filters": result.filters,
        # Appended to the download links, so that the CSV and the PDF show what the page shows.
        "query_string": f"?{urlencode(result.filters.query)}" if result.filters.are_set else "",
    }


@require_GET
def compilation(request, process_slug: str, document_slug: str, period_id: int) -> HttpResponse:
    period = _readable_period(request, process_slug, document_slug, period_id)
    form, result = _compiled(request, period)
    return render(
        request,
        "consultations/compilation/page.html",
        {**_context(period, result), "form": form},
        status=400 if form.errors else 200,
    )


def _download_name(period: CommentPeriod, extension: str) -> str:
    """vision-compilation-2014-03-07-to-2014-03-21.csv (dates in the process's zone)."""
    zone = period.document.process.zone
    opens = timezone.localtime(period.opens_at, zone)
    closes = timezone.localtime(period.closes_at, zone)
    return f"{period.document.slug}-compilation-{opens:%Y-%m-%d}-to-{closes:%Y-%m-%d}.{extension}"


def _refusal(form: FilterForm) -> HttpResponse:
    messages = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return HttpResponse(" ".join(messages), status=400, content_type="text/plain; charset=utf-8")


@require_GET
def compilation_csv(request, process_slug: str, document_slug: str, period_id: int):
    """One row per input (general comments first), every cell safe to open in a spreadsheet."""
    period = _readable_period(request, process_slug, document_slug, period_id)
    form, result = _compiled(request, period)
    if form.errors:
        return _refusal(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(period, "csv")}"'
    response.write("\ufeff")  # the byte-order mark: spreadsheets then read UTF-8 as UTF-8
    writer = csv.writer(response)
    writer.writerows(compiling.table(result, period.document.process.zone))
    return response


@require_GET
def compilation_pdf(request, process_slug: str, document_slug: str, period_id: int):
    """The compilation as a PDF, rendered by a worker once per content: 202 and a page that
    reloads while it renders, the file when it is ready."""
    period = _readable_period(request, process_slug, document_slug, period_id)
    form, result = _compiled(request, period)
    if form.errors:
        return _refusal(form)
    context = _context(period, result)
    html = render_to_string("consultations/compilation/print.html", context)
    filename = _download_name(period, "pdf")
    with transaction.atomic():
        rendering = drafts_services.request_rendering(
            purpose="compilation", filename=filename, html=html, retry_failed=True
        )
    rendering.refresh_from_db()
    if rendering.is_ready:
        return pdf_file_response(rendering, filename)
    return render(
        request,
        "consultations/compilation/pdf_pending.html",
        {**context, "rendering": rendering},
        status=202,
    )
