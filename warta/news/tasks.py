"""Background work for the newsroom's own people: notification e-mails, password-reset links,
deadline warnings."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
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


@task()
def email_password_reset(user_id: int) -> bool:
    """The link to a new password, made when it is sent: it works once, for
    PASSWORD_RESET_TIMEOUT, and no longer once the password has changed."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    path = reverse(
        "desk:password_reset",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    body = (
        f"Halo {user.get_full_name() or user.get_username()},\n\n"
        f"Ada permintaan kata sandi baru untuk akun {user.get_username()} di meja redaksi "
        f"{settings.SITE_NAME}. Buka tautan ini untuk membuatnya (berlaku {hours} jam, sekali "
        f"pakai):\n\n{settings.SITE_URL}{path}\n\n"
        "Jika Anda tidak memintanya, abaikan surel ini: kata sandi Anda tidak berubah.\n"
    )
    send_mail(
        f"[{settings.SITE_NAME}] Kata sandi baru", body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    logger.info("password reset link sent to %s", user.get_username())
    return True


def enqueue_due() -> None:
    """The worker's sweep: warn of deadlines within the hour."""
    from warta.news.actions import warn_deadlines

    warn_deadlines()
