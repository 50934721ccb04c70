"""Where other apps have imported the register import's pieces from: it now lives in :mod:`registry.imports`
(one module a responsibility). New code imports from there; registry itself does."""

from .imports import SYSTEM, ErrorReport, Options, Result, format_problem, run_import
from .imports.columns import COLUMN_BY_KEY, HEADER_ALIASES, header_key
from .imports.sources import SourceError, cell_text, open_source

_header_key = header_key  # the name credit's tests use

__all__ = ["COLUMN_BY_KEY", "HEADER_ALIASES", "SYSTEM", "ErrorReport", "Options", "Result", "SourceError", "_header_key",
           "cell_text", "format_problem", "open_source", "run_import"]
