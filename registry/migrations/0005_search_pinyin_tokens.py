"""Rebuild the search entries: the token stream now also holds pinyin syllables, syllable bigrams and initials
2/3-grams (registry.search.tokens_for), so pinyin and initials match inside a name. The FTS5 table (SQLite) and
the GIN tsvector (PostgreSQL) of migration 0003 index them as they are; only their content changes.

The entries are derived data, so this uses the current index builder rather than historical models."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from registry.search import index_organizations

    index_organizations()


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_search_c_collation")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
