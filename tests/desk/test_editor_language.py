"""The rich-text editor speaks the desk's language: its words come from the desk's catalog."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_catalog_has_the_editor_words_in_indonesian(client):
    response = client.get(reverse("desk:js_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    text = response.content.decode()
    for english, indonesian in [
        ("bold", "Tebal"),
        ("Heading 2", "Subjudul"),
        ("insert link", "Sisipkan tautan"),
        ("Open in new window", "Buka di jendela baru"),
    ]:
        assert f'"{english}": "{indonesian}"' in text


def test_the_article_editor_loads_the_catalog_before_the_editor(client, staff):
    client.force_login(staff["penulis"])
    page = client.get(reverse("desk:article_new")).content.decode()
    catalog = page.index(reverse("desk:js_catalog"))
    assert catalog < page.index("django_prose_editor/")
