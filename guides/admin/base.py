"""What every editors' admin shares: their media, translated fields in tabs, and the context
of an admin page of our own."""

from modeltranslation.admin import TabbedTranslationAdmin


class EditorialMedia:
    # The editors' stylesheet is on every admin page (templates/admin/base_site.html).
    js = ["js/admin-editorial.js"]


class EditorsTranslationAdmin(TabbedTranslationAdmin):
    """Translated fields in one tab per language, with the editors' accessibility fixes."""

    class Media(EditorialMedia):
        pass


def admin_page_context(model_admin, request, title, **extra):
    """The context every admin page of ours starts from: the site's own (header, navigation,
    permissions), the page title and the model's options."""
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        **extra,
    }
