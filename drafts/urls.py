from django.urls import path

from drafts import views

app_name = "drafts"
urlpatterns = [
    # The document page and the paragraph page are in consultations (they show proposals).
    path(
        "<slug:document_slug>/para/<uuid:paragraph_uid>/history/",
        views.paragraph_history,
        name="history",
    ),
]
