"""Pass 2's writer: new organizations go in set-based, a batch at a time, with ids allocated up front: their rows,
their establishment (and terminal) events, the versions :func:`registry.rules.fold` derives from those, and their
search entries, one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per table."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from common import crypto

from .. import rules
from ..models import Organization, OrganizationVersion, RegistrationEvent, SearchEntry
from ..validation import level_for_code
from .rows import NO_DATE_REASON, TERMINAL_KIND, ImportRow

if TYPE_CHECKING:
    from accounts.models import User


def batch_digest(batch: list[ImportRow]) -> str:
    """SHA-256 of the batch's normalized rows (the audit event's fingerprint of exactly what was imported)."""
    digest = hashlib.sha256()
    for r in batch:
        digest.update("\x1f".join("" if v is None else "；".join(v) if isinstance(v, tuple) else str(v)
                                  for v in r[1:]).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


ORG_COLUMNS = ("id", "uscc", "filing_number", "org_type", "level", "authority_id", "name", "former_names",
               "legal_rep_name", "legal_rep_id_encrypted", "legal_rep_id_hash", "supervisor", "domicile",
               "founded_on", "registered_funds", "business_scope", "status", "status_since", "phone", "street",
               "community", "is_demo", "created_at", "updated_at")
EVENT_COLUMNS = ("organization_id", "kind", "effective_on", "decision_number", "reason", "changes",
                 "supersedes_id", "actor_id", "recorded_at")
VERSION_COLUMNS = ("organization_id", "valid_from", "valid_to", "name", "status", "authority_id", "legal_rep_name",
                   "supervisor", "domicile", "registered_funds", "business_scope", "phone")


def check_columns() -> None:
    """The set-based insert names every column; a new model field must be added here too (tests call this)."""
    for model, columns, skip in ((Organization, ORG_COLUMNS, ()), (RegistrationEvent, EVENT_COLUMNS, ("id",)),
                                 (OrganizationVersion, VERSION_COLUMNS, ("id",))):
        fields = {f.column for f in model._meta.concrete_fields} - set(skip)
        if fields != set(columns):
            raise RuntimeError(f"{model.__name__} columns changed: {sorted(fields ^ set(columns))}")


_LEVELS: dict[str, str] = {}
_SEARCH_ATTRS: list[str] = []


def level_of(code: str) -> str:
    if code not in _LEVELS:
        _LEVELS[code] = str(level_for_code(code))
    return _LEVELS[code]


def search_values(r: ImportRow) -> tuple:
    """The search entry of a normalized row, as column values (organization id 0: filled in on insert).

    registry.search.entry_values is the one definition of an entry; this only feeds it the row."""
    from ..search import entry_values

    if not _SEARCH_ATTRS:
        _SEARCH_ATTRS.extend(f.attname for f in SearchEntry._meta.concrete_fields)
    values = entry_values(name=r.name, former_names="\n".join(r.former_names), org_type=r.org_type,
                          level=level_of(r.authority), status=r.status, authority_id=r.authority)
    values["organization_id"] = 0
    return tuple(values[attr] for attr in _SEARCH_ATTRS)


class Writer:
    """Set-based inserts of new organizations inside the import transaction (executemany / COPY)."""

    def __init__(self, actor: User | None, reason: str, today: date):
        self.vendor = connection.vendor
        self.actor_id = getattr(actor, "pk", None)
        self.reason = reason
        self.today = today
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.cursor = connection.cursor()
        self.filing_next: dict[str, int] = {}
        self.search_columns = [f.column for f in SearchEntry._meta.concrete_fields]
        self.search_pk = [f.attname for f in SearchEntry._meta.concrete_fields].index("organization_id")
        self.events = 0

    # ids are allocated here so events, versions and search entries can point at their organization
    # without reading the rows back.
    def allocate_ids(self, count: int) -> list[int]:
        if self.vendor == "postgresql":
            self.cursor.execute("SELECT nextval(pg_get_serial_sequence('registry_organization', 'id')) "
                                "FROM generate_series(1, %s)", [count])
            return [row[0] for row in self.cursor.fetchall()]
        # SQLite: the import transaction holds the write lock, so nobody else takes ids meanwhile.
        self.cursor.execute("SELECT MAX(x) FROM (SELECT MAX(id) AS x FROM registry_organization UNION ALL "
                            "SELECT seq FROM sqlite_sequence WHERE name = 'registry_organization')")
        start = (self.cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    def filing_number(self, authority: str) -> str:
        from ..queries import next_filing_number

        if authority not in self.filing_next:
            self.filing_next[authority] = int(next_filing_number(authority)[-6:])
        seq = self.filing_next[authority]
        self.filing_next[authority] = seq + 1
        return f"BA{authority}{seq:06d}"

    def insert(self, rows: list[ImportRow], entries: list[tuple] | None = None) -> list[int]:
        """Insert new organizations; ``entries`` are their search entries if computed elsewhere (workers)."""
        ids = self.allocate_ids(len(rows))
        if entries is None:
            entries = [search_values(r) for r in rows]
        at = self.search_pk
        search_rows = [entry[:at] + (pk,) + entry[at + 1:] for pk, entry in zip(ids, entries, strict=True)]
        orgs, events, versions = [], [], []
        now = self.now
        dumps = json.dumps
        reason = self.reason
        for pk, r in zip(ids, rows, strict=True):
            founded, status = r.founded_on, r.status
            funds = r.registered_funds
            filing = r.filing_number or (self.filing_number(r.authority) if r.org_type == "community_org"
                                             else None)
            items = {"name": r.name, "legal_rep_name": r.legal_rep_name, "domicile": r.domicile,
                     "business_scope": r.business_scope, "supervisor": r.supervisor,
                     "registered_funds": None if funds is None else str(funds), "phone": r.phone}
            establishment = dict(items)
            if r.former_names:
                establishment["former_names"] = list(r.former_names)
            events.append((pk, rules.ESTABLISHMENT, founded, "", reason, dumps(establishment), None,
                           self.actor_id, now))
            if status == "active":
                since = founded
                versions.append((pk, founded, None, r.name, "active", r.authority, r.legal_rep_name,
                                 r.supervisor, r.domicile, funds, r.business_scope, r.phone))
            else:
                day = r.status_date or self.today
                kind = TERMINAL_KIND[status]
                events.append((pk, kind, day, "", reason if r.status_date else f"{reason}；{NO_DATE_REASON}",
                               "{}", None, self.actor_id, now))
                history = rules.fold([rules.Event(1, rules.ESTABLISHMENT, founded, items),
                                      rules.Event(2, kind, day, {})])
                for v in history.versions:
                    versions.append((pk, v.valid_from, v.valid_to, r.name, v.status, r.authority,
                                     r.legal_rep_name, r.supervisor, r.domicile, funds,
                                     r.business_scope, r.phone))
                since = history.versions[-1].valid_from
            legal_id = r.legal_rep_id
            former = "\n".join(r.former_names)
            level = level_of(r.authority)
            orgs.append((pk, r.uscc, filing, r.org_type, level, r.authority, r.name, former,
                         r.legal_rep_name, crypto.encrypt(legal_id) if legal_id else "",
                         crypto.search_hash(legal_id) if legal_id else "", r.supervisor, r.domicile, founded,
                         funds, r.business_scope, status, since, r.phone, r.street, r.community, False,
                         now, now))
        self.copy("registry_organization", ORG_COLUMNS, orgs)
        self.copy("registry_registrationevent", EVENT_COLUMNS, events)
        self.copy("registry_organizationversion", VERSION_COLUMNS, versions)
        self.copy(SearchEntry._meta.db_table, self.search_columns, search_rows)
        self.events += len(events)
        return ids

    def copy(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.vendor == "postgresql":
            with self.cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})",
                                    rows)

