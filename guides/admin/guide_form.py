"""The guide's change form: optimistic locking, its ordered steps, and an error summary that
names each field and language (the tabbed admin hides all languages but one)."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from ..editorial.history import conflict_report, field_label
from ..models import Guide, GuideStep


class GuideStepFormSet(BaseInlineFormSet):
    """Checks the publishing rule against the steps as they will be saved, not as stored."""

    def clean(self):
        super().clean()
        guide = self.instance
        if not guide.is_published or any(self.errors):
            return
        remaining = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]
        errors = guide.publication_errors(steps=[form.instance for form in remaining])
        if errors.get(guide.STEPS_RULE):
            raise ValidationError(errors[guide.STEPS_RULE], code="no_steps")
        if errors.get(guide.STEP_TEXTS_RULE):
            raise ValidationError(errors[guide.STEP_TEXTS_RULE], code="unknown_contact")


class GuideStepInline(TranslationStackedInline):
    model = GuideStep
    formset = GuideStepFormSet
    extra = 0
    min_num = 0
    fields = ["order", "text"]
    # A step is a sentence or two: a short box that grows as the editor types (admin-editorial.js).
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@dataclass
class FormError:
    label: str
    message: str
    anchor: str


def form_field_label(form, name):
    """A form field's name for people, with its language when it is a translated column."""
    try:
        return field_label(form._meta.model, name)
    except Exception:  # noqa: BLE001 - not a model field: the form field's own label
        field = form.fields.get(name)
        return capfirst(field.label) if field is not None and field.label else name


def error_summary(form, formsets):
    """Every error on a change form, each naming its field and language, linking to the field.

    The tabbed admin hides all languages but one; this list at the top is what makes an error
    in a hidden tab findable (the tab itself is marked too, see admin-editorial.js and .css).
    """
    errors = []
    model_name = capfirst(form._meta.model._meta.verbose_name)
    for name, messages_ in form.errors.items():
        known = name in form.fields
        label = form_field_label(form, name) if known else model_name
        anchor = form[name].auto_id if known else "content-main"
        errors += [FormError(label, message, anchor) for message in messages_]
    for formset in formsets:
        plural = capfirst(formset.model._meta.verbose_name_plural)
        singular = capfirst(formset.model._meta.verbose_name)
        errors += [
            FormError(plural, message, f"{formset.prefix}-group")
            for message in formset.non_form_errors()
        ]
        for number, subform in enumerate(formset.forms, start=1):
            for name, messages_ in subform.errors.items():
                known = name in subform.fields and name != NON_FIELD_ERRORS
                label = f"{singular} {number}"
                if known:
                    label = f"{label}: {form_field_label(subform, name)}"
                anchor = subform[name].auto_id if known else f"{formset.prefix}-{number - 1}"
                errors += [FormError(label, message, anchor) for message in messages_]
    return errors


class GuideAdminForm(forms.ModelForm):
    """The guide form. It carries the version it was loaded at, for optimistic locking.

    `clean()` compares that version with the stored one, with the row locked where the database
    can (select_for_update, inside the admin's transaction), so that a conflict is reported on
    the form with everything typed kept. `Guide.save()` checks again in its own UPDATE, which is
    what makes the check hold for any database and any number of app servers.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Guide
        # The admin narrows this to its fieldsets (GuideAdmin.fieldsets), one column per
        # language: a field added to Guide is listed there, and only there.
        fields = "__all__"  # noqa: DJ007 - GuideAdmin.fieldsets narrows it, see above

    # Previews and comparisons build a guide from the form but save nothing, so skip the check.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def stored_version(self):
        """The guide's version in the database, its row locked until the save where possible."""
        stored = Guide.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            stored = stored.select_for_update()
        return stored.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        loaded = cleaned_data.get("loaded_version")
        if self.check_version:
            stored_version = self.stored_version()
            if stored_version is not None and loaded is None:
                self.show_at_version(stored_version)
                raise ValidationError(
                    _(
                        "This form does not say which version of the guide it was opened at, so "
                        "it cannot tell whether someone saved since. Nothing was saved, and "
                        "everything you typed is still below: save again to keep it."
                    ),
                    code="no_version",
                )
            if stored_version is not None and stored_version != loaded:
                self.edit_conflict = conflict_report(self.instance.pk, loaded)
                self.show_at_version(stored_version)
                raise ValidationError(
                    "%(summary)s %(advice)s",
                    code="edit_conflict",
                    params={
                        "summary": self.edit_conflict.summary(),
                        "advice": _(
                            "Your changes were not saved, and everything you typed is still "
                            "below. Check what they changed, then save again to keep yours."
                        ),
                    },
                )
        self.instance.version = loaded or self.instance.version
        return cleaned_data

    def show_at_version(self, version):
        """Show the form again as loaded at `version`: saving it then keeps this editor's text
        over what was saved before, knowingly, after seeing it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = version
