"""Search ranks guides in each app server's memory (guides/search_engine.py), not in SQL: the
covering index that ranked them goes. Deploy: migrate, then restart the app servers."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('guides', '0021_search_words'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='guide',
            name='guide_search_ranking',
        ),
    ]
