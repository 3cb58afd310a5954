from django.db import migrations


class Migration(migrations.Migration):
    """Berita Terkait reads the newest articles of a tag: index the tag table in that order."""

    dependencies = [("news", "0003_desk")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX news_article_tags_tag_article ON news_article_tags (tag_id, article_id)",
            "DROP INDEX news_article_tags_tag_article",
        ),
    ]
