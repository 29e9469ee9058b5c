"""The POST data of the guide change form, as an editor's browser would send it."""

from django.conf import settings

ADMIN = f"/{settings.ADMIN_PATH}"


def change_url(guide):
    return f"{ADMIN}guides/guide/{guide.pk}/change/"


def guide_change_data(guide, steps=None, **fields):
    """The change form of `guide` as loaded now; `steps` replaces its steps ((zh, en) pairs)."""
    data = {
        "loaded_version": str(guide.version),
        "title_zh_hans": guide.title_zh_hans or "",
        "title_en": guide.title_en or "",
        "slug": guide.slug,
        "operator": str(guide.operator_id),
        "channel": str(guide.channel_id),
        "summary_zh_hans": guide.summary_zh_hans or "",
        "summary_en": guide.summary_en or "",
        "body_zh_hans": guide.body_zh_hans or "",
        "body_en": guide.body_en or "",
        "status": guide.status,
        "source_url": guide.source_url,
        "source_kind": guide.source_kind,
        "last_verified_on": guide.last_verified_on.isoformat() if guide.last_verified_on else "",
        "review_interval_days": str(guide.review_interval_days or ""),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        # The facts inline, sent unchanged (its stored facts stay as they are).
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
    }
    stored = list(guide.steps.order_by("order", "pk"))
    if steps is None:
        steps = [(step.text_zh_hans, step.text_en) for step in stored]
    data["steps-TOTAL_FORMS"] = str(max(len(steps), len(stored)))
    data["steps-INITIAL_FORMS"] = str(len(stored))
    for index in range(max(len(steps), len(stored))):
        prefix = f"steps-{index}-"
        if index < len(stored):
            data[prefix + "id"] = str(stored[index].pk)
            data[prefix + "guide"] = str(guide.pk)
        if index < len(steps):
            zh, en = steps[index]
            data.update(
                {
                    prefix + "order": str(index + 1),
                    prefix + "text_zh_hans": zh,
                    prefix + "text_en": en,
                }
            )
        else:
            data.update(
                {
                    prefix + "order": str(index + 1),
                    prefix + "text_zh_hans": stored[index].text_zh_hans,
                    prefix + "text_en": stored[index].text_en or "",
                    prefix + "DELETE": "on",
                }
            )
    data.update(fields)
    return data


def form_data(form, inline_admin_formsets=()):
    """The POST data of an admin change form sent back exactly as it was loaded."""
    forms = [form]
    for inline in inline_admin_formsets:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for each in forms:
        for bound_field in each:
            value = bound_field.value()
            if value is False or value is None:
                continue
            data[bound_field.html_name] = "on" if value is True else value
    return data
