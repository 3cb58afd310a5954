"""Background work for the newsroom's own people: notification e-mails, deadline warnings."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from warta.news.models import Notification

logger = logging.getLogger("warta.notifications")


@task()
def email_notification(notification_id: int) -> bool:
    """Send one notification by e-mail, once: a retry after a crash does not send it twice."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    address = notification.user.email
    if not address:
        logger.info("notification %s: %s has no e-mail address", notification.pk, notification.user)
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    subject = f"[{settings.SITE_NAME}] {notification.get_kind_display()}"
    body = f"{notification.text}\n\n{settings.SITE_URL}{notification.url}\n"
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:
        # Not sent: free it for the next attempt rather than lose it.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


def enqueue_due() -> None:
    """The worker's sweep: warn of deadlines within the hour."""
    from warta.news.actions import warn_deadlines

    warn_deadlines()
