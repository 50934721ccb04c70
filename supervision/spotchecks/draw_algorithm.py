"""The 双随机 draw: which organizations are checked, and by which inspectors. Reproducible by anyone.

This file is the algorithm and nothing else: every draw records ``ALGORITHM_VERSION`` and the SHA-256 of this
file's bytes (``algorithm_hash()``), so a later edit of the file is visible when a draw is verified.
It has no database access and no imports from the project.

Algorithm ``socorg-draw/1`` (Python 3.11+ ``random``):

1. Inputs: the published ``seed`` (a string); the frozen candidate list, one row per organization
   ``[organization id, code, stratum]`` sorted by id; per stratum its sample size; the inspector roster, sorted
   inspector ids; the declared conflicts, pairs ``[inspector id, organization id]``; inspectors per target.
2. Targets, per stratum in the order given: ``random.Random(f"{seed}|targets|{stratum}")`` (a str seed is
   hashed with SHA-512, so it does not depend on PYTHONHASHSEED), then ``rng.sample(ids, k)`` over that
   stratum's candidate ids in ascending order. The drawn order is kept (it is the order of the published list).
3. Inspectors, per target in drawn order: the roster minus the inspectors who declared a conflict with that
   organization, in ascending id order, and ``random.Random(f"{seed}|inspectors|{organization id}")``;
   ``rng.sample(eligible, n)``. A target with fewer than ``n`` eligible inspectors stops the draw.

The same inputs always give the same output; ``verify_draw ID`` re-runs this with the stored inputs.
"""

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

ALGORITHM_VERSION = "socorg-draw/1"


def algorithm_hash() -> str:
    """SHA-256 of this source file (independent of git)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class NotEnoughInspectors(ValueError):
    def __init__(self, organization_id: int, eligible: int, needed: int):
        super().__init__(f"organization {organization_id}: {eligible} eligible inspectors, {needed} needed")
        self.organization_id, self.eligible, self.needed = organization_id, eligible, needed


@dataclass(frozen=True)
class Result:
    targets: list[tuple[str, int]]  # (stratum, organization id) in drawn order
    inspectors: dict[int, list[int]]  # organization id -> inspector ids in drawn order


def draw_targets(seed: str, candidates: list[list], sizes: dict[str, int]) -> list[tuple[str, int]]:
    """Step 2. ``candidates``: [id, code, stratum] rows; ``sizes``: stratum -> k, in the order to draw."""
    by_stratum: dict[str, list[int]] = {name: [] for name in sizes}
    for row in candidates:
        by_stratum.setdefault(row[2], []).append(int(row[0]))
    targets = []
    for name, k in sizes.items():
        ids = sorted(by_stratum.get(name, []))
        rng = random.Random(f"{seed}|targets|{name}")
        targets += [(name, org_id) for org_id in rng.sample(ids, min(k, len(ids)))]
    return targets


def draw_inspectors(seed: str, organization_ids: list[int], roster: list[int], conflicts: list[list[int]],
                    per_target: int) -> dict[int, list[int]]:
    """Step 3."""
    conflicted: dict[int, set[int]] = {}
    for inspector_id, organization_id in conflicts:
        conflicted.setdefault(int(organization_id), set()).add(int(inspector_id))
    ordered_roster = sorted(int(i) for i in roster)
    chosen = {}
    for organization_id in organization_ids:
        excluded = conflicted.get(organization_id, set())
        eligible = [i for i in ordered_roster if i not in excluded]
        if len(eligible) < per_target:
            raise NotEnoughInspectors(organization_id, len(eligible), per_target)
        rng = random.Random(f"{seed}|inspectors|{organization_id}")
        chosen[organization_id] = rng.sample(eligible, per_target)
    return chosen


def run(seed: str, candidates: list[list], sizes: dict[str, int], roster: list[int], conflicts: list[list[int]],
        per_target: int) -> Result:
    targets = draw_targets(seed, candidates, sizes)
    return Result(targets, draw_inspectors(seed, [org_id for _, org_id in targets], roster, conflicts, per_target))
