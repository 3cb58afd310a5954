"""access.articles_with_photo and may_edit_photo: a photo in print is an editor's to change."""

import pytest

from warta.news import access
from warta.test import make_article, make_image, make_staff

pytestmark = pytest.mark.django_db


def test_articles_with_photo_finds_heroes_and_body_photos():
    photo = make_image()
    hero = make_article("Foto utama", image=photo)
    inline = make_article(
        "Foto di badan",
        body=f'<p>Teks.</p><figure><img src="/media/renditions/{photo.pk}/x.jpg" alt=""></figure>',
    )
    make_article("Tanpa foto")
    assert set(access.articles_with_photo(photo.pk)) == {hero, inline}


def test_a_penulis_may_edit_a_photo_only_while_nothing_in_print_shows_it():
    writer = make_staff("penulis", "penulis")
    editor = make_staff("redaktur", "editor")
    photo = make_image()
    draft = make_article("Draf dengan foto", status="draft", image=photo)
    assert access.may_edit_photo(writer, photo.pk)
    make_article("Terjadwal dengan foto", status="scheduled", image=photo)
    assert not access.may_edit_photo(writer, photo.pk)
    assert access.may_edit_photo(editor, photo.pk)
    assert draft.hero_image_id == photo.pk
