from django.urls import path

from mappa.nominals import transfer_views, views

app_name = "nominals"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("new/", views.create, name="create"),
    path("person-pick/", views.person_pick, name="person_pick"),
    path("transfers/", transfer_views.inbox, name="transfer_inbox"),
    path("transfers/<id:transfer_pk>/", transfer_views.answer, name="transfer_answer"),
    path("cover/", transfer_views.cover, name="cover"),
    path("cover/<id:cover_pk>/end/", transfer_views.end_cover, name="end_cover"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/details/", views.details, name="details"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/export/", views.export, name="export"),
    path("<id:pk>/photo/", views.photo, name="photo"),
    path("<id:pk>/history/", views.history, name="history"),
    path("<id:pk>/viewed-by/", views.access_log, name="access_log"),
    path("<id:pk>/allocate/", views.allocate, name="allocate"),
    path("<id:pk>/partners/", views.partners, name="partners"),
    path("<id:pk>/transfer/", transfer_views.transfer, name="transfer"),
    path("<id:pk>/transfer/<id:transfer_pk>/withdraw/", transfer_views.withdraw_transfer, name="withdraw_transfer"),
    path("<id:pk>/merge/", views.merge, name="merge"),
    path("<id:pk>/partners/<id:partner_pk>/end/", views.end_partner, name="end_partner"),
    path("<id:pk>/documents/<id:item_pk>/download/", views.document_download, name="document_download"),
    path("<id:pk>/<slug:kind>/", views.item_list, name="item_list"),
    path("<id:pk>/<slug:kind>/new/", views.item_create, name="item_create"),
    path("<id:pk>/<slug:kind>/<id:item_pk>/", views.item_edit, name="item_edit"),
]
