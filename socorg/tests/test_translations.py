"""The UI is Chinese first: every message of every app has a zh_Hans translation, and none is fuzzy."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_each_app_with_strings_has_a_catalog():
    assert {p.parts[-5] for p in CATALOGS} >= {"portal", "registry", "divisions", "accounts", "audit"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-5])
def test_every_message_is_translated(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries() if not e.obsolete]
    assert not missing, f"untranslated in {path}: {missing}"
    compiled = path.with_suffix(".mo")
    assert compiled.exists() and compiled.stat().st_mtime >= path.stat().st_mtime - 1, "run make messages"
