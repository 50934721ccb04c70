"""Benchmarks and data generators: ``python -m bench <command>``.

    python -m bench generate --rows 1000000 --seed 1 --out bench/out/national.csv
    python -m bench import --rows 1000000              # DATABASE_URL=postgres://… for PostgreSQL
    python -m bench search --orgs 1000000              # bench/bench_search.py

See bench/README.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    import django

    django.setup()


def generate(argv):
    parser = argparse.ArgumentParser(prog="python -m bench generate",
                                     description="Write a realistic national register (deterministic by seed).")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "national.csv",
                        help=".csv (UTF-8 with BOM) or .xlsx (date cells; for small files)")
    parser.add_argument("--with-ids", action="store_true", help="add 法定代表人身份证号 (valid, invented)")
    args = parser.parse_args(argv)
    _django()
    from tqdm import tqdm

    from bench.generate import write

    started = time.perf_counter()
    with tqdm(total=args.rows, unit="row", file=sys.stderr, mininterval=0.5) as bar:
        write(args.out, args.rows, args.seed, with_ids=args.with_ids, progress=lambda n: bar.update(n - bar.n))
        bar.update(args.rows - bar.n)
    print(f"{args.rows} rows (seed {args.seed}) -> {args.out} in {time.perf_counter() - started:.1f} s")


def raw(argv):
    parser = argparse.ArgumentParser(prog="python -m bench raw", description="(internal) the raw insert baseline")
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args(argv)
    from bench.bench_import import raw_insert

    started = time.perf_counter()
    count = raw_insert(args.file, args.database_url)
    print(f"raw insert: {count} rows in {time.perf_counter() - started:.1f} s")


def bench_import(argv):
    _django()
    from bench.bench_import import main

    main(argv)


def search(argv):
    from bench.bench_search import main

    main(argv)


COMMANDS = {"generate": generate, "import": bench_import, "raw": raw, "search": search}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else (0 if not argv else 2)
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
