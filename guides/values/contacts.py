"""How contact values are written down and compared, so a number is found however it is typed.

Phone numbers, short codes and USSD codes are kept as digits with `+`, `*` and `#` only; web
addresses as a lower-case host (without scheme) and an optional path, with an international
host in its ASCII (punycode) form. The rules that need up-to-date data come from libraries made
for them rather than hand-kept lists: country calling codes and trunk prefixes from
`phonenumbers` (Google's libphonenumber), "the same site" from the Public Suffix List
(`publicsuffixlist`, which replaced a hand-kept list of endings such as com, ph and hk), and
look-alike letters from Unicode's confusables data (`confusable-homoglyphs`).
"""

import ipaddress
import re
import socket
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from confusable_homoglyphs import confusables
from publicsuffixlist import PublicSuffixList

DIAL_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u2010-\u2015\u3000]+")
DIAL_VALUE = re.compile(r"^\+?[0-9*#]+$")
# What the old shorthand for IPv4 addresses is made of: `2130706433`, `0x7f.1`, `0177.0.0.1`.
IPV4_SHORTHAND = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# What an SMS sender name or a payment handle may hold: "#ADCC18222", "L0086", "@shop.name".
NAME_VALUE = re.compile(r"^[\w#@+\-.&' ]{2,40}$")
# A web address rather than a number: a scheme, `www.`, or a dot before letters (`10086.cn`,
# `glоbe.com.ph`), never a dot between digits (`138.0010.0186` is a phone number).
WEB_HINT = re.compile(r"^(https?:|www\.)|[\w-]\.[^\W\d_]{2,}", re.IGNORECASE)

_public_suffixes = PublicSuffixList()


def to_halfwidth(value):
    """Fold full-width digits and symbols from Chinese input methods (１００８６, ＊８８８＃)."""
    return unicodedata.normalize("NFKC", value)


# Phone numbers, short codes and USSD codes.


def normalise_dial_string(value):
    """`+86 138-0010-0186` -> `+8613800100186`; `＊８８８＃` -> `*888#`; `tel:` is dropped."""
    value = to_halfwidth(value).strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    value = DIAL_SEPARATORS.sub("", value)
    if value.startswith("00") and value[2:].isdigit():
        # The international prefix most of the world dials: 0086 10086 is +86 10086.
        value = "+" + value[2:]
    return value


def is_dial_string(value):
    return bool(DIAL_VALUE.match(value))


def is_international(value):
    return value.startswith("+")


@lru_cache(maxsize=4096)
def dial_key(value, region_code):
    """What a normalised number means, as (country calling code, national number).

    A number written with `+` carries its own country code; one without is read the way
    `region_code` (ISO, e.g. "CN") dials it, trunk prefix dropped: `0917 123 4567` in the
    Philippines is (63, "9171234567"). Codes with `*` or `#` are menus of the network the phone is
    on, so they are compared as written: ("", "*143#").
    """
    if "*" in value or "#" in value:
        return ("", value)
    try:
        number = phonenumbers.parse(value, None if is_international(value) else region_code)
    except phonenumbers.NumberParseException:
        return ("", value.lstrip("+"))
    return (str(number.country_code), phonenumbers.national_significant_number(number))


# Lines written, as their city writes them, without the area code: Metro Manila's eight-digit
# landlines (`8926 7722`) are +63 2 8…. libphonenumber reads such a number as incomplete, so
# this is the one case kept by hand; mainland service numbers behind an area code are found by
# `_after_area_code`, and a mainland city line written without its area code stays unknown.
AREA_CODE_LEFT_OFF = {"PH": ("2", re.compile(r"^8\d{7}$"))}


@lru_cache(maxsize=4096)
def dial_keys(value, region_code):
    """Every number `value` dials, as `dial_key` reads them: one, or two for a service number
    written with an area code, or a Metro Manila line written without one (`AREA_CODE_LEFT_OFF`).

    A mainland service number is the same service whatever area code it is dialled with:
    `010-12300` and `+86 10 12300` are 12300. libphonenumber says which digits are an area code
    and which numbers are a region's short numbers, so `010-6512-3456`, a Beijing line, stays one
    number.
    """
    key = dial_key(value, region_code)
    code, number = key
    if not code:
        return (key,)
    if not is_international(value) and region_code in AREA_CODE_LEFT_OFF:
        area, line = AREA_CODE_LEFT_OFF[region_code]
        if line.match(number):
            return (key, (code, area + number))
    local = _after_area_code(code, number)
    return (key, (code, local)) if local else (key,)


def _after_area_code(code, number):
    """The short number after `number`'s area code, or "" when it has none."""
    region = phonenumbers.region_code_for_country_code(int(code))
    for length in range(1, min(5, len(number) - 2)):
        area, local = number[:length], number[length:]
        try:
            # An area code is what libphonenumber reads as one at the head of a full line.
            line = phonenumbers.parse(f"+{code}{area}88888888")
            short = phonenumbers.parse(local, region)
        except phonenumbers.NumberParseException:
            continue
        if (
            phonenumbers.is_valid_number(line)
            and phonenumbers.length_of_geographical_area_code(line) == length
            and phonenumbers.shortnumberinfo.is_valid_short_number_for_region(short, region)
        ):
            return local
    return ""


def is_emergency_number(value, region_codes):
    """Whether libphonenumber lists `value` (a national short number) as an emergency number
    in any of `region_codes`: never something to warn about as a look-alike."""
    return not is_international(value) and any(
        phonenumbers.shortnumberinfo.is_emergency_number(value, code) for code in region_codes
    )


