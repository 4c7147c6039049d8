"""Published consolidated texts: public pages (no login), downloads, the Atom feed, comparisons;
and the secretariat's publish form.

Publications are public whatever the process's working drafts are: publishing is how the
secretariat makes a text available "for everyone to download".
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from drafts import comparison, permissions, selectors, services
from drafts.models import Document, Publication, PublicationStage, Rendering
from drafts.services.publications import last_meeting_number, next_document_number
from drafts.services.renderings import is_stalled
from processes.errors import DomainError
from processes.models import Process

WHOLE_DOCUMENT = "document"


def _process(process_slug: str) -> Process:
    return get_object_or_404(Process, slug=process_slug)


def _publication(process: Process, symbol: str) -> Publication:
    publication = selectors.publication_by_symbol(process=process, symbol=symbol)
    if publication is None:
        raise Http404
    return publication


def download_name(symbol: str, extension: str) -> str:
    """WSIS+10/4/26/Pre-agreed -> WSIS+10-4-26-Pre-agreed.pdf"""
    return f"{symbol.replace('/', '-').replace(' ', '-')}.{extension}"


@require_GET
def publications(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = _process(process_slug)
    return render(
        request,
        "drafts/publications/list.html",
        {
            "process": process,
            "publications": list(selectors.publications_of(process)),
            "may_publish": permissions.can_publish(request.user, process),
            "documents": process.documents.order_by("order", "title"),
        },
    )


@require_GET
def publication_detail(request: HttpRequest, process_slug: str, symbol: str) -> HttpResponse:
    process = _process(process_slug)
    publication = _publication(process, symbol)
    return render(
        request,
        "drafts/publications/detail.html",
        {
            "process": process,
            "publication": publication,
            "rendering": publication.rendering,
            "may_retry": permissions.can_retry_rendering(request.user, process),
            "stalled": is_stalled(publication.rendering),
            "others": [
                p
                for p in selectors.publications_of(process).filter(document=publication.document)
                if p.pk != publication.pk
            ],
        },
    )


@require_GET
def publication_state(request: HttpRequest, process_slug: str, symbol: str) -> HttpResponse:
    """The PDF's state alone, polled by the detail page while the PDF renders (htmx)."""
    process = _process(process_slug)
    publication = (
        Publication.objects.select_related("rendering").filter(process=process, symbol=symbol)
    ).first()
    if publication is None:
        raise Http404
    return render(
        request,
        "drafts/publications/_rendering_state.html",
        {
            "process": process,
            "publication": publication,
            "rendering": publication.rendering,
            "may_retry": permissions.can_retry_rendering(request.user, process),
            "stalled": is_stalled(publication.rendering),
        },
    )


def pdf_file_response(rendering: Rendering, filename: str) -> FileResponse:
    """A rendered PDF, shown in the browser under `filename`."""
    return FileResponse(
        rendering.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=filename,
    )


@require_GET
def publication_pdf(request: HttpRequest, process_slug: str, symbol: str) -> HttpResponse:
    process = _process(process_slug)
    publication = (
        Publication.objects.select_related("rendering").filter(process=process, symbol=symbol)
    ).first()
    if publication is None:
        raise Http404
    if not publication.rendering.is_ready:
        messages.info(request, _("The PDF is not ready yet; this page shows when it is."))
        return redirect("drafts:publication", process.slug, publication.symbol)
    return pdf_file_response(publication.rendering, download_name(publication.symbol, "pdf"))


@require_GET
def publication_docx(request: HttpRequest, process_slug: str, symbol: str) -> HttpResponse:
    from drafts.wordio.export import publication_docx as build_docx

    process = _process(process_slug)
    publication = Publication.objects.filter(process=process, symbol=symbol).first()
    if publication is None:
        raise Http404
    response = HttpResponse(
        build_docx(publication),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{download_name(publication.symbol, "docx")}"'
    )
    return response


