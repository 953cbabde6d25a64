"""Pages of this part, mounted at /licences/."""
app_name = "licences"
urlpatterns: list = []
