"""The publishing rules of a guide, in one place: what stops it from being published, and
publishing it. Every path that publishes (the admin, scheduled changes, revert, import, the
demo loader) asks `publication_errors`."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..values.mentions import translated_texts
from . import (
    DEFAULT_LANGUAGE,
    language_suffix,
)
from .named_contacts import contact_errors
from .steps import STEP_TEXTS_RULE, step_texts


class PublishingRules:
    """Mixed into `Guide`: its rules for being published."""

    def publication_errors(self, step_count=None, steps=None):
        """What stops this guide from being published, by field; empty when it may be.

        The one home of the publishing rules. `steps` are the steps the guide will have when a
        form or a scheduled change saves steps with it (`step_count`, how many, when only that
        is known); by default its stored steps are checked, and with `step_count=False` the
        step rules are left to whoever saves the steps.
        """
        errors = {}
        if not getattr(self, f"title_{language_suffix(DEFAULT_LANGUAGE)}", ""):
            errors["title_" + language_suffix(DEFAULT_LANGUAGE)] = _(
                "A guide needs a title in Simplified Chinese before it can be published."
            )
        if not self.source_url:
            errors["source_url"] = _("A guide needs its source before it can be published.")
        elif not self.source_kind:
            errors["source_kind"] = _("Say what kind of page the source is.")
        if not self.last_verified_on:
            errors["last_verified_on"] = _(
                "A guide needs the date it was checked against its source before it can be "
                "published."
            )
        texts = translated_texts(type(self), self.TRANSLATED_FIELDS, self)
        if self.pk:
            # The facts box is shown with the guide; its facts are saved apart from it.
            for fact in self.facts.all():
                texts += [(NON_FIELD_ERRORS, *text[1:]) for text in fact.shown_texts()]
        if step_count is not False:
            if steps is None and step_count is None:
                steps = list(self.steps.all()) if self.pk else []
            if steps is not None:
                step_count = len(steps)
                texts += step_texts(steps)
            if step_count < 1:
                errors[self.STEPS_RULE] = _(
                    "A guide needs at least one step before it can be published."
                )
        for key, messages in contact_errors(texts).items():
            errors[key] = " ".join(str(message) for message in messages)
        return errors

    # Where the step rules' errors go: steps are a model of their own, so the count's error
    # names the status that needs them, and their text's error is kept apart for the forms and
    # commands that save steps (`GuideStepFormSet`, scheduled changes).
    STEPS_RULE = "status"
    STEP_TEXTS_RULE = STEP_TEXTS_RULE

    def clean(self):
        """The publishing rules on the guide's own fields. Its steps are saved apart from it, so
        the step rule is checked where they are: by the admin's step formset and by `publish`."""
        if self.is_published:
            errors = self.publication_errors(step_count=False)
            if errors:
                raise ValidationError(errors)

    def publish(self):
        errors = self.publication_errors()
        if errors:
            raise ValidationError(errors)
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = self.announced_at = timezone.now()
