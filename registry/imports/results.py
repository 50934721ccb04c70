"""What an import is asked to do (:class:`Options`), what it did (:class:`Result`)
and where its problems go (:class:`ProblemLog`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from common.errors import Refusal

BATCH_SIZE = 5000
MAX_STORED_ERRORS = 1000
MAX_SHOWN_WARNINGS = 200


@dataclass
class Options:
    upsert: bool = False
    dry_run: bool = False
    encoding: str | None = None
    reason: str = ""
    batch_size: int = BATCH_SIZE
    # Worker processes that clean rows and compute search entries beside the main process (fork; Linux).
    # 1: everything in this process (the default: web requests and Celery tasks must not fork). 0: one per CPU.
    workers: int = 1


@dataclass
class Result:
    """What an import did (or, with errors or ``dry_run``, would have done: then nothing was written)."""

    file_name: str
    sha256: str = ""
    encoding: str = ""
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    error_count: int = 0
    errors: list[Refusal] = field(default_factory=list)
    # Name-screening hits per row (registry.screening_hook): warnings for the officer, never a refusal.
    warning_count: int = 0
    warnings: list[Refusal] = field(default_factory=list)
    dry_run: bool = False
    job_id: int | None = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # seconds per phase

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> dict:
        return {"file_name": self.file_name, "sha256": self.sha256, "encoding": self.encoding,
                "rows": self.total_rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "events": self.events, "errors": self.error_count,
                "warnings": self.warning_count,
                "screening_warnings": [w.as_dict() for w in self.warnings[:MAX_SHOWN_WARNINGS]],
                "dry_run": self.dry_run, "seconds": round(self.seconds, 3)}


class ProblemLog:
    """Counts every problem, keeps the first ``MAX_STORED_ERRORS`` and hands each to ``on_problem``."""

    def __init__(self, on_problem: Callable[[Refusal], None] | None = None):
        self.count = 0
        self.first: list[Refusal] = []
        self.on_problem = on_problem

    def add(self, problem: Refusal) -> None:
        self.count += 1
        if len(self.first) < MAX_STORED_ERRORS:
            self.first.append(problem)
        if self.on_problem:
            self.on_problem(problem)


Progress = Callable[[str, int, int | None], None]
