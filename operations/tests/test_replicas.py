"""Public reads from a read replica: two databases (the primary and a copy kept in step here by copying it, as
replication would), the copy then made to differ; in a separate process configured with DATABASE_REPLICA_URL an
anonymous visitor reads the replica, a signed-in officer reads the primary, and writes go to the primary."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .databases import copy_database, drop_copies

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json
from django.test import Client
from django.urls import reverse
from accounts.models import User
from registry.models import Organization
code = {code!r}
anonymous = Client().get(f"/org/{{code}}/").content.decode()
officer = Client()
officer.force_login(User.objects.get(username="dongcheng"))
staff = officer.get(reverse("staff:organization", args=[code])).content.decode()
print(json.dumps({{"anonymous_sees_replica": "副本中的名称" in anonymous, "staff_sees_replica": "副本中的名称" in staff,
                   "staff_status": officer.get(reverse("staff:organization", args=[code])).status_code}}))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_anonymous_reads_come_from_the_replica_and_signed_in_reads_from_the_primary(world, tmp_path):
    primary, _ = copy_database(tmp_path, "primary")
    replica, run_in_replica = copy_database(tmp_path, "replica")
    run_in_replica("UPDATE registry_organization SET name = ? WHERE id = ?", ("副本中的名称", world.org_a.pk))
    try:
        env = {**os.environ, "DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica, "PYTHONPATH": str(ROOT),
               "SOCORG_REQUIRE_STAFF_2FA": "0",  # the officer signs in with a password here (force_login)
               "SOCORG_VAR_DIR": str(tmp_path / "var")}
        result = subprocess.run([sys.executable, "manage.py", "shell", "-c", SCRIPT.format(code=world.org_a.code)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        assert seen == {"anonymous_sees_replica": True, "staff_sees_replica": False, "staff_status": 200}
    finally:
        drop_copies(primary, replica)


def test_without_a_replica_every_read_uses_the_primary():
    from operations.replicas import PublicReadsToReplica, _public_read
    from registry.models import Organization

    token = _public_read.set(True)
    try:
        assert PublicReadsToReplica().db_for_read(Organization) is None
    finally:
        _public_read.reset(token)
    assert PublicReadsToReplica().db_for_write(Organization) == "default"
