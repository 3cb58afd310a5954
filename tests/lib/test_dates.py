from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from warta.lib import dates

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_it_formats_the_newsroom_way():
    moment = datetime(2025, 4, 26, 14, 30, tzinfo=JAKARTA)
    assert dates.format_datetime(moment) == "Sabtu, 26 April 2025 14:30 WIB"


def test_it_converts_utc_to_wib():
    moment = datetime(2025, 4, 26, 7, 30, tzinfo=UTC)
    assert dates.format_datetime(moment) == "Sabtu, 26 April 2025 14:30 WIB"
    assert dates.iso(moment) == "2025-04-26T14:30:00+07:00"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (21, "Senin"),
        (22, "Selasa"),
        (23, "Rabu"),
        (24, "Kamis"),
        (25, "Jumat"),
        (26, "Sabtu"),
        (27, "Minggu"),
    ],
)
def test_it_names_every_day_of_the_week(day, name):
    assert (
        dates.format_date(datetime(2025, 4, day, 9, 0, tzinfo=JAKARTA))
        == f"{name}, {day} April 2025"
    )


@pytest.mark.parametrize(
    ("month", "name"),
    list(
        enumerate(
            [
                "Januari",
                "Februari",
                "Maret",
                "April",
                "Mei",
                "Juni",
                "Juli",
                "Agustus",
                "September",
                "Oktober",
                "November",
                "Desember",
            ],
            start=1,
        )
    ),
)
def test_it_names_every_month(month, name):
    assert f" 1 {name} 2026" in dates.format_date(datetime(2026, month, 1, 12, tzinfo=JAKARTA))


def test_it_names_the_other_indonesian_zones():
    moment = datetime(2025, 4, 26, 7, 30, tzinfo=UTC)
    assert dates.format_datetime(moment, ZoneInfo("Asia/Makassar")).endswith("15:30 WITA")
    assert dates.format_datetime(moment, ZoneInfo("Asia/Jayapura")).endswith("16:30 WIT")
    assert dates.format_datetime(moment, ZoneInfo("Europe/Amsterdam")).endswith("09:30 UTC+02:00")


def test_midnight_belongs_to_the_new_day_in_jakarta():
    moment = datetime(2025, 12, 31, 17, 5, tzinfo=UTC)
    assert dates.format_datetime(moment) == "Kamis, 1 Januari 2026 00:05 WIB"


def test_short_form_for_lists():
    assert dates.format_short(datetime(2025, 8, 17, 10, 0, tzinfo=JAKARTA)) == "17 Agu 2025 10:00"


@pytest.mark.django_db
def test_updated_is_shown_only_a_minute_or_more_after_publication():
    from warta.test import make_article

    article = make_article()
    article.updated_at = article.published_at + timedelta(seconds=30)
    assert article.was_updated is False
    article.updated_at = article.published_at + timedelta(minutes=5)
    assert article.was_updated is True
