"""Pages of this part, mounted at /orders/."""
from django.urls import path

from mappa.orders import views

app_name = "orders"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/civil-orders/<int:item_pk>/copy/", views.order_copy, name="order_copy"),
    path("<int:pk>/<slug:kind>/", views.record_list, name="list"),
    path("<int:pk>/<slug:kind>/new/", views.record_create, name="create"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/", views.record_edit, name="edit"),
]
