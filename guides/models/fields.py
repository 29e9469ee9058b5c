from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

WEB_URL_MAX_LENGTH = 500
validate_web_url = URLValidator(schemes=["http", "https"])


def is_web_url(value):
    """Whether `WebURLField` accepts `value`: the source checker follows no other redirect."""
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return len(value) <= WEB_URL_MAX_LENGTH


class WebURLField(models.URLField):
    """A URL that readers can open safely: `https://` or `http://` only, never `javascript:`."""

    default_validators = [validate_web_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", WEB_URL_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # An editor who types "globe.com.ph" means the secure site.
        return super().formfield(**{"assume_scheme": "https", **kwargs})
