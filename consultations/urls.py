from django.urls import path  # noqa: F401 - routes come with the paragraph page

app_name = "consultations"
urlpatterns: list = []
