"""Public search over the register: names (current and former), pinyin, initials, traditional characters, USCC.

Ranking is by tier, exact > prefix > substring > pinyin, and every tier is a bounded index lookup:

* exact and prefix: B-tree range on the simplified name;
* substring: the name's character bigrams form one token stream, so a query of n characters is the phrase of
  its n-1 bigrams (one character: the unigram) — FTS5 on SQLite, a GIN tsvector on PostgreSQL;
* pinyin: B-tree prefix on the full pinyin and on the initials (names that begin with it), then, inside a
  name, the same token stream: each name's toneless syllables and syllable bigrams (``qqp`` + syllable(s)) and
  its initials' 2- and 3-grams (``qqi`` + letters). A pinyin query is cut into syllables (every reading, the
  last syllable may be unfinished) and becomes a phrase of syllable bigrams; initials become one 2/3-gram or a
  phrase of 3-grams;
* several words (split on spaces): every word must match, one AND query over the same token stream;
* USCC / filing number: exact, then B-tree prefix.

``as_of`` (in :class:`Filters`) keeps the organizations founded by that day, filters status as of that day and
shows each result as it stood (:meth:`registry.models.Organization.as_it_stood`).

The index (``SearchEntry``) is derived from the organizations and rebuilt by :func:`index_organizations`.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

import opencc
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from divisions.models import subtree_q

from .models import Organization, OrganizationVersion, SearchEntry

SEPARATOR = "qqsep"  # between sequences in the token stream, so a phrase never spans two names
GRAM_SIZES = (2, 3, 4)
PINYIN_MARK = "qqp"  # syllable tokens: qqp + one syllable, qqp + two consecutive syllables
INITIALS_MARK = "qqi"  # initials tokens: qqi + 2 or 3 consecutive initials
INITIAL_SIZES = (2, 3)
MAX_SEGMENTATIONS = 4
TIERS = ("exact", "prefix", "substring", "pinyin", "words", "code")
_CODE = re.compile(r"^[0-9A-Z]{2,32}$")
_LATIN = re.compile(r"^[a-z]+$")
_t2s = opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified, half-width, without spaces: the form both names and queries are compared in."""
    text = unicodedata.normalize("NFKC", text or "")
    return _t2s.convert("".join(text.split()))


def _cjk_or_alnum(text: str) -> list[str]:
    return [c.lower() for c in text if c.isalnum()]


def _grams(chars: list[str], size: int) -> list[str]:
    return ["".join(chars[i:i + size]) for i in range(len(chars) - size + 1)]


def tokens_for(names: list[str]) -> str:
    """The token stream: for each name its bigram, trigram and 4-gram sequences in order, separated so that
    no phrase spans two sequences; then its distinct characters.

    SQLite answers any substring as a phrase of bigrams. PostgreSQL answers 1–4 characters with one token
    (its planner estimates a single token well and streams common ones) and longer text as a phrase of 4-grams.
    """
    stream: list[str] = []
    unigrams: dict[str, None] = {}

    def sequence(grams):
        if grams:
            if stream:
                stream.append(SEPARATOR)
            stream.extend(grams)

    for name in names:
        normalized = normalize(name)
        chars = _cjk_or_alnum(normalized)
        for size in GRAM_SIZES:
            sequence(_grams(chars, size))
        unigrams.update(dict.fromkeys(chars))
        parts = [s for s in syllables(normalized) if s.isascii() and s.isalnum()]
        sequence([PINYIN_MARK + s for s in parts])
        sequence([PINYIN_MARK + a + b for a, b in zip(parts, parts[1:], strict=False)])
        initials = [s[0] for s in parts]
        for size in INITIAL_SIZES:
            sequence([INITIALS_MARK + g for g in _grams(initials, size)])
    return " ".join(stream + list(unigrams))


def _toneless(marked: str) -> str:
    decomposed = unicodedata.normalize("NFD", marked).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _char_pinyin(char: str) -> str | None:
    readings = PINYIN_DICT.get(ord(char))
    return _toneless(readings.split(",")[0]) if readings else None


_PHRASES_SEEN: dict[str, tuple[str, ...] | None] = {}


