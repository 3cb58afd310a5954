"""A photo's markup is made once per process for the same photo, crop and version, and a
change to what it shows (alt text, newly cut renditions) gives new markup at once."""

import pytest

from warta.media import html
from warta.media.html import picture_html
from warta.test import make_image

pytestmark = pytest.mark.django_db


def test_the_same_photo_is_drawn_once(monkeypatch):
    image = make_image()
    html._picture.cache_clear()
    made = []
    real = html.renditions_of
    monkeypatch.setattr(html, "renditions_of", lambda *a: made.append(a) or real(*a))
    first = picture_html(image, "16x9", "100vw")
    assert all(picture_html(image, "16x9", "100vw") == first for _ in range(5))
    assert len(made) == 1 and 'alt="Barisan tentara di lapangan"' in first


def test_a_change_to_the_photo_is_drawn_at_once():
    image = make_image()
    before = picture_html(image)
    image.alt_text = "Tentara berbaris di lapangan upacara"
    assert 'alt="Tentara berbaris di lapangan upacara"' in picture_html(image)
    image.rendition_version += 1
    newer = picture_html(image)
    assert f"/v{image.rendition_version}/" in newer and newer != before
    assert picture_html(image, "1x1") != newer  # each crop its own
