"""A small newsroom that has every page type: photos, a correction, drafts that must stay hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, Correction, Page
from warta.test import make_article, make_image, make_person, make_section, make_topic


@dataclass
class Newsroom:
    lead: Article
    corrected: Article
    no_photo: Article
    draft: Article
    unpublished: Article
    scheduled: Article

    @property
    def published(self) -> list[Article]:
        return [self.lead, self.corrected, self.no_photo]


def build_newsroom() -> Newsroom:
    internasional = make_section("Internasional", order=1)
    asia = make_section("Asia Pasifik", parent=internasional)
    nasional = make_section("Nasional", order=2)
    rina, dimas = make_person("Rina Kusuma"), make_person("Dimas Pratama")
    editor = make_person("Bambang Sutrisno", roles=["editor"])
    rina.bio = "Rina meliput politik dan pemerintahan sejak 2015."
    rina.photo = make_image(caption="Rina Kusuma", alt_text="Potret Rina Kusuma", size=(800, 800))
    rina.save()
    topic = make_topic()
    # Wide enough for 1200 px renditions in every crop, the card's 1200x630 included.
    photo = make_image(size=(2400, 1600), focal=(0.4, 0.45))
    now = timezone.now()
    lead = make_article(
        "Korea Utara gelar latihan militer besar di dekat perbatasan",
        section=asia,
        writers=[rina, dimas],
        editor=editor,
        image=photo,
        tags=["Korea Utara", "Militer"],
        topic=topic,
        city="Seoul",
        kicker="MILITER",
        summary="Latihan berlangsung tiga hari dan melibatkan ribuan tentara.",
        body=(
            '<p>Latihan dimulai pagi ini, <a href="/nasional/">lihat juga</a>.</p>'
            '<figure class="gambar"><picture><img src="/media/renditions/1/v1/16x9-800.jpg" '
            'srcset="/media/renditions/1/v1/16x9-480.jpg 480w, /media/renditions/1/v1/16x9-800.jpg 800w" '
            'sizes="100vw" width="800" height="450" alt="Tentara"></picture></figure>'
            "<h2>Reaksi</h2><p>Seoul meminta dialog &amp; ketenangan.</p>"
        ),
        published_at=now - timedelta(hours=2),
        is_headline=True,
        headline_position=1,
    )
    corrected = make_article(
        "Harga beras turun di pasar induk Cipinang",
        section=nasional,
        writers=[dimas],
        image=make_image(),
        tags=["Ekonomi"],
        published_at=now - timedelta(hours=5),
    )
    actions.correct_article(
        corrected,
        by=None,
        kind=Correction.Kind.RALAT,
        text="Sebelumnya tertulis harga turun 10 persen; yang benar 5 persen.",
    )
    no_photo = make_article(
        "Pemerintah tambah anggaran pendidikan tahun depan",
        section=nasional,
        writers=[rina],
        tags=["Pendidikan"],
        published_at=now - timedelta(days=3),
    )
    draft = make_article("Rahasia redaksi yang belum terbit", section=nasional, status="draft")
    unpublished = make_article("Berita yang sudah ditarik", section=nasional, tags=["Militer"])
    actions.unpublish_article(unpublished, by=None, reason="Ditarik atas permintaan narasumber.")
    scheduled = make_article(
        "Berita terjadwal untuk besok",
        section=nasional,
        status="scheduled",
        published_at=now + timedelta(days=1),
    )
    Page.objects.create(
        title="Pedoman Media Siber",
        slug="pedoman-media-siber",
        body="<p>Pedoman Pemberitaan Media Siber dari Dewan Pers.</p>",
    )
    return Newsroom(lead, corrected, no_photo, draft, unpublished, scheduled)


@pytest.fixture
def newsroom(db) -> Newsroom:
    return build_newsroom()


def page_urls(room: Newsroom) -> dict[str, str]:
    """One address for each reader page type."""
    return {
        "home": "/",
        "section": "/nasional/",
        "article": room.lead.get_absolute_url(),
        "article-with-correction": room.corrected.get_absolute_url(),
        "article-without-photo": room.no_photo.get_absolute_url(),
        "tag": "/tag/militer/",
        "topic": f"/topik/{room.lead.topic.slug}/",
        "person": "/penulis/rina-kusuma/",
        "index": "/indeks/",
        "search": "/cari/?q=latihan",
        "page": "/halaman/pedoman-media-siber/",
        "404": "/tidak-ada-halaman-ini/",
    }
