"""The Simplified Chinese texts of every translated field, for tests that read the content."""

from modeltranslation.translator import translator


def chinese_texts():
    """(model name, pk, field, text) for each non-empty Chinese text of every translated model."""
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for name in fields:
                text = getattr(obj, f"{name}_zh_hans") or ""
                if text:
                    yield model.__name__, obj.pk, name, text
