"""Forms of the paragraph page. They only parse what was posted: every rule (who may act, which
text is valid, whether the version is current) is the services' to check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import ProposalKind
from processes.models import Stakeholder


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you propose?"), choices=ProposalKind.choices)
    alternative = forms.TypedChoiceField(
        label=_("Which alternative"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=_("Proposed text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 7, "spellcheck": "true"}),
        help_text=_(
            "Edit the text as you want it to read. Square brackets mark text that is not agreed."
        ),
    )
    rationale = forms.CharField(
        label=_("Rationale or comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on_behalf_of = forms.TypedChoiceField(label=_("On behalf of"), coerce=int, required=False)
    # The redraft assignment this proposal answers, if any: offered to its assignees (see
    # `offer_assignments`); the service checks that it may answer it.
    assignment = forms.IntegerField(
        label=_("Redraft assignment"), required=False, min_value=1, widget=forms.HiddenInput
    )
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, alternative_count: int, stakeholders: list[Stakeholder], **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholders = {stakeholder.pk: stakeholder for stakeholder in stakeholders}
        self.fields["alternative"].choices = [
            (position, f"ALT {position}") for position in range(1, alternative_count + 1)
        ]
        if len(stakeholders) > 1:
            self.fields["on_behalf_of"].choices = [("", _("Choose…"))] + [
                (stakeholder.pk, stakeholder.name) for stakeholder in stakeholders
            ]
        else:
            del self.fields["on_behalf_of"]
        self.offered_assignments: list[tuple[int, str]] = []

    def offer_assignments(self, assignments: list[tuple[int, str]]) -> None:
        """The assignments this proposal may answer, as (id, "Chapter B, Paras 27-30 (Saudi
        Arabia): redraft before ..."): the form then asks whether it answers one of them."""
        self.offered_assignments = list(assignments)

    @property
    def offered_assignment_ids(self) -> list[str]:
        return [str(pk) for pk, _summary in self.offered_assignments]

    @property
    def chooses_stakeholder(self) -> bool:
        return "on_behalf_of" in self.fields

    def stakeholder(self) -> Stakeholder | None:
        """The stakeholder chosen, or None to let the service take the only one."""
        pk = self.cleaned_data.get("on_behalf_of")
        return self.stakeholders.get(pk) if pk else None


class PreviewForm(forms.Form):
    """What the live preview needs of the propose (or redraft) form; lenient by design."""

    kind = forms.ChoiceField(choices=ProposalKind.choices, required=False)
    alternative = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    text = forms.CharField(required=False, strip=False)
    base_version = forms.IntegerField(min_value=1)

    def __init__(self, *args, alternative_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alternative"].choices = [
            (position, f"ALT {position}") for position in range(1, alternative_count + 1)
        ]


class DecisionForm(forms.Form):
    """Every decision names the version its maker was looking at."""

    expected_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RetainForm(DecisionForm):
    position = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class BracketForm(DecisionForm):
    alternative = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    bracket_start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    """Withdrawing needs nothing but the (CSRF-checked) post."""


class RedraftForm(forms.Form):
    text = forms.CharField(
        label=_("Your redraft"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    rationale = forms.CharField(
        label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PenEditForm(DecisionForm):
    """The pen-holder's edit: one field per current alternative, and the reason (required)."""

    def __init__(self, *args, alternative_texts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        many = len(alternative_texts) > 1
        for position, text in enumerate(alternative_texts, start=1):
            self.fields[f"alt_{position}"] = forms.CharField(
                label=f"ALT {position}" if many else _("Text"),
                initial=text,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.alternative_count = len(alternative_texts)
        self.fields["reason"].label = _("Reason for the edit")

    def texts(self) -> list[str]:
        return [self.cleaned_data[f"alt_{n}"] for n in range(1, self.alternative_count + 1)]

    def text_fields(self):
        return [self[f"alt_{n}"] for n in range(1, self.alternative_count + 1)]
