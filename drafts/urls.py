from django.urls import path

from drafts import views

app_name = "drafts"
urlpatterns = [
    path("<slug:document_slug>/", views.document_detail, name="document"),
]
