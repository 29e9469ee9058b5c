from django.core.validators import URLValidator
from django.db import models


class WebURLField(models.URLField):
    """A URL that readers can open safely: `https://` or `http://` only, never `javascript:`."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # An editor who types "globe.com.ph" means the secure site.
        return super().formfield(**{"assume_scheme": "https", **kwargs})
