"""Settings in words: every declared setting has a Chinese and an English label and a legal basis, and a
decision's citation ``KEY = value (source)`` reads back as a labelled value in words."""

import pytest
from django.utils import translation

from divisions import settings_info
from divisions.policy import DEFAULTS


def test_every_declared_setting_is_described():
    undescribed = sorted(set(DEFAULTS) - set(settings_info.INFO))
    assert not undescribed, f"describe these settings (divisions.settings_info.describe): {undescribed}"
    for key, info in settings_info.INFO.items():
        assert info.label_zh and info.label_en and info.basis_zh and info.basis_en, key


@pytest.mark.parametrize("lang,expected", [
    ("zh-hans", ["列入前告知期", "10 日", "全国默认值", "年度工作报告报送截止日（社会团体）", "5月31日", "A ≥ 90；B ≥ 75"]),
    ("en", ["Prior notice before listing", "10 days", "national default", "Annual report deadline (Social group)",
            "31 May", "A ≥ 90; B ≥ 75"]),
])
def test_citations_read_back_in_words(lang, expected):
    text = ("CREDIT_NOTICE_DAYS = 10 (默认值 / national default) "
            "ANNUAL_REPORT_DEADLINE_MMDD[social_group] = 05-31 (默认值 / national default) "
            "CREDIT_GRADE_BANDS = [['A', 90], ['B', 75]] (默认值 / national default)")
    with translation.override(lang):
        cited = settings_info.parse(text)
        assert [c.key for c in cited] == ["CREDIT_NOTICE_DAYS", "ANNUAL_REPORT_DEADLINE_MMDD", "CREDIT_GRADE_BANDS"]
        words = " ".join(f"{c.label} {c.value_text} {c.source_text}" for c in cited)
        sentence = settings_info.in_words(text)
    for part in expected:
        assert part in words, part
    assert "CREDIT_" not in sentence and "[[" not in sentence and "MMDD" not in sentence


@pytest.mark.django_db
def test_a_local_value_names_the_authority_that_set_it():
    with translation.override("zh-hans"):
        cited = settings_info.parse("RATING_PUBLICITY_DAYS = 10 (110101 设定 / set by 110101)")[0]
        assert cited.local and cited.value_text == "10 日"
        assert cited.source_text == "本地设定（北京市东城区民政局）"
