import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from warta.media.renditions import crop_box, target_widths
from warta.test import make_image

pytestmark = pytest.mark.django_db


def test_crop_box_keeps_the_aspect_and_stays_inside():
    assert crop_box((1600, 900), (1, 1), (0.5, 0.5)) == (350, 0, 1250, 900)
    assert crop_box((1600, 900), (16, 9), (0.1, 0.9)) == (0, 0, 1600, 900)
    assert crop_box((1000, 1000), (16, 9), (0.5, 0.5)) == (0, 219, 1000, 781)


def test_crop_box_follows_the_focal_point_to_the_edge():
    assert crop_box((1600, 900), (1, 1), (0.0, 0.5)) == (0, 0, 900, 900)
    assert crop_box((1600, 900), (1, 1), (0.95, 0.5)) == (700, 0, 1600, 900)
    left, top, right, bottom = crop_box((1600, 900), (4, 5), (0.25, 0.5))
    assert (right - left, bottom - top) == (720, 900) and left == 40


def test_no_upscaling():
    assert target_widths(1000, (480, 800, 1200, 1600)) == [480, 800]
    assert target_widths(300, (480, 800)) == [300]


def test_renditions_are_written_in_webp_and_jpeg_at_their_sizes():
    image = make_image(size=(1600, 900))
    assert image.renditions["16x9"] == [480, 800, 1200, 1600]
    assert image.renditions["og"] == [1200]
    for width in image.renditions["16x9"]:
        for fmt, pil_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            with default_storage.open(f"renditions/{image.pk}/v1/16x9-{width}.{fmt}") as handle:
                with PILImage.open(handle) as picture:
                    assert picture.format == pil_format
                    assert picture.size == (width, round(width * 9 / 16))
    with default_storage.open(f"renditions/{image.pk}/v1/og-1200.jpg") as handle:
        assert PILImage.open(handle).size == (1200, 630)


def test_the_focal_point_decides_the_crop():
    image = make_image(size=(1600, 900), focal=(0.0, 0.5))
    with default_storage.open(f"renditions/{image.pk}/v1/1x1-320.jpg") as handle:
        left_crop = PILImage.open(handle).convert("RGB")
    # make_image draws a yellow disc at x 533-800 of 1600: the left square (0-900) holds it.
    assert any(
        left_crop.getpixel((x, 120))[0] > 200 and left_crop.getpixel((x, 120))[2] < 80
        for x in range(190, 280)
    )


def test_rendition_set_builds_srcsets_without_queries(django_assert_num_queries):
    image = make_image(size=(1600, 900))
    with django_assert_num_queries(0):
        renditions = image.rendition_set("16x9")
        assert renditions.srcset("webp").endswith("16x9-1600.webp 1600w")
        assert renditions.at_least(700).width == 800
    assert image.rendition_set("missing") is None
