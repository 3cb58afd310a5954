import pytest

from warta.lib.text import join_names, truncate_words


@pytest.mark.parametrize(
    ("names", "byline"),
    [
        ([], ""),
        (["Rina Kusuma"], "Rina Kusuma"),
        (["Rina Kusuma", "Lestari Hadi"], "Rina Kusuma dan Lestari Hadi"),
        (["A", "B", "C"], "A, B, dan C"),
        (["A", "", "C"], "A dan C"),
    ],
)
def test_it_joins_bylines_as_indonesian_prose(names, byline):
    assert join_names(names) == byline


def test_it_truncates_at_a_word_boundary():
    assert truncate_words("Banjir melanda Jakarta sejak pagi hari", 20) == "Banjir melanda…"
    assert truncate_words("Pendek", 20) == "Pendek"
    assert len(truncate_words("kata " * 100, 50)) <= 50
