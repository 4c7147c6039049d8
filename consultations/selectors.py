"""Reads that the document and paragraph pages need, at a constant number of queries.

Nothing here writes: what a pending proposal would do to the current text is worked out with
`services.apply_to_current`, which only computes.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from consultations import services
from consultations.models import (
    KINDS_ON_AN_ALTERNATIVE,
    PENDING_STATES,
    Decision,
    Proposal,
    ProposalKind,
)
from drafts import diffing
from drafts import selectors as drafts_selectors
from drafts import services as drafts_services
from drafts.models import Alternative, Document, Paragraph
from processes.models import Process

# --- The document page --------------------------------------------------------------------------


def document_with_pending_counts(*, process: Process, slug: str) -> Document:
    """The whole document as `drafts.selectors.document_with_text` loads it, each paragraph
    carrying `pending_count`, the number of proposals still waiting for the Chair.

    One query more than the text alone, however many paragraphs and proposals there are.
    """
    document = drafts_selectors.document_with_text(process=process, slug=slug)
    counts = dict(
        Proposal.objects.filter(paragraph__chapter__document=document, state__in=PENDING_STATES)
        .order_by()
        .values("paragraph_id")
        .annotate(count=Count("pk"))
        .values_list("paragraph_id", "count")
    )
    for chapter in document.chapters.all():
        for paragraph in chapter.paragraphs.all():
            paragraph.pending_count = counts.get(paragraph.pk, 0)
    return document


# --- The paragraph page -------------------------------------------------------------------------


class _AlternativesInPositionOrder(QuerySet):
    """Alternatives prefetched in position order, answering `.order_by("position")` from the
    prefetch instead of a new query.

    `services.apply_to_current` reads a base version's alternatives with `.order_by("position")`,
    which on a plain prefetched relation is one query per proposal. They are already loaded in
    that order. (Can go once the service reads `.all()`: Alternative.Meta orders by position.)
    """

    def order_by(self, *field_names):
        if field_names == ("position",) and self._prefetch_done and self._result_cache is not None:
            return self
        return super().order_by(*field_names)


def paragraph_for_page(*, process: Process, document_slug: str, uid) -> Paragraph:
    """The paragraph with its chapter, document, current version and its alternatives (2 queries).

    Raises Paragraph.DoesNotExist if the paragraph is not in that document of that process.
    """
    alternatives = Alternative.objects.select_related("proposer").order_by("position")
    return (
        Paragraph.objects.select_related(
            "chapter__document__process",
            "current_version__author",
            "current_version__on_behalf_of",
        )
        .prefetch_related(Prefetch("current_version__alternatives", queryset=alternatives))
        .get(uid=uid, chapter__document__process=process, chapter__document__slug=document_slug)
    )


def current_alternatives(paragraph: Paragraph) -> list[drafts_services.AlternativeText]:
    """The current text as the services take it, from the prefetched alternatives (no query)."""
    return [
        drafts_services.AlternativeText(text=alternative.text, proposer=alternative.proposer)
        for alternative in paragraph.current_version.alternatives.all()
    ]


@dataclass
class ProposalOnPage:
    """A proposal with what the page shows of it: its redline, and for a pending proposal made
    on an older version, what it would do to the current text. (Not frozen: the view adds what
    the user may do with it.)"""

    proposal: Proposal
    base_sequence: int
    # The changes it proposes, against the text it was made on.
    redline: tuple[diffing.DiffOp, ...]
    # Which alternative of its base version it is about ("ALT 2"), "" when it names none or the
    # base version had a single text.
    target_label: str
    # Only for a pending proposal on an older version: how it lands on the current text.
    applied: services.AppliedProposal | None
    current_redline: tuple[diffing.DiffOp, ...]
    current_target_label: str
    last_decision: Decision | None

    @property
    def on_older_version(self) -> bool:
        return self.applied is not None

    @property
    def base_text(self) -> str:
        return self.proposal.base_text


def _label(position: int | None, count: int) -> str:
    return f"ALT {position}" if position and count > 1 else ""


def proposal_redline(proposal: Proposal) -> tuple[diffing.DiffOp, ...]:
    """What the proposal changes in the text it was made on, word by word."""
    kind = proposal.kind
    if kind == ProposalKind.AMEND:
        return diffing.redline(proposal.base_text, proposal.text)
    if kind in (ProposalKind.ADD_ALTERNATIVE, ProposalKind.INSERT_AFTER):
        return diffing.redline("", proposal.text)
    if kind == ProposalKind.REMOVE_ALTERNATIVE:
        return diffing.redline(proposal.base_text, "")
    if kind == ProposalKind.DELETE_PARAGRAPH:
        texts = [alternative.text for alternative in proposal.base_version.alternatives.all()]
        return diffing.redline(" / ".join(texts), "")
    return ()


def proposals_for_page(
    paragraph: Paragraph, current: list[drafts_services.AlternativeText]
) -> list[ProposalOnPage]:
    """Every proposal on the paragraph, oldest first, with its redlines: 3 queries in all
    (the proposals with their stakeholder, author, base version and redraft; the base versions'
    alternatives; the decisions with their deciders)."""
    base_alternatives = _AlternativesInPositionOrder(model=Alternative).order_by("position")
    decisions = Decision.objects.select_related("actor", "resulting_version").order_by(
        "created_at", "pk"
    )
    proposals = (
        Proposal.objects.filter(paragraph=paragraph)
        .select_related("stakeholder", "author", "base_version", "redraft", "redraft_of")
        .prefetch_related(
            Prefetch("base_version__alternatives", queryset=base_alternatives),
            Prefetch("decisions", queryset=decisions),
        )
        .order_by("created_at", "pk")
    )
    current_version = paragraph.current_version
    shown = []
    for proposal in proposals:
        # Permission functions and the services walk up from the proposal to the process.
        proposal.paragraph = paragraph
        base_count = len(proposal.base_version.alternatives.all())
        applied = None
        current_redline: tuple[diffing.DiffOp, ...] = ()
        current_label = ""
        if proposal.is_pending and proposal.base_version_id != current_version.pk:
            applied = services.apply_to_current(
                proposal, current, current_version_id=current_version.pk
            )
            target = applied.target_position
            # Worth showing only when the alternative it amends has changed since.
            if (
                applied.ok
                and applied.merged_text
                and current[target - 1].text != proposal.base_text
            ):
                current_redline = diffing.redline(current[target - 1].text, applied.merged_text)
                current_label = _label(target, len(current))
        decisions_made = list(proposal.decisions.all())
        shown.append(
            ProposalOnPage(
                proposal=proposal,
                base_sequence=proposal.base_version.sequence,
                redline=proposal_redline(proposal),
                target_label=(
                    _label(proposal.alternative_position, base_count)
                    if proposal.kind in KINDS_ON_AN_ALTERNATIVE
                    else ""
                ),
                applied=applied,
                current_redline=current_redline,
                current_target_label=current_label,
                last_decision=decisions_made[-1] if decisions_made else None,
            )
        )
    return shown
