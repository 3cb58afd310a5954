"""WordPress exports written for the tests and the bench: original Indonesian text, any size.

Real exports (../shared/data/wxr/) show what WordPress writes; these add what they lack: an
Indonesian newsroom's categories, photos whose files the test can serve, hostile files, and
exports of ten thousand posts.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
<title>Kabar Lama</title>
<link>https://kabarlama.example</link>
<wp:wxr_version>1.1</wp:wxr_version>
<wp:base_blog_url>https://kabarlama.example</wp:base_blog_url>
<wp:author><wp:author_login>sari</wp:author_login><wp:author_email>sari@kabarlama.example</wp:author_email>
<wp:author_display_name><![CDATA[Sari Wulandari]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>nasional</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Nasional]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>pemilu</wp:category_nicename>
<wp:category_parent>nasional</wp:category_parent><wp:cat_name><![CDATA[Pemilu]]></wp:cat_name></wp:category>
"""
TAIL = "</channel>\n</rss>\n"


def jpeg(width: int = 64, height: int = 48, color: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", quality=80)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    return out.getvalue()


def attachment(number: int, url: str, *, caption: str = "", alt: str = "", credit: str = "") -> str:
    meta = f's:6:"credit";s:{len(credit)}:"{credit}";' if credit else ""
    return f"""<item><title>foto-{number}</title>
<link>https://kabarlama.example/?attachment_id={number}</link>
<dc:creator>sari</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date>2024-03-01 08:00:00</wp:post_date>
<wp:post_date_gmt>2024-03-01 01:00:00</wp:post_date_gmt><wp:post_name>foto-{number}</wp:post_name>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{escape(url)}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[a:1:{{s:10:"image_meta";a:1:{{{meta}}}}}]]></wp:meta_value></wp:postmeta>
</item>
"""


def post(
    number: int,
    *,
    title: str = "",
    content: str = "",
    status: str = "publish",
    date_gmt: str = "2024-03-02 03:00:00",
    slug: str = "",
    thumbnail: int | None = None,
    categories: tuple[str, ...] = ("pemilu",),
    tags: tuple[str, ...] = ("Pemilu 2024",),
    excerpt: str = "",
    password: str = "",
    kind: str = "post",
    meta: dict[str, str] | None = None,
) -> str:
    title = title or f"Warga Desa Sukamaju Menanam Seribu Pohon, Hari ke-{number}"
    content = content or (
        f"Warta - Warga Desa Sukamaju kembali menanam pohon pada hari ke-{number}.\n\n"
        "Kepala desa mengatakan kegiatan ini akan berlanjut sampai musim hujan berakhir."
    )
    slug = slug or f"warga-menanam-pohon-{number}"
    terms = "".join(
        f'<category domain="category" nicename="{c}"><![CDATA[{c.title()}]]></category>'
        for c in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{t.lower().replace(" ", "-")}"><![CDATA[{t}]]></category>'
        for t in tags
    )
    thumb = (
        f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{thumbnail}"
        "</wp:meta_value></wp:postmeta>"
        if thumbnail
        else ""
    )
    thumb += "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]>"
        "</wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""<item><title>{escape(title)}</title>
<link>https://kabarlama.example/2024/03/{slug}/</link>
<dc:creator>sari</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date>2024-03-02 10:00:00</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type>{terms}{thumb}
<wp:post_password>{escape(password)}</wp:post_password>
</item>
"""


def write_export(path: Path, items: list[str] | None = None, *, head: str = HEAD) -> Path:
    path.write_text(head + "".join(items or []) + TAIL, encoding="utf-8")
    return path


def write_large_export(path: Path, posts: int, *, photos: bool = True) -> Path:
    """`posts` posts, every tenth with a photo of its own, written as a stream."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, posts + 1):
            photo = 1_000_000 + number if photos and number % 10 == 0 else None
            if photo:
                out.write(
                    attachment(
                        photo,
                        f"https://kabarlama.example/wp-content/uploads/2024/03/foto-{photo}.jpg",
                        caption=f"Penanaman pohon hari ke-{number}",
                        credit="Dok. Kabar Lama",
                    )
                )
            body = "\n\n".join(
                f"Paragraf ke-{p} tentang penanaman pohon di desa pada hari ke-{number}."
                for p in range(8)
            )
            out.write(post(number, content=body, thumbnail=photo))
        out.write(TAIL)
    return path


def media_folder(root: Path, photo_numbers: list[int]) -> Path:
    folder = root / "uploads"
    (folder / "2024" / "03").mkdir(parents=True, exist_ok=True)
    data = jpeg()
    for number in photo_numbers:
        (folder / "2024" / "03" / f"foto-{number}.jpg").write_bytes(data)
    return folder
