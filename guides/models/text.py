"""The rule all stored text keeps: no control characters.

XML 1.0 cannot carry them, so one in a title made the Atom feed a 500; on a page they are
invisible, and PostgreSQL refuses NUL outright. Editors bring them in by pasting (a word
processor writes a line break inside a paragraph as a vertical tab), and an import could carry
any. `CleanText` takes them out of every text field whenever an object is saved or validated
(the admin's forms, the demo loader, the import), so the rule has this one home.
"""

import re

from django.db import models

# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The ones that stand for a line or page break where they come from.
BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85]")


def without_control_characters(text, *, multiline):
    """`text` without control characters; those that break a line become a line break in text
    of many lines (`multiline`), a space in text of one."""
    if not CONTROL_CHARACTERS.search(text):
        return text
    text = BREAKS.sub("\n" if multiline else " ", text)
    return CONTROL_CHARACTERS.sub("", text)


class CleanText(models.Model):
    """A model whose text fields never keep a control character (see the module's docstring)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.remove_control_characters()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.remove_control_characters()
        super().clean_fields(exclude=exclude)

    def remove_control_characters(self):
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                setattr(self, field.attname, without_control_characters(value, multiline=multiline))
