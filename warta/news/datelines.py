"""Datelines typed into someone else's text.

Warta writes the dateline itself ("JAKARTA, Warta - ", from the article's city and the site's
name), so a text that arrives with its own (wire copy: "Jakarta (ANTARA) - "; an old archive:
"SEMARANG, Kabar Lama - ") would open with two. The importers hand such a text here: a
dateline at the head of its first paragraph becomes the article's city and leaves the text.
"""

from __future__ import annotations

import re

from django.conf import settings

# The head of the first paragraph up to a dash, possibly in bold; the news must follow it.
_OPENING = re.compile(
    r"^\s*<p>\s*(?:<(?:strong|b)>\s*)?(?P<head>[^<>\-–—]{2,70}?)\s*(?:</(?:strong|b)>\s*)?"
    r"[-–—]\s+(?:</(?:strong|b)>\s*)?(?=[^\s<])",
    re.I,
)
# A city's words each begin with a capital: "Jakarta", "Kota Bekasi", "TANJUNG PINANG".
_CITY = r"[A-Z][A-Za-z.']*(?: [A-Z][A-Za-z.']*){0,3}"
# A city alone counts only in capitals, as datelines are set: "Jakarta - " may be a sentence.
_CAPITAL_CITY = re.compile(r"[A-Z][A-Z.' ]{1,40}")
# A city with the agency or outlet that wrote it: "Jakarta (ANTARA)", "JAKARTA, KOMPAS.com".
_CITY_AND_SOURCE = re.compile(rf"(?P<city>{_CITY})\s*(?:\([^()]{{2,30}}\)|,\s*[A-Z][^,()]{{1,40}})")
_DOMAIN = re.compile(r"\.(?:com|co\.id|id|net|org)$", re.I)


def split_dateline(body: str) -> tuple[str, str]:
    """(the city, the body without its dateline); ("", body) when it opens otherwise. A
    dateline of the site's name alone ("Warta - ") is taken off with no city."""
    found = _OPENING.match(body)
    if found is None:
        return "", body
    head = found.group("head").strip()
    rest = "<p>" + body[found.end() :]
    if _DOMAIN.sub("", head).casefold() == settings.SITE_NAME.casefold():
        return "", rest
    if _CAPITAL_CITY.fullmatch(head):
        return head, rest
    source = _CITY_AND_SOURCE.fullmatch(head)
    if source is not None:
        return source.group("city").strip(), rest
    return "", body
