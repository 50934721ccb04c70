"""The rule catalogue: every ground and exit rule of the two lists, with its wording and legal basis."""

from __future__ import annotations

from dataclasses import dataclass

from common.labels import Bilingual

from .base import ABNORMAL, LIST_NAMES, SERIOUS

ORDER_60 = Bilingual("《社会组织信用信息管理办法》（民政部令第60号）", "Measures on Social Organizations' Credit Information (MCA Order No. 60)")


@dataclass(frozen=True)
class Rule:
    id: str
    list: str
    zh: str
    en: str
    basis_zh: str = ""
    basis_en: str = ""


def _ground(rule_id: str, list_kind: str, item: int, zh: str, en: str, *, extra_zh: str = "",
            extra_en: str = "") -> Rule:
    """A listing ground, its legal basis citing Order No. 60 and the item (plus ``extra_*``, another basis)."""
    name_zh = LIST_NAMES[list_kind].zh
    basis_zh = f"{ORDER_60.zh}列入{name_zh}情形第{item}项{extra_zh}"
    basis_en = f"{ORDER_60.en}, {LIST_NAMES[list_kind].en}, ground {item}{extra_en}"
    return Rule(rule_id, list_kind, zh, en, basis_zh, basis_en)


RULES: dict[str, Rule] = {r.id: r for r in [
    _ground("ABN-1", ABNORMAL, 1, "未按照规定时限和要求向登记管理机关报送年度工作报告",
            "did not submit its annual work report within the time limit or in the required form"),
    _ground("ABN-2", ABNORMAL, 2, "未按照有关规定设立党组织", "did not set up a Party organization as required"),
    _ground("ABN-3", ABNORMAL, 3, "登记管理机关在抽查和其他监督检查中发现问题，发放整改文书要求限期整改，社会组织未按期完成整改",
            "did not complete by the deadline the rectification ordered after a spot check or other inspection"),
    _ground("ABN-4", ABNORMAL, 4, "具有公开募捐资格的慈善组织不再符合公开募捐资格条件，或连续6个月以上未开展公开募捐活动",
            "a charity with public-fundraising qualification no longer meets the conditions, or has carried out no "
            "public fundraising for six months or more",
            extra_zh="；《慈善组织公开募捐管理办法》（民政部令第74号）第二十二条", extra_en="; MCA Order No. 74, Art. 22"),
    _ground("ABN-5", ABNORMAL, 5, "受到警告或者不满{threshold}元罚款的行政处罚（任何部门作出）",
            "received a warning or a fine below {threshold} yuan (from any department)"),
    _ground("ABN-6", ABNORMAL, 6, "通过登记的住所无法与社会组织取得联系（两次邮寄专用信函均无人签收）",
            "cannot be contacted at its registered domicile (two letters mailed there were both unsigned)"),
    _ground("ABN-7", ABNORMAL, 7, "法律、行政法规规定应当列入的其他情形",
            "another situation in which a law or administrative regulation requires listing"),
    _ground("SER-1", SERIOUS, 1, "被列入活动异常名录满{years}年", "on the abnormal-activity list for {years} full years"),
    _ground("SER-2", SERIOUS, 2, "弄虚作假办理变更登记，被撤销变更登记",
            "obtained a change registration by fraud, and the change registration was revoked"),
    _ground("SER-3", SERIOUS, 3, "受到限期停止活动的行政处罚", "received the penalty of suspension of activities for a set period"),
    _ground("SER-4", SERIOUS, 4, "受到{threshold}元以上罚款的行政处罚", "received a fine of {threshold} yuan or more"),
    _ground("SER-5", SERIOUS, 5, "{years}年内{count}次以上受到警告或者不满{threshold}元罚款的行政处罚",
            "received warnings or fines below {threshold} yuan {count} or more times within {years} years"),
    _ground("SER-6", SERIOUS, 6, "被人民法院依法列为失信被执行人", "listed by a people's court as a dishonest judgment debtor"),
    _ground("SER-7", SERIOUS, 7, "被登记管理机关作出吊销登记证书或者撤销成立登记的行政处罚",
            "the registration authority cancelled its registration certificate or revoked its establishment registration"),
    _ground("SER-8", SERIOUS, 8, "法律、行政法规规定应当列入的其他情形",
            "another situation in which a law or administrative regulation requires listing"),
    Rule("ABN-X-RECTIFIED", ABNORMAL, "已履行义务或者完成整改，经申请并查实后移出",
         "obligation fulfilled or rectification completed; removed on application after verification",
         f"{ORDER_60.zh}关于移出活动异常名录的规定（自查实之日起{{days}}个工作日内移出）",
         f"{ORDER_60.en}, removal from the abnormal list (within {{days}} working days of verification)"),
    Rule("ABN-X-6M", ABNORMAL, "无需整改或者履行义务，自列入之日起满{months}个月后移出",
         "nothing to rectify or fulfil: removed after {months} full months from listing",
         f"{ORDER_60.zh}关于移出活动异常名录的规定", f"{ORDER_60.en}, removal from the abnormal list"),
    Rule("ABN-X-ESCALATED", ABNORMAL, "列入活动异常名录满{years}年，移入严重违法失信名单",
         "{years} full years on the abnormal list: moved to the serious list",
         f"{ORDER_60.zh}列入严重违法失信名单情形第1项", f"{ORDER_60.en}, serious list, ground 1"),
    Rule("ABN-X-DEREG", ABNORMAL, "社会组织已办理注销登记", "the organization has been deregistered",
         "本平台设定（CREDIT_ABN_EXIT_ON_DEREGISTRATION）", "platform setting CREDIT_ABN_EXIT_ON_DEREGISTRATION"),
    Rule("ABN-X-CORRECTED", ABNORMAL, "列入所依据的信息经异议核实有误，已更正",
         "the information behind the listing was found wrong on objection and corrected",
         f"{ORDER_60.zh}关于异议处理的规定", f"{ORDER_60.en}, objections"),
    Rule("ABN-X-EXEMPT", ABNORMAL, "业务主管单位或者有关部门书面证明社会组织对列入情形不负直接责任，不列入或者移出",
         "the supervising unit or another department certified in writing that the organization bears no direct "
         "responsibility: not listed, or removed",
         f"{ORDER_60.zh}征求意见稿第十二条（本平台设定 CREDIT_ABN_EXEMPTION_ON_CERTIFICATE）",
         f"{ORDER_60.en}, 2017 draft Art. 12 (platform setting CREDIT_ABN_EXEMPTION_ON_CERTIFICATE)"),
    Rule("SER-X-2Y", SERIOUS, "列入满{years}年且期间未再出现列入情形，经申请并查实后移出",
         "{years} full years on the list with no new ground for either list; removed on application after "
         "verification", f"{ORDER_60.zh}关于移出严重违法失信名单的规定", f"{ORDER_60.en}, removal from the serious list"),
    Rule("SER-X-DEREG", SERIOUS, "因吊销登记证书或者撤销成立登记被列入，完成注销登记后移出",
         "listed for certificate cancellation or revocation; removed after deregistration",
         f"{ORDER_60.zh}关于移出严重违法失信名单的规定", f"{ORDER_60.en}, removal from the serious list"),
    Rule("SER-X-CORRECTED", SERIOUS, "列入所依据的信息经异议核实有误，已更正",
         "the information behind the listing was found wrong on objection and corrected",
         f"{ORDER_60.zh}关于异议处理的规定", f"{ORDER_60.en}, objections"),
]}


def rule_order(rule_id: str) -> tuple[bool, int, str]:
    """Sort key: abnormal-list rules first, then by number (ABN-2 before ABN-10), exits last."""
    head, _, tail = rule_id.partition("-")
    return (head != "ABN", int(tail) if tail.isdigit() else 99, rule_id)
