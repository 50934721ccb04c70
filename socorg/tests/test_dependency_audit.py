"""The dependency audit `make test` runs (scripts/audit_dependencies.py): a known vulnerability fails, an
unreachable advisory database is a skip with its reason, a clean report passes."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_a_python_vulnerability_fails_and_names_the_package_advisory_and_fix():
    verdict, lines = audit.python_verdict({"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["5.2.9"]}]},
        {"name": "celery", "version": "5.7.0", "vulns": []}]})
    assert verdict == "vulnerable" and lines == ["django 5.2.0: PYSEC-2026-1 (fixed in 5.2.9)"]


def test_packages_that_cannot_be_looked_up_make_the_audit_unreachable_not_clean():
    report = {"dependencies": [{"name": "amqp", "skip_reason": "Dependency not found on PyPI"}]}
    assert audit.python_verdict(report)[0] == "unreachable"
    assert audit.python_verdict({"dependencies": [{"name": "amqp", "version": "5.4.2", "vulns": []},
                                                  {"name": "x", "skip_reason": "editable"}]})[0] == "clean"


def test_npm_audit_errors_are_unreachable_and_vulnerabilities_fail():
    assert audit.npm_verdict({"message": "405 Method Not Allowed", "statusCode": 405})[0] == "unreachable"
    assert audit.npm_verdict({"vulnerabilities": {"echarts": {"severity": "high"}}}) == ("vulnerable",
                                                                                        ["echarts: high"])
    assert audit.npm_verdict({"vulnerabilities": {}, "metadata": {}})[0] == "clean"
