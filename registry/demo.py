"""A deterministic, plausible register for demonstration and benchmarks.

Everything it makes is marked: organizations carry ``is_demo=True`` and every page showing them says
so. Names are composed from real region names and common field words; USCCs are valid by construction
(GB 32100 and GB 11714 checks) but belong to no real organization (bodies start with "MJ9").
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from .uscc import CATEGORY_BY_TYPE, make_uscc

FIELDS = ["教育", "科技", "文化", "体育", "卫生健康", "养老服务", "儿童福利", "环境保护", "法律服务", "农业发展",
          "乡村振兴", "志愿服务", "慈善", "社会工作", "心理健康", "非物质文化遗产", "书画", "摄影", "围棋", "足球",
          "软件", "人工智能", "物流", "餐饮", "旅游", "家政服务", "残疾人康复", "青少年发展", "妇女发展", "医学"]
GROUP_FORMS = ["协会", "学会", "研究会", "促进会", "商会", "联合会", "行业协会"]
AGENCY_FORMS = ["服务中心", "研究院", "培训学校", "养老院", "康复中心", "发展中心", "社会工作服务中心"]
TRADE_NAMES = ["阳光", "春晖", "博雅", "仁爱", "启明", "同心", "德善", "和美", "晨曦", "益众", "明德", "惠民", "长青",
               "暖心", "星火", "致远", "厚德", "知行", "众筹", "华夏", "乐龄", "扬帆", "向善", "新苗", "安康"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲建国建华志强海燕雪梅晓东"
# The business supervisor (业务主管单位) of an organization in each field: the department of its region that
# governs the field (an organization registered in 东城区 is supervised by 东城区's department).
SUPERVISOR_BY_FIELD = {
    "教育": "教育委员会", "科技": "科学技术委员会", "文化": "文化和旅游局", "体育": "体育局", "卫生健康": "卫生健康委员会",
    "养老服务": "民政局", "儿童福利": "民政局", "环境保护": "生态环境局", "法律服务": "司法局", "农业发展": "农业农村局",
    "乡村振兴": "农业农村局", "志愿服务": "精神文明建设委员会办公室", "慈善": "民政局", "社会工作": "民政局",
    "心理健康": "卫生健康委员会", "非物质文化遗产": "文化和旅游局", "书画": "文学艺术界联合会", "摄影": "文学艺术界联合会",
    "围棋": "体育局", "足球": "体育局", "软件": "经济和信息化局", "人工智能": "科学技术委员会", "物流": "商务局",
    "餐饮": "商务局", "旅游": "文化和旅游局", "家政服务": "商务局", "残疾人康复": "残疾人联合会",
    "青少年发展": "共产主义青年团委员会", "妇女发展": "妇女联合会", "医学": "科学技术协会",
}


NATIONAL_SUPERVISORS = {
    "民政局": "民政部", "教育委员会": "教育部", "科学技术委员会": "科学技术部", "文化和旅游局": "文化和旅游部",
    "体育局": "国家体育总局", "卫生健康委员会": "国家卫生健康委员会", "生态环境局": "生态环境部", "司法局": "司法部",
    "农业农村局": "农业农村部", "商务局": "商务部", "经济和信息化局": "工业和信息化部",
    "精神文明建设委员会办公室": "中央精神文明建设指导委员会办公室", "文学艺术界联合会": "中国文学艺术界联合会",
    "残疾人联合会": "中国残疾人联合会", "共产主义青年团委员会": "共青团中央", "妇女联合会": "中华全国妇女联合会",
    "科学技术协会": "中国科学技术协会",
}


def supervisor_of(field: str, region: str) -> str:
    """The department of ``region`` that governs ``field`` (民政部, 教育部 … for national organizations)."""
    department = SUPERVISOR_BY_FIELD.get(field, "民政局")
    if region in ("中华人民共和国", "中国", ""):
        return NATIONAL_SUPERVISORS[department]
    return region + department


def supervisor_for(name: str, region: str) -> str:
    """The supervisor of an organization by the first field its name names."""
    rest = name[len(region):] if name.startswith(region) else name
    found = [(rest.find(f), f) for f in FIELDS if f in rest]
    return supervisor_of(min(found)[1] if found else "", region)


STREETS = ["东华门街道", "景山街道", "交道口街道", "安定门街道", "北新桥街道", "东四街道", "朝阳门街道", "建国门街道"]
COMMUNITIES = ["新怡家园社区", "南锣鼓巷社区", "菊儿社区", "福祥社区", "东四六条社区", "钱粮社区"]
COMMUNITY_KINDS = ["老年人互助会", "文体队", "志愿服务队", "邻里互助会", "读书会", "合唱团"]

TYPE_WEIGHTS = [("social_group", 0.43), ("social_service_agency", 0.56), ("foundation", 0.01)]


def _region_prefix(authority_name: str) -> str:
    return "" if authority_name in ("中华人民共和国", "") else authority_name


def org_body(index: int) -> str:
    """An 8-character organization-code body unique per index (demo/bench block 'MJ9…')."""
    return "MJ9" + format(index, "05d")[-5:] if index < 100000 else "M" + format(index, "07d")[-7:]


def make_name(rng: random.Random, org_type: str, region: str, index: int) -> str:
    region = "中国" if region == "中华人民共和国" else region
    field = rng.choice(FIELDS)
    if org_type == "social_group":
        return f"{region}{field}{rng.choice(GROUP_FORMS)}"
    if org_type == "foundation":
        return f"{region}{rng.choice(TRADE_NAMES)}{field}基金会"
    form = rng.choice(AGENCY_FORMS)
    if field.endswith("服务") and form.startswith("服务"):
        field = field[:-2]
    if form.startswith(field):  # 社会工作 + 社会工作服务中心: say it once
        form = form[len(field):]
    return f"{region}{rng.choice(TRADE_NAMES)}{field}{form}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def generate_rows(seed: int, count: int, authorities: list[tuple[str, str, str]], *, start_index: int = 0,
                  founded_from: date = date(1990, 1, 1), founded_to: date = date(2025, 12, 31)) -> Iterator[dict]:
    """Yield ``count`` establishment records, deterministic for ``seed``.

    ``authorities`` is a list of (division code, region name, level) to register under; foundations go only to
    national and provincial authorities (DOMAIN §1.2). Names are made unique per authority by a numeric
    suffix when a combination repeats.
    """
    rng = random.Random(seed)
    upper_levels = [a for a in authorities if a[2] in ("national", "provincial")] or authorities
    seen: set[tuple[str, str]] = set()
    span = (founded_to - founded_from).days
    for i in range(start_index, start_index + count):
        roll = rng.random()
        org_type = "social_group" if roll < 0.43 else "social_service_agency" if roll < 0.99 else "foundation"
        code, region, _level = rng.choice(upper_levels if org_type == "foundation" else authorities)
        name = make_name(rng, org_type, region, i)
        if (code, name) in seen:
            name = f"{name[:-2]}第{i}{name[-2:]}"
        seen.add((code, name))
        funds = rng.choice([30000, 50000, 100000, 300000, 1000000, 2000000, 4000000, 8000000])
        if org_type == "foundation":
            funds = max(funds, 2000000)
        yield {
            "uscc": make_uscc(CATEGORY_BY_TYPE[org_type], code, org_body(i)),
            "org_type": org_type,
            "authority": code,
            "name": name,
            "legal_rep_name": person_name(rng),
            "supervisor": "" if rng.random() < 0.4 else supervisor_for(name, region),
            "domicile": f"{region}某某路{rng.randint(1, 300)}号",
            "founded_on": (founded_from + timedelta(days=rng.randint(0, span))).isoformat(),
            "registered_funds": str(funds),
            "business_scope": f"开展{name[len(region):][:6]}相关的交流、培训、咨询服务",
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
        }


def demo_id_number(index: int, region: str = "110101") -> str:
    """A valid GB 11643 ID number for a demo legal representative (born 1950-1989, deterministic): the demo
    register carries personal data like a real one, so the tests can prove the public never sees it."""
    from stdnum.cn import ric

    born = date(1950, 1, 1) + timedelta(days=(index * 7919) % (40 * 365))
    body = f"{region}{born:%Y%m%d}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # (stdnum expects the number with a check digit slot)


def community_rows(seed: int, count: int, county_code: str, county_name: str) -> Iterator[dict]:
    rng = random.Random(seed)
    for i in range(count):
        street, community = rng.choice(STREETS), rng.choice(COMMUNITIES)
        yield {
            "org_type": "community_org", "authority": county_code,
            "name": f"{county_name}{street}{community}{rng.choice(COMMUNITY_KINDS)}（{i + 1}）",
            "legal_rep_name": person_name(rng), "domicile": f"{county_name}{street}{community}活动室",
            "founded_on": date(2018 + i % 7, 1 + i % 12, 1 + i % 27).isoformat(),
            "street": street, "community": community, "phone": f"010-6{rng.randint(0, 9999999):07d}",
        }
