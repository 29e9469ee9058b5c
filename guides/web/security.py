"""Small request checks: who a client is, where a form post comes from, and the login lockout."""

import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.shortcuts import render


def request_address(request):
    """The client's address as the proxy (CLIENT_IP_HEADER) or the connection gives it, if any."""
    address = ""
    if settings.CLIENT_IP_HEADER:
        address = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[0].strip()
    return address or request.META.get("REMOTE_ADDR") or None


def client_ip(group, request):
    """The client's address for rate limiting (django-ratelimit key function).

    Only used as a cache key, hashed by django-ratelimit; never stored with the feedback.
    """
    return request_address(request) or "unknown"


def request_client_ip(request):
    """The same address for django-axes, so login throttling and the feedback limit agree.

    None when there is none (a request built in code), which the lockout records store as NULL.
    """
    return request_address(request)


def login_locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login: why, for how long, and what to do.

    In the admin's own look and the reader's language, with 429 and Retry-After, and without
    the username, so the page confirms nothing about which accounts exist.
    """
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "admin/login_locked.html",
        {
            **admin.site.each_context(request),
            "minutes": math.ceil(seconds / 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def is_same_origin(request):
    """Whether a POST comes from a page of this site, by its Origin or else its Referer header.

    Browsers set these headers themselves and a page on another site cannot forge them, which
    makes this a sound defence against cross-site request forgery for a form with no session.
    """
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if not claimed or claimed == "null":
        return False
    try:
        parts = urlsplit(claimed)
    except ValueError:  # e.g. "http://[host": not a URL, so not this site either
        return False
    origin = f"{parts.scheme}://{parts.netloc}"
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - a disallowed Host header is simply not our origin
        return False
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


class NulCharacterInRequest(SuspiciousOperation):
    pass


def has_nul_character(request):
    """Whether the request's path or query string holds a NUL character."""
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class RefuseNulCharactersMiddleware:
    """The 400 page for a NUL character anywhere in the path or the query string.

    PostgreSQL refuses NUL in text, so one that reached a query (an admin filter, a preview
    token, a slug) was a 500 there. No address of this site has a use for it, so it is refused
    here once rather than at every place a parameter meets the database. After LocaleMiddleware,
    so the 400 page is in the language the address asks for. Forms refuse NUL themselves
    (Django's CharField does).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul_character(request):
            raise NulCharacterInRequest("NUL character in the request's address")
        return self.get_response(request)


def body_is_too_large(request):
    """Whether the request's body is over DATA_UPLOAD_MAX_MEMORY_SIZE, by its Content-Length.

    A body sent without a length (`Transfer-Encoding: chunked`) cannot be measured before it is
    read, and Django would read none of it (its stream ends at the declared length), so the form
    would arrive empty: it counts as too large too. A Content-Length that is not a number is
    read by Django as no body at all, and left to it.
    """
    declared = request.META.get("CONTENT_LENGTH")
    if not declared:
        return bool(request.META.get("HTTP_TRANSFER_ENCODING"))
    try:
        return int(declared) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    except ValueError:
        return False


class RefuseLargeBodiesMiddleware:
    """The 413 page for a request body over the limit, whatever its encoding, before any of it
    is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out the file parts of a multipart body: they go
    to memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then to a file on disk, however large (a
    300 MiB file part to the feedback form was spooled to disk and the form taken). No form of
    this site takes a file, so the limit applies to the whole body, by its declared length.
    After LocaleMiddleware, so the page is in the language the address asks for; nothing before
    it reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if body_is_too_large(request):
            raise RequestDataTooBig("Request body over DATA_UPLOAD_MAX_MEMORY_SIZE")
        return self.get_response(request)
