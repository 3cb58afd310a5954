"""URL slugs, and the first path segments that sections may never take."""

from collections.abc import Callable

from django.utils.text import slugify

# Each of these is a URL of its own (see DESIGN.md's reader URLs); a section with one of these
# slugs would hide it, or be hidden by it.
RESERVED_SEGMENTS = frozenset(
    {
        "admin",
        "api",
        "beranda",
        "cari",
        "desk",
        "favicon.ico",
        "feed",
        "feed.json",
        "halaman",
        "hit",
        "indeks",
        "koreksi",
        "langsung",
        "media",
        "penulis",
        "pratinjau",
        "robots.txt",
        "sitemap",
        "sitemap.xml",
        "sitemap-news.xml",
        "static",
        "tag",
        "topik",
    }
)


def is_reserved(slug: str) -> bool:
    return slug.lower() in RESERVED_SEGMENTS or slug.lower().startswith("sitemap")


def make_slug(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug, cut at a word boundary."""
    slug = slugify(text)[:max_length].strip("-")
    if len(slugify(text)) > max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug or "berita"


def free_slug(text: str, taken: Callable[[str], bool], max_length: int = 80) -> str:
    """make_slug(text), with -2, -3, ... appended until `taken` says it is free."""
    base = make_slug(text, max_length - 4)
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug
