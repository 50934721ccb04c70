"""Where other apps have imported the register export from: it now lives in :mod:`registry.imports.export` (and
the formula guard in :mod:`registry.imports.columns`, shared with the import)."""

from .imports.columns import guard
from .imports.export import ExportFilters, export_rows, export_to_path

__all__ = ["ExportFilters", "export_rows", "export_to_path", "guard"]
