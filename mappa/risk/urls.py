"""Pages of this part, mounted at /risk/."""
app_name = "risk"
urlpatterns: list = []
