"""Forms of the Chair's outcomes page. They parse what was typed and offer the process's own
texts, stakeholders and focal points; the services in `meetings.services.outcomes` decide (one
owner, texts of this process only, numbers not taken, who may act).

The link fields accept any document, publication or paragraph that exists, not only those
offered: a link to another process's text then reaches the service, whose refusal names the
problem ("An outcome can only link to texts of WSIS+10"), rather than a bare "not a valid
choice".
"""

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drafts.models import Document, Paragraph, ParagraphStatus, Publication
from meetings.models import ActionItemState, Meeting, OutcomeKind, OutcomePoint
from processes.models import Member, Process, Role, Stakeholder

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def paragraph_label(paragraph: Paragraph) -> str:
    """ "Chapter B, Para 21" (or "Annex, Para 3"), as the Chair's outcomes cite paragraphs."""
    chapter = paragraph.chapter
    where = _("Chapter %(letter)s") % {"letter": chapter.letter} if chapter.letter else _("Annex")
    return _("%(where)s, Para %(number)s") % {
        "where": where,
        "number": paragraph.display_number,
    }


def paragraph_choices(process: Process) -> list[tuple[str, list[tuple[str, str]]]]:
    """The process's paragraphs grouped by document: (title, [(uid, "Chapter B, Para 21")]).
    One query."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    paragraphs = (
        Paragraph.objects.filter(chapter__document__process=process)
        .exclude(status=ParagraphStatus.DELETED)
        .select_related("chapter__document")
        .order_by(
            "chapter__document__order",
            "chapter__document__title",
            "chapter__document_id",
            "chapter__order",
            "number",
            "insertion",
        )
    )
    for paragraph in paragraphs:
        document = paragraph.chapter.document
        groups.setdefault(document.pk, (document.title, []))[1].append(
            (str(paragraph.uid), paragraph_label(paragraph))
        )
    return list(groups.values())


class AnyParagraphField(forms.MultipleChoiceField):
    """Paragraph identities (uids): offered are the process's; any well-formed uid is accepted
    here and looked up by the form."""

    def valid_value(self, value) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True


class OutcomePointForm(forms.Form):
    # The service refuses empty text with its own message.
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Line breaks are kept; web addresses become links."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=OutcomeKind.choices, initial=OutcomeKind.POINT
    )
    number = forms.IntegerField(
        label=gettext_lazy("Number"),
        required=False,
        max_value=32767,
        help_text=gettext_lazy("Leave empty for the next number."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Documents"),
        queryset=Document.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    publications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Published texts"),
        queryset=Publication.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    paragraphs = AnyParagraphField(
        label=gettext_lazy("Paragraphs"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
    )

    def __init__(self, *args, process: Process, **kwargs):
        # Both forms stand on one page and both have a `text`: ids of their own.
        kwargs.setdefault("auto_id", "point_%s")
        super().__init__(*args, **kwargs)
        documents = Document.objects.filter(process=process).order_by("order", "title")
        self.fields["documents"].widget.choices = [(d.pk, d.title) for d in documents]
        publications = Publication.objects.filter(process=process).order_by("-published_at", "-pk")
        self.fields["publications"].widget.choices = [
            (p.pk, f"{p.symbol}: {p.title}") for p in publications
        ]
        self.fields["paragraphs"].choices = paragraph_choices(process)

    def clean_paragraphs(self) -> list[Paragraph]:
        uids = self.cleaned_data["paragraphs"]
        found = list(Paragraph.objects.filter(uid__in=uids).select_related("chapter__document"))
        if len(found) != len(set(uids)):
            raise forms.ValidationError(_("A paragraph chosen no longer exists; reload the page."))
        return found

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "kind": data["kind"],
            "number": data["number"],
            "documents": list(data["documents"]),
            "publications": list(data["publications"]),
            "paragraphs": data["paragraphs"],
        }


class ActionItemForm(forms.Form):
    """Who must do what by when. The three owner fields are offered side by side; the service
    refuses none or more than one."""

    text = forms.CharField(
        label=gettext_lazy("What is to be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner_stakeholder = forms.ModelChoiceField(
        label=gettext_lazy("A stakeholder"),
        queryset=Stakeholder.objects.all(),
        required=False,
        empty_label="—",
    )
    owner_member = forms.ModelChoiceField(
        label=gettext_lazy("or a focal point"),
        queryset=Member.objects.select_related("user", "stakeholder", "process"),
        required=False,
        empty_label="—",
    )
    owner_is_secretariat = forms.BooleanField(
        label=gettext_lazy("or the secretariat"), required=False
    )
    due_on = forms.DateField(label=gettext_lazy("Due"), required=False, widget=DATE_INPUT)
    outcome_point = forms.ModelChoiceField(
        label=gettext_lazy("Under outcome point"),
        queryset=OutcomePoint.objects.all(),
        required=False,
        empty_label=gettext_lazy("None"),
    )

    def __init__(self, *args, meeting: Meeting, points=None, **kwargs):
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
        process_id = meeting.process_id
        self.fields["owner_stakeholder"].widget.choices = [
            ("", "—"),
            *(
                (s.pk, s.name)
                for s in Stakeholder.objects.filter(
                    members__process_id=process_id, members__is_active=True
                )
                .distinct()
                .order_by("name")
            ),
        ]
        focal_points = (
            Member.objects.filter(process_id=process_id, role=Role.FOCAL_POINT, is_active=True)
            .select_related("user", "stakeholder")
            .order_by("stakeholder__name", "user__last_name", "pk")
        )
        self.fields["owner_member"].widget.choices = [
            ("", "—"),
            *((m.pk, _member_label(m)) for m in focal_points),
        ]
        points = points if points is not None else meeting.outcome_points.order_by("number")
        self.fields["outcome_point"].widget.choices = [
            ("", _("None")),
            *((p.pk, f"{p.number}. {p.text[:60]}") for p in points),
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "owner_stakeholder": data["owner_stakeholder"],
            "owner_member": data["owner_member"],
            "owner_is_secretariat": data["owner_is_secretariat"],
            "due_on": data["due_on"],
            "outcome_point": data["outcome_point"],
        }


def _member_label(member: Member) -> str:
    name = member.user.get_full_name() or member.user.get_username()
    return f"{name} ({member.stakeholder})" if member.stakeholder_id else name


class ActionItemStateForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=ActionItemState.choices)
