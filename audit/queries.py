"""Reads of the audit log: the check that every link of the hash chain holds (``verify_audit``)."""

from dataclasses import dataclass

from .models import AuditEvent, ChainHead
from .services import GENESIS, HASHED_FIELDS, compute_hash


@dataclass
class ChainBreak:
    seq: int | None
    problem: str


def verify_chain(batch: int = 5000) -> ChainBreak | None:
    """Walk the chain in order; return the first break, or None when every link holds."""
    expected_seq, prev = 0, GENESIS
    qs = AuditEvent.objects.order_by("seq").values_list(*HASHED_FIELDS, "hash")
    while True:
        rows = list(qs.filter(seq__gt=expected_seq)[:batch])
        if not rows:
            break
        for row in rows:
            fields = dict(zip(HASHED_FIELDS, row[:-1], strict=True))
            stored_hash = row[-1]
            expected_seq += 1
            if fields["seq"] != expected_seq:
                return ChainBreak(fields["seq"], f"event #{expected_seq} is missing before #{fields['seq']} "
                                                 "(a row was deleted or renumbered)")
            if fields["prev_hash"] != prev:
                return ChainBreak(fields["seq"], "link to the previous event does not match (deleted or reordered)")
            if compute_hash(fields) != stored_hash:
                return ChainBreak(fields["seq"], "content does not match its hash (the row was altered)")
            prev = stored_hash
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq or head.hash != prev):
        return ChainBreak(expected_seq + 1 if head.seq > expected_seq else head.seq,
                          f"chain ends at #{expected_seq} but the head records #{head.seq} (events removed from the end)")
    return None
