"""Each tag's and person's newest publication on its own row (news.listing_dates), found once
here from the articles; news.actions keeps it from then on."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def _newest(links, owner):
    published = links.objects.filter(**{owner: OuterRef("pk")}, article__status="published")
    return Subquery(
        published.order_by()
        .values(owner)
        .annotate(newest=Max("article__published_at"))
        .values("newest")
    )


def fill(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    ArticleWriter = apps.get_model("news", "ArticleWriter")
    Tag = apps.get_model("news", "Tag")
    Person = apps.get_model("news", "Person")
    Tag.objects.update(last_published_at=_newest(Article.tags.through, "tag"))
    Person.objects.update(last_published_at=_newest(ArticleWriter, "person"))


class Migration(migrations.Migration):
    dependencies = [("news", "0016_byline_person_index")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="last_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="tag",
            name="last_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
