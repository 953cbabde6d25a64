"""Telling people about something on a record: the home page's "For your attention" lines.

A notification is composed for its reader. One about a restricted item (victim details, intelligence,
health information) goes only to those who may see that item, and keeps the item's handling and
recording agency, so the home page shows it only while its reader still may. Those who may not see the
item are not told: a line saying only that "something" happened would itself tell them that a
restricted item exists. Those told are also e-mailed that they have new alerts, without what they are
about (mappa.core.alert_emails).
"""
from django.utils import timezone

from mappa.access import policy
from mappa.core import alert_emails
from mappa.core.models import Notification


def notify(recipients, *, kind: str, message: str, nominal=None, about=None) -> list:
    """Tell each of `recipients` who may see `about` (the item the message is about; None for news that
    names nothing restricted). Returns those told."""
    handling = getattr(about, "handling", "") or ""
    agency_id = getattr(about, "agency_id", None) if handling else None
    told = [u for u in recipients if policy.may_see(u, handling, agency_id)]
    Notification.objects.bulk_create([
        Notification(recipient=u, nominal=nominal, kind=kind, message=message[:500], handling=handling, agency_id=agency_id)
        for u in told
    ])
    alert_emails.email_later(told)
    return told


def dismiss(user, pk) -> None:
    """The user has read one of their notifications (another's, or one already read, is left as it is)."""
    Notification.objects.filter(pk=pk, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def dismiss_all(user, upto: int) -> int:
    """The user has read every notification they were shown: those they may see, up to the newest shown
    (`upto`, its pk), so one that arrived since is not cleared unseen. Returns how many."""
    return policy.notifications_for(user).filter(pk__lte=upto).update(read_at=timezone.now())
