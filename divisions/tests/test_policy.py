from datetime import date

import pytest

from divisions.models import JurisdictionSetting
from divisions.policy import setting


@pytest.fixture
def key(settings):
    settings.SOCORG = {**settings.SOCORG, "TEST_RATE": 0.03}
    return "TEST_RATE"


def test_without_local_values_the_default_applies(db, key):
    value = setting(key, "110101")
    assert (value.value, value.source) == (0.03, "default")


def test_the_nearest_division_wins_and_dates_are_respected(db, key):
    JurisdictionSetting.objects.create(division_id="110000", key=key, value=0.05, effective_from=date(2020, 1, 1))
    JurisdictionSetting.objects.create(division_id="110101", key=key, value=0.08, effective_from=date(2024, 1, 1))
    assert setting(key, "110101", on=date(2023, 6, 1)).value == 0.05
    assert setting(key, "110101", on=date(2024, 6, 1)).source == "110101"
    assert setting(key, "110102", on=date(2024, 6, 1)).value == 0.05
    assert setting(key, "130104", on=date(2024, 6, 1)).source == "default"
    assert "110000" in setting(key, "110102", on=date(2024, 6, 1)).explanation


def test_an_unknown_setting_is_an_error(db):
    with pytest.raises(KeyError):
        setting("NO_SUCH_SETTING", "110101")
