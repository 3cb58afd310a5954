"""A photo's crops are a task enqueued when the upload or the new focal point commits, and
`warta worker` runs it within a second instead of waiting for its sweep."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from warta.media.models import Image
from warta.news import actions
from warta.test import make_article, make_staff, photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def upload(editor):
    file = BytesIO(photo_bytes((1800, 1200)))
    file.name = "foto.jpg"
    return actions.upload_photo(
        file, by=editor, caption="Pelabuhan pagi", credit="Warta", alt_text="Kapal"
    )


def test_an_upload_enqueues_its_renditions_and_the_worker_runs_them(monkeypatch):
    from warta.news.management.commands import worker

    sweeps = []
    monkeypatch.setattr(worker, "make_missing_renditions", lambda: sweeps.append(1) or 0)
    image = upload(make_staff("redaktur", "editor"))
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.args_kwargs["args"] == [image.pk]
    assert Image.objects.get(pk=image.pk).renditions == {}

    call_command("worker", once=True)
    image.refresh_from_db()
    assert image.renditions["16x9"] and image.rendition_version == image.version
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sweeps == [1]  # the sweep found nothing left to do: the task did it


def test_a_new_focal_point_enqueues_a_new_cut():
    editor = make_staff("redaktur", "editor")
    image = upload(editor)
    call_command("worker", once=True)
    image.refresh_from_db()
    recut = actions.edit_photo(image, by=editor, focal=(0.2, 0.3))
    assert recut
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("worker", once=True)
    image.refresh_from_db()
    assert image.rendition_version == image.version == 2


def test_a_rolled_back_upload_enqueues_nothing():
    from django.db import transaction

    editor = make_staff("redaktur", "editor")
    with pytest.raises(RuntimeError), transaction.atomic():
        upload(editor)
        raise RuntimeError("the request failed after the upload")
    assert not DBTaskResult.objects.exists() and not Image.objects.exists()


def test_a_page_rendered_before_its_photo_was_cut_shows_it_once_the_worker_has(client):
    """Found by tests/cluster: the page cached without the photo kept it out for ten minutes."""
    editor = make_staff("redaktur", "editor")
    image = upload(editor)
    story = make_article("Pelabuhan sibuk menjelang libur", image=image)
    before = client.get(story.get_absolute_url()).content.decode()
    assert "/media/renditions/" not in before
    home = client.get("/").content.decode()
    assert "/media/renditions/" not in home
    call_command("worker", once=True)
    assert "/media/renditions/" in client.get(story.get_absolute_url()).content.decode()
    assert "/media/renditions/" in client.get("/").content.decode()


def test_two_workers_do_not_cut_the_same_photo_at_once(monkeypatch):
    from django.core.cache import cache

    from warta.media import renditions

    image = upload(make_staff("redaktur", "editor"))
    cuts = []
    real = renditions.generate
    monkeypatch.setattr(renditions, "generate", lambda image: cuts.append(image.pk) or real(image))
    claim = f"warta:cutting:{image.pk}:{image.version}"
    cache.add(claim, True)  # another worker is cutting this version
    assert renditions.refresh(image) is False
    assert cuts == []
    cache.delete(claim)
    assert renditions.refresh(image) is True
    assert cuts == [image.pk]
