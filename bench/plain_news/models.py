"""Warta's tables as a plain app would map them (unmanaged: Warta's migrations made them)."""

from django.db import models


class Section(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField()
    parent = models.ForeignKey("self", null=True, on_delete=models.DO_NOTHING)
    order = models.IntegerField()

    class Meta:
        managed = False
        db_table = "news_section"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField()

    class Meta:
        managed = False
        db_table = "news_person"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField()

    class Meta:
        managed = False
        db_table = "news_tag"

    def __str__(self) -> str:
        return self.name


class Image(models.Model):
    file = models.CharField(max_length=255)
    width = models.IntegerField()
    height = models.IntegerField()
    caption = models.TextField()
    credit = models.CharField(max_length=200)
    alt_text = models.CharField(max_length=300)

    class Meta:
        managed = False
        db_table = "media_image"

    def __str__(self) -> str:
        return self.caption


class Article(models.Model):
    headline = models.CharField(max_length=200)
    slug = models.SlugField()
    summary = models.TextField()
    dateline_city = models.CharField(max_length=80)
    body = models.TextField()
    status = models.CharField(max_length=20)
    published_at = models.DateTimeField(null=True)
    section = models.ForeignKey(Section, on_delete=models.DO_NOTHING)
    hero_image = models.ForeignKey(Image, null=True, on_delete=models.DO_NOTHING)
    editor = models.ForeignKey(Person, null=True, on_delete=models.DO_NOTHING, related_name="+")
    writers = models.ManyToManyField(Person, through="ArticleWriter", related_name="+")
    tags = models.ManyToManyField(Tag, db_table="news_article_tags")

    class Meta:
        managed = False
        db_table = "news_article"

    def __str__(self) -> str:
        return self.headline


class ArticleWriter(models.Model):
    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING)
    person = models.ForeignKey(Person, on_delete=models.DO_NOTHING)
    position = models.IntegerField()

    class Meta:
        managed = False
        db_table = "news_articlewriter"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.article_id}"
