"""E-mail telling a user they have new alerts ("For your attention" on their home page).

The e-mail says how many, and links to mappa; it never says what they are about. E-mail is a less protected
channel than the service (it is forwarded, read on phones, kept in mailboxes outside the secure network),
so a case detail goes only where the reader signs in to see it. The count is of alerts that reader may see
now (mappa.access.policy.notifications_for), so it tells them nothing the home page would not.

Sent by a background task queued when the change that raised the alerts is committed. Each alert is marked
as e-mailed in the same transaction as the sending, so a task run again (a retry, a second task for the same
reader) never e-mails about the same alert twice, and one that fails to send marks nothing."""
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import User


def compose(user, count: int) -> tuple[str, str]:
    """The subject and body for `user` told of `count` new alerts."""
    alerts = "alert" if count == 1 else "alerts"
    subject = f"mappa: {count} new {alerts}"
    body = (
        f"Hello {user.first_name or user.username},\n\n"
        f"You have {count} new {alerts} in mappa. Sign in to read {'it' if count == 1 else 'them'}:\n"
        f"{settings.SITE_URL}/\n\n"
        "This e-mail does not say what the alerts are about: case details are shown only in mappa.\n"
    )
    return subject, body


@task
def email_new_alerts(user_id: int) -> int:
    """E-mail the user about their unread alerts not yet e-mailed; returns how many it counted (0: none sent)."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    with transaction.atomic():
        # Locked, so a second task for the same reader waits here and then finds them already marked.
        pending = list(policy.notifications_for(user).filter(emailed_at__isnull=True)
                       .select_related(None).select_for_update(of=("self",)).values_list("pk", flat=True))
        if not pending:
            return 0
        policy.notifications_for(user).filter(pk__in=pending).update(emailed_at=timezone.now())
        subject, body = compose(user, len(pending))
        send_mail(subject, body, None, [user.email])  # an error undoes the marks, and the task is tried again
    return len(pending)


def email_later(users) -> None:
    """Queue an e-mail to each of `users` who has an address, once the current transaction commits (none if
    it is rolled back)."""
    for user in users:
        if user.email and user.is_active:
            transaction.on_commit(lambda pk=user.pk: email_new_alerts.enqueue(pk))
