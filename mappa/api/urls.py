from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

# Each part's endpoints are in its api.py, mounted here from its api_urls.py.
PARTS = ("nominals", "arrangements", "risk", "orders", "licences", "plans", "victims", "safeguarding", "visits",
         "intelligence", "reports", "quality", "supervision", "interventions", "resettlement", "workforce")

urlpatterns = [path("schema/", SpectacularAPIView.as_view(), name="api-schema")]
urlpatterns += [path("v1/", include(f"mappa.{part}.api_urls")) for part in PARTS]