def _phrase_pinyin(phrase: str) -> tuple[str, ...] | None:
    """The phrase's toneless syllables when the dictionary has it. Only dictionary phrases are remembered:
    most lookups are arbitrary substrings that miss, and a miss costs one dict lookup anyway (caching misses
    grew an index build's memory by a hundred megabytes per process)."""
    readings = PHRASES_DICT.get(phrase)
    if not readings:
        return None
    if phrase not in _PHRASES_SEEN:
        _PHRASES_SEEN[phrase] = tuple(_toneless(r[0]) for r in readings) if len(readings) == len(phrase) else None
    return _PHRASES_SEEN[phrase]


def syllables(text: str, longest: int = 4) -> list[str]:
    """Toneless pinyin syllables by forward maximum matching over pypinyin's phrase dictionary.

    About ten times faster than ``pypinyin.lazy_pinyin`` (which matters when indexing a million names) and
    phrase-aware for the polyphones that matter in names (重庆 chongqing, 六安 lu'an, 银行 yinhang).
    Letters and digits pass through one character at a time.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        single = _char_pinyin(text[i])
        if single is None:
            if text[i].isalnum():
                out.append(text[i].lower())
            i += 1
            continue
        for size in range(min(longest, n - i), 1, -1):
            phrase = _phrase_pinyin(text[i:i + size])
            if phrase:
                out.extend(phrase)
                i += size
                break
        else:
            out.append(single)
            i += 1
    return out


def pinyin_of(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, without tones or spaces."""
    return _pinyin_of_normalized(normalize(name))


def _pinyin_of_normalized(name: str) -> tuple[str, str]:
    parts = syllables(name)
    return "".join(parts)[:600], "".join(s[0] for s in parts)[:200]


def entry_values(*, name: str, former_names: str, org_type: str, level: str, status: str,
                 authority_id: str) -> dict:
    """The search entry of one organization as column values: the one definition of an entry (the import
    writes these values in bulk without building model instances)."""
    names = [name] + [n for n in former_names.splitlines() if n]
    normalized = normalize(name)
    full, initials = _pinyin_of_normalized(normalized)
    return {"name": normalized, "former_names": "\n".join(normalize(n) for n in names[1:]), "pinyin": full,
            "initials": initials, "tokens": tokens_for(names), "org_type": org_type, "level": level,
            "status": status, "authority_id": authority_id}


def entry_for(org: Organization) -> SearchEntry:
    return SearchEntry(organization_id=org.pk, **entry_values(
        name=org.name, former_names=org.former_names, org_type=org.org_type, level=org.level, status=org.status,
        authority_id=org.authority_id))


def index_organizations(ids=None, batch: int = 2000, progress=None) -> int:
    """(Re)build the entries of the given organizations, or of all of them when ``ids`` is None (the whole
    index is then dropped first and rebuilt by bulk inserts). Returns how many were indexed."""
    qs = Organization.objects.order_by("pk").only(
        "pk", "name", "former_names", "org_type", "level", "status", "authority_id")
    if ids is None:
        SearchEntry.objects.all().delete()
        pages = _keyset_pages(qs, batch)
    else:
        ids = list(ids)
        pages = (list(qs.filter(pk__in=ids[i:i + batch])) for i in range(0, len(ids), batch))
    done = 0
    for page in pages:
        entries = [entry_for(org) for org in page]
        if ids is not None:
            SearchEntry.objects.filter(pk__in=[e.organization_id for e in entries]).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=batch)
        done += len(entries)
        if progress:
            progress(len(entries))
    return done


def _keyset_pages(qs, batch: int):
    last = 0
    while page := list(qs.filter(pk__gt=last)[:batch]):
        yield page
        last = page[-1].pk


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
    as_of: date | None = None


def _entries(filters: Filters, scope: Q | None):
    qs = SearchEntry.objects.all()
    for column in ("org_type", "level"):
        if getattr(filters, column):
            qs = qs.filter(**{column: getattr(filters, column)})
    if filters.as_of is not None:
        qs = qs.filter(organization__founded_on__lte=filters.as_of)
        if filters.status:
            # The status of the version in force that day, not today's.
            qs = qs.filter(Exists(OrganizationVersion.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=filters.as_of), organization_id=OuterRef("organization_id"),
                valid_from__lte=filters.as_of, status=filters.status)))
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.division:
        qs = qs.filter(subtree_q("authority_id", filters.division))
    if scope is not None:
        qs = qs.filter(scope)
    return qs


def _prefix(field: str, value: str) -> Q:
    """Left-anchored match as a B-tree range. The columns compare byte-wise (SQLite BINARY, PostgreSQL
    COLLATE "C", migration 0004), so a prefix is one contiguous range, read in index order."""
    return Q(**{f"{field}__gte": value, f"{field}__lt": value + "\U0010ffff"})