@require_POST
def retry_publication_pdf(request: HttpRequest, process_slug: str, symbol: str) -> HttpResponse:
    process = _process(process_slug)
    publication = get_object_or_404(
        Publication.objects.select_related("rendering"), process=process, symbol=symbol
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_retry_rendering(request.user, process):
        return HttpResponse(_("Only the secretariat retries a PDF."), status=403)
    try:
        services.retry_rendering(rendering=publication.rendering)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The PDF is queued again."))
    return redirect("drafts:publication", process.slug, publication.symbol)


# --- Comparing two publications -------------------------------------------------------------


class CompareForm(forms.Form):
    older = forms.ChoiceField(label=gettext_lazy("Compare"))
    newer = forms.ChoiceField(label=gettext_lazy("with"))

    def __init__(self, *args, symbols: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(symbol, symbol) for symbol in symbols]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices


def _comparison(request: HttpRequest, process: Process):
    """The form, and the comparison it asks for (or None), from the query string."""
    symbols = list(selectors.publications_of(process).values_list("symbol", flat=True))
    form = CompareForm(request.GET or None, symbols=symbols)
    if not form.is_valid():
        return form, None
    older = get_object_or_404(Publication, process=process, symbol=form.cleaned_data["older"])
    newer = get_object_or_404(Publication, process=process, symbol=form.cleaned_data["newer"])
    try:
        return form, comparison.compare_publications(older, newer)
    except DomainError as error:
        form.add_error(None, error.message)
        return form, None


@require_GET
def compare_publications(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = _process(process_slug)
    form, result = _comparison(request, process)
    return render(
        request,
        "drafts/publications/compare.html",
        {"process": process, "form": form, "comparison": result},
        status=400 if form.is_bound and result is None else 200,
    )


@require_GET
def compare_publications_pdf(request: HttpRequest, process_slug: str) -> HttpResponse:
    """The comparison as a PDF, rendered by the worker like any other (once per content)."""
    from django.db import transaction
    from django.template.loader import render_to_string

    process = _process(process_slug)
    form, result = _comparison(request, process)
    if result is None:
        return render(
            request,
            "drafts/publications/compare.html",
            {"process": process, "form": form, "comparison": None},
            status=400,
        )
    html = render_to_string(
        "drafts/print/comparison.html", {"process": process, "comparison": result}
    )
    filename = download_name(f"{result.older.symbol}-vs-{result.newer.symbol}", "pdf")
    with transaction.atomic():
        rendering = services.request_rendering(
            purpose="comparison", filename=filename, html=html, retry_failed=True
        )
    rendering.refresh_from_db()
    if rendering.is_ready:
        return pdf_file_response(rendering, filename)
    return render(
        request,
        "drafts/publications/comparison_pdf_pending.html",
        {"process": process, "comparison": result, "rendering": rendering},
        status=202,
    )


# --- The Atom feed ---------------------------------------------------------------------------


class PublicationsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, process_slug):
        return _process(process_slug)

    def title(self, process):
        return _("%(code)s: published texts") % {"code": process.code}

    def link(self, process):
        return reverse("drafts:publications", args=[process.slug])

    def subtitle(self, process):
        return _("Consolidated texts published by the secretariat of %(name)s.") % {
            "name": process.name
        }

    def items(self, process):
        return selectors.publications_of(process)[:50]

    def item_title(self, publication):
        return f"{publication.symbol}: {publication.title}"

    def item_description(self, publication):
        return f"{publication.status_as_of_label}. {publication.status_line}."

    def item_link(self, publication):
        return reverse("drafts:publication", args=[publication.process.slug, publication.symbol])

    def item_pubdate(self, publication):
        return publication.published_at

    def item_updateddate(self, publication):
        return publication.published_at


publications_feed = PublicationsFeed()


# --- Publishing (the secretariat) ------------------------------------------------------------


class PublishForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("What to publish"))
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"),
        choices=PublicationStage.choices,
        initial=PublicationStage.PRE_AGREED,
    )
    meeting_number = forms.IntegerField(
        label=gettext_lazy("Meeting number"), min_value=1, max_value=99_999
    )
    document_number = forms.IntegerField(
        label=gettext_lazy("Document number"),
        min_value=1,
        max_value=99_999,
        required=False,
        help_text=gettext_lazy("Leave empty for the next free number in the meeting's series."),
    )
    close_of_business = forms.TypedChoiceField(
        label=gettext_lazy("Status as of"),
        choices=[
            ("1", gettext_lazy("today, COB")),
            ("0", gettext_lazy("today, at the exact time of publishing")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(WHOLE_DOCUMENT, _("The whole document"))] + [
            (str(chapter.pk), chapter.heading) for chapter in document.chapters.order_by("order")
        ]


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    process = _process(process_slug)
    document = get_object_or_404(Document, process=process, slug=document_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    status = 200
    if not permissions.can_publish(request.user, process):
        return render(
            request,
            "drafts/publications/publish.html",
            {
                "process": process,
                "document": document,
                "refusal": _("Only the secretariat publishes consolidated texts."),
            },
            status=403,
        )
    meeting = last_meeting_number(process) or 1
    form = PublishForm(request.POST or None, document=document, initial={"meeting_number": meeting})
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chapter = (
                None
                if data["scope"] == WHOLE_DOCUMENT
                else document.chapters.get(pk=int(data["scope"]))
            )
            try:
                published = services.publish(
                    document=document,
                    chapter=chapter,
                    actor=request.user,
                    stage=data["stage"],
                    meeting_number=data["meeting_number"],
                    document_number=data["document_number"],
                    close_of_business=data["close_of_business"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.http_status
            else:
                publication = published.publication
                if published.is_new:
                    messages.success(
                        request,
                        _("Published %(symbol)s. Its PDF is being rendered.")
                        % {"symbol": publication.symbol},
                    )
                else:
                    messages.info(
                        request,
                        _("Nothing has changed since %(symbol)s was published; it still stands.")
                        % {"symbol": publication.symbol},
                    )
                return redirect("drafts:publication", process.slug, publication.symbol)
    return render(
        request,
        "drafts/publications/publish.html",
        {
            "process": process,
            "document": document,
            "form": form,
            "next_number": next_document_number(process, meeting),
        },
        status=status,
    )
