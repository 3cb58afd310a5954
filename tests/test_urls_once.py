"""Reader addresses are reversed once per process, and still follow the script prefix and a
change of URLconf."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from warta.lib import urls_once
from warta.lib.urls_once import url
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


def test_an_address_is_reversed_once(monkeypatch):
    story = make_article("Jembatan baru dibuka", section=make_section("Nasional"))
    calls = []
    real = urls_once.reverse
    monkeypatch.setattr(urls_once, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    urls_once._reversed.cache_clear()
    first = story.get_absolute_url()
    assert [story.get_absolute_url() for _ in range(5)] == [first] * 5
    assert first == reverse("public:article", args=[story.section.slug, story.pk, story.slug])
    assert len(calls) == 1


def test_the_script_prefix_is_part_of_the_address():
    plain = url("public:section", "nasional")
    set_script_prefix("/warta/")
    try:
        assert url("public:section", "nasional") == "/warta" + plain
    finally:
        clear_script_prefix()
    assert url("public:section", "nasional") == plain


def test_another_urlconf_gives_other_addresses(settings):
    before = url("public:section", "nasional")
    settings.ROOT_URLCONF = "tests.urls_prefixed"
    assert url("public:section", "nasional") == "/koran" + before
