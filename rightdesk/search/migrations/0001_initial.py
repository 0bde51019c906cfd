"""The search index moves to an app of its own; its table and indexes stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("core", "0001_initial"),
        ("customers", "0001_initial"),
        ("conversations", "0003_search_by_workspace"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("terms", models.TextField()),
                        ("conversation", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="conversations.conversation")),
                        ("customer", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="customers.customer")),
                        ("workspace", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.workspace")),
                    ],
                    options={"db_table": "conversations_searchdocument"},
                ),
            ],
            database_operations=[],
        ),
    ]
