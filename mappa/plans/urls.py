"""Pages of this part, mounted at /plans/."""
app_name = "plans"
urlpatterns: list = []
