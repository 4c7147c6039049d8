"""The document page and the paragraph page: reading the text, proposing, deciding.

Views are thin: they parse the form, check the permission function to show a refusal early,
call the service (which checks everything again under a lock) and either redirect to the page
or render it again with the service's message and the input kept. Every action is a plain form
post; htmx only spares the full page load (see base.html for which refusals it swaps in).

- `document`: the document page;
- `paragraph`: the paragraph page, and rendering it again with a refusal and the input kept;
- `actions`: how every action on the page runs (refusal, incomplete form, domain error, success);
- `proposals`: what delegates and focal points do: propose (with the live preview), withdraw,
  redraft;
- `decisions`: what the Chair and Vice-Chairs do: decide on proposals, move the text and its
  status;
- `pen`: the secretariat's edit as pen-holder;
- `periods`: comment periods and general comments; `compilation`: what a period received;
- `assignments`: redraft assignments; `dashboard`: a member's dashboard, following paragraphs.
"""

from consultations.views.assignments import assignment, assignments
from consultations.views.compilation import compilation, compilation_csv, compilation_pdf
from consultations.views.dashboard import dashboard, follow, mark_notifications_read
from consultations.views.decisions import (
    accept,
    accept_as_alternative,
    accept_in_brackets,
    lift_brackets,
    mark_agreed,
    mark_pre_agreed,
    reject,
    reopen,
    retain_alternative,
    strike_passage,
)
from consultations.views.document import document_detail
from consultations.views.paragraph import paragraph_detail
from consultations.views.pen import revise
from consultations.views.periods import document_comments, period, periods
from consultations.views.proposals import preview, propose, redraft, withdraw

__all__ = [
    "assignment",
    "assignments",
    "compilation",
    "compilation_csv",
    "compilation_pdf",
    "dashboard",
    "document_comments",
    "follow",
    "mark_notifications_read",
    "period",
    "periods",
    "accept",
    "accept_as_alternative",
    "accept_in_brackets",
    "document_detail",
    "lift_brackets",
    "mark_agreed",
    "mark_pre_agreed",
    "paragraph_detail",
    "preview",
    "propose",
    "redraft",
    "reject",
    "reopen",
    "retain_alternative",
    "revise",
    "strike_passage",
    "withdraw",
]
