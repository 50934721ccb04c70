"""The normalized row: what pass 1 makes of a spreadsheet row, spilled between the passes, written in pass 2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from common.errors import Refusal

from .. import rules

TERMINAL_KIND = {"deregistered": rules.DEREGISTRATION, "revoked": rules.REVOCATION,
                 "certificate_cancelled": rules.CERTIFICATE_CANCELLATION}
NO_DATE_REASON = "来源文件未载明状态日期，按导入日期记录 / the source file gave no date; recorded at the import date"


class ImportRow(NamedTuple):
    """A valid row, cleaned (a tuple underneath: compact to spill and to hand to the workers)."""

    row: int  # its spreadsheet row (header = 1)
    uscc: str
    filing_number: str | None
    org_type: str
    authority: str  # the registering authority's division code
    name: str
    legal_rep_name: str
    legal_rep_id: str
    supervisor: str
    domicile: str
    founded_on: date
    registered_funds: Decimal | None
    business_scope: str
    phone: str
    street: str
    community: str
    status: str
    status_date: date | None
    former_names: tuple[str, ...]

    @property
    def code(self) -> str | None:
        """The code that identifies it in the register: its USCC, or its filing number."""
        return self.uscc or self.filing_number


class RowKeys(NamedTuple):
    """The values that must be unique within the file (and the register), of any row, valid or not."""

    uscc: str | None
    authority: str | None
    name: str | None
    status: str | None
    filing_number: str | None

    def hashes(self) -> tuple[int | None, int | None, int | None]:
        """64-bit hashes of the USCC, of (authority, name) for an active organization, of the filing number."""
        return (hash(self.uscc) if self.uscc else None,
                hash((self.authority, self.name)) if self.status == "active" and self.authority and self.name
                else None,
                hash(self.filing_number) if self.filing_number else None)


class CheckedRow(NamedTuple):
    """One row checked on its own: the clean row (None when it has problems), its problems, its keys."""

    row: int
    clean: ImportRow | None
    problems: list[Refusal]
    keys: RowKeys
