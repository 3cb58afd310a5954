import pytest
from django.core.exceptions import ValidationError

from warta.lib.slugs import is_reserved, make_slug
from warta.news.models import Section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug",
    [
        "tag",
        "topik",
        "penulis",
        "indeks",
        "cari",
        "feed",
        "desk",
        "api",
        "admin",
        "media",
        "static",
        "sitemap-news",
        "Koreksi",
    ],
)
def test_reserved_first_segments_are_refused_with_a_clear_message(slug):
    section = Section(name="Uji", slug=slug)
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "sudah dipakai oleh halaman lain" in str(error.value.message_dict["slug"])


def test_ordinary_slugs_are_accepted():
    Section(name="Gaya Hidup", slug="gaya-hidup").full_clean()
    assert not is_reserved("nasional")


def test_slugs_are_ascii_and_cut_at_a_word():
    assert (
        make_slug("Rupiah Melemah ke Rp16.240, Ekonom: Tekanan Eksternal")
        == "rupiah-melemah-ke-rp16240-ekonom-tekanan-eksternal"
    )
    long = make_slug("kata " * 50, max_length=30)
    assert len(long) <= 30 and not long.endswith("-")
    assert make_slug("!!!") == "berita"
