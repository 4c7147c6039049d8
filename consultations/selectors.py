"""Reads that the document and paragraph pages need, at a constant number of queries.

Nothing here writes: what a pending proposal would do to the current text is worked out with
`services.apply_to_current`, which only computes.
"""

from collections.abc import Iterable
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


def attach_pending_counts(document: Document) -> None:
    """Sets `pending_count` on every loaded paragraph of the document: the number of proposals
    still waiting for the Chair (submitted or needing a redraft). One query."""
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


def document_with_pending_counts(*, process: Process, slug: str) -> Document:
    """The whole document as `drafts.selectors.document_with_text` loads it, each paragraph
    carrying `pending_count` (see `attach_pending_counts`).

    One query more than the text alone, however many paragraphs and proposals there are.
    """
    document = drafts_selectors.document_with_text(process=process, slug=slug)
    attach_pending_counts(document)
    return document


# --- The paragraph page -------------------------------------------------------------------------


def _base_alternatives() -> QuerySet[Alternative]:
    """A proposal's base version's alternatives, to prefetch: the services, `Proposal.base_text`
    and the redlines read them with `.all()`, so a list of proposals costs one query for all."""
    return Alternative.objects.order_by("position")


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
    decisions = Decision.objects.select_related("actor", "resulting_version").order_by(
        "created_at", "pk"
    )
    proposals = (
        Proposal.objects.filter(paragraph=paragraph)
        .select_related("stakeholder", "author", "base_version", "redraft", "redraft_of")
        .prefetch_related(
            Prefetch("base_version__alternatives", queryset=_base_alternatives()),
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


def proposal_on_paragraph(paragraph: Paragraph, proposal_id: int) -> Proposal | None:
    """A proposal made on this paragraph (one query), or None; it shares the loaded paragraph,
    through which the permission functions and the services reach the process."""
    proposal = (
        Proposal.objects.select_related("stakeholder", "base_version")
        .filter(pk=proposal_id, paragraph=paragraph)
        .first()
    )
    if proposal is not None:
        proposal.paragraph = paragraph
    return proposal


# --- The API ------------------------------------------------------------------------------------


def proposals_with_their_base() -> QuerySet[Proposal]:
    """Proposals with what a list shows of them, in 2 queries however many there are."""
    return (
        Proposal.objects.select_related(
            "paragraph", "stakeholder", "author", "base_version", "redraft"
        )
        .prefetch_related(Prefetch("base_version__alternatives", queryset=_base_alternatives()))
        .order_by("created_at", "pk")
    )


def proposals_on(paragraph: Paragraph, *, states: Iterable[str] = ()) -> QuerySet[Proposal]:
    """The proposals made on the paragraph, oldest first; only those in `states` if any."""
    proposals = proposals_with_their_base().filter(paragraph=paragraph)
    if states:
        proposals = proposals.filter(state__in=states)
    return proposals


def proposal_by_id(pk) -> Proposal | None:
    """The proposal with its paragraph, chapter, document and process (one query), or None.
    The caller checks that the user may read the process."""
    return (
        Proposal.objects.select_related("paragraph__chapter__document__process")
        .filter(pk=pk)
        .first()
    )


def _decisions_with_versions() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "actor", "seen_version", "resulting_version__paragraph"
    ).order_by("created_at", "pk")


def decisions_on(proposal: Proposal) -> QuerySet[Decision]:
    """The proposal's audit trail (decisions, withdrawal, conflicts found), oldest first."""
    return _decisions_with_versions().filter(proposal=proposal)


def proposal_with_decisions(pk: int) -> Proposal:
    """One proposal as the API shows it: its base, its paragraph's current version and every
    decision on it."""
    return (
        proposals_with_their_base()
        .select_related("paragraph__current_version")
        .prefetch_related(Prefetch("decisions", queryset=_decisions_with_versions()))
        .get(pk=pk)
    )


def rebase_pending_onto_current(proposals: list[Proposal], paragraph: Paragraph) -> None:
    """Attaches `on_current_text` to each pending proposal made on an older version.

    `paragraph` is the proposals' paragraph with its current version loaded; one query.
    """
    older = [
        proposal
        for proposal in proposals
        if proposal.is_pending and proposal.base_version_id != paragraph.current_version_id
    ]
    if not older:
        return
    current = drafts_services.current_texts(paragraph)
    for proposal in older:
        proposal.on_current_text = services.apply_to_current(
            proposal, current, current_version_id=paragraph.current_version_id
        )
