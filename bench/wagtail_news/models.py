"""The page types of a Wagtail news site."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.snippets.models import register_snippet


@register_snippet
class Person(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField()

    def __str__(self) -> str:
        return self.name


class HomePage(Page):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        newest = ArticlePage.objects.live().select_related("hero_image").order_by("-date")
        sections = SectionPage.objects.live().child_of(self)
        context["headlines"] = list(newest[:7])
        context["blocks"] = [(s, list(newest.child_of(s)[:4])) for s in sections]
        return context


class SectionPage(Page):
    pass


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("ArticlePage", related_name="tagged_items")


class ArticlePage(Page):
    warta_pk = models.IntegerField(db_index=True)
    date = models.DateTimeField()
    summary = models.TextField(blank=True)
    dateline_city = models.CharField(max_length=80, blank=True)
    body = RichTextField()
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.TextField(blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    writers = ParentalManyToManyField(Person, blank=True, related_name="+")
    editor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = list(
            ArticlePage.objects.live()
            .sibling_of(self, inclusive=False)
            .select_related("hero_image")
            .order_by("-date")[:6]
        )
        return context
