"""Pages of the site rather than of its content: error pages, robots.txt, security.txt and
the health check."""

import datetime
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def bad_request(request, exception=None):
    """400 for a malformed request, 413 for one over the size limits, in the reader's language.

    Django's own 400 page is a bare English line; a reader who followed a mangled link deserves
    the site's page with a way back.
    """
    too_large = isinstance(exception, RequestDataTooBig)
    return render(request, "400.html", {"too_large": too_large}, status=413 if too_large else 400)


# GET and HEAD (require_safe) wherever a page answers GET: monitors and crawlers ask with HEAD.


@require_safe
def robots_txt(request):
    """No `Disallow` for the admin: that would publish a hidden DJANGO_ADMIN_PATH, and keep
    crawlers from reading the `noindex` the admin's own pages carry."""
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


# security.txt must say when it stops being valid (RFC 9116 asks for less than a year ahead).
# It is generated from settings on every request, so it is as current as the deployment.
SECURITY_TXT_VALIDITY = datetime.timedelta(days=180)


@require_safe
def security_txt(request):
    """/.well-known/security.txt: whom to tell about a security problem (RFC 9116)."""
    midnight = datetime.datetime.now(datetime.UTC).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return render(
        request,
        "security.txt",
        {
            "contacts": settings.SECURITY_CONTACTS,
            "expires": (midnight + SECURITY_TXT_VALIDITY).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "canonical_url": request.build_absolute_uri(request.path),
        },
        content_type="text/plain; charset=utf-8",
    )


@never_cache
@require_safe
def healthz(request):
    """Whether the database and the cache answer; 503 and what is down when one does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:  # noqa: BLE001 - any cache client error means "unavailable"
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def server_error(request, template_name="500.html"):
    """The 500 handler; when the database is out of reach, a translated 503 instead.

    Pages in the page cache are still served in that case (guides.caching.pages never touches the
    database); this is what the others answer, with a hint to retry rather than a stack trace.
    """
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response
    return render(request, template_name, status=500)
