"""Redraft assignments of a document: the Chair assigns, assignees see what is due.

- `assignments`: the list of a document's assignments (readable by whoever reads the drafts),
  with the Chair's form to assign paragraphs to a stakeholder or a focal point;
- `assignment`: one assignment, the redrafts that answered it, and the Chair's cancel button.

Thin views: the form parses, `consultations.services.assignments` decides (and re-checks the
role under a lock); a refusal is shown on the page with the input kept, nothing saved.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from consultations import assignment_selectors, permissions
from consultations.models import AssignmentState, Proposal, RedraftAssignment
from consultations.services import assignments as assignment_services
from drafts.models import Document, Paragraph, ParagraphStatus
from drafts.views import readable_process
from processes.errors import DomainError
from processes.models import Member, Process, Role, Stakeholder

CLOSE_OF_BUSINESS = time(18, 0)
STAKEHOLDER, FOCAL_POINT = "stakeholder", "focal_point"


class AssignForm(forms.Form):
    """The Chair's assignment: which paragraphs, who, by when (in the process's zone), what to
    do. It only parses: which paragraphs may be assigned, and to whom, is the service's rule."""

    paragraphs = forms.MultipleChoiceField(
        label=gettext_lazy("Paragraphs to redraft"), widget=forms.CheckboxSelectMultiple
    )
    assignee = forms.ChoiceField(label=gettext_lazy("Who redrafts"))
    due_date = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    due_time = forms.TimeField(
        label=gettext_lazy("Time"),
        initial=CLOSE_OF_BUSINESS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Close of business (COB) is 18:00."),
    )
    instruction = forms.CharField(
        label=gettext_lazy("Instruction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('For example: "Merge ALT 1 and ALT 2 into one text."'),
    )

    def __init__(
        self,
        *args,
        paragraphs: list[Paragraph],
        stakeholders: list[Stakeholder],
        focal_points: list[Member],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.paragraph_by_uid = {str(p.uid): p for p in paragraphs}
        self.fields["paragraphs"].choices = [(str(p.uid), p.label) for p in paragraphs]
        self.stakeholder_by_pk = {s.pk: s for s in stakeholders}
        self.focal_point_by_pk = {m.pk: m for m in focal_points}
        self.fields["assignee"].choices = [
            ("", _("Choose…")),
            (
                _("A stakeholder (any of its delegates and focal points)"),
                [(f"{STAKEHOLDER}:{s.pk}", s.name) for s in stakeholders],
            ),
            (
                _("A focal point in person"),
                [(f"{FOCAL_POINT}:{m.pk}", focal_point_label(m)) for m in focal_points],
            ),
        ]

    def chosen_paragraphs(self) -> list[Paragraph]:
        return [self.paragraph_by_uid[uid] for uid in self.cleaned_data["paragraphs"]]

    def assignee_kwargs(self) -> dict:
        kind, _sep, pk = self.cleaned_data["assignee"].partition(":")
        if kind == STAKEHOLDER:
            return {"stakeholder": self.stakeholder_by_pk[int(pk)]}
        return {"focal_point": self.focal_point_by_pk[int(pk)]}

    def due_at(self, process: Process) -> datetime:
        """The date and time as entered, in the process's zone (stored in UTC)."""
        local = datetime.combine(self.cleaned_data["due_date"], self.cleaned_data["due_time"])
        return timezone.make_aware(local, process.zone)


def focal_point_label(member: Member) -> str:
    name = member.user.get_full_name() or member.user.get_username()
    return f"{name} ({member.stakeholder})" if member.stakeholder_id else name


@dataclass
class AssignmentOnPage:
    assignment: RedraftAssignment
    summary: str
    paragraphs: list[tuple[Paragraph, str]]  # each with the URL of its page
    answers: list[Proposal]
    is_overdue: bool
    may_cancel: bool
    may_answer: bool

    @property
    def assigned_by_role(self) -> str:
        role = self.assignment.assigned_by_role
        return Role(role).label if role in Role.values else role


def _on_page(request: HttpRequest, assignment: RedraftAssignment) -> AssignmentOnPage:
    document = assignment.document
    process = document.process
    ordered = assignment_selectors.ordered_paragraphs(assignment)
    answerable = assignment.state in assignment_selectors.ANSWERABLE_STATES
    return AssignmentOnPage(
        assignment=assignment,
        summary=assignment_selectors.summary(assignment),
        paragraphs=[
            (
                paragraph,
                reverse(
                    "consultations:paragraph", args=[process.slug, document.slug, paragraph.uid]
                ),
            )
            for paragraph in ordered
        ],
        answers=list(assignment.proposals.all()),
        is_overdue=assignment.state == AssignmentState.OPEN and assignment.due_at <= timezone.now(),
        may_cancel=assignment.state == AssignmentState.OPEN
        and permissions.can_assign_redrafts(request.user, process),
        may_answer=answerable and permissions.can_answer_assignment(request.user, assignment),
    )


def _document(request: HttpRequest, process_slug: str, document_slug: str) -> Document:
    process = readable_process(request, process_slug)
    return get_object_or_404(
        Document.objects.select_related("process"), process=process, slug=document_slug
    )


def _assign_form(document: Document, data=None) -> AssignForm:
    process = document.process
    return AssignForm(
        data,
        paragraphs=list(
            Paragraph.objects.filter(chapter__document=document)
            .exclude(status=ParagraphStatus.DELETED)
            .select_related("chapter")
            .order_by("chapter__order", "number", "insertion")
        ),
        stakeholders=list(assignment_selectors.assignable_stakeholders(process)),
        focal_points=list(assignment_selectors.assignable_focal_points(process)),
    )


def _paragraph_groups(form: AssignForm) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """The open paragraphs, by chapter, for the form's checkboxes: (uid, label, checked)."""
    chosen = set(form.data.getlist("paragraphs")) if form.is_bound else set()
    groups: dict[int, tuple[str, list]] = {}
    for uid, paragraph in form.paragraph_by_uid.items():
        if paragraph.status != ParagraphStatus.OPEN:
            continue
        chapter = paragraph.chapter
        groups.setdefault(chapter.pk, (chapter.heading, []))[1].append(
            (uid, paragraph.label, uid in chosen)
        )
    return list(groups.values())


@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, process_slug: str, document_slug: str) -> HttpResponse:
    document = _document(request, process_slug, document_slug)
    process = document.process
    user = request.user
    may_assign = permissions.can_assign_redrafts(user, process)
    form, refusal, status = None, "", 200

    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_assign:
            refusal, status = _("Only the Chair or a Vice-Chair assigns redrafts."), 403
        else:
            form = _assign_form(document, request.POST)
            if not form.is_valid():
                status = 400
            else:
                try:
                    assignment = assignment_services.assign_redraft(
                        document=document,
                        paragraphs=form.chosen_paragraphs(),
                        actor=user,
                        due_at=form.due_at(process),
                        instruction=form.cleaned_data["instruction"],
                        **form.assignee_kwargs(),
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                    status = error.http_status
                else:
                    assignment = assignment_selectors.assignment_by_id(assignment.pk)
                    messages.success(
                        request,
                        _("Assigned: %(summary)s.")
                        % {"summary": assignment_selectors.summary(assignment)},
                    )
                    return redirect("consultations:assignments", process.slug, document.slug)
    elif may_assign:
        form = _assign_form(document)

    return render(
        request,
        "consultations/assignments/list.html",
        {
            "process": process,
            "document": document,
            "assignments": [
                _on_page(request, a) for a in assignment_selectors.assignments_of(document)
            ],
            "may_assign": may_assign,
            "form": form,
            "paragraph_groups": _paragraph_groups(form) if form is not None else [],
            "refusal": refusal,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def assignment(
    request: HttpRequest, process_slug: str, document_slug: str, assignment_id: int
) -> HttpResponse:
    """One assignment; a POST is the Chair cancelling it."""
    document = _document(request, process_slug, document_slug)
    found = assignment_selectors.assignment_by_id(assignment_id)
    if found is None or found.document_id != document.pk:
        raise Http404
    problem, status = "", 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_assign_redrafts(request.user, document.process):
            problem, status = _("Only the Chair or a Vice-Chair cancels redraft assignments."), 403
        else:
            try:
                assignment_services.cancel_assignment(assignment=found, actor=request.user)
            except DomainError as error:
                problem, status = error.message, error.http_status
                found = assignment_selectors.assignment_by_id(found.pk)
            else:
                messages.success(
                    request,
                    _("Assignment %(id)d is cancelled; its reminders stop.") % {"id": found.pk},
                )
                return redirect(
                    "consultations:assignment", document.process.slug, document.slug, found.pk
                )
    return render(
        request,
        "consultations/assignments/detail.html",
        {
            "process": document.process,
            "document": document,
            "item": _on_page(request, found),
            "problem": problem,
        },
        status=status,
    )