# --- full-text expressions over the token stream -------------------------------------------------------
# A tiny tree rendered for either engine: ("phrase", tokens, last_is_prefix), ("or", [...]), ("and", [...]).

def _phrase(tokens: list[str], prefix: bool = False):
    return ("phrase", tokens, prefix)


def _text_clause(chars: list[str]):
    """A substring of a name: one gram or a phrase of grams (bigrams on SQLite, up to 4-grams on PostgreSQL)."""
    if connection.vendor == "postgresql":
        return _phrase(_grams(chars, min(len(chars), GRAM_SIZES[-1])))
    return _phrase(_grams(chars, 2) or chars)


@cache
def _pinyin_syllables() -> frozenset[str]:
    found = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            toneless = _toneless(reading)
            # Without the interjections m, n, ng, hm, hng: as syllables of a query they only add noise.
            if toneless.isascii() and toneless.isalpha() and any(v in toneless for v in "aeiouv"):
                found.add(toneless)
    return frozenset(found)


@cache
def _syllable_starts() -> frozenset[str]:
    return frozenset(s[:i] for s in _pinyin_syllables() for i in range(1, len(s) + 1))


def segmentations(text: str, limit: int = MAX_SEGMENTATIONS) -> list[tuple[list[str], str]]:
    """Ways to read ``text`` as pinyin syllables, fewest syllables first: (whole syllables, unfinished last
    syllable or ''). 'xian' is both xian and xi+an; 'kangf' is kang + f…"""
    known, starts = _pinyin_syllables(), _syllable_starts()
    n = len(text)

    @cache
    def tails(i: int) -> tuple[tuple[tuple[str, ...], str], ...]:
        if i == n:
            return (((), ""),)
        out: list[tuple[tuple[str, ...], str]] = []
        if i and text[i:] in starts:
            out.append(((), text[i:]))  # the last syllable, perhaps still being typed
        for j in range(min(n, i + 6), i, -1):
            if text[i:j] in known:
                out.extend(((text[i:j],) + rest, tail) for rest, tail in tails(j))
        return tuple(sorted(out, key=lambda r: (len(r[0]), r[1] != ""))[:limit])

    return [(list(whole), tail) for whole, tail in tails(0)]


def _pinyin_clause(word: str):
    """A pinyin word anywhere in a name, from a syllable start: each complete reading of it as syllables; when
    there is none, the best reading whose last syllable is still being typed ('kangf'). A prefix term inside a
    phrase is the costliest query on PostgreSQL (tens of ms on common syllables), so a word that reads as whole
    syllables is taken as typed ('kangfuxi' is kang-fu-xi, not kang-fu-xie…)."""
    options, typing = [], None
    for whole, tail in segmentations(word):
        if not whole:
            continue  # one unfinished syllable ('zh'): far too common inside names; the prefix tiers answer it
        if tail:
            if typing is None:
                tokens = [PINYIN_MARK + a + b for a, b in zip(whole, whole[1:], strict=False)]
                typing = _phrase(tokens + [PINYIN_MARK + whole[-1] + tail], prefix=True)
        elif len(whole) == 1:
            options.append(_phrase([PINYIN_MARK + whole[0]]))
        else:
            options.append(_phrase([PINYIN_MARK + a + b for a, b in zip(whole, whole[1:], strict=False)]))
    return options or ([typing] if typing else [])


def _initials_clause(word: str, as_pinyin: bool):
    """Initials: one 2/3-gram token or a phrase of 3-grams. A word of more than six letters that reads as whole
    pinyin syllables is taken as pinyin only."""
    if len(word) < INITIAL_SIZES[0] or (as_pinyin and len(word) > 6):
        return []
    size = min(len(word), INITIAL_SIZES[-1])
    return [_phrase([INITIALS_MARK + g for g in _grams(list(word), size)])]


def _word_clause(word: str):
    """One word of the query: its characters as a substring; a Latin word also as pinyin or initials."""
    chars = _cjk_or_alnum(word)
    if not chars:
        return None
    options = [_text_clause(chars)]
    if _LATIN.match(word):
        pinyin = _pinyin_clause(word)
        options += pinyin + _initials_clause(word, as_pinyin=any(not p[2] for p in pinyin))
    return options[0] if len(options) == 1 else ("or", options)


