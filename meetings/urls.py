"""Included by the project at ``p/<process_slug>/``; a meeting is addressed by its number."""

from django.urls import path

from meetings import views

app_name = "meetings"
MEETING = "meetings/<int:number>"

urlpatterns = [
    path("", views.process_home, name="process_home"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.schedule_meeting, name="schedule"),
    path(f"{MEETING}/", views.meeting_detail, name="meeting"),
    path(f"{MEETING}/edit/", views.edit_meeting, name="edit"),
    path(f"{MEETING}/participants/", views.meeting_participants, name="participants"),
    path(f"{MEETING}/outcomes/", views.meeting_outcomes, name="outcomes"),
    path(f"{MEETING}/outcomes.pdf", views.outcomes_pdf, name="outcomes_pdf"),
    path(f"{MEETING}/outcomes/points/", views.add_outcome_point, name="add_outcome_point"),
    path(f"{MEETING}/outcomes/actions/", views.add_action_item, name="add_action_item"),
    path(
        f"{MEETING}/actions/<int:item_id>/state/",
        views.action_item_state,
        name="action_item_state",
    ),
    path(f"{MEETING}/screen/", views.screen, name="screen"),
    path(f"{MEETING}/screen/events", views.screen_events, name="screen_events"),
    path(f"{MEETING}/screen/state", views.screen_state, name="screen_state"),
    path(f"{MEETING}/screen/show/", views.put_on_screen, name="put_on_screen"),
    path(f"{MEETING}/screen/next/", views.put_next_on_screen, name="put_next_on_screen"),
    path(f"{MEETING}/screen/clear/", views.clear_screen, name="clear_screen"),
    path(f"{MEETING}/dashboard/", views.meeting_dashboard, name="dashboard"),
]
