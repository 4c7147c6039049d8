"""Included by the project at ``p/<process_slug>/``.

A publication's address contains its symbol, which contains slashes
(``publications/WSIS+10/4/26/Pre-agreed/``): the downloads and the state therefore end in a
word without a trailing slash, which no symbol page address does.
"""

from django.urls import path

from drafts import views

app_name = "drafts"
PUBLICATION = "publications/<path:symbol>"

urlpatterns = [
    # The document page and the paragraph page are in consultations (they show proposals).
    path(
        "<slug:document_slug>/para/<uuid:paragraph_uid>/history/",
        views.paragraph_history,
        name="history",
    ),
    path("<slug:document_slug>/publish/", views.publish, name="publish"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("import/<int:import_id>/discard/", views.import_discard, name="import_discard"),
    path("publications/", views.publications, name="publications"),
    path("publications/feed.atom", views.publications_feed, name="publications_feed"),
    path("publications/compare/", views.compare_publications, name="compare_publications"),
    path(
        "publications/compare.pdf",
        views.compare_publications_pdf,
        name="compare_publications_pdf",
    ),
    path(f"{PUBLICATION}/pdf", views.publication_pdf, name="publication_pdf"),
    path(f"{PUBLICATION}/docx", views.publication_docx, name="publication_docx"),
    path(f"{PUBLICATION}/state", views.publication_state, name="publication_state"),
    path(f"{PUBLICATION}/retry", views.retry_publication_pdf, name="retry_publication_pdf"),
    path(f"{PUBLICATION}/", views.publication_detail, name="publication"),
]
