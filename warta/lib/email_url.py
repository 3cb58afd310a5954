"""Django's e-mail settings from one WARTA_EMAIL_URL, the way WARTA_DATABASE_URL names the
database: `smtp://user:password@host:587?tls=1`, `smtps://user:password@host:465`, or
`console:` (the default: messages are written to the log, nothing leaves the machine)."""

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def email_settings(url: str) -> dict[str, Any]:
    parts = urlsplit(url or "console:")
    if parts.scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"WARTA_EMAIL_URL: use smtp://, smtps:// or console:, not {parts.scheme!r}"
        )
    found: dict[str, Any] = {"EMAIL_BACKEND": BACKENDS[parts.scheme]}
    if parts.scheme == "console":
        return found
    if not parts.hostname:
        raise ImproperlyConfigured("WARTA_EMAIL_URL: the SMTP server's name is missing")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    secure = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if secure else 25)
    except ValueError as exc:
        raise ImproperlyConfigured(f"WARTA_EMAIL_URL: {exc}") from exc
    found.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_SSL=secure,
        EMAIL_USE_TLS=not secure and query.get("tls", "") in ("1", "true", "yes"),
        EMAIL_TIMEOUT=int(query.get("timeout", "10")),
    )
    return found
