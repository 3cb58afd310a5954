"""The number of published articles, kept as the empty term's count (models.EVERY_ARTICLE).

Term weights are taken against it; counting the published articles after every change of the
news cost 19 ms at 100,000 articles on PostgreSQL (bench/page_render.py), and the index
already knows it: the documents it counts.
"""

from django.db import migrations

EVERY_ARTICLE = ""  # models.EVERY_ARTICLE, as it is when this migration was written


def count(apps, schema_editor):
    Document = apps.get_model("search", "Document")
    Term = apps.get_model("search", "Term")
    Term.objects.update_or_create(
        text=EVERY_ARTICLE, defaults={"documents": Document.objects.filter(counted=True).count()}
    )


def forget(apps, schema_editor):
    apps.get_model("search", "Term").objects.filter(text=EVERY_ARTICLE).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_article_dates")]

    operations = [migrations.RunPython(count, forget)]
