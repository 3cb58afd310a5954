"""Dates as Indonesian newsrooms print them: "Sabtu, 26 April 2025 14:30 WIB".

Written by hand rather than through Django's locale formats, which give neither the WIB/WITA/WIT
suffix nor the newsroom's order of day, date and time.
"""

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
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
)
# Indonesia's three zones take their own abbreviation; elsewhere the UTC offset is clearer.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    return timezone.localtime(value, zone or timezone.get_current_timezone())


def zone_name(value: datetime) -> str:
    key = getattr(value.tzinfo, "key", "")
    if key in ZONE_NAMES:
        return ZONE_NAMES[key]
    offset = value.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def format_date(value: date | datetime, zone: tzinfo | None = None) -> str:
    """'Sabtu, 26 April 2025'."""
    local = _local(value, zone) if isinstance(value, datetime) else value
    return f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year}"


def format_datetime(value: datetime, zone: tzinfo | None = None) -> str:
    """'Sabtu, 26 April 2025 14:30 WIB'."""
    local = _local(value, zone)
    return f"{format_date(local, local.tzinfo)} {local:%H:%M} {zone_name(local)}"


def format_short(value: datetime, zone: tzinfo | None = None) -> str:
    """'26 Apr 2025 14:30' for dense lists."""
    local = _local(value, zone)
    return f"{local.day} {MONTHS[local.month - 1][:3]} {local.year} {local:%H:%M}"


def iso(value: datetime, zone: tzinfo | None = None) -> str:
    """ISO 8601 in the site's zone, to the second: '2025-04-26T14:30:00+07:00'."""
    return _local(value, zone).replace(microsecond=0).isoformat()


def jakarta() -> ZoneInfo:
    return ZoneInfo("Asia/Jakarta")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of a day and of the next one, in the site's zone (a newsroom's day is WIB's)."""
    start = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return start, start + timedelta(days=1)
