from django.db import migrations

# PostgreSQL: compare the searched columns byte-wise (collation "C"), so that one plain B-tree serves both the
# prefix range (name >= q AND name < q || U+10FFFF) and ORDER BY, whatever the database's default collation.
# (With a language collation a prefix is not a contiguous range and LIKE cannot use the default index.)
# SQLite compares with BINARY already. A later AlterField on these columns must keep the collation.
POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS registry_search_name",
    "DROP INDEX IF EXISTS registry_search_pinyin",
    "DROP INDEX IF EXISTS registry_search_initials",
    "DROP INDEX IF EXISTS registry_org_uscc_prefix",
    'ALTER TABLE registry_searchentry ALTER COLUMN name TYPE varchar(200) COLLATE "C"',
    'ALTER TABLE registry_searchentry ALTER COLUMN pinyin TYPE varchar(600) COLLATE "C"',
    'ALTER TABLE registry_searchentry ALTER COLUMN initials TYPE varchar(200) COLLATE "C"',
    'ALTER TABLE registry_organization ALTER COLUMN uscc TYPE varchar(18) COLLATE "C"',
    'ALTER TABLE registry_organization ALTER COLUMN filing_number TYPE varchar(32) COLLATE "C"',
    "CREATE INDEX registry_search_name ON registry_searchentry (name)",
    "CREATE INDEX registry_search_pinyin ON registry_searchentry (pinyin)",
    "CREATE INDEX registry_search_initials ON registry_searchentry (initials)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS registry_search_name",
    "DROP INDEX IF EXISTS registry_search_pinyin",
    "DROP INDEX IF EXISTS registry_search_initials",
    'ALTER TABLE registry_searchentry ALTER COLUMN name TYPE varchar(200) COLLATE "default"',
    'ALTER TABLE registry_searchentry ALTER COLUMN pinyin TYPE varchar(600) COLLATE "default"',
    'ALTER TABLE registry_searchentry ALTER COLUMN initials TYPE varchar(200) COLLATE "default"',
    'ALTER TABLE registry_organization ALTER COLUMN uscc TYPE varchar(18) COLLATE "default"',
    'ALTER TABLE registry_organization ALTER COLUMN filing_number TYPE varchar(32) COLLATE "default"',
    "CREATE INDEX registry_search_name ON registry_searchentry (name text_pattern_ops)",
    "CREATE INDEX registry_search_pinyin ON registry_searchentry (pinyin text_pattern_ops)",
    "CREATE INDEX registry_search_initials ON registry_searchentry (initials text_pattern_ops)",
    "CREATE INDEX registry_org_uscc_prefix ON registry_organization (uscc text_pattern_ops)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_search_index")]
    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
