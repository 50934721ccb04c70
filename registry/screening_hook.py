"""Name screening before registration: an extension point of the register, filled by credit.

The register cannot import credit (layers), yet the registration form, the registration API and every import must
screen a new name against the register (the same authority and nationwide, former names included), the
suspected-illegal list with its aliases and the serious list *before* the officer confirms. Credit registers its
screener here from ``CreditConfig.ready()`` (:func:`register_name_screen`); without one, nothing is screened.

A screener is called as ``screen(name, *, authority=None, exclude_code="", register=True)`` and returns the
candidates that reach the screening threshold, best first, each a dict with at least ``source`` (register,
former_name, illegal, serious), ``name``, ``matched_name``, ``score``, ``features``, ``explanation_zh`` and
``explanation_en``. It never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from common.errors import Refusal, RuleViolation

name_screens: list = []
batch_screens: dict = {}  # screen → its batch form, called as ``batch(items, register=...)``


def register_name_screen(screen, batch=None):
    """Add ``screen`` to :data:`name_screens` once (idempotent, so ``ready()`` may run twice). ``batch``, if
    given, screens a list of (name, authority, exclude_code) at once and returns one list of hits per item
    (imports use it, so that the lists are read once per batch)."""
    if screen not in name_screens:
        name_screens.append(screen)
    if batch is not None:
        batch_screens[screen] = batch
    return screen


def screen_names(items: list[tuple[str, str | None, str]], *, register: bool = True) -> list[list]:
    """Hits for each (name, authority, exclude_code) of ``items``, best first."""
    found: list[list] = [[] for _ in items]
    for screen in name_screens:
        batch = batch_screens.get(screen)
        if batch is not None:
            answers = batch(items, register=register)
        else:
            answers = [screen(n, authority=a, exclude_code=x, register=register) for n, a, x in items]
        for hits, more in zip(found, answers, strict=True):
            hits.extend(more)
    for hits in found:
        hits.sort(key=lambda h: -h["score"])
    return found


def screen_name(name: str, *, authority: str | None = None, exclude_code: str = "", register: bool = True) -> list:
    """Every registered screener's hits for ``name``, best first."""
    hits: list = []
    for screen in name_screens:
        hits.extend(screen(name, authority=authority, exclude_code=exclude_code, register=register))
    hits.sort(key=lambda h: -h["score"])
    return hits


SOURCE_LABELS = {
    "register": ("登记簿", "register"), "former_name": ("曾用名", "former name"),
    "illegal": ("涉嫌非法社会组织名单", "suspected illegal organizations"),
    "serious": ("严重违法失信名单", "serious dishonesty list"),
}


def summary(hits: list, limit: int = 3) -> tuple[str, str]:
    """One line per language naming the best candidates with their scores and sources (import warnings)."""
    zh, en = [], []
    for hit in hits[:limit]:
        label_zh, label_en = SOURCE_LABELS.get(hit["source"], (hit["source"], hit["source"]))
        matched = hit["matched_name"] if hit["matched_name"] != hit["name"] else hit["name"]
        zh.append(f"{matched}（{label_zh}，相似度 {hit['score']:.2f}）")
        en.append(f"{matched} ({label_en}, score {hit['score']:.2f})")
    return "；".join(zh), "; ".join(en)


def audited(hits: list) -> list[dict]:
    """The hits as the audit trail keeps them."""
    return [{"source": h["source"], "name": h["name"], "matched_name": h["matched_name"], "score": h["score"],
             "code": h.get("code", "")} for h in hits]


@dataclass
class ScreeningHits(RuleViolation):
    """A refusal that carries the screening hits, so the page and the API can show them next to the refusal."""

    hits: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "screening": self.hits}


def hit_refusal(hits: list) -> ScreeningHits:
    zh, en = summary(hits)
    return ScreeningHits([Refusal(
        "NAME-SCREEN-HIT", "name",
        f"名称与已登记或已公布的名称相同或近似：{zh}。请核对；如仍需登记，请确认并说明理由",
        f"the name is the same as or looks like a registered or published name: {en}. Check it; to register "
        "anyway, confirm and give a reason")], status=409, hits=hits)


def reason_refusal(hits: list) -> ScreeningHits:
    return ScreeningHits([Refusal(
        "NAME-SCREEN-REASON", "screening_reason", "确认登记与近似名称并存时必须说明理由",
        "a reason is required to confirm a registration over a name-screening hit")], status=400, hits=hits)


__all__ = ["register_name_screen", "screen_name", "screen_names", "ScreeningHits", "summary", "audited", "hit_refusal",
           "reason_refusal", "SOURCE_LABELS"]
