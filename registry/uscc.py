"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of social organizations.

python-stdnum computes the final check character; the social-organization parts (DOMAIN §2) are ours:
department 5 (民政), a category that matches the type, a registering-authority division code that existed
at some time, and the GB 11714 organization-code check at position 17, which uses a *different*
letter table from the final check (A=10 … Z=35).
"""

from collections.abc import Callable

from stdnum.cn import uscc as stdnum_uscc

from common.errors import Refusal

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CATEGORY_BY_TYPE = {"social_group": "1", "social_service_agency": "2", "foundation": "3"}
TYPE_BY_CATEGORY = {v: k for k, v in CATEGORY_BY_TYPE.items()}
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _problem(code: str, zh: str, en: str, value: str) -> Refusal:
    return Refusal(code, "uscc", zh, en, value=value)


def gb11714_check_char(body: str) -> str:
    """The organization-code check character for the 8-character body (GB 11714-1997)."""
    total = 0
    for char, weight in zip(body, _GB11714_WEIGHTS, strict=True):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


_VALUES = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # GB 32100: W[i] = 3^(i-1) mod 31


def final_check_char(first17: str) -> str:
    """The GB 32100 check character, as python-stdnum's calc_check_digit computes it (a test compares the two
    on random codes). Table-driven, because a national import checks a million codes: about 10x faster."""
    try:
        total = sum(_VALUES[c] * w for c, w in zip(first17, _WEIGHTS, strict=False))
    except KeyError:
        return stdnum_uscc.calc_check_digit(first17)  # stdnum's own error for a character outside the alphabet
    return ALPHABET[-total % 31]


def make_uscc(category: str, region: str, org_body: str) -> str:
    """Assemble a valid code from category ('1'..'3','9'), the authority's region and an 8-char body."""
    first17 = "5" + category + region + org_body + gb11714_check_char(org_body)
    return first17 + final_check_char(first17)


def check_code_characters(code: str) -> list[Refusal]:
    """Shape and final check character only (what every GB 32100 code must satisfy)."""
    if len(code) != 18:
        return [_problem("USCC-LENGTH", f"统一社会信用代码应为18位，实为{len(code)}位",
                         f"a unified social credit code has 18 characters, this has {len(code)}", code)]
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return [_problem("USCC-CHARSET", f"含有不允许的字符：{''.join(bad)}（不得使用 I、O、S、V、Z 和小写字母）",
                         f"contains characters not allowed: {''.join(bad)} (I, O, S, V, Z and lower case are excluded)",
                         code)]
    expected = final_check_char(code[:17])
    if code[17] != expected:
        return [_problem("USCC-CHECK", f"校验码错误：第18位应为 {expected}，实为 {code[17]}",
                         f"wrong check character: position 18 should be {expected}, not {code[17]}", code)]
    return []


def check_social_org_uscc(code: str, org_type: str | None, division_exists: Callable[[str], bool]) -> list[Refusal]:
    """Every problem with ``code`` as the USCC of a social organization of ``org_type``.

    ``division_exists(code)`` answers whether a six-digit code was ever a GB/T 2260 code (or is national).
    """
    from django.conf import settings

    code = (code or "").strip()
    problems = check_code_characters(code)
    if problems:
        return problems
    if code[0] != "5":
        problems.append(_problem("USCC-DEPT", f"登记管理部门码不是民政（5），实为 {code[0]}",
                                 f"registration department is not civil affairs (5): found {code[0]}", code))
        return problems
    category = code[1]
    if category not in ("1", "2", "3", "9"):
        problems.append(_problem("USCC-CATEGORY", f"机构类别码 {category} 不是民政类别（1 社会团体、2 民办非企业单位、3 基金会、9 其他）",
                                 f"institution category {category} is not a civil-affairs category "
                                 "(1 social group, 2 social service agency, 3 foundation, 9 other)", code))
    elif org_type is not None:
        allowed_9 = settings.SOCORG["USCC_CATEGORY_9_TYPES"]
        if category == "9":
            if org_type not in allowed_9:
                problems.append(_problem("USCC-CATEGORY-TYPE", "类别码 9（其他）不适用于此类型（设置 USCC_CATEGORY_9_TYPES）",
                                         "category 9 (other) is not allowed for this type (setting USCC_CATEGORY_9_TYPES)",
                                         code))
        elif CATEGORY_BY_TYPE.get(org_type) != category:
            expected = CATEGORY_BY_TYPE.get(org_type, "?")
            problems.append(_problem("USCC-CATEGORY-TYPE",
                                     f"机构类别码 {category} 与组织类型不符：应为 {expected}",
                                     f"institution category {category} does not match the organization type: "
                                     f"expected {expected}", code))
    region = code[2:8]
    if not division_exists(region):
        problems.append(_problem("USCC-REGION", f"第3–8位 {region} 不是任何时期的行政区划代码，也不是全国（100000）",
                                 f"positions 3–8 ({region}) are not a division code of any year, nor national (100000)",
                                 code))
    body, check = code[8:16], code[16]
    if any(c not in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in body):
        problems.append(_problem("USCC-ORGCODE", "主体标识码含非法字符", "the organization code has invalid characters", code))
    else:
        expected = gb11714_check_char(body)
        if check != expected:
            problems.append(_problem("USCC-ORGCODE", f"组织机构代码（第9–17位）校验错误：第17位应为 {expected}，实为 {check}",
                                     f"organization code (positions 9–17) fails the GB 11714 check: position 17 "
                                     f"should be {expected}, not {check}", code))
    return problems


LOOKUP_MAX = 32  # the longest code an organization can have (a filing number, registry.models.Organization)


def lookup_problems(code: str) -> list[Refusal]:
    """Why ``code``, which found no organization, cannot be a USCC or filing number at all (empty when it is
    well-formed and simply unknown). Asked only after the lookup missed: filing numbers from imported registers
    are free text, so a code is judged malformed only where no organization code could take that shape — 18
    characters failing the GB 32100 checks, a near-18 run of USCC characters, or longer than any code."""
    code = (code or "").strip().upper()
    if len(code) > LOOKUP_MAX:
        return [Refusal("CODE-LENGTH", "code", f"代码过长（{len(code)} 位）：统一社会信用代码为 18 位，备案编号不超过 {LOOKUP_MAX} 位",
                        f"code too long ({len(code)} characters): a unified social credit code has 18, a filing "
                        f"number at most {LOOKUP_MAX}", value=code)]
    if code.startswith("BA"):
        return []
    uscc_like = all(c in ALPHABET or c in "IOSVZ" for c in code)
    if len(code) == 18 and uscc_like or 15 <= len(code) <= 20 and all(c in ALPHABET for c in code):
        return [Refusal(p.code, "code", p.zh, p.en, value=p.value) for p in check_code_characters(code)]
    return []
