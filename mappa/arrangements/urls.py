"""Pages of this part, mounted at /mappa/."""
app_name = "arrangements"
urlpatterns: list = []
