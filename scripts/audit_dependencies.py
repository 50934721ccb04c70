"""Known vulnerabilities in the installed Python packages (pip-audit) and the front-end assets (npm audit), run
by `make test`.

A vulnerability fails the run. When the advisory database cannot be reached (no network, or a registry mirror that
does not serve advisories) the audit cannot say anything: it is skipped with a message naming what was
unreachable, and the run goes on. Exit status: 0 clean or skipped, 1 vulnerabilities found."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_verdict(report: dict) -> tuple[str, list[str]]:
    """('clean' | 'vulnerable' | 'unreachable', lines) from pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    found = [f"{d['name']} {d.get('version', '')}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['-'])})"
             for d in dependencies for v in d.get("vulns", [])]
    if found:
        return "vulnerable", found
    audited = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not audited:
        return "unreachable", [f"none of {len(dependencies)} packages could be looked up in the advisory database"]
    return "clean", [f"{len(audited)} packages audited, no known vulnerability"]


def npm_verdict(report: dict) -> tuple[str, list[str]]:
    if "error" in report or "statusCode" in report or ("message" in report and "vulnerabilities" not in report):
        return "unreachable", [str(report.get("message") or report.get("error"))[:200]]
    vulnerabilities = report.get("vulnerabilities", {})
    if vulnerabilities:
        return "vulnerable", [f"{name}: {v.get('severity')}" for name, v in sorted(vulnerabilities.items())]
    return "clean", ["no known vulnerability in the front-end packages"]


def _json(command: list[str]) -> dict:
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)}
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        return {"error": (result.stderr or result.stdout).strip()[:300] or f"exit {result.returncode}"}


def main() -> int:
    bin_dir = Path(sys.executable).parent
    python = _json([str(bin_dir / "pip-audit"), "--progress-spinner", "off", "--skip-editable", "-f", "json"])
    if "error" in python and "dependencies" not in python:
        verdicts = [("Python packages", ("unreachable", [python["error"]]))]
    else:
        verdicts = [("Python packages", python_verdict(python))]
    verdicts.append(("front-end packages", npm_verdict(_json(["npm", "audit", "--omit=dev", "--json"]))))
    failed = False
    for what, (verdict, lines) in verdicts:
        if verdict == "unreachable":
            print(f"dependency audit of {what} skipped: the advisory database cannot be reached ({lines[0]})")
        else:
            print(f"dependency audit of {what}: {verdict}")
            for line in lines:
                print(f"  {line}")
            failed |= verdict == "vulnerable"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
