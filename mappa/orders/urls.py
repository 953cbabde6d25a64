"""Pages of this part, mounted at /orders/."""
app_name = "orders"
urlpatterns: list = []
