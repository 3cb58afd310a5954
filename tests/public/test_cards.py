"""A list's card is drawn once per process for what it shows, and a change to anything it
shows (headline, section, photo, summary, language) draws it again at once."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from warta.news.models import Article
from warta.public import cards
from warta.public.cards import card_html
from warta.test import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


def listed(pk: int) -> Article:
    return Article.objects.for_listing().get(pk=pk)


@pytest.fixture
def story():
    article = make_article("Petani garam panen raya", section=make_section("Ekonomi"))
    article.hero_image = make_image()
    article.summary = "Cuaca kering membuat panen garam melimpah tahun ini."
    article.save()
    cards._cards.clear()
    return listed(article.pk)


def test_a_card_is_what_the_template_draws(story):
    context = {"item": story, "show_section": True, "with_summary": True}
    assert card_html(story, show_section=True, with_summary=True) == render_to_string(
        "public/includes/card.html", context
    )


def test_a_card_is_drawn_once(story, monkeypatch):
    drawn = []
    real = cards.render_to_string
    monkeypatch.setattr(cards, "render_to_string", lambda *a: drawn.append(1) or real(*a))
    first = card_html(story, show_section=True)
    assert all(card_html(listed(story.pk), show_section=True) == first for _ in range(3))
    assert len(drawn) == 1
    card_html(story)  # another way of showing it is another card
    assert len(drawn) == 2


@pytest.mark.parametrize(
    "change, seen",
    [
        (lambda a: setattr(a, "headline", "Garam rakyat melimpah"), "Garam rakyat melimpah"),
        (lambda a: setattr(a.section, "name", "Bisnis"), ">Bisnis</a>"),
        (lambda a: setattr(a.hero_image, "alt_text", "Tumpukan garam"), 'alt="Tumpukan garam"'),
        (lambda a: setattr(a.hero_image, "rendition_version", 7), "/v7/"),
        (lambda a: setattr(a, "summary", "Ringkasan yang baru."), "Ringkasan yang baru."),
        (lambda a: setattr(a, "kind", Article.Kind.ADVERTORIAL), "label-paid"),
    ],
)
def test_a_change_to_what_it_shows_is_drawn_at_once(story, change, seen):
    before = card_html(story, show_section=True, with_summary=True)
    assert seen not in before
    change(story)
    assert seen in card_html(story, show_section=True, with_summary=True)


def test_each_language_its_own_card(story):
    story.kind = Article.Kind.SPONSORED
    with translation.override("id"):
        indonesian = card_html(story)
    with translation.override("en"):
        english = card_html(story)
    assert indonesian != english
