"""Public search over the register: names (current and former), pinyin, initials, traditional characters, USCC.

Ranking is by tier, exact > prefix > substring > pinyin, and every tier is a bounded index lookup:

* exact and prefix: B-tree range on the simplified name;
* substring: the name's character bigrams form one token stream, so a query of n characters is the phrase of
  its n-1 bigrams (one character: the unigram) — FTS5 on SQLite, a GIN tsvector on PostgreSQL;
* pinyin: B-tree prefix on the full pinyin and on the initials;
* USCC / filing number: exact, then B-tree prefix.

The index (``SearchEntry``) is derived from the organizations and rebuilt by :func:`index_organizations`.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from django.db import connection
from pypinyin import Style, lazy_pinyin

from divisions.models import subtree_prefix

from .models import Organization, SearchEntry

SEPARATOR = "qqsep"  # between names in the token stream, so a phrase never spans two names
TIERS = ("exact", "prefix", "substring", "pinyin", "code")
_CODE = re.compile(r"^[0-9A-Z]{2,32}$")
_LATIN = re.compile(r"^[a-z]+$")
_t2s = opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified, half-width, without spaces: the form both names and queries are compared in."""
    text = unicodedata.normalize("NFKC", text or "")
    return _t2s.convert("".join(text.split()))


def _cjk_or_alnum(text: str) -> list[str]:
    return [c.lower() for c in text if c.isalnum()]


