"""Credit's check for supervision's rating eligibility (the inversion of DESIGN.md): supervision declares the list
``rating_checks``; credit registers "not on the abnormal or serious list on that date" from its ready()."""

from datetime import date

from . import rules
from .policy import policy_for
from .sweep import derive_for


def not_on_a_credit_list(org, on: date):
    """CREDIT-ELIG-LISTED: an organization on either list on ``on`` may not apply for evaluation (DOMAIN §3.7: the
    2021 national rules exclude listed organizations; Order 60's punitive measures)."""
    from common.errors import Refusal

    derivation = derive_for([org], on)[org.pk]
    listed = [e for e in (derivation.current(rules.ABNORMAL), derivation.current(rules.SERIOUS)) if e is not None]
    if not listed:
        return None
    policy = policy_for(org.authority_id)
    zh, en, settings = [], [], []
    for entry in listed:
        name_zh, name_en = rules.LIST_NAMES[entry.list]
        why_zh, why_en = rules.explain(entry, derivation, policy)
        zh.append(f"{on} 在{name_zh}中（{entry.start} 列入，依据 {'、'.join(entry.rules)}）。{why_zh}")
        en.append(f"on the {name_en} on {on} (since {entry.start}, {', '.join(entry.rules)}). {why_en}")
        settings += rules.settings_cited(entry)
    return Refusal("CREDIT-ELIG-LISTED", None, "\n".join(zh), "\n".join(en),
                   facts={"lists": [e.list for e in listed], "since": listed[0].start,
                    "rules": sorted({r for e in listed for r in e.rules})}, settings=tuple(dict.fromkeys(settings)))
