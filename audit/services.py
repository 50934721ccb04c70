"""The only writer of audit events."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.actors import Actor

from .context import current_request_id
from .models import AuditEvent, ChainHead

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor_label", "action", "object_type", "object_id", "before", "after", "reason",
                 "request_id", "prev_hash")


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def jsonable(value):
    """The JSON form stored in before/after (dates as ISO strings, money as strings)."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def compute_hash(fields: dict) -> str:
    payload = {k: fields[k] for k in HASHED_FIELDS}
    if isinstance(payload["at"], datetime):
        payload["at"] = payload["at"].astimezone(UTC).isoformat(timespec="microseconds")
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def hash_of(event: AuditEvent) -> str:
    return compute_hash({k: getattr(event, k) for k in HASHED_FIELDS})


@dataclass(frozen=True)
class Change:
    """One audited change, for :func:`record_many`."""

    action: str
    object_type: str
    object_id: str
    before: dict | None = None
    after: dict | None = None
    reason: str = ""


def _actor_label(actor: Actor | None) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", str(actor))


def record(actor: Actor | None, action: str, obj_type: str, obj_id, *, before=None, after=None, reason: str = "") -> AuditEvent:
    """Append one event. Must run inside the caller's transaction, so the change and its audit commit together."""
    return record_many(actor, [Change(action, obj_type, str(obj_id), before, after, reason)])[0]


def record_many(actor: Actor | None, changes: Iterable[Change]) -> list[AuditEvent]:
    """Append many events in one locked step (bulk paths: imports, sweeps)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be recorded inside the transaction that makes the change")
    head, _ = ChainHead.objects.get_or_create(id=1)
    head = ChainHead.objects.select_for_update().get(id=1)
    now = timezone.now()
    label = _actor_label(actor)
    request_id = current_request_id()
    events = []
    seq, prev = head.seq, head.hash
    for change in changes:
        seq += 1
        fields = {
            "seq": seq, "at": now, "actor_label": label, "action": change.action,
            "object_type": change.object_type, "object_id": change.object_id,
            "before": jsonable(change.before), "after": jsonable(change.after), "reason": change.reason,
            "request_id": request_id, "prev_hash": prev,
        }
        fields["hash"] = compute_hash(fields)
        prev = fields["hash"]
        events.append(AuditEvent(actor=actor if getattr(actor, "pk", None) else None, **fields))
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    ChainHead.objects.filter(id=1).update(seq=seq, hash=prev)
    return events
