"""The public set of readers' queries, each with the guides that answer it (demo content).

Collected from what readers type: their problem in their words, Chinese without spaces, mixed
scripts, nicknames, numbers. A query counts as answered when one of its guides is in the top 3.
Used by tests/test_search_quality.py and scripts/search_quality.py (`make search-quality`).
Where the answer is a page rather than a guide (保号: /keep-your-number/, linked from the home's
tasks), the expected guides are the best guides for it: the ones that tell how to check the balance.
DITO has no published guide (its only source was a postpaid page), so no DITO query is listed.
"""

SMART = {
    "smart-reload-online-my-smart",
    "smart-eload-at-retailers",
    "smart-call-and-text-card",
    "smart-gigalife-app",
    "gcash-load-smart",
    "smart-reload-while-roaming",
}
GCASH = {"gcash-load-globe", "gcash-load-tm", "gcash-load-smart", "gcash-load-tnt"}
PHILIPPINES = (
    SMART
    | GCASH
    | {
        "tnt-call-and-text-card",
        "globe-globeone-buy-load",
        "globe-autoloadmax-retail",
    }
)
CHINA_MOBILE = {
    "china-mobile-app",
    "china-mobile-website",
    "china-mobile-wechat-pay",
    "china-mobile-alipay",
    "china-mobile-store",
    "china-mobile-hotline",
    "china-mobile-roaming",
}
ROAMING = {"china-mobile-roaming", "china-unicom-roaming"}
BALANCE = {
    "china-mobile-hotline",
    "china-unicom-hotline",
    "china-telecom-hotline",
    "smart-call-and-text-card",
    "tnt-call-and-text-card",
    "globe-globeone-buy-load",
}
DIDNT_ARRIVE = GCASH | {"china-unicom-hotline", "china-mobile-hotline"}
SMART_ROAMING = {"smart-reload-while-roaming"}
CHINA_TELECOM = {"china-telecom-hotline", "china-telecom-top-up-card"}
# A query that leads to safety is answered by the safety notes shown above the results first
# ("safety:<slug>", see scripts/search_quality.py), then by guides that mention its words.
SLOW_TOP_UP = {"safety:cn-slow-top-up-scam"}

