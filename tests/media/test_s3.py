"""Photos in an S3-compatible bucket (WARTA_MEDIA_STORAGE=s3, django-storages), against a
standalone S3-compatible server process that the test starts (moto's server mode): what
several app servers share instead of a folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.servers import ROOT, free_port
from warta.media import renditions
from warta.test import make_article, make_image

pytestmark = pytest.mark.django_db

BUCKET = "warta-media"
PUBLIC = "/warta-media"  # path-style: the bucket's own address on the S3 server
PUBLIC_RENDITIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RenditionsArePublic",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/renditions/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="uji",
            aws_secret_access_key="uji-rahasia",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)
        # The policy docs/operations.md gives: renditions readable by anyone, originals not.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS))
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3(s3_server, settings):
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "access_key": "uji",
                "secret_key": "uji-rahasia",
                "region_name": "us-east-1",
                "querystring_auth": False,
                "custom_domain": endpoint.removeprefix("http://") + PUBLIC,
                "url_protocol": "http:",
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    settings.MEDIA_URL = f"{endpoint}{PUBLIC}/"
    return client


def keys(client) -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listed.get("Contents", [])}


def test_photos_and_their_renditions_go_to_the_bucket(s3, client):
    before = keys(s3)
    image = make_image(caption="Perahu nelayan di Muara Angke", credit="Warta/Rina")
    added = keys(s3) - before
    assert image.file.name in added and image.file.name.startswith("originals/")
    made = {key for key in added if key.startswith("renditions/")}
    assert any(key.endswith(".webp") for key in made) and any(key.endswith(".jpg") for key in made)
    story = make_article("Nelayan Muara Angke kembali melaut", image=image)
    html = client.get(story.get_absolute_url()).content.decode()
    srcs = [part.split('"')[0] for part in html.split('src="')[1:]]
    photo = next(src for src in srcs if "/renditions/" in src)
    assert photo.startswith(default_storage.url(""))  # the bucket's public address, unsigned
    assert "X-Amz-Signature" not in html and "originals/" not in html
    with urllib.request.urlopen(photo, timeout=10) as answer:  # noqa: S310 - loopback only
        body = answer.read()
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert body[:3] == b"\xff\xd8\xff" or body[8:12] == b"WEBP"
    # The uploaded original, with whatever its file carried, is not for readers.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(default_storage.url(image.file.name), timeout=10)  # noqa: S310
    assert refused.value.code == 403


def test_a_new_crop_replaces_the_renditions_in_the_bucket(s3):
    image = make_image()
    first = {key for key in keys(s3) if key.startswith(renditions.folder(image, image.version))}
    assert first
    image.focal_x, image.focal_y = 0.2, 0.8
    image.version += 1
    image.save()
    renditions.refresh(image)
    image.refresh_from_db()
    second = {key for key in keys(s3) if key.startswith(renditions.folder(image, image.version))}
    assert second and not second & first


def test_an_upload_never_overwrites_another_photo(s3):
    first = default_storage.save("originals/2026/12/foto.jpg", ContentFile(b"pertama"))
    second = default_storage.save("originals/2026/12/foto.jpg", ContentFile(b"kedua"))
    assert first != second
    with default_storage.open(first) as handle:
        assert handle.read() == b"pertama"


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"WARTA_MEDIA_STORAGE": "s3"}, "WARTA_MEDIA_S3_BUCKET and WARTA_MEDIA_URL"),
        ({"WARTA_MEDIA_STORAGE": "ftp"}, "must be files or s3"),
    ],
)
def test_settings_that_cannot_work_are_refused_at_start(environment, message, tmp_path):
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path), **environment}
    done = subprocess.run(
        [sys.executable, "-m", "warta", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert message in done.stderr


def test_the_settings_for_a_bucket(tmp_path):
    env = {
        **os.environ,
        "WARTA_DATA_DIR": str(tmp_path),
        "WARTA_MEDIA_STORAGE": "s3",
        "WARTA_MEDIA_S3_BUCKET": "kabar-media",
        "WARTA_MEDIA_S3_ENDPOINT": "https://abc123.r2.cloudflarestorage.com",
        "WARTA_MEDIA_URL": "https://media.kabar.example.id/",
    }
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.STORAGES['default'], settings.MEDIA_URL, "
        "settings.WARTA_SERVE_MEDIA]))"
    )
    done = subprocess.run(
        [sys.executable, "-m", "warta", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    storage, media_url, serve = json.loads(done.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "kabar-media"
    assert options["endpoint_url"] == "https://abc123.r2.cloudflarestorage.com"
    assert options["custom_domain"] == "media.kabar.example.id"
    assert options["querystring_auth"] is False
    assert media_url == "https://media.kabar.example.id/"
    assert serve is False  # Warta does not serve what lives in the bucket
