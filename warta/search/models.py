"""What the search index keeps besides the backend's own full-text tables.

The text itself lives where each database searches it best: an FTS5 table on SQLite, tsvector
columns with a GIN index on PostgreSQL (see backends.py; migration 0001 creates them).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from warta.news.models import Article


class Document(models.Model):
    """One indexed article, whatever its status; readers' queries filter on the article's."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    # Whether its terms are in Term's counts (and its words in Word): published articles only,
    # so that nothing about a draft reaches a reader, not even a spelling suggestion.
    counted = models.BooleanField(default=False)
    indexed_at = models.DateTimeField()
    # What ranking reads (query.py), as terms separated by spaces; "·" breaks a field where
    # no phrase may cross.
    headline = models.TextField(default="")
    summary = models.TextField(default="")
    keywords = models.TextField(default="")

    def __str__(self) -> str:
        return f"search document {self.article_id}"


# The Term whose documents are all the published articles: the total that term weights are
# taken against, kept with the stems' counts so a search reads it with them.
EVERY_ARTICLE = ""


class Term(models.Model):
    """A stem and the number of published articles that contain it (for its weight)."""

    text = models.CharField(max_length=64, primary_key=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.text} ({self.documents})"


class Word(models.Model):
    """A word as published articles spell it: what "Mungkin maksud Anda" may suggest."""

    text = models.CharField(max_length=64, primary_key=True)
    stem = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.text


class Synonym(models.Model):
    """Words readers use for the same thing: an abbreviation and its expansion, or a region
    and its places. "Korut" finds "Korea Utara"; when both_ways, "Korea Utara" finds "Korut".
    """

    term = models.CharField(
        pgettext_lazy("synonym", "term"),
        max_length=100,
        help_text=_("What a reader may type, e.g. Korut."),
    )
    means = models.CharField(
        pgettext_lazy("synonym", "means"),
        max_length=500,
        help_text=_("One or more equivalents, separated by commas, e.g. Korea Utara."),
    )
    both_ways = models.BooleanField(
        _("both ways"),
        default=True,
        help_text=_(
            "Searching for an equivalent also finds the term. Turn off for a region and its "
            "places: Jabodetabek finds Bekasi, but Bekasi should not find all of Jabodetabek."
        ),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} = {self.means}"

    @property
    def equivalents(self) -> list[str]:
        return [part.strip() for part in self.means.split(",") if part.strip()]