QUERIES = [
    # Chinese, without spaces, mixed scripts
    ("zh-hans", "Smart卡充值", SMART),
    ("zh-hans", "移动话费微信充值", CHINA_MOBILE | {"china-mobile-hk-online-refill"}),
    ("zh-hans", "给菲律宾号码充值", PHILIPPINES),
    ("zh-hans", "保号", BALANCE),
    ("zh-hans", "有效期", BALANCE),
    ("zh-hans", "Smart 漫游", SMART),
    ("zh-hans", "中国移动充话费", CHINA_MOBILE),
    ("zh-hans", "移动充值", CHINA_MOBILE),
    ("zh-hans", "联通充值卡", {"china-unicom-top-up-card"}),
    ("zh-hans", "电信充值卡怎么用", {"china-telecom-top-up-card"}),
    ("zh-hans", "10086", {"china-mobile-hotline"}),
    ("zh-hans", "10010", {"china-unicom-hotline", "china-unicom-sms"}),
    ("zh-hans", "充值没到账", DIDNT_ARRIVE),
    ("zh-hans", "话费没到账怎么办", DIDNT_ARRIVE),
    ("zh-hans", "境外充值", ROAMING),
    ("zh-hans", "在国外怎么给手机充值", ROAMING),
    ("zh-hans", "海外充值中国移动", {"china-mobile-roaming"}),
    ("zh-hans", "出国漫游", ROAMING),
    ("zh-hans", "用GCash给Globe充值", {"gcash-load-globe"}),
    (
        "zh-hans",
        "数码通充值",
        {"smartone-prepaid-voucher", "smartone-online-card", "smartone-atm-or-pps"},
    ),
    ("zh-hans", "csl自动充值", {"csl-auto-recharge"}),
    ("zh-hans", "香港ATM充值", {"csl-jetco-atm", "smartone-atm-or-pps"}),
    ("zh-hans", "缴费灵", {"smartone-atm-or-pps"}),
    ("zh-hans", "中国移动香港充值", {"china-mobile-hk-online-refill"}),
    ("zh-hans", "移动微信充话费没到账", {"china-mobile-wechat-pay"}),
    ("zh-hans", "TNT充值卡", {"tnt-call-and-text-card"}),
    ("zh-hans", "联通短信充值", {"china-unicom-sms"}),
    ("zh-hans", "营业厅充值", {"china-unicom-store"}),
    ("zh-hans", "漫游客服电话", ROAMING),
    # English
    ("en", "Smart", SMART),
    ("en", "load Globe from Hong Kong", {"gcash-load-globe", "globe-globeone-buy-load"}),
    ("en", "OFW load", GCASH),
    ("en", "expire", BALANCE),
    ("en", "keep my number", BALANCE),
    ("en", "my load didn't arrive", DIDNT_ARRIVE),
    ("en", "GCash refund", GCASH),
    ("en", "reload smart online", {"smart-reload-online-my-smart"}),
    ("en", "buy load TM", {"gcash-load-tm"}),
    ("en", "China Mobile abroad", {"china-mobile-roaming"}),
    ("en", "unicom roaming hotline", {"china-unicom-roaming"}),
    ("en", "China Telecom top up card", {"china-telecom-top-up-card"}),
    ("en", "SmarTone voucher", {"smartone-prepaid-voucher"}),
    ("en", "csl ATM", {"csl-jetco-atm"}),
    ("en", "PPS", {"smartone-atm-or-pps"}),
    ("en", "*143#", {"gcash-load-tm", "globe-globeone-buy-load", "gcash-load-globe"}),
    ("en", "smart eload", {"smart-eload-at-retailers"}),
    ("en", "call 10000", {"china-telecom-hotline"}),
    ("en", "CMCC top up", CHINA_MOBILE),
    ("en", "Alipay China Mobile", {"china-mobile-alipay"}),
    ("en", "autoload", {"globe-autoloadmax-retail"}),
    ("en", "GigaLife", {"smart-gigalife-app"}),
    ("en", "how to load globe with gcash", {"gcash-load-globe"}),
    ("en", "top up while roaming", ROAMING),
    # Sentences, as readers type them: where they are, what went wrong, what they fear
    ("zh-hans", "我在中国大陆怎么给Smart卡充值", SMART_ROAMING),
    ("zh-hans", "smart卡在中国怎么充值", SMART_ROAMING),
    ("zh-hans", "人在国内，怎么给菲律宾的Smart号码充值", SMART_ROAMING),
    ("zh-hans", "我在香港怎么给Smart充值", SMART_ROAMING),
    ("zh-hans", "在菲律宾怎么给联通手机充话费", {"china-unicom-roaming"}),
    ("zh-hans", "我在国外，移动卡怎么充值", {"china-mobile-roaming"}),
    ("zh-hans", "在大陆怎么给TNT充值卡充值", {"tnt-call-and-text-card"}),
    ("zh-hans", "电信怎么充话费", CHINA_TELECOM),
    ("zh-hans", "话费充了半天还没到账怎么办", DIDNT_ARRIVE),
    ("zh-hans", "中国移动的客服电话是多少", {"china-mobile-hotline"}),
    ("zh-hans", "手机号快停机了怎么保号", BALANCE),
    ("zh-hans", "慢充", SLOW_TOP_UP),
    ("zh-hans", "打折充值", SLOW_TOP_UP),
    ("zh-hans", "网上有人卖低价充值，是不是骗子", SLOW_TOP_UP),
    ("zh-hans", "群里有人卖慢充话费可靠吗", SLOW_TOP_UP),
    (
        "zh-hans",
        "收到短信说要重新实名登记SIM卡，是诈骗吗",
        {"safety:ph-sim-registration-scam", "safety:hk-real-name-registration"},
    ),
    ("zh-hans", "香港的电话卡要实名登记吗", {"safety:hk-real-name-registration"}),
    ("en", "load smart in china", SMART_ROAMING),
    ("en", "smart load from china", SMART_ROAMING),
    ("en", "how do i load my smart sim while i am in mainland china", SMART_ROAMING),
    ("en", "how can I top up China Mobile from the Philippines", {"china-mobile-roaming"}),
    ("en", "recharge china unicom while overseas", {"china-unicom-roaming"}),
    ("en", "I'm in China, how do I load my TNT number", {"tnt-call-and-text-card"}),
    ("en", "my gcash load did not arrive what do i do", GCASH),
    ("en", "i paid for load but it was not received", DIDNT_ARRIVE),
    ("en", "how do i check how long my load stays valid", BALANCE),
    ("en", "someone sells discount load on facebook is it a scam", SLOW_TOP_UP),
    ("en", "cheap load from a stranger", SLOW_TOP_UP),
    (
        "en",
        "got a text asking me to redo my SIM registration",
        {"safety:ph-sim-registration-scam", "safety:hk-ofca-pre-registered-sims"},
    ),
    ("en", "is this a scam", {"safety:cn-slow-top-up-scam", "safety:ph-sim-registration-scam"}),
    ("en", "how do I top up csl with an ATM card", {"csl-jetco-atm"}),
]
