"""Pages of this part, mounted at /mappa/."""
from django.urls import path

from mappa.arrangements import views

app_name = "arrangements"
urlpatterns = [
    path("people/<id:pk>/", views.case, name="case"),
    path("people/<id:pk>/identify/", views.identify, name="identify"),
    path("people/<id:pk>/end/", views.end, name="end"),
    path("people/<id:pk>/level/", views.level, name="level"),
    path("people/<id:pk>/prompt-seen/", views.suggestion_seen, name="suggestion-seen"),
    path("people/<id:pk>/refer/", views.refer, name="refer"),
    path("referrals/<id:pk>/screen/", views.screen, name="screen"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<id:pk>/", views.meeting, name="meeting"),
    path("meetings/<id:pk>/change/", views.meeting_change, name="meeting-change"),
    path("meetings/<id:pk>/invite/", views.meeting_attendee, name="meeting-attendee"),
    path("meetings/<id:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<id:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("meetings/<id:pk>/cases/<id:nominal_pk>/minutes/", views.meeting_minute, name="meeting-minute"),
    path("meetings/<id:pk>/cases/<id:nominal_pk>/actions/", views.meeting_action, name="meeting-action"),
    path("meetings/<id:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("meetings/<id:pk>/pack/", views.meeting_pack, name="meeting-pack"),
    path("meetings/<id:pk>/pack/status/", views.meeting_pack_status, name="meeting-pack-status"),
    path("meetings/<id:pk>/pack.pdf", views.meeting_pack_pdf, name="meeting-pack-pdf"),
    path("actions/<id:pk>/", views.action_update, name="action"),
    path("co-ordinator/", views.coordinator, name="coordinator"),
]
