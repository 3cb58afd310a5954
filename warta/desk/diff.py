"""Comparing two revisions: every field, and the body word by word."""

import difflib
import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from warta.media.models import Image
from warta.news.models import Person, Section, Topic

LABELS = {
    "headline": _("Headline"),
    "slug": _("Slug"),
    "kicker": _("Kicker"),
    "summary": _("Summary"),
    "dateline_city": _("Dateline city"),
    "body": _("Body"),
    "section": _("Section"),
    "topic": _("Topic"),
    "hero_image": _("Hero photo"),
    "editor": _("Editor"),
    "writers": _("Writers"),
    "tags": _("Tags"),
    "seo_title": _("SEO title"),
    "seo_description": _("SEO description"),
}
BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote|figcaption|aside)>", re.I)
TAG = re.compile(r"<[^>]+>")


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str
    words: SafeString


def body_text(html: str) -> str:
    """The body as readable text, one paragraph a line: what a word diff compares."""
    return unescape(TAG.sub(" ", BLOCK_END.sub("\n", html or ""))).strip()


def _display(field: str, value: Any) -> str:
    if value in (None, "", []):
        return ""
    if field == "section":
        return str(Section.objects.filter(pk=value).first() or value)
    if field == "topic":
        return str(Topic.objects.filter(pk=value).first() or value)
    if field == "hero_image":
        return str(Image.objects.filter(pk=value).first() or value)
    if field == "editor":
        return str(Person.objects.filter(pk=value).first() or value)
    if field == "writers":
        names = dict(Person.objects.filter(pk__in=value).values_list("pk", "name"))
        return ", ".join(names.get(pk, str(pk)) for pk in value)
    if field == "tags":
        return ", ".join(value)
    if field == "body":
        return body_text(value)
    return str(value)


def word_diff(before: str, after: str) -> SafeString:
    """Words removed in <del>, added in <ins>; everything escaped."""
    old, new = re.findall(r"\S+|\n", before), re.findall(r"\S+|\n", after)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts).replace("\n", "<br>"))  # noqa: S308 - every word escaped above


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    changes = []
    for field, label in LABELS.items():
        old, new = before.get(field), after.get(field)
        if (old or None) == (new or None):
            continue
        old_text, new_text = _display(field, old), _display(field, new)
        changes.append(Change(field, str(label), old_text, new_text, word_diff(old_text, new_text)))
    return changes
