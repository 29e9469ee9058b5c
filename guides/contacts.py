"""How official contact values are written down, so that a number is found however it is typed.

Phone numbers, short codes and USSD codes are kept as digits with `+`, `*` and `#` only; web
addresses as a lower-case host (without scheme) and an optional path.
"""

import re
import unicodedata
from urllib.parse import urlsplit

DIAL_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u2010-\u2015\u3000]+")
DIAL_VALUE = re.compile(r"^\+?[0-9*#]+$")
HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def to_halfwidth(value):
    """Fold full-width digits and symbols from Chinese input methods (１００８６, ＊８８８＃)."""
    return unicodedata.normalize("NFKC", value)


def normalise_dial_string(value):
    """`+86 138-0010-0186` -> `+8613800100186`; `＊８８８＃` -> `*888#`; `tel:` is dropped."""
    value = to_halfwidth(value).strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    return DIAL_SEPARATORS.sub("", value)


def is_dial_string(value):
    return bool(DIAL_VALUE.match(value))


def normalise_web_address(value):
    """`https://www.Globe.com.ph/stop-spam.html/` -> `www.globe.com.ph/stop-spam.html`.

    `www.` is kept because some sites answer only with it; comparisons drop it (`bare_host`).
    """
    value = to_halfwidth(value).strip()
    try:
        parts = urlsplit(value if "://" in value else "//" + value)
    except ValueError:
        # An unbalanced "[" or "]" (urlsplit takes it for an IPv6 address): not an address we
        # can name, so keep the text as typed and let `is_web_address` turn it down.
        return value
    host = (parts.hostname or "").rstrip(".")
    path = parts.path.rstrip("/")
    return f"{host}{path}"


def bare_host(address):
    """The host of a normalised web address without `www.`: what "the same site" means."""
    host = address.split("/", 1)[0]
    return host[4:] if host.startswith("www.") else host


def is_web_address(value):
    host = value.split("/", 1)[0]
    labels = host.split(".")
    return len(labels) >= 2 and all(HOST_LABEL.match(label) for label in labels)
