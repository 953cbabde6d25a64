from django.urls import path

from mappa.nominals import views

app_name = "nominals"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/viewed-by/", views.access_log, name="access_log"),
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/partners/", views.partners, name="partners"),
    path("<int:pk>/partners/<int:partner_pk>/end/", views.end_partner, name="end_partner"),
    path("<int:pk>/documents/<int:item_pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/<slug:kind>/", views.item_list, name="item_list"),
    path("<int:pk>/<slug:kind>/new/", views.item_create, name="item_create"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/", views.item_edit, name="item_edit"),
]