def tokens_for(names: list[str]) -> str:
    """The token stream: each name's bigrams in order, separated; then its distinct characters."""
    stream: list[str] = []
    unigrams: dict[str, None] = {}
    for name in names:
        chars = _cjk_or_alnum(normalize(name))
        if stream:
            stream.append(SEPARATOR)
        stream.extend(a + b for a, b in zip(chars, chars[1:], strict=False))
        unigrams.update(dict.fromkeys(chars))
    return " ".join(stream + list(unigrams))


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, without tones or spaces."""
    syllables = lazy_pinyin(normalize(name), style=Style.NORMAL, errors=lambda chunk: _cjk_or_alnum(chunk))
    syllables = [s for s in syllables if s and s.isalnum()]
    return "".join(syllables)[:600], "".join(s[0] for s in syllables)[:200]


def entry_for(org: Organization) -> SearchEntry:
    names = [org.name] + [n for n in org.former_names.splitlines() if n]
    full, initials = pinyin_of(org.name)
    return SearchEntry(
        organization_id=org.pk, name=normalize(org.name), former_names="\n".join(normalize(n) for n in names[1:]),
        pinyin=full, initials=initials, tokens=tokens_for(names), org_type=org.org_type, level=org.level,
        status=org.status, authority_id=org.authority_id,
    )


def index_organizations(ids=None, batch: int = 2000, progress=None) -> int:
    """(Re)build the entries of the given organizations (all when ``ids`` is None). Returns how many."""
    qs = Organization.objects.order_by("pk").only(
        "pk", "name", "former_names", "org_type", "level", "status", "authority_id")
    if ids is not None:
        ids = list(ids)
    done, last = 0, 0
    while True:
        page_qs = qs.filter(pk__gt=last)
        if ids is not None:
            chunk = ids[done:done + batch]
            if not chunk:
                break
            page = list(qs.filter(pk__in=chunk))
        else:
            page = list(page_qs[:batch])
            if not page:
                break
        entries = [entry_for(org) for org in page]
        SearchEntry.objects.filter(pk__in=[e.organization_id for e in entries]).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=batch)
        done += len(page) if ids is None else len(chunk)
        last = page[-1].pk
        if progress:
            progress(len(page))
    return done


def index_organization(org: Organization) -> None:
    entry = entry_for(org)
    SearchEntry.objects.filter(pk=org.pk).delete()
    entry.save(force_insert=True)


@dataclass(frozen=True)
class Filters:
    org_type: str | None = None
    level: str | None = None
    status: str | None = None
    division: str | None = None

    def sql(self, alias: str) -> tuple[str, list]:
        clauses, params = [], []
        for column in ("org_type", "level", "status"):
            value = getattr(self, column)
            if value:
                clauses.append(f"{alias}.{column} = %s")
                params.append(value)
        if self.division:
            prefix = subtree_prefix(self.division)
            if len(prefix) == 6:
                clauses.append(f"{alias}.authority_id = %s")
                params.append(self.division)
            elif prefix:
                upper = str(int(prefix) + 1).zfill(len(prefix))
                clauses.append(f"{alias}.authority_id >= %s AND {alias}.authority_id < %s")
                params += [prefix.ljust(6, "0"), upper.ljust(6, "0")]
        return "".join(f" AND {c}" for c in clauses), params


def _prefix_clause(column: str, value: str) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{column} LIKE %s", [escaped + "%"]
    return f"{column} >= %s AND {column} < %s", [value, value + "\U0010ffff"]


def _fts_query(q: str) -> tuple[str, str] | None:
    chars = _cjk_or_alnum(q)
    if not chars:
        return None
    grams = [a + b for a, b in zip(chars, chars[1:], strict=False)] or chars
    if connection.vendor == "postgresql":
        return ("s.tsv @@ to_tsquery('simple', %s)", " <-> ".join(f"'{g}'" for g in grams))
    return ("s.organization_id IN (SELECT rowid FROM registry_search_fts WHERE registry_search_fts MATCH %s)",
            '"' + " ".join(grams) + '"')


def _ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search_ids(q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[tuple[int, str]]:
    """Ranked (organization id, tier) pairs for ``q``, at most ``limit`` after skipping ``offset``."""
    text = normalize(q)
    if not text:
        return []
    want = offset + limit
    found: dict[int, str] = {}
    where, fparams = filters.sql("s")

    def take(tier: str, sql: str, params: list):
        if len(found) >= want:
            return
        for org_id in _ids(sql + f" LIMIT {want}", params):
            if org_id not in found:
                found[org_id] = tier
                if len(found) >= want:
                    break

    code = text.upper()
    if _CODE.match(code) and any(c.isdigit() for c in code):
        clause, params = _prefix_clause("o.uscc", code)
        take("code", "SELECT o.id FROM registry_organization o JOIN registry_searchentry s ON s.organization_id = o.id "
             f"WHERE (o.uscc = %s OR o.filing_number = %s){where}", [code, code] + fparams)
        take("code", "SELECT o.id FROM registry_organization o JOIN registry_searchentry s ON s.organization_id = o.id "
             f"WHERE {clause}{where} ORDER BY o.uscc", params + fparams)
    latin = text.lower()
    if not _LATIN.match(latin):
        take("exact", f"SELECT s.organization_id FROM registry_searchentry s WHERE s.name = %s{where}",
             [text] + fparams)
        clause, params = _prefix_clause("s.name", text)
        take("prefix", f"SELECT s.organization_id FROM registry_searchentry s WHERE {clause}{where} ORDER BY s.name",
             params + fparams)
        fts = _fts_query(text)
        if fts:
            take("substring", f"SELECT s.organization_id FROM registry_searchentry s WHERE {fts[0]}{where} "
                 "ORDER BY s.organization_id", [fts[1]] + fparams)
    else:
        for column in ("pinyin", "initials"):
            clause, params = _prefix_clause(f"s.{column}", latin)
            take("pinyin", f"SELECT s.organization_id FROM registry_searchentry s WHERE {clause}{where} "
                 f"ORDER BY s.{column}", params + fparams)
    ranked = list(found.items())
    return ranked[offset:want]


def search(q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> list[Organization]:
    """Organizations for ``q`` in rank order, each with ``match_tier`` set."""
    ranked = search_ids(q, filters, limit, offset)
    orgs = Organization.objects.select_related("authority").in_bulk([i for i, _ in ranked])
    result = []
    for org_id, tier in ranked:
        org = orgs[org_id]
        org.match_tier = tier
        result.append(org)
    return result
