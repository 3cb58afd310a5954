"""A reader's visit in a real browser: home, into an article, its photo, sharing it, the read count.

Each test builds a small newsroom with the shared factories and reads it through the live server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from warta.news.models import Article
from warta.test import make_article, make_image, make_person, make_section

pytestmark = pytest.mark.browser

CAPTION = "Tentara berlatih di lapangan"
CREDIT = "KCNA"
# Link name -> (where it must go, the query parameter that must carry the article's address).
SHARE_LINKS = {
    "WhatsApp": ("https://wa.me/", "text"),
    "Facebook": ("https://www.facebook.com/sharer/sharer.php", "u"),
    "X": ("https://twitter.com/intent/tweet", "url"),
    "Telegram": ("https://t.me/share/url", "url"),
    "LINE": ("https://social-plugins.line.me/lineit/share", "url"),
    "Surel": ("mailto:", "body"),
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@dataclass
class Newsroom:
    headline: Article
    others: list[Article]


@pytest.fixture
def newsroom(transactional_db, site_url) -> Newsroom:
    internasional = make_section("Internasional", parent=None, order=1)
    nasional = make_section("Nasional", order=2)
    editor = make_person("Dewi Lestari", roles=["editor"])

    def photo():
        return make_image(caption=CAPTION, credit=CREDIT)

    headline = make_article(
        "Korea Utara gelar latihan militer besar di dekat perbatasan",
        section=internasional,
        image=photo(),
        tags=["Korea Utara", "Militer"],
        editor=editor,
        city="Seoul",
        is_headline=True,
        headline_position=1,
    )
    others = [
        make_article(
            "Korea Selatan dan Jepang bahas keamanan kawasan",
            section=internasional,
            image=photo(),
            tags=["Korea Utara", "Diplomasi"],
        ),
        make_article(
            "PBB serukan dialog untuk meredakan ketegangan di Semenanjung Korea",
            section=internasional,
            image=photo(),
            tags=["Diplomasi"],
        ),
        make_article(
            "TNI gelar latihan gabungan di Natuna",
            section=nasional,
            image=photo(),
            tags=["Militer"],
        ),
        make_article(
            "Pemerintah tambah anggaran pendidikan tahun depan",
            section=nasional,
            image=photo(),
            tags=["Pendidikan"],
        ),
    ]
    return Newsroom(headline=headline, others=others)


def is_beacon(request: Request) -> bool:
    return urlsplit(request.url).path.startswith("/hit/")


def open_headline(page: Page, story: Article) -> None:
    """From the home page, click the headline as a reader would."""
    page.goto("/")
    lead = page.get_by_role("region", name="Berita Utama")
    lead.get_by_role("link", name=story.headline, exact=True).click()


def check_share_links(page: Page, canonical: str) -> None:
    encoded = quote(canonical, safe="")
    share = page.get_by_role("group", name="Bagikan")
    for name, (target, parameter) in SHARE_LINKS.items():
        link = share.get_by_role("link", name=name, exact=True)
        href = link.get_attribute("href") or ""
        assert href.startswith(target), f"{name} goes to {href}"
        assert encoded in href, f"{name} does not carry {encoded}: {href}"
        carried = parse_qs(urlsplit(href).query)[parameter][0]
        assert carried.endswith(canonical), f"{name}'s {parameter}= is {carried!r}"


def show_everything(page: Page) -> None:
    """Scroll to the bottom and back, so lazy images load, and wait until they have."""
    page.evaluate(
        """async () => {
            const step = Math.max(200, window.innerHeight / 2);
            for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
                window.scrollTo(0, y);
                await new Promise((done) => requestAnimationFrame(done));
            }
            window.scrollTo(0, document.documentElement.scrollHeight);
        }"""
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every((image) => image.complete)")
    page.evaluate("window.scrollTo(0, 0)")


def broken_images(page: Page) -> list[str]:
    return page.evaluate(
        """Array.from(document.images)
            .filter((image) => !image.naturalWidth)
            .map((image) => image.currentSrc || image.src)"""
    )


def wider_than_screen(page: Page) -> list[str]:
    """Elements that push the page past the right edge of the viewport.

    Whatever sits in a box that scrolls or clips sideways (the section bar) is that box's
    business: the box itself is checked instead.
    """
    return page.evaluate(
        """(() => {
            const edge = document.documentElement.clientWidth;
            const contained = (element) => {
                for (let box = element.parentElement; box && box !== document.body;
                     box = box.parentElement) {
                    if (getComputedStyle(box).overflowX !== "visible") return true;
                }
                return false;
            };
            const describe = (element) => element.tagName.toLowerCase()
                + (element.className ? "." + element.className : "")
                + " right=" + Math.round(element.getBoundingClientRect().right);
            const found = Array.from(document.querySelectorAll("body *"))
                .filter((element) => element.getBoundingClientRect().right > edge + 1)
                .filter((element) => !contained(element))
                .map(describe);
            const width = document.documentElement.scrollWidth;
            return width > edge ? [`page scrolls sideways to ${width}px`, ...found] : found;
        })()"""
    )


def test_reader_opens_shares_and_copies_an_article(newsroom, new_context, site_url, browser_errors):
    story = newsroom.headline
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()

    with page.expect_request(is_beacon) as beacon_sent:
        open_headline(page, story)
    expect(page).to_have_url(f"{site_url}{story.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)

    beacon = beacon_sent.value
    assert beacon.method == "POST"
    assert urlsplit(beacon.url).path == f"/hit/{story.pk}/"
    answer = beacon.response()
    assert answer is not None, "the read-count beacon got no answer"
    assert answer.status == 204

    figure = page.get_by_role("figure")
    expect(figure).to_contain_text(CAPTION)
    expect(figure).to_contain_text(f"(sumber: {CREDIT})")
    expect(figure.get_by_role("img")).to_be_visible()
    assert figure.get_by_role("img").evaluate("(image) => image.naturalWidth") > 0

    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{site_url}{story.get_absolute_url()}"
    check_share_links(page, canonical)

    share = page.get_by_role("group", name="Bagikan")
    share.get_by_role("button", name="Salin tautan").click()
    expect(share.get_by_role("status")).to_have_text("Tautan disalin")
    assert page.evaluate("navigator.clipboard.readText()") == canonical

    assert browser_errors == []


def test_article_works_without_javascript(newsroom, new_context, site_url, browser_errors):
    story = newsroom.headline
    page = new_context(java_script_enabled=False).new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    open_headline(page, story)
    expect(page).to_have_url(f"{site_url}{story.get_absolute_url()}")

    expect(page.get_by_role("figure")).to_contain_text(f"{CAPTION} (sumber: {CREDIT})")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    check_share_links(page, canonical)

    assert [url for url in requested if urlsplit(url).path.startswith("/hit/")] == []
    assert browser_errors == []


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_share_buttons_that_cannot_work_stay_hidden(newsroom, new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(newsroom.headline.get_absolute_url())
    if javascript:
        unusable = [] if page.evaluate("'share' in navigator") else ["Bagikan…"]
    else:
        unusable = ["Salin tautan", "Bagikan…"]
    for name in unusable:
        button = page.get_by_role("button", name=name, include_hidden=True)
        expect(button).to_have_count(1)
        expect(button).to_be_hidden(timeout=1000)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390", "1280"])
def test_screenshots(newsroom, new_context, browser_errors, artifacts: Path, device):
    width = device["viewport"]["width"]
    page = new_context(**device).new_page()
    problems: list[str] = []
    for name, path in (("home", "/"), ("article", newsroom.headline.get_absolute_url())):
        page.goto(path)
        show_everything(page)
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
        problems += [f"{name}: broken image {src}" for src in broken_images(page)]
        problems += [f"{name}: wider than {width}px: {item}" for item in wider_than_screen(page)]
    assert problems == []
    assert browser_errors == []


def narrow_texts(page: Page) -> list[str]:
    """Cards without a photo whose text keeps to the photo's column, leaving most of the row
    empty: each card's text should take the width of its list."""
    return page.evaluate(
        """Array.from(document.querySelectorAll(".list > .card"))
            .filter((card) => !card.querySelector(".card-img"))
            .filter((card) => card.querySelector(".card-text").getBoundingClientRect().width
                < 0.9 * card.parentElement.getBoundingClientRect().width)
            .map((card) => card.querySelector("h3").textContent.trim())"""
    )


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390", "1280"])
def test_lists_and_search_read_across_the_page(newsroom, new_context, browser_errors, device):
    """A story without a photo in a section list, and every search result (which shows no
    photo), reads across the whole list; the search box is the form's widest field."""
    plain = make_article(
        "Rapat koordinasi penanganan banjir digelar di balai kota",
        section=newsroom.others[2].section,
        tags=["Pendidikan"],
    )
    page = new_context(**device).new_page()
    for path in (plain.section.get_absolute_url(), "/cari/?q=latihan"):
        page.goto(path)
        assert page.locator(".list > .card").count() > 1, path
        assert narrow_texts(page) == [], path
    form = page.get_by_role("search").filter(has=page.locator("select"))
    box = form.get_by_role("searchbox").bounding_box()
    whole = form.bounding_box()
    assert box and whole and box["width"] >= 0.6 * whole["width"], (box, whole)
    assert browser_errors == []
