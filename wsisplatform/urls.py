from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from consultations import views as consultation_views

urlpatterns = [
    path("", include("processes.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("wsisplatform.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "p/<slug:process_slug>/dashboard/",
        include(
            (
                [
                    path("", consultation_views.dashboard, name="dashboard"),
                    path(
                        "notifications/read/",
                        consultation_views.mark_notifications_read,
                        name="mark_notifications_read",
                    ),
                ],
                "dashboard",
            )
        ),
    ),
    path("p/<slug:process_slug>/", include("meetings.urls")),
    path("p/<slug:process_slug>/", include("drafts.urls")),
    # The document page and each paragraph's page and actions (they show proposals).
    path("p/<slug:process_slug>/<slug:document_slug>/", include("consultations.urls")),
]
