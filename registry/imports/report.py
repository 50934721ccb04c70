"""The problems of an import for people: one line each (the command), or a CSV file (the web page's download)."""

from __future__ import annotations

import csv
from pathlib import Path

from common.errors import Refusal

from .columns import guard


def format_problem(problem: Refusal) -> str:
    """One line per problem: row, column, value, rule id, Chinese / English message."""
    parts = []
    if problem.row is not None:
        parts.append(f"第 {problem.row} 行 / row {problem.row}")
    if problem.field:
        parts.append(f"列 / column {problem.field}")
    if problem.value not in (None, ""):
        parts.append(f"值 / value {problem.value!r}")
    parts.append(problem.code)
    return " · ".join(parts) + f": {problem.zh} / {problem.en}"


class ErrorReport:
    """Every problem, streamed to a CSV file (UTF-8 with BOM, for Excel): row, column, value, rule, messages."""

    def __init__(self, path: Path):
        self.fh = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by close())
        self.out = csv.writer(self.fh)
        self.out.writerow(["行 row", "列 column", "值 value", "规则 rule", "说明", "message",
                           "筛查警告 screening warning"])
        self.warnings = 0

    def add(self, problem: Refusal) -> None:
        self._write(problem, "")

    def warn(self, warning: Refusal) -> None:
        """A name-screening hit: the row is not refused; the warning column says so."""
        self.warnings += 1
        self._write(warning, "近似名称，请核对 / similar name, please check")

    def _write(self, problem: Refusal, note: str) -> None:
        self.out.writerow([problem.row or "", problem.field or "", guard(problem.value or ""), problem.code,
                           problem.zh, problem.en, note])

    __call__ = add

    def close(self) -> None:
        self.fh.close()
