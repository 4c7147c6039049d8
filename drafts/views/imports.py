"""Importing a zero draft (.docx, .txt, .md): upload, preview everything recognised and every
problem with its location, then confirm or discard. Nothing is created until confirmation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from drafts import permissions, services
from drafts.models import DocumentImport
from processes.errors import DomainError
from processes.models import Process


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Zero draft"),
        help_text=gettext_lazy(
            "A Word document (.docx), plain text (.txt) or Markdown (.md): headings become "
            "chapters, numbered paragraphs become paragraphs, ALT 1: / ALT 2: blocks alternatives."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.md"}),
    )


class ConfirmForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=400)
    short_title = forms.CharField(
        label=gettext_lazy("Short title"), max_length=80, help_text=gettext_lazy("e.g. Vision")
    )
    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Leave empty to make one from the short title."),
    )


def _secretariat_only(request: HttpRequest, process: Process) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_set_up_documents(request.user, process):
        return render(
            request,
            "drafts/imports/upload.html",
            {"process": process, "refusal": _("Only the secretariat imports documents.")},
            status=403,
        )
    return None


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=process_slug)
    if refused := _secretariat_only(request, process):
        return refused
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document_import = services.preview_import(
                    process=process, actor=request.user, filename=upload.name, data=upload
                )
            except DomainError as error:
                form.add_error("file", error.message)
                status = error.http_status
            else:
                return redirect("drafts:import_preview", process.slug, document_import.pk)
    return render(
        request, "drafts/imports/upload.html", {"process": process, "form": form}, status=status
    )


def _pending_import(process: Process, import_id: int) -> DocumentImport:
    return get_object_or_404(DocumentImport, process=process, pk=import_id)


@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, process_slug: str, import_id: int) -> HttpResponse:
    """The preview (GET) and the confirmation (POST)."""
    process = get_object_or_404(Process, slug=process_slug)
    if refused := _secretariat_only(request, process):
        return refused
    document_import = _pending_import(process, import_id)
    parsed = document_import.parsed
    form = ConfirmForm(
        request.POST or None,
        initial={"title": document_import.structure.get("title", "")},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                document = services.confirm_import(
                    document_import=document_import, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.http_status
            else:
                messages.success(
                    request,
                    _("Imported %(title)s: %(count)d paragraphs.")
                    % {"title": document.title, "count": document_import.paragraph_count},
                )
                return redirect("consultations:document", process.slug, document.slug)
    return render(
        request,
        "drafts/imports/preview.html",
        {
            "process": process,
            "document_import": document_import,
            "parsed": parsed,
            "form": form,
        },
        status=status,
    )


@require_POST
def discard(request: HttpRequest, process_slug: str, import_id: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=process_slug)
    if refused := _secretariat_only(request, process):
        return refused
    document_import = _pending_import(process, import_id)
    try:
        services.discard_import(document_import=document_import, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("drafts:import_preview", process.slug, document_import.pk)
    messages.info(
        request, _("The import of %(file)s was discarded.") % {"file": document_import.filename}
    )
    return redirect("drafts:import_upload", process.slug)
