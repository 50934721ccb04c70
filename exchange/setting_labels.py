"""What the exchange settings (exchange.rules.DEFAULTS) are, in words (divisions.settings_info)."""

from divisions.settings_info import SettingInfo, describe

describe({
    "EXCHANGE_OCID_PREFIX": SettingInfo(
        "政府购买服务项目编号前缀", "Prefix of the purchased-service process ids", "",
        basis_zh="开放缔约数据标准（OCDS）：ocid 由登记的发布方前缀加本平台稳定不变的顺序号组成",
        basis_en="Open Contracting Data Standard: an ocid is the publisher's registered prefix and a stable "
                 "sequence number of this platform", group="exchange"),
})
