"""Uploads cost bounded memory, in the server (validation and the stored original) and in the
worker (renditions), whatever the file claims.

Cases tried: a 49-megapixel WebP of a few kilobytes (refused from its header), the largest
PNG accepted (24 megapixels), a 50-megapixel JPEG (decoded at half size), each measured as the
peak resident memory of a fresh process doing exactly what the server and the worker do.
"""

import json
import os
import subprocess
import sys
from io import BytesIO

import pytest
from PIL import Image as PILImage

BUDGET_MB = 300

MEASURE = r"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
import django
django.setup()
from django.conf import settings
from django.core.exceptions import ValidationError
from warta.media import renditions
from warta.media.models import Image
from warta.media.uploads import _encode
from warta.media.validation import open_upload

def high_water_mb():
    # VmHWM: this process's own peak (ru_maxrss would carry the parent's across exec).
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

path, step, media = sys.argv[1:4]
settings.MEDIA_ROOT = media
before = high_water_mb()
outcome = "stored"
with open(path, "rb") as handle:
    try:
        if step == "server":
            picture, info = open_upload(handle, name=os.path.basename(path))
            data = _encode(picture, info)
        else:
            image = Image(file=os.path.relpath(path, media), focal_x=0.5, focal_y=0.5, version=1)
            renditions.generate(image)
    except ValidationError as error:
        outcome = "refused: " + error.code
print(json.dumps({"before_mb": before, "peak_mb": high_water_mb(), "outcome": outcome}))
"""


def measure(path, step, media):
    env = {**os.environ, "WARTA_DATA_DIR": str(media.parent / "data")}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), step, str(media)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def write(path, size, fmt, **options):
    picture = PILImage.new("RGB", size, "#3a7bd5")
    buffer = BytesIO()
    picture.save(buffer, fmt, **options)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    return media, {
        "webp_49mp": write(media / "bom.webp", (7000, 7000), "WEBP", lossless=True),
        "png_24mp": write(media / "besar.png", (6000, 4000), "PNG"),
        "jpeg_50mp": write(media / "besar.jpg", (8000, 6250), "JPEG", quality=70),
    }


def test_a_49_megapixel_webp_is_refused_from_its_header_at_almost_no_cost(files):
    media, made = files
    result = measure(made["webp_49mp"], "server", media)
    assert result["outcome"] == "refused: too_many_pixels"
    assert result["peak_mb"] - result["before_mb"] < 20


@pytest.mark.parametrize("name", ["png_24mp", "jpeg_50mp"])
@pytest.mark.parametrize("step", ["server", "worker"])
def test_the_largest_accepted_photos_stay_within_the_memory_budget(files, name, step):
    media, made = files
    result = measure(made[name], step, media)
    assert result["outcome"] == "stored"
    assert result["peak_mb"] < BUDGET_MB, result
