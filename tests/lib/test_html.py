import pytest

from warta.lib.html import clean_html, clean_text


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">klik</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">klik</a>',
        '<iframe src="https://example.com"></iframe>',
        '<p style="background:url(javascript:alert(1))">teks</p>',
        '<svg onload="alert(1)"></svg>',
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        '<p onclick="alert(1)">teks</p>',
        "<object data='x.swf'></object>",
        '<form action="https://evil.example"><input name="x"></form>',
        "<style>body{display:none}</style>",
    ],
)
def test_it_makes_dangerous_markup_inert(payload):
    cleaned = clean_html(payload).lower()
    for marker in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "data:",
        "<iframe",
        "style=",
        "<svg",
        "<form",
        "<object",
        "<style",
    ):
        assert marker not in cleaned


def test_it_keeps_the_newsroom_markup():
    body = (
        '<p>Teks <strong>tebal</strong> dan <em>miring</em> <a href="https://warta.example/x">tautan</a>.</p>'
        "<h2>Subjudul</h2><ul><li>butir</li></ul>"
        '<figure class="kutipan"><blockquote><p>"Kutipan"</p></blockquote><figcaption>Narasumber</figcaption></figure>'
        '<aside class="baca-juga"><strong>Baca Juga:</strong> <a href="/nasional/1/x/">Judul</a></aside>'
    )
    cleaned = clean_html(body)
    for kept in (
        "<strong>tebal</strong>",
        "<em>miring</em>",
        "<h2>Subjudul</h2>",
        '<figure class="kutipan">',
        '<aside class="baca-juga">',
        "<figcaption>Narasumber</figcaption>",
    ):
        assert kept in cleaned


def test_it_drops_unknown_classes_but_keeps_known_ones():
    assert clean_html('<figure class="kutipan jahat"><blockquote>x</blockquote></figure>') == (
        '<figure class="kutipan"><blockquote>x</blockquote></figure>'
    )


def test_links_get_noopener():
    assert 'rel="noopener"' in clean_html('<a href="https://example.com">x</a>')


def test_plain_text_keeps_characters_and_drops_tags():
    assert clean_text("Harga <b>naik</b> 5% & <script>x</script>turun") == "Harga naik 5% & turun"
    assert clean_text("a < b") == "a < b"
