"""One note per core topic, shown with every guide, so the rule holds from the first migrate.

Editors may rewrite these notes, and add others, but the admin refuses to remove the last active
note of a core topic.
"""

from django.db import migrations

CORE_NOTES = [
    {
        "slug": "verify-the-number",
        "topic": "verify_number",
        "topic_order": 0,
        "severity": "warning",
        "title_zh_hans": "先核对号码",
        "title_en": "Check the number first",
        "body_zh_hans": (
            "充值前逐位核对手机号码，充错的话款项往往追不回来。只通过运营商官方渠道充值；"
            "客服电话请从运营商官网或账单上查找，不要相信短信、聊天或搜索广告里给的号码。"
        ),
        "body_en": (
            "Check every digit of the phone number before you pay: a top-up sent to the wrong "
            "number is often lost. Top up only through the operator's official channels, and "
            "take service numbers from the operator's own website or bill, never from a text, a "
            "chat or a search advert."
        ),
    },
    {
        "slug": "keep-receipts",
        "topic": "keep_receipts",
        "topic_order": 1,
        "severity": "info",
        "title_zh_hans": "保留充值凭证",
        "title_en": "Keep the receipt",
        "body_zh_hans": (
            "保存收据、交易参考号或确认短信，直到话费到账。如果充值没有到账，"
            "运营商或支付平台通常会要求你提供这些记录。"
        ),
        "body_en": (
            "Keep the receipt, the transaction reference number or the confirmation text until "
            "the credit arrives. If a top-up goes missing, the operator or payment provider will "
            "usually ask for them."
        ),
    },
    {
        "slug": "avoid-scams",
        "topic": "avoid_scams",
        "topic_order": 2,
        "severity": "danger",
        "title_zh_hans": "不要贪便宜，谨防充值诈骗",
        "title_en": "Too cheap to be true: avoid top-up scams",
        "body_zh_hans": (
            "社交平台或聊天软件上的“打折充值”“慢充”等优惠，可能是在帮诈骗分子洗钱，"
            "你的号码也可能因此被停机。任何人向你索要验证码、充值卡密码或银行卡信息，都不要给。"
        ),
        "body_en": (
            "Discounted or \"slow\" top-ups offered on social media or in chat apps can be a way "
            "of laundering stolen money, and the number that receives them can be suspended. "
            "Never give anyone a one-time code, a top-up card PIN or your card details."
        ),
    },
]


def create_core_notes(apps, schema_editor):
    SafetyNote = apps.get_model("guides", "SafetyNote")
    for note in CORE_NOTES:
        fields = {**note, "title": note["title_zh_hans"], "body": note["body_zh_hans"]}
        SafetyNote.objects.get_or_create(
            slug=note["slug"], defaults={**fields, "applies_to_all": True, "is_active": True}
        )


def remove_core_notes(apps, schema_editor):
    SafetyNote = apps.get_model("guides", "SafetyNote")
    SafetyNote.objects.filter(slug__in=[note["slug"] for note in CORE_NOTES]).delete()


class Migration(migrations.Migration):
    dependencies = [("guides", "0002_editors_group")]

    operations = [migrations.RunPython(create_core_notes, remove_core_notes)]
