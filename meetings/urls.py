from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.process_home, name="process_home"),
]