def _render(node) -> str:
    kind = node[0]
    postgres = connection.vendor == "postgresql"
    if kind == "phrase":
        _, tokens, prefix = node
        if postgres:
            quoted = [f"'{t}'" for t in tokens]
            if prefix:
                quoted[-1] += ":*"
            return "(" + " <-> ".join(quoted) + ")"
        return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")
    joiner = {("or", True): " | ", ("and", True): " & ", ("or", False): " OR ", ("and", False): " AND "}
    return "(" + joiner[kind, postgres].join(_render(child) for child in node[1]) + ")"


def _matching(qs, node):
    """Entries whose token stream matches ``node``: FTS5 on SQLite, the GIN tsvector on PostgreSQL."""
    if node is None:
        return None
    expression = _render(node)
    if connection.vendor == "postgresql":
        # No ORDER BY: PostgreSQL then streams matches (a sequential scan stops after one page for a common
        # token; a rare one is a small bitmap) instead of sorting every match of a one-character query.
        return qs.extra(where=["registry_searchentry.tsv @@ to_tsquery('simple', %s)"], params=[expression])
    # Join the FTS5 table and order by its rowid: FTS5 then streams matches in rowid order and stops at the
    # LIMIT, instead of materializing every match of a common character.
    return qs.extra(tables=["registry_search_fts"],
                    where=["registry_search_fts.rowid = registry_searchentry.organization_id",
                           "registry_search_fts MATCH %s"],
                    params=[expression], order_by=["registry_search_fts.rowid"])


def _substring(qs, text: str):
    chars = _cjk_or_alnum(text)
    return _matching(qs, _text_clause(chars)) if chars else None


def query_words(q: str) -> list[str]:
    """The words of a query (split on spaces, each normalized), without empties and repeats."""
    words = [normalize(w) for w in unicodedata.normalize("NFKC", q or "").split()]
    return list(dict.fromkeys(w for w in words if w))


def search_ids(q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0,
               scope: Q | None = None) -> list[tuple[int, str]]:
    """Ranked (organization id, tier) pairs for ``q``, at most ``limit`` after skipping ``offset``.

    ``scope`` restricts the candidates (a Q over SearchEntry, e.g. from accounts.jurisdiction.scope_q);
    None searches the whole public register.
    """
    words = query_words(q)
    if not words:
        return []
    want = offset + limit
    found: dict[int, str] = {}
    base = _entries(filters, scope)

    def take(tier: str, qs):
        if qs is None or len(found) >= want:
            return
        for org_id in qs.values_list("organization_id", flat=True)[:want]:
            if org_id not in found:
                found[org_id] = tier
                if len(found) >= want:
                    break

    if len(words) > 1:
        clauses = [_word_clause(w.lower()) for w in words]
        take("words", _matching(base, ("and", [c for c in clauses if c is not None])))
        return list(found.items())[offset:want]
    text = words[0]
    code = text.upper()
    if _CODE.match(code) and any(c.isdigit() for c in code):
        take("code", base.filter(organization__uscc=code))
        take("code", base.filter(organization__filing_number=code))
        take("code", base.filter(_prefix("organization__uscc", code)).order_by("organization__uscc"))
        take("code", base.filter(_prefix("organization__filing_number", code))
             .order_by("organization__filing_number"))
    latin = text.lower()
    if not _LATIN.match(latin):
        take("exact", base.filter(name=text))
        take("prefix", base.filter(_prefix("name", text)).order_by("name"))
        take("substring", _substring(base, text))
    else:
        take("pinyin", base.filter(_prefix("pinyin", latin)).order_by("pinyin"))
        take("pinyin", base.filter(_prefix("initials", latin)).order_by("initials"))
        take("pinyin", _matching(base, _word_clause(latin)))
    return list(found.items())[offset:want]


def search(q: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0,
           scope: Q | None = None) -> list[Organization]:
    """Organizations for ``q`` in rank order, each with ``match_tier`` set (as they stood on ``filters.as_of``
    when given)."""
    ranked = search_ids(q, filters, limit, offset, scope)
    qs = Organization.objects.select_related("authority")
    if filters.as_of is not None:
        qs = qs.as_of(filters.as_of)
    orgs = qs.in_bulk([i for i, _ in ranked])
    result = []
    for org_id, tier in ranked:
        org = orgs[org_id]
        if filters.as_of is not None:
            org = org.as_it_stood(filters.as_of)
        org.match_tier = tier
        result.append(org)
    return result
