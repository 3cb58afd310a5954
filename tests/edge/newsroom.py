"""What the edge tests do inside Warta, run by `warta shell` in the served site's environment:
another process changes the news, as `warta worker` or a second app server would."""

from __future__ import annotations

import json
import sys
import time

from warta.news import actions, revisions
from warta.news.models import Article, Correction
from warta.public import edge
from warta.test import make_article, make_image, make_person, make_section


def _say(data: dict) -> None:
    """The last line of output is what the test reads."""
    sys.stdout.write(json.dumps(data) + "\n")


def setup(paragraphs: int = 2) -> None:
    """A small newsroom: one section, one writer, five stories on one tag with a photo, each
    of `paragraphs` paragraphs (the bench asks for an article page of a usual size)."""
    section = make_section("Nasional")
    writer = make_person("Dewi Lestari")
    image = make_image()
    body = "".join(
        f"<p>Paragraf {n}: air laut kembali naik ke permukiman warga di pesisir utara pada pagi "
        "hari, dan petugas gabungan menyiapkan pompa serta tanggul karung pasir di tiga "
        "kelurahan yang paling rendah letaknya.</p>"
        for n in range(1, paragraphs + 1)
    )
    stories = [
        make_article(
            f"Banjir rob merendam pesisir utara, hari ke-{n}",
            section=section,
            writers=[writer],
            tags=["Banjir Rob"],
            image=image,
            body=body,
        )
        for n in range(1, 6)
    ]
    _say({"articles": [story.get_absolute_url() for story in stories]})


def publish(headline: str) -> None:
    """A new story on the same tag, by the same writer; prints when it was committed."""
    section = make_section("Nasional")  # the existing one
    writer = make_person("Dewi Lestari")
    story = make_article(headline, section=section, writers=[writer], tags=["Banjir Rob"])
    committed = time.time()
    edge.wait()
    _say({"url": story.get_absolute_url(), "committed": committed})


def correct(url: str, headline: str) -> None:
    """A corrected headline on the story at `url`; prints when it was committed."""
    story = Article.objects.get(pk=int(url.strip("/").split("/")[1]))
    data = {**revisions.snapshot(story), "headline": headline}
    actions.correct_article(
        story, by=None, kind=Correction.Kind.RALAT, text="Judul diperbaiki.", data=data
    )
    committed = time.time()
    edge.wait()
    _say({"committed": committed})


def take_down(url: str) -> None:
    """Take the story at `url` down; prints when it was committed."""
    story = Article.objects.get(pk=int(url.strip("/").split("/")[1]))
    actions.take_down_article(
        story, by=None, reason="sara", text="Diturunkan karena memuat unsur SARA."
    )
    committed = time.time()
    edge.wait()
    _say({"committed": committed})
