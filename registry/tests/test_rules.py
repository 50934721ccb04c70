"""The pure register rules, without a database."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from registry import rules
from registry.rules import Event, check_event_date, fold

EST = Event(1, "establishment", date(2016, 4, 25), {"name": "甲协会", "legal_rep_name": "张三"})


def test_a_change_sets_the_name_from_its_date_and_keeps_the_former_name():
    history = fold([EST, Event(2, "change", date(2019, 1, 1), {"name": "乙协会"})])
    assert history.as_of(date(2018, 12, 31)).items["name"] == "甲协会"
    assert history.as_of(date(2019, 1, 1)).items["name"] == "乙协会"
    assert history.former_names == ["甲协会"]
    assert history.as_of(date(2016, 4, 24)) is None


def test_deregistration_ends_the_organization_on_its_date():
    history = fold([EST, Event(2, "deregistration", date(2020, 6, 30), {})])
    assert history.as_of(date(2020, 6, 29)).status == "active"
    assert history.as_of(date(2020, 6, 30)).status == "deregistered"


def test_a_superseding_event_replaces_the_one_it_corrects():
    wrong = Event(2, "change", date(2019, 1, 1), {"name": "错名协会"})
    right = Event(3, "change", date(2019, 1, 1), {"name": "正名协会"}, supersedes_id=2)
    assert fold([EST, wrong, right]).current.items["name"] == "正名协会"


def test_events_before_establishment_or_after_the_end_are_refused():
    today = date(2026, 1, 1)
    assert check_event_date(kind="change", day=date(2015, 1, 1), events=[EST], today=today).code == "REG-DATE-BEFORE-EST"
    assert check_event_date(kind="change", day=date(2027, 1, 1), events=[EST], today=today).code == "REG-DATE-FUTURE"
    ended = [EST, Event(2, "deregistration", date(2020, 1, 1), {})]
    assert check_event_date(kind="change", day=date(2021, 1, 1), events=ended, today=today).code == "REG-DATE-AFTER-END"
    revoked = [EST, Event(2, "revocation", date(2020, 1, 1), {})]
    assert check_event_date(kind="deregistration", day=date(2021, 1, 1), events=revoked, today=today) is None
    assert check_event_date(kind="change", day=date(2021, 1, 1), events=revoked, today=today).code == "REG-DATE-AFTER-END"
    assert check_event_date(kind="change", day=date(2018, 1, 1), events=[EST], today=today) is None


kinds = st.sampled_from(["change", "leadership_change", "deregistration", "revocation", "certificate_cancellation"])
names = st.sampled_from(["甲协会", "乙协会", "丙研究会", "丁基金会"])


@st.composite
def timelines(draw):
    events = [EST]
    for i in range(draw(st.integers(0, 8))):
        day = EST.effective_on + timedelta(days=draw(st.integers(0, 3000)))
        kind = draw(kinds)
        changes = {"name": draw(names)} if kind == "change" else {}
        events.append(Event(i + 2, kind, day, changes))
    return events


@settings(max_examples=200, deadline=None)
@given(timelines(), st.integers(0, 3200))
def test_the_state_on_a_day_depends_only_on_events_effective_by_then(events, offset):
    day = EST.effective_on + timedelta(days=offset)
    known = [e for e in events if e.effective_on <= day]
    assert fold(events).as_of(day) .items == fold(known).as_of(day).items
    assert fold(events).as_of(day).status == fold(known).as_of(day).status


@settings(max_examples=200, deadline=None)
@given(timelines())
def test_versions_are_contiguous_and_never_overlap(events):
    versions = fold(events).versions
    for before, after in zip(versions, versions[1:], strict=False):
        assert before.valid_to == after.valid_from
        assert before.valid_from < after.valid_from
    assert versions[-1].valid_to is None
    assert all(v.status in {"active", *rules.TERMINAL_STATUS.values()} for v in versions)
