"""Webhooks in the desk (/desk/webhook/): admins only; a new endpoint gets a secret; every
delivery shows with its answer."""

import pytest

from warta.news.models import AuditEntry, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_an_admin_adds_an_endpoint_and_sees_its_deliveries(client, staff):
    client.force_login(staff["admin"])
    form = {
        "description": "Aplikasi Android",
        "url": "https://mitra.example/warta",
        "events": ["article.published", "article.corrected"],
        "active": "on",
    }
    response = client.post("/desk/webhook/", form)
    hook = Webhook.objects.get()
    assert response["Location"] == f"/desk/webhook/{hook.pk}/"
    assert len(hook.secret) == 64 and hook.events == ["article.published", "article.corrected"]
    assert AuditEntry.objects.filter(action="webhook_create").exists()
    WebhookDelivery.objects.create(
        webhook=hook,
        event_id="6f1c5b0e-3c4a-4e2b-9d7a-0a1b2c3d4e5f",
        event="article.published",
        payload={"article": {"headline": "Pasar Malam Dibuka"}},
        response_code=503,
        error="HTTP 503",
        attempts=2,
    )
    page = client.get(f"/desk/webhook/{hook.pk}/").content.decode()
    assert hook.secret in page and "Pasar Malam Dibuka" in page and "HTTP 503" in page
    old = hook.secret
    client.post(f"/desk/webhook/{hook.pk}/", {"new_secret": "1"})
    hook.refresh_from_db()
    assert hook.secret != old


def test_bad_endpoints_are_refused_with_reasons(client, staff):
    client.force_login(staff["admin"])
    bad = {"description": "X", "url": "javascript:alert(1)", "events": ["article.published"]}
    assert client.post("/desk/webhook/", bad).status_code == 400
    none = {"description": "X", "url": "https://mitra.example/", "events": []}
    assert client.post("/desk/webhook/", none).status_code == 400
    assert Webhook.objects.count() == 0


@pytest.mark.parametrize("role", ["penulis", "editor"])
def test_not_for_writers_or_editors(client, staff, role):
    hook = Webhook.objects.create(url="https://m.example/", description="M", events=[], secret="s")
    client.force_login(staff[role])
    assert client.get("/desk/webhook/").status_code == 403
    assert client.get(f"/desk/webhook/{hook.pk}/").status_code == 403
    assert client.post(f"/desk/webhook/{hook.pk}/", {"new_secret": "1"}).status_code == 403
    hook.refresh_from_db()
    assert hook.secret == "s"
