"""The spill: normalized rows between the passes, so pass 2 neither re-reads nor re-cleans the spreadsheet."""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from .rows import ImportRow


class Spill:
    """Normalized rows between the passes: pickled batches in a temporary file (deleted when closed)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="import-", suffix=".spill", dir=directory)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "wb")
        self.rows = 0

    def write(self, batch: list[ImportRow]) -> None:
        pickle.dump(batch, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.rows += len(batch)

    def batches(self) -> Iterator[list[ImportRow]]:
        self._fh.close()
        with open(self.path, "rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def close(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


def spill_dir() -> Path:
    """Where spills live; spills of killed imports older than a day are removed here."""
    directory = Path(settings.VAR_DIR) / "imports" / "tmp"
    if directory.is_dir():
        for stale in directory.glob("import-*.spill"):
            try:
                if time.time() - stale.stat().st_mtime > 86400:
                    stale.unlink()
            except OSError:
                pass
    return directory

