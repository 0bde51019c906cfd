"""Documents say how their terms were made, so that older ones can be rebuilt in the background.

The column is nullable (None: made before versions were kept) so that SQLite adds
it in place: a NOT NULL column with a default would make Django rebuild the
table, and with it drop the triggers that keep the full-text index in step.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="version",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["version"], name="search_document_version"),
        ),
    ]
