"""A photo shown by a published (or scheduled) article is changed by editors only.

Cases tried: a penulis re-captioning a photo used as a hero and inline by another writer's
published story (2), a scheduled one (1), a photo only in their own draft (1), an editor (1);
denied requests change nothing and say why.
"""

import pytest
from django.urls import reverse

from warta.media.models import Image
from warta.news.models import AuditEntry
from warta.test import make_article, make_image

pytestmark = pytest.mark.django_db


def edit(client, image, caption):
    return client.post(
        reverse("desk:photo_edit", args=[image.pk]),
        {
            "caption": caption,
            "credit": image.credit,
            "alt_text": image.alt_text,
            "usage_note": "",
            "focal_x": image.focal_x,
            "focal_y": image.focal_y,
        },
    )


def inline_body(image):
    return (
        f'<p>Teks.</p><figure class="gambar"><img src="/media/renditions/{image.pk}/v1/'
        f'16x9-800.jpg" alt=""></figure>'
    )


@pytest.mark.parametrize("use", ["hero", "inline", "scheduled"])
def test_a_writer_cannot_recaption_a_photo_in_print(client, staff, use):
    image = make_image(caption="Keterangan asli")
    status = "scheduled" if use == "scheduled" else "published"
    if use == "inline":
        make_article("Berita orang lain", body=inline_body(image))
    else:
        make_article("Berita orang lain", image=image, status=status)
    client.force_login(staff["penulis"])
    page = client.get(reverse("desk:photo_edit", args=[image.pk])).content.decode()
    assert "hanya editor" in page
    assert edit(client, image, "Keterangan palsu").status_code == 403
    assert Image.objects.get(pk=image.pk).caption == "Keterangan asli"
    assert not AuditEntry.objects.filter(action="photo_edit").exists()


def test_a_writer_may_caption_a_photo_only_their_draft_uses(client, staff):
    image = make_image(caption="Keterangan awal")
    make_article("Draf sendiri", image=image, status="draft", by=staff["penulis"])
    client.force_login(staff["penulis"])
    assert edit(client, image, "Keterangan baru").status_code == 302
    assert Image.objects.get(pk=image.pk).caption == "Keterangan baru"


def test_an_editor_changes_a_photo_in_print_and_it_is_audited(client, staff):
    image = make_image(caption="Keterangan asli")
    make_article("Berita terbit", image=image)
    client.force_login(staff["editor"])
    assert edit(client, image, "Keterangan diperbaiki").status_code == 302
    assert Image.objects.get(pk=image.pk).caption == "Keterangan diperbaiki"
    assert AuditEntry.objects.get(action="photo_edit").actor == staff["editor"]
