"""Audit retention (网络安全法 Art. 21: network logs kept at least six months) and the archive path for older
events.

No command of the platform deletes audit events: the log is append-only (audit.models) and its hash chain would
show a removed row. What ages out of daily use is copied to an archive file (JSON Lines, one event per line with
its hash and link, gzip'd, with a SHA-256 file beside it) for cold storage; the copy can be checked against the
chain at any time. The cut-off may not be younger than the retention period: at least 183 days, longer where the
setting says so."""

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

from audit.models import AuditEvent
from audit.services import HASHED_FIELDS, jsonable
from common.errors import RuleViolation

MINIMUM_RETENTION_DAYS = 183  # six months, the legal floor


def retention_days() -> int:
    return max(MINIMUM_RETENTION_DAYS, int(settings.AUDIT_RETENTION_DAYS))


def earliest_cutoff(today: date) -> date:
    """The latest cut-off an archive may use on ``today``: events younger than the retention stay in daily use."""
    return today - timedelta(days=retention_days())


@dataclass(frozen=True)
class AuditArchive:
    path: Path
    events: int
    first_seq: int | None
    last_seq: int | None
    sha256: str


def archive_audit(before: date, directory: Path, *, today: date) -> AuditArchive:
    """Copy every audit event older than ``before`` into an archive file; the database keeps them."""
    limit = earliest_cutoff(today)
    if before > limit:
        raise RuleViolation.one(
            "AUDIT-RETENTION", "before",
            f"审计日志至少保留 {retention_days()} 天：归档截止日期不能晚于 {limit}",
            f"audit events are kept at least {retention_days()} days: the archive cut-off cannot be later than "
            f"{limit}", value=before.isoformat())
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-before-{before.isoformat()}.jsonl.gz"
    events = AuditEvent.objects.filter(at__date__lt=before).order_by("seq").values_list(*HASHED_FIELDS, "hash")
    count, first, last = 0, None, None
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for row in events.iterator(chunk_size=5000):
            record = dict(zip(HASHED_FIELDS, row[:-1], strict=True))
            record["hash"] = row[-1]
            out.write(json.dumps(jsonable(record), ensure_ascii=False, sort_keys=True) + "\n")
            count, first, last = count + 1, first or record["seq"], record["seq"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    Path(f"{path}.sha256").write_text(f"{digest}  {path.name}\n", encoding="ascii")
    return AuditArchive(path, count, first, last, digest)
