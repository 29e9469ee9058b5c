"""The guide admin's own pages: a preview as readers will see it (saved or as typed), the
difference from what readers see now, and share links for people without an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ..editorial.history import GuideVersion, current_version, language_name, published_version
from ..models import Guide, PreviewLink
from ..web.pages import guide_page_context
from .base import admin_page_context
from .guide_form import GuideStepInline, error_summary


class GuideViews:
    """Mixed into `GuideAdmin`: the URLs and views of the guide's extra pages."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name

        def public(view):
            # Not `admin_view`: it would send visitors without an account to the login page,
            # and these answer 404 to anyone who may not edit the guide.
            return never_cache(csrf_protect(view))

        urls = [
            path(
                "preview/<str:language>/",
                public(self.preview_view),
                name="{}_{}_preview_new".format(*info),
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                public(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                # Not ".../compare/": `<path:object_id>` would swallow ".../history/compare/".
                "<path:object_id>/compare-with-published/",
                self.admin_site.admin_view(self.compare_published_view),
                name="{}_{}_compare_published".format(*info),
            ),
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_links_view),
                name="{}_{}_share_links".format(*info),
            ),
        ]
        return urls + super().get_urls()

    @staticmethod
    def preview_url(guide, language):
        if guide is None:
            return reverse("admin:guides_guide_preview_new", args=[language])
        return reverse("admin:guides_guide_preview", args=[guide.pk, language])

    def guide_from_form(self, request, obj):
        """An unsaved guide and its steps built from the change form's POST, saving nothing.

        Returns (guide, steps, errors); guide and steps are None when the form has errors.
        """
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj or Guide())
        form.check_version = False
        form_valid = form.is_valid()
        inline = next(
            i for i in self.get_inline_instances(request, obj) if isinstance(i, GuideStepInline)
        )
        formset_class = inline.get_formset(request, obj)
        formset = formset_class(
            data=request.POST,
            files=request.FILES,
            instance=form.instance,
            prefix=formset_class.get_default_prefix(),
            queryset=inline.get_queryset(request),
        )
        if not (form_valid and formset.is_valid()):
            return None, None, error_summary(form, [formset])
        steps = [
            subform.instance
            for subform in formset.forms
            if subform not in formset.deleted_forms
            if subform.instance.pk or subform.has_changed()
        ]
        steps.sort(key=lambda step: (step.order, step.pk or 0))
        return form.instance, steps, []

    def preview_view(self, request, language, object_id=None):
        """The guide as readers will see it in `language`: as saved (GET) or as typed (POST).

        A 404 for anyone who may not edit it, never cached, never indexed.
        """
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        user = request.user
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if (
            language not in dict(settings.LANGUAGES)
            or (object_id and obj is None)
            or not (user.is_active and user.is_staff and allowed)
        ):
            raise Http404
        if request.method == "POST":
            guide, steps, errors = self.guide_from_form(request, obj)
        elif obj is not None:
            guide, steps, errors = obj, list(obj.steps.all()), []
        else:
            raise Http404
        admin_url = (
            reverse("admin:guides_guide_change", args=[obj.pk])
            if obj
            else reverse("admin:guides_guide_add")
        )
        if errors:
            context = admin_page_context(
                self,
                request,
                _("This guide cannot be previewed yet"),
                error_summary=errors,
            )
            response = render(
                request, "admin/guides/guide/preview_errors.html", context, status=400
            )
        else:
            unsaved = request.method == "POST"
            preview = {"unsaved": unsaved, "admin_url": admin_url}
            with translation.override(language):
                context = guide_page_context(guide, steps, preview)
                # The language switch leads to the other language's preview. Of unsaved changes
                # there is nothing to link to: the editor uses the other preview button.
                context["language_versions"] = (
                    []
                    if unsaved
                    else [
                        {
                            "code": code,
                            "name": name,
                            "is_current": code == language,
                            "url": self.preview_url(obj, code),
                        }
                        for code, name in settings.LANGUAGES
                    ]
                )
                response = render(request, "guides/guide_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def compare_published_view(self, request, object_id):
        """What the draft (as saved, or as typed when POSTed) changes from what readers see."""
        obj = self.viewable_object_or_404(request, object_id)
        errors = []
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            guide, steps, errors = self.guide_from_form(request, obj)
            draft = GuideVersion(guide, steps) if not errors else None
        else:
            draft = current_version(obj)
        published = published_version(obj)
        context = admin_page_context(
            self,
            request,
            _("Compare with the published version: %(guide)s") % {"guide": obj},
            object=obj,
            unsaved=request.method == "POST",
            published=published,
            published_is_online=obj.is_published,
            error_summary=errors,
            changes=draft.changes_since(published) if draft and published else None,
        )
        return TemplateResponse(request, "admin/guides/guide/compare_published.html", context)

    def share_links_view(self, request, object_id):
        """Make and revoke links that show this guide's preview to people without an account."""
        guide = self.viewable_object_or_404(request, object_id)
        can_share = self.has_change_permission(request, guide)
        if request.method == "POST":
            if not can_share:
                raise PermissionDenied
            revoke = request.POST.get("revoke")
            if revoke:
                link = guide.preview_links.filter(pk=int(revoke) if revoke.isdigit() else 0).first()
                if link is None:
                    raise Http404
                link.revoke()
                self.message_user(request, _("The link was revoked."), messages.SUCCESS)
            else:
                link = PreviewLink.create_for(guide, request.user)
                self.message_user(
                    request,
                    _("New share link, valid until %(date)s.")
                    % {"date": timezone.localtime(link.expires_at)},
                    messages.SUCCESS,
                )
            return redirect(request.path)
        links = []
        for link in guide.preview_links.select_related("created_by"):
            urls = []
            for code, _n in settings.LANGUAGES:
                with translation.override(code):
                    urls.append(
                        (language_name(code), request.build_absolute_uri(link.get_absolute_url()))
                    )
            links.append((link, urls))
        context = admin_page_context(
            self,
            request,
            _("Share links: %(guide)s") % {"guide": guide},
            object=guide,
            links=links,
            can_share=can_share,
            days=settings.GUIDE_SHARE_LINK_DAYS,
        )
        return TemplateResponse(request, "admin/guides/guide/share_links.html", context)
