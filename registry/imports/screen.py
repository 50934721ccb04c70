"""Name screening of valid rows (registry.screening_hook, filled by credit): hits are warnings, never refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from common.errors import Refusal

from .results import MAX_SHOWN_WARNINGS, Result
from .rows import ImportRow

if TYPE_CHECKING:
    from .validate import Validator


def screen_rows(batch: list[ImportRow], validator: Validator, result: Result,
                on_warning: Callable[[Refusal], None] | None, *, register: bool = True) -> None:
    """Screen every valid row's name (registry.screening_hook) and report each hit as a warning of its row.

    ``register``: also against the register (pointless, and skipped, when the import began on an empty one;
    the suspected-illegal and serious lists are always screened)."""
    from .. import screening_hook

    if not screening_hook.name_screens:
        return
    answers = screening_hook.screen_names([(r.name, r.authority, r.code or "") for r in batch],
                                          register=register)
    for r, hits in zip(batch, answers, strict=True):
        if not hits:
            continue
        zh, en = screening_hook.summary(hits)
        warning = validator.make(r.row, "name", "NAME-SCREEN-HIT", f"名称筛查：与以下名称相同或近似：{zh}",
                                 f"name screening: the same as or like {en}", r.name)
        result.warning_count += 1
        if len(result.warnings) < MAX_SHOWN_WARNINGS:
            result.warnings.append(warning)
        if on_warning:
            on_warning(warning)