# Web addresses.


def to_ascii_host(host):
    """`glоbe.com.ph` (with a Cyrillic о) -> `xn--glbe-65d.com.ph`; ASCII hosts as they are.

    Returns "" for a host that no browser could open.
    """
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def to_unicode_host(host):
    """`xn--glbe-65d.com.ph` -> `glоbe.com.ph`: how the address looks to a reader."""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def normalise_web_address(value):
    """`https://www.Globe.com.ph/stop-spam.html/` -> `www.globe.com.ph/stop-spam.html`.

    `www.` is kept because some sites answer only with it; comparisons drop it (`bare_host`).
    An international host is kept in its ASCII form, as browsers send it.
    """
    value = to_halfwidth(value).strip()
    try:
        parts = urlsplit(value if "://" in value else "//" + value)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        # An unbalanced "[" or "]" (urlsplit takes it for an IPv6 address): not an address we
        # can name, so keep the text as typed and let `is_web_address` turn it down.
        return value
    host = to_ascii_host(host.lower()) or host
    path = parts.path.rstrip("/")
    return f"{host}{path}"


def host_of(address):
    return address.split("/", 1)[0]


def bare_host(address):
    """The host of a normalised web address without `www.`: what "the same site" means."""
    host = host_of(address)
    return host[4:] if host.startswith("www.") else host


def is_web_address(value):
    labels = host_of(value).split(".")
    return len(labels) >= 2 and all(HOST_LABEL.match(label) for label in labels)


def ip_literal(host):
    """The IP address `host` spells, or None for a name.

    Read the way resolvers and browsers read it, so that no spelling hides one: `2130706433`,
    `0x7f.1` and `017700000001` are all 127.0.0.1, and so is the IPv6 `::ffff:127.0.0.1`.
    """
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if not IPV4_SHORTHAND.match(host):
            return None
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def normalise_host(host):
    """A URL's host as it is connected to, written one way: percent-escapes decoded, lower case,
    no trailing dot, ASCII (punycode), and an IP address in its usual form (`127.0.0.1` for
    every spelling `ip_literal` reads). "" for a host no browser could open."""
    host = to_ascii_host(unquote(host).rstrip(".").lower())
    address = ip_literal(host) if host else None
    return str(address) if address else host


def registrable_domain(host):
    """The part of `host` that one owner registers: `globe.com.ph` for `new.globe.com.ph`.

    Every subdomain belongs to the owner of this domain; a hosting service's customers each get
    their own (`someone.github.io`), as the Public Suffix List says. An IP address is a site of
    its own: the Public Suffix List knows nothing of them, and would make 10.0.0.1 and
    127.0.0.1 one "domain", `0.1`.
    """
    address = ip_literal(host)
    if address is not None:
        return str(address)
    return _public_suffixes.privatesuffix(host) or host


def site_name(host):
    """The name a site is known by: `globe` for `www.globe.com.ph`, `10086` for `10086.cn`."""
    domain = registrable_domain(host)
    if ip_literal(domain):
        return domain
    suffix = _public_suffixes.publicsuffix(domain) or ""
    return domain[: -len(suffix) - 1] if suffix and domain != suffix else domain.split(".")[0]


def skeleton(text):
    """`text` with every letter that imitates a Latin one replaced by it: `glоbe` -> `globe`."""
    text = to_halfwidth(text).casefold()
    if text.isascii():
        return text
    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []
    replacements = {}
    for item in found:
        latin = [glyph["c"] for glyph in item["homoglyphs"] if glyph["c"].isascii()]
        if latin:
            replacements[item["character"]] = latin[0].casefold()
    return "".join(replacements.get(character, character) for character in text)


def mixes_scripts(text):
    """Whether `text` mixes alphabets (Latin with Cyrillic, say): a trick to imitate a name."""
    return any(bool(confusables.is_mixed_script(label)) for label in text.split("."))


# SMS sender names and payment handles.


def normalise_name(value):
    """`  #adcc18222 ` -> `#ADCC18222`: sender names and handles are compared without case."""
    return " ".join(to_halfwidth(value).split()).upper()


def is_name(value):
    return bool(NAME_VALUE.match(value)) and any(character.isalnum() for character in value)


# What someone typed: the one reading the checker, the scam register and the readers' forms share.


class Typed:
    WEB_ADDRESS = "web_address"
    NUMBER = "number"
    HANDLE = "handle"
    NAME = "name"


def is_written_as_web_address(text):
    """Whether `text` is written the way a web address is (a scheme, `www.`, a dot before
    letters), so it is read as one or not at all; an `@handle` or a `tel:` link never is."""
    text = to_halfwidth(text).strip()
    return (
        bool(WEB_HINT.search(text))
        and not text.startswith("@")
        and not text.lower().startswith("tel:")
    )


def typed_kind(text):
    """What `text` is, as one of `Typed`'s kinds, or "" for something none of them can hold."""
    text = to_halfwidth(text or "").strip()
    if not text:
        return ""
    if is_written_as_web_address(text):
        return Typed.WEB_ADDRESS if is_web_address(normalise_web_address(text)) else ""
    if is_dial_string(normalise_dial_string(text)):
        return Typed.NUMBER
    if not is_name(normalise_name(text)):
        return ""
    return Typed.HANDLE if text.startswith("@") else Typed.NAME
