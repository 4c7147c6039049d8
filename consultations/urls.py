"""Everything under one document: the document page and each paragraph's page and actions.

Included by the project at ``p/<process_slug>/<document_slug>/``.
"""

from django.urls import path

from consultations import views

app_name = "consultations"

PARAGRAPH = "para/<uuid:paragraph_uid>/"
PROPOSAL = f"{PARAGRAPH}proposals/<int:proposal_id>/"

urlpatterns = [
    path("", views.document_detail, name="document"),
    path(PARAGRAPH, views.paragraph_detail, name="paragraph"),
    # Delegates and focal points
    path(f"{PARAGRAPH}propose/", views.propose, name="propose"),
    path(f"{PARAGRAPH}preview/", views.preview, name="preview"),
    path(f"{PROPOSAL}withdraw/", views.withdraw, name="withdraw"),
    path(f"{PROPOSAL}redraft/", views.redraft, name="redraft"),
    # The Chair and Vice-Chairs: decisions on proposals
    path(f"{PROPOSAL}accept/", views.accept, name="accept"),
    path(
        f"{PROPOSAL}accept-as-alternative/",
        views.accept_as_alternative,
        name="accept_as_alternative",
    ),
    path(f"{PROPOSAL}accept-in-brackets/", views.accept_in_brackets, name="accept_in_brackets"),
    path(f"{PROPOSAL}reject/", views.reject, name="reject"),
    # The Chair and Vice-Chairs: moves on the text and its status
    path(f"{PARAGRAPH}retain/", views.retain_alternative, name="retain_alternative"),
    path(f"{PARAGRAPH}lift/", views.lift_brackets, name="lift_brackets"),
    path(f"{PARAGRAPH}strike/", views.strike_passage, name="strike_passage"),
    path(f"{PARAGRAPH}mark-pre-agreed/", views.mark_pre_agreed, name="mark_pre_agreed"),
    path(f"{PARAGRAPH}mark-agreed/", views.mark_agreed, name="mark_agreed"),
    path(f"{PARAGRAPH}reopen/", views.reopen, name="reopen"),
    # The secretariat as pen-holder
    path(f"{PARAGRAPH}revise/", views.revise, name="revise"),
    # Following a paragraph
    path(f"{PARAGRAPH}follow/", views.follow, name="follow"),
    # Comment periods, general comments and compilations
    path("periods/", views.periods, name="periods"),
    path("periods/<int:period_id>/", views.period, name="period"),
    path("periods/<int:period_id>/compilation/", views.compilation, name="compilation"),
    path("periods/<int:period_id>/compilation.csv", views.compilation_csv, name="compilation_csv"),
    path("periods/<int:period_id>/compilation.pdf", views.compilation_pdf, name="compilation_pdf"),
    path("comments/", views.document_comments, name="document_comments"),
    # Redraft assignments
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:assignment_id>/", views.assignment, name="assignment"),
]
