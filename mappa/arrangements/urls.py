"""Pages of this part, mounted at /mappa/."""
from django.urls import path

from mappa.arrangements import views

app_name = "arrangements"
urlpatterns = [
    path("people/<int:pk>/", views.case, name="case"),
    path("people/<int:pk>/identify/", views.identify, name="identify"),
    path("people/<int:pk>/end/", views.end, name="end"),
    path("people/<int:pk>/level/", views.level, name="level"),
    path("people/<int:pk>/prompt-seen/", views.suggestion_seen, name="suggestion-seen"),
    path("people/<int:pk>/refer/", views.refer, name="refer"),
    path("referrals/<int:pk>/screen/", views.screen, name="screen"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/change/", views.meeting_change, name="meeting-change"),
    path("meetings/<int:pk>/invite/", views.meeting_attendee, name="meeting-attendee"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("meetings/<int:pk>/cases/<int:nominal_pk>/minutes/", views.meeting_minute, name="meeting-minute"),
    path("meetings/<int:pk>/cases/<int:nominal_pk>/actions/", views.meeting_action, name="meeting-action"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("meetings/<int:pk>/pack.pdf", views.meeting_pack_pdf, name="meeting-pack-pdf"),
    path("actions/<int:pk>/", views.action_update, name="action"),
    path("co-ordinator/", views.coordinator, name="coordinator"),
]
