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
