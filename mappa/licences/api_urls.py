"""API endpoints of this part, mounted under /api/v1/."""
urlpatterns: list = []
