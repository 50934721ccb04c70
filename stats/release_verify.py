"""Verify an open-data release with the public key alone (no database, no Django):

    python -m stats.release_verify RELEASE_DIR public-key.pem

Checks the Ed25519 signature of manifest.json, then each file's size and SHA-256 and, for the tables, the row
counts; prints every file that differs and exits 1 when anything does. Needs only the ``cryptography`` package
(or use OpenSSL 3: ``openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile
manifest.sig`` and ``sha256sum -c SHA256SUMS``)."""

import hashlib
import json
import sys
from pathlib import Path


def _rows(path: Path) -> int:
    if path.suffix == ".jsonl":
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    if path.suffix == ".csv":
        import csv

        with open(path, encoding="utf-8-sig", newline="") as fh:
            return sum(1 for _ in csv.reader(fh)) - 1
    return -1  # parquet: checked by its checksum


def verify(directory, public_key_pem: bytes) -> list[str]:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    directory = Path(directory)
    body = (directory / "manifest.json").read_bytes()
    try:
        load_pem_public_key(public_key_pem).verify((directory / "manifest.sig").read_bytes(), body)
    except InvalidSignature:
        return ["manifest.json: the signature does not match (the manifest was altered or signed by another key)"
                " / 清单签名不符"]
    problems = []
    for entry in json.loads(body)["files"]:
        path = directory / entry["path"]
        if not path.exists():
            problems.append(f"{entry['path']}: missing / 文件缺失")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"] or path.stat().st_size != entry["bytes"]:
            problems.append(f"{entry['path']}: SHA-256 {digest} differs from the manifest's {entry['sha256']} / "
                            "校验值与清单不符")
        elif "rows" in entry and _rows(path) not in (-1, entry["rows"]):
            problems.append(f"{entry['path']}: {_rows(path)} rows, the manifest says {entry['rows']} / 行数不符")
    return problems


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = verify(argv[0], Path(argv[1]).read_bytes())
    for line in problems:
        print(line)
    print("NOT VERIFIED / 核验未通过" if problems else "verified: signature and every file match / 核验通过")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
