"""Collision-free public ids: one counter row per organization and series, taken with ``select_for_update`` inside
the caller's transaction (PostgreSQL locks the row until commit; SQLite serializes writers). A new series starts
after the highest number already issued under its prefix, so ids given before the counters existed (or by any
other path) are never issued again, whatever gaps they leave."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CharitySequence


def _highest(model, field: str, prefix: str, width: int) -> int:
    pattern = re.compile(re.escape(prefix) + r"(\d{" + str(width) + r",})$")
    numbers = (int(m.group(1)) for value in model.objects.filter(**{f"{field}__startswith": prefix})
               .values_list(field, flat=True) if (m := pattern.match(value)))
    return max(numbers, default=0)


def next_number(org, series: str, *, model=None, field: str = "public_id", prefix: str = "", width: int = 1) -> int:
    """The next number of ``series`` for ``org``. ``model``/``field``/``prefix``/``width`` say where ids of this
    series already live, to start a new counter after the highest of them."""
    with transaction.atomic():
        row = CharitySequence.objects.select_for_update().filter(organization=org, series=series).first()
        if row is None:
            start = _highest(model, field, prefix, width) if model is not None else 0
            try:
                with transaction.atomic():
                    row = CharitySequence.objects.create(organization=org, series=series, last=start)
            except IntegrityError:  # another request created it first: take its lock
                row = CharitySequence.objects.select_for_update().get(organization=org, series=series)
        CharitySequence.objects.filter(pk=row.pk).update(last=F("last") + 1)
        return CharitySequence.objects.values_list("last", flat=True).get(pk=row.pk)
