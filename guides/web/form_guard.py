"""The one guard of the readers' anonymous forms: feedback on a guide, what was missing after a
"not helpful" vote, and a request to review a scam register entry.

Every post to them meets the same three checks, in this order, with the same answers:

1. from another site (forms on shared, cached pages carry no CSRF token, so their Origin or
   Referer header is checked instead): 403, nothing taken;
2. the rate limit's counters cannot be read (Redis or the database is down): 503 with
   Retry-After, the form shown again as the reader filled it in, nothing taken rather than
   taken unlimited;
3. too many posts from this client this hour: 429, nothing taken.
"""

import logging

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from .security import client_ip, is_same_origin

logger = logging.getLogger(__name__)

UNAVAILABLE = object()
RETRY_AFTER_OUTAGE = "300"


def post_rate_limit(request, group):
    """Whether this client has sent too many posts to `group` this hour, counting this one, or
    UNAVAILABLE when the counters cannot be read."""
    try:
        return is_ratelimited(
            request,
            group=group,
            key=client_ip,
            rate=settings.FEEDBACK_RATE_LIMIT,
            method="POST",
            increment=True,
        )
    except Exception:  # noqa: BLE001 - any cache client error: the limit cannot be checked
        logger.warning("Rate limit for %s unavailable; post not taken", group)
        return UNAVAILABLE


class AnonymousFormGuard:
    """For a FormView taking posts from anyone: the checks above before the form is read.

    A view sets `rate_limit_group`; `check_origin` is off where the page carries a CSRF token
    (Django's own check then refuses cross-site posts). `refused_template_name` and
    `limited_template_name` name a page of their own; without one, the view's template is shown
    again with `limited` set. `form_context` says how the view's template shows a form.
    """

    rate_limit_group = None
    check_origin = True
    refused_template_name = None
    limited_template_name = None

    def post(self, request, *args, **kwargs):
        if self.check_origin and not is_same_origin(request):
            return render(request, self.refused_template_name, self.guard_context(), status=403)
        limited = post_rate_limit(request, self.rate_limit_group)
        if limited is UNAVAILABLE:
            response = self.render_to_response(
                self.form_context(self.get_form(), unavailable=True), status=503
            )
            response["Retry-After"] = RETRY_AFTER_OUTAGE
            return response
        if limited:
            if self.limited_template_name:
                return render(request, self.limited_template_name, self.guard_context(), status=429)
            return self.render_to_response(self.form_context(None, limited=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_context(self, form, **flags):
        """The template's context showing `form` (None: no form), with the guard's flags."""
        if form is None:
            return self.get_context_data(**flags)
        return self.get_context_data(form=form, **flags)

    def guard_context(self):
        """What the refused and limited pages need to link back (the view's own objects)."""
        return {}
