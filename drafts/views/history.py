"""Pages of the text itself. The document page lives in consultations (it counts proposals); the
paragraph's history is here: every version, every status change, a redline between any two."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from drafts import diffing, selectors
from drafts.models import Paragraph, ParagraphVersion, StatusChange
from processes.models import Process
from processes.permissions import can_read_drafts


def readable_process(request: HttpRequest, process_slug: str) -> Process:
    """The process, or 404 for people who may not read its drafts (hiding that it exists)."""
    process = get_object_or_404(Process, slug=process_slug)
    if not can_read_drafts(request.user, process):
        raise Http404
    return process


class CompareForm(forms.Form):
    """Which two versions to compare: a GET form, so the comparison has its own address."""

    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, sequences: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(n)d") % {"n": n}) for n in sequences]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


@dataclass(frozen=True)
class AlternativeComparison:
    label: str
    ops: tuple[diffing.DiffOp, ...]
    unchanged: bool


def compare(old: ParagraphVersion, new: ParagraphVersion) -> list[AlternativeComparison]:
    """ALT by ALT, by position: an ALT only one side has is wholly inserted or deleted."""
    old_texts = [alternative.text for alternative in old.alternatives.all()]
    new_texts = [alternative.text for alternative in new.alternatives.all()]
    count = max(len(old_texts), len(new_texts))
    compared = []
    for index in range(count):
        before = old_texts[index] if index < len(old_texts) else ""
        after = new_texts[index] if index < len(new_texts) else ""
        compared.append(
            AlternativeComparison(
                label=f"ALT {index + 1}" if count > 1 else "",
                ops=diffing.redline(before, after),
                unchanged=before == after,
            )
        )
    return compared


@dataclass(frozen=True)
class Event:
    """One line of the paragraph's timeline: a new version or a change of status."""

    at: datetime
    version: ParagraphVersion | None = None
    status_change: StatusChange | None = None


@require_GET
def paragraph_history(
    request: HttpRequest, process_slug: str, document_slug: str, paragraph_uid
) -> HttpResponse:
    process = readable_process(request, process_slug)
    try:
        paragraph = selectors.paragraph_history(
            process=process, document_slug=document_slug, uid=paragraph_uid
        )
    except Paragraph.DoesNotExist:
        raise Http404 from None
    versions = list(paragraph.versions.all())
    by_sequence = {version.sequence: version for version in versions}
    sequences = list(by_sequence)
    current = paragraph.current_version.sequence
    default_old = sequences[-2] if len(sequences) > 1 else current
    form = CompareForm(
        request.GET if request.GET else None,
        sequences=sequences,
        initial={"old": default_old, "new": current},
    )
    if form.is_bound and form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    else:
        old, new = default_old, current
    events = sorted(
        [Event(at=version.created_at, version=version) for version in versions]
        + [
            Event(at=change.created_at, status_change=change)
            for change in paragraph.status_changes.all()
        ],
        key=lambda event: event.at,
    )
    return render(
        request,
        "drafts/paragraph_history.html",
        {
            "process": process,
            "document": paragraph.chapter.document,
            "chapter": paragraph.chapter,
            "paragraph": paragraph,
            "versions": versions,
            "events": events,
            "form": form,
            "old": by_sequence[old],
            "new": by_sequence[new],
            "comparison": compare(by_sequence[old], by_sequence[new]),
        },
    )
