"""Worker processes (fork, Linux): they clean rows in pass 1 and compute search entries in pass 2 while the main
process writes; results come back in file order with a bounded number of chunks in flight. They die with the
import (``PR_SET_PDEATHSIG``). Web requests and Celery tasks never fork (``workers=1``)."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .rows import CheckedRow, ImportRow
from .write import search_values

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from .validate import Validator

_WORKER_VALIDATOR: Validator | None = None


def check_chunk(chunk: list[tuple[int, list]]) -> list[CheckedRow]:
    """In a worker process: check rows with the validator inherited at fork."""
    validator = _WORKER_VALIDATOR
    assert validator is not None, "check_chunk runs in a worker started by start_workers"
    return [validator.check(row, cells) for row, cells in chunk]


def _search_chunk(rows: list[ImportRow]) -> list[tuple]:
    """In a worker process: the search entries of normalized rows (without their organization id)."""
    return [search_values(r) for r in rows]


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def in_order(pool: Pool, function: Callable[[list], list], chunks: Iterable[list], window: int) -> Iterator:
    """Results of ``function`` over ``chunks`` in order, with at most ``window`` chunks in flight (memory stays
    bounded: Pool.imap would read the whole file ahead)."""
    from collections import deque

    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(function, (chunk,)))
        if len(pending) >= window:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


def with_search_entries(batches: Iterable[list[ImportRow]],
                        pool: Pool | None) -> Iterator[tuple[list[ImportRow], list[tuple] | None]]:
    """Each batch with its search entries, computed by the workers one batch ahead of the inserts."""
    if pool is None:
        for batch in batches:
            yield batch, None
        return
    batches = iter(batches)
    current = next(batches, None)
    pending = pool.apply_async(_search_chunk, (current,)) if current is not None else None
    while current is not None:
        following = next(batches, None)
        upcoming = pool.apply_async(_search_chunk, (following,)) if following is not None else None
        yield current, pending.get()
        current, pending = following, upcoming


def _worker_init() -> None:
    """Workers die with the import process (a SIGKILLed import must not leave orphans behind)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_workers(validator: Validator, workers: int) -> tuple[Pool | None, int]:
    """A fork pool that inherits the validator (divisions in memory, header mapping); None for one process.

    Forked before any progress bar thread exists; the workers never touch the database connection they
    inherit (they only clean rows and compute search entries) and end with os._exit, closing nothing.
    """
    global _WORKER_VALIDATOR
    if workers == 0:
        workers = os.cpu_count() or 1
    if workers <= 1 or os.name != "posix":
        return None, 1
    import multiprocessing

    from .. import search  # noqa: F401 (loaded before the fork, so the workers share pypinyin's dictionaries)

    _WORKER_VALIDATOR = validator
    # Objects that exist now (Django, the divisions, pypinyin's dictionaries) move to the collector's permanent
    # generation, so neither side's collections write to them and the forked workers keep sharing their pages.
    gc.collect()
    gc.freeze()
    return multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init), workers

