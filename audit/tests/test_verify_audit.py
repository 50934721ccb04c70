import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AppendOnlyError, AuditEvent
from audit.queries import verify_chain
from registry.services import record_event


@pytest.fixture
def chain(world):
    record_event(world.county_a, world.org_a, kind="change", effective_on="2020-01-02", reason="更名",
                 changes={"name": "东城区测试更名协会"})
    assert AuditEvent.objects.count() >= 8
    return world


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chain_verifies(chain, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_every_write_is_audited_with_actor_reason_and_request_id(chain):
    event = AuditEvent.objects.filter(action="event.create").order_by("-seq").first()
    assert event.actor == chain.county_a
    assert event.reason == "更名"
    assert event.request_id
    derived = AuditEvent.objects.filter(action="organization.derive").order_by("-seq").first()
    assert derived.before["name"] != derived.after["name"]


def test_altered_row_is_caught_at_its_sequence_number(chain):
    target = AuditEvent.objects.order_by("seq")[3]
    _sql("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["tampered", target.pk])
    with pytest.raises(CommandError, match=rf"#{target.seq}\b.*altered"):
        call_command("verify_audit")


def test_deleted_row_is_caught(chain):
    target = AuditEvent.objects.order_by("seq")[2]
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    broken = verify_chain()
    assert broken is not None and broken.seq == target.seq + 1


def test_reordered_rows_are_caught(chain):
    a, b = AuditEvent.objects.order_by("seq")[1:3]
    _sql("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.pk])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [a.seq, b.pk])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [b.seq, a.pk])
    broken = verify_chain()
    assert broken is not None and broken.seq == a.seq


def test_removed_tail_is_caught(chain):
    last = AuditEvent.objects.order_by("-seq").first()
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="head records"):
        call_command("verify_audit")


def test_events_cannot_be_changed_or_deleted_through_the_orm(chain):
    event = AuditEvent.objects.first()
    event.reason = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
