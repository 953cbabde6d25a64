from django.conf import settings
from django.db import models


class BreakGlassGrant(models.Model):
    """Time-limited emergency read access to one nominal, given for a stated reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "nominal", "expires_at"])]
