"""Bulk import of the register from a spreadsheet (.csv in UTF-8, UTF-8 with BOM, GBK or GB18030, or .xlsx).

All or nothing, in two passes:

1. **Validate** the whole file, streaming: every row goes through the same cleaner as the API and the forms
   (:func:`registry.validation.clean_organization_with`, with the divisions held in memory), plus the import's
   own checks (columns, status and its date, duplicates inside the file and against the register, the user's
   jurisdiction, and for ``upsert`` what may and may not change). Memory stays flat apart from the sets of
   keys that find duplicates. Every problem is reported with its spreadsheet row (header = 1), the column as
   written in the file, the value, the rule id and a message in Chinese and English. Valid rows are spilled,
   normalized, to a temporary file, so the second pass neither re-reads nor re-cleans the spreadsheet.
2. **Apply** the spilled rows in ONE transaction. New organizations go in set-based, a batch of a few thousand
   at a time: their rows, their establishment (and, for removed ones, terminal) registration events, the
   versions derived from those events by :func:`registry.rules.fold`, their search entries, and one audit
   event per batch (the batch's codes and the SHA-256 of its normalized rows) plus one for the job. Existing
   organizations (``upsert``, matched by USCC) change only through :func:`registry.services.record_event`, one
   dated, audited event per difference, so nothing is overwritten silently and a second run of the same file
   changes nothing. A process killed mid-way leaves the database as it was: the transaction never commits.

Progress: live, in a small JSON file per job (:mod:`.progress`), since the apply pass runs in a transaction
other connections cannot see.

The package, one module a responsibility: :mod:`.columns` (headers, aliases, the formula guard shared with the
export), :mod:`.sources` (encoding detection, CSV and XLSX readers), :mod:`.rows` (the normalized row),
:mod:`.validate` (pass 1), :mod:`.workers` (the fork pool), :mod:`.reconcile` (against the register; upsert
plans), :mod:`.screen` (name-screening warnings), :mod:`.spill`, :mod:`.progress`, :mod:`.bulk` (index drop and
rebuild into an empty register), :mod:`.write` (set-based inserts), :mod:`.run` (the entry point),
:mod:`.report` (problems for people), :mod:`.results` (options, result); who acts is :mod:`registry.actors`.
Beside them the web and API layers of imports and exports: :mod:`.tasks`, :mod:`.views`, :mod:`.api`,
:mod:`.urls`, :mod:`.api_urls`, :mod:`.access`, and :mod:`.export`.
"""

from ..actors import SYSTEM, Actor
from .report import ErrorReport, format_problem
from .results import BATCH_SIZE, Options, Result
from .run import after_batch_hooks, run_import

__all__ = ["BATCH_SIZE", "SYSTEM", "Actor", "ErrorReport", "Options", "Result", "after_batch_hooks", "format_problem",
           "run_import"]
