"""Precision and recall of credit name screening on a labelled set of name pairs.

    python -m bench.bench_screening                 # bench/screening_eval.tsv, threshold from the setting
    python -m bench.bench_screening --threshold 0.8 --errors

Each pair is scored by credit.screening.score_names (the same scorer the API uses, without candidate retrieval);
a pair is predicted "similar" when its score reaches the threshold. The report gives precision, recall and F1 at
the chosen threshold (CREDIT_SCREENING_THRESHOLD unless --threshold), a table over other thresholds, and with
--errors every misclassified pair with its features, and precision and recall per variant kind. Target:
precision >= 0.95 and recall >= 0.95 overall and for every kind.

The set is generated from real names by bench/make_screening_eval.py (see there). It measures the scorer on the
variant patterns it was built for; it is no estimate of performance on names in the wild.
"""

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "bench" / "screening_eval.tsv"
TARGET = 0.95


def load(path: Path) -> list[tuple[str, str, int, str]]:
    """(query, candidate, label, variant kind) for every pair of the set."""
    from bench.make_screening_eval import hand_kind

    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [(r["query"], r["candidate"], int(r["label"]), r.get("kind") or hand_kind(r["pattern"]))
            for r in csv.DictReader(lines, delimiter="\t")]


def by_kind(scored, threshold: float) -> dict[str, dict]:
    """Precision and recall per variant kind (``scored``: (score, label, kind) triples) and overall."""
    kinds = sorted({kind for _s, _l, kind in scored})
    table = {kind: metrics([(s, label) for s, label, k in scored if k == kind], threshold) for kind in kinds}
    table["overall"] = metrics([(s, label) for s, label, _k in scored], threshold)
    return table


def metrics(scored, threshold: float) -> dict:
    tp = sum(1 for s, label, *_ in scored if s >= threshold and label == 1)
    fp = sum(1 for s, label, *_ in scored if s >= threshold and label == 0)
    fn = sum(1 for s, label, *_ in scored if s < threshold and label == 1)
    tn = sum(1 for s, label, *_ in scored if s < threshold and label == 0)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall,
            "f1": f1}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default=str(DEFAULT_SET))
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--errors", action="store_true", help="list the misclassified pairs")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from credit.rules import DEFAULTS
    from credit.screening import score_names

    threshold = args.threshold if args.threshold is not None else float(DEFAULTS["CREDIT_SCREENING_THRESHOLD"])
    pairs = load(Path(args.set))
    started = time.perf_counter()
    scored = []
    for query, candidate, label, kind in pairs:
        match = score_names(query, candidate)
        scored.append((match.score, label, query, candidate, kind, match.features))
    elapsed = time.perf_counter() - started
    positives = sum(1 for *_, label, _q, _c, _p, _f in [(s[0], s[1], *s[2:]) for s in scored] if label == 1)
    print(f"{len(pairs)} pairs ({positives} similar, {len(pairs) - positives} different) from {Path(args.set).name}; "
          f"{elapsed / len(pairs) * 1000:.2f} ms per pair")
    chosen = metrics(scored, threshold)
    print(f"\nthreshold {threshold:.2f}: precision {chosen['precision']:.3f}  recall {chosen['recall']:.3f}  "
          f"F1 {chosen['f1']:.3f}  (TP {chosen['tp']}, FP {chosen['fp']}, FN {chosen['fn']}, TN {chosen['tn']})")
    table = by_kind([(s[0], s[1], s[4]) for s in scored], threshold)
    print("\n| kind | pairs | similar | precision | recall | FP | FN |\n| --- | --- | --- | --- | --- | --- | --- |")
    for kind, m in table.items():
        n = m["tp"] + m["fp"] + m["fn"] + m["tn"]
        print(f"| {kind} | {n} | {m['tp'] + m['fn']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['fp']} | "
              f"{m['fn']} |")
    target = all(m["recall"] >= TARGET and m["precision"] >= TARGET for m in table.values())
    print(f"\ntarget precision and recall >= {TARGET} overall and per kind: {'met' if target else 'NOT met'}")
    print("\n| threshold | precision | recall | F1 | FP | FN |\n| --- | --- | --- | --- | --- | --- |")
    for t in (0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85, 0.9):
        m = metrics(scored, t)
        print(f"| {t:.2f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['fp']} | {m['fn']} |")
    if args.errors:
        print("\nmisclassified at the chosen threshold:")
        for score, label, query, candidate, pattern, features in sorted(scored, key=lambda s: -s[0]):
            if (score >= threshold) != (label == 1):
                kind = "FP" if label == 0 else "FN"
                print(f"  {kind} {score:.3f} {query} / {candidate} [{pattern}] core {features['core_similarity']}, "
                      f"pinyin {features['pinyin_similarity']}, region {features['region']}, form {features['form']}")
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
