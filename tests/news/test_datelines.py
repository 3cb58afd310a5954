"""A dateline typed at the head of a text someone else wrote (a wire story, an old archive)
becomes the article's dateline, so the page does not open with two of them."""

import pytest

from warta.news.datelines import split_dateline


@pytest.mark.parametrize(
    ("body", "city", "rest"),
    [
        ("<p>JAKARTA - Harga cabai turun.</p>", "JAKARTA", "<p>Harga cabai turun.</p>"),
        ("<p>JAKARTA, KOMPAS.com – Harga naik.</p>", "JAKARTA", "<p>Harga naik.</p>"),
        ("<p>Jakarta (ANTARA) - Presiden tiba.</p>", "Jakarta", "<p>Presiden tiba.</p>"),
        ("<p><strong>KOTA BEKASI</strong> — Air surut.</p>", "KOTA BEKASI", "<p>Air surut.</p>"),
        ("<p><b>SEMARANG, Kabar Lama</b> - Hujan.</p>", "SEMARANG", "<p>Hujan.</p>"),
        ("<p>Warta - Warga menanam pohon.</p>", "", "<p>Warga menanam pohon.</p>"),
        ("<p>Warta.com - Warga menanam pohon.</p>", "", "<p>Warga menanam pohon.</p>"),
    ],
)
def test_a_typed_dateline_is_taken_off_the_text(body, city, rest):
    assert split_dateline(body) == (city, rest)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Harga cabai turun - kata pedagang.</p>",
        "<p>Jakarta - kota yang tak pernah tidur.</p>",  # a sentence, not a dateline
        "<p>KPK menahan dua tersangka.</p>",
        "<p>Harga cabai, kata pedagang - naik lagi.</p>",
        "<p>Menurut Pedagang, harga naik - kata mereka.</p>",
        "<h2>JAKARTA - Subjudul</h2><p>Isi.</p>",
        "<p>JAKARTA -</p>",  # nothing after it: left for the editor
        "",
    ],
)
def test_other_openings_are_left_alone(body):
    assert split_dateline(body) == ("", body)
