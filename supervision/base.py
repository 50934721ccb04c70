"""What every supervision sub-domain (reports, penalties, leadership, ratings, spot checks) shares: the immutable
fact and the jurisdiction-scoped queryset its models build on, and who may act for an organization."""

from dataclasses import dataclass, field
from typing import cast

from django.db import models

from accounts.jurisdiction import may_act_for_division, scope_q
from common.errors import Refusal, RuleViolation
from divisions.policy import SettingValue


class ImmutableFact(models.Model):
    """A dated fact: written once by a service, then never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(f"{type(self).__name__} is an immutable fact; record a superseding one instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} is an immutable fact and is never deleted")


def organization_scope(user, prefix: str = "organization"):
    """The rows tied to an organization through ``prefix`` that ``user`` may see (accounts.jurisdiction.scope_q)."""
    return scope_q(user, authority_field=f"{prefix}__authority_id", organization_field=f"{prefix}_id")


class ScopedQuerySet(models.QuerySet):
    """Rows tied to one organization through ``scope_prefix``; visible as accounts.jurisdiction says."""

    scope_prefix = "organization"

    def visible_to(self, user):
        """Staff see their jurisdiction, an organization user its own organization's rows, others nothing."""
        return self.filter(organization_scope(user, self.scope_prefix))


@dataclass
class PublicSection:
    """A section of the public organization page (portal.sections reads title, template, context, order; supervision
    does not import the portal, so the shape is declared here once for every sub-domain)."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


# --- who may act -------------------------------------------------------------------------------------------

NOT_FOUND = ("NOT-FOUND", None, "未找到该记录", "not found")


def not_found() -> RuleViolation:
    return RuleViolation.one(*NOT_FOUND, status=404)


def deny_outside(actor, org) -> None:
    if not may_act_for_division(actor, org.authority_id):
        raise RuleViolation.one("JURISDICTION", "organization", "超出本机关管辖范围，无权办理",
                                "outside your jurisdiction: you may not act for this organization's registering "
                                "authority", status=403, value=org.authority_id)


def user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def is_own_org_user(actor, org) -> bool:
    return bool(actor and actor.is_authenticated and getattr(actor, "is_org_user", False)
                and actor.organization_id_bound == org.pk)


def deny_unless_staff_for(actor, authority_code: str) -> None:
    if not may_act_for_division(actor, authority_code):
        raise RuleViolation.one("JURISDICTION", None, "超出本机关管辖范围，或无权办理此事项",
               "outside your jurisdiction, or you may not do this", status=403, value=authority_code)


def deny_unless_org_or_staff(actor, org) -> None:
    """The organization's own user, or an officer over its registering authority (acting on its behalf)."""
    if is_own_org_user(actor, org):
        return
    deny_unless_staff_for(actor, org.authority_id)


# --- typed readings of per-jurisdiction settings (divisions.policy.SettingValue.value is any JSON value) ------

def whole_number(value: SettingValue) -> int:
    """A setting holding a whole number (years, days, megabytes, people)."""
    return int(cast(int, value.value))


def by_type(value: SettingValue) -> dict:
    """A setting holding one value per organization type (or per other key)."""
    return cast(dict, value.value or {})


def listed(value: SettingValue) -> list:
    """A setting holding a list (organization types, a [min, max] pair)."""
    return list(cast(list, value.value or []))


def explain_item(value: SettingValue, item: str) -> str:
    """Like SettingValue.explanation, for the one entry of a per-type setting that a decision used."""
    where = "默认值 / national default" if value.source == "default" else f"{value.source} 设定 / set by {value.source}"
    return f"{value.key}[{item}] = {by_type(value).get(item)} ({where})"


# --- refusals -----------------------------------------------------------------------------------------------

def renamed_fields(violation: RuleViolation, names: dict) -> RuleViolation:
    """A registry refusal with its field names mapped onto this service's input."""
    problems = [Refusal(p.code, names.get(p.field, p.field), p.zh, p.en, p.row, p.value) for p in violation.problems]
    return RuleViolation(problems, status=violation.status)
