"""The editor's body into the stored body: a quote's last line, after a dash, is its
attribution, however the writer typed the dash."""

import pytest

from warta.desk.body import from_editor, to_editor

STORED = (
    '<figure class="kutipan"><blockquote><p>Kami akan membangun kembali pasar ini.</p>'
    "</blockquote><figcaption>Wali Kota Sari</figcaption></figure>"
)


@pytest.mark.parametrize(
    "dash", ["— ", "—", "– ", "–", "- ", "-", "-- ", "--", "―", "—&nbsp;", "-\u00a0"]
)
def test_every_dash_a_writer_types_makes_the_attribution(dash):
    typed = f"<blockquote><p>Kami akan membangun kembali pasar ini.</p><p>{dash}Wali Kota Sari</p></blockquote>"
    assert from_editor(typed) == STORED


def test_a_quote_without_a_dash_line_stays_a_plain_quote():
    typed = "<blockquote><p>Satu.</p><p>Dua - tiga.</p></blockquote>"
    assert from_editor(typed) == typed


def test_the_round_trip_is_lossless():
    assert from_editor(to_editor(STORED)) == STORED


def test_a_hyphen_the_editor_turned_into_a_bullet_is_still_the_attribution():
    """Typing "- " starts a bullet list in the rich-text editor (found by the browser test):
    a quote ending in a one-item list is a quote ending in its attribution."""
    typed = (
        "<blockquote><p>Kami akan membangun kembali pasar ini.</p>"
        "<ul><li><p>Wali Kota Sari</p></li></ul></blockquote>"
    )
    assert from_editor(typed) == STORED


def test_a_real_list_inside_a_quote_stays_a_list():
    typed = (
        "<blockquote><p>Tuntutan:</p><ul><li><p>Satu</p></li><li><p>Dua</p></li></ul></blockquote>"
    )
    assert from_editor(typed) == typed
