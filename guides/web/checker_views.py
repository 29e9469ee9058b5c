"""The number checker's page, the request to take an entry off the scam register, and the
rate limit the readers' forms share."""

import logging

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from ..checker.lookup import check_number, where_to_report
from ..models import (
    ScamEntry,
)
from ..models.known_contacts import MAX_INPUT_LENGTH
from .forms import ScamDisputeForm
from .security import client_ip

logger = logging.getLogger(__name__)

UNAVAILABLE = object()


def post_rate_limit(request, group):
    """Whether this client has sent too many posts to `group` this hour, counting this one, or
    UNAVAILABLE when the counters cannot be read (Redis or the database is down): then no post
    is taken, rather than one taken unlimited."""
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


@method_decorator(never_cache, name="dispatch")
class NumberCheckView(TemplateView):
    """Never cached and never logged by us: what a reader checks is their own business."""

    template_name = "guides/number_check.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Keep the checked number out of the Referer header of any link the reader follows.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_context_data(self, **kwargs):
        number = self.request.GET.get("number", "")
        asked = bool(number.strip())
        return super().get_context_data(
            number=number[:MAX_INPUT_LENGTH],
            result=check_number(number) if asked else None,
            report_to=where_to_report() if asked else [],
            max_length=MAX_INPUT_LENGTH,
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ScamDisputeView(FormView):
    """ "This is my number and it is not a scam": a request for an editor to review a register
    entry. The checker page that carries the form is never cached, so it has a CSRF token; a
    honeypot and a per-client rate limit keep bots and floods out, as for feedback."""

    template_name = "guides/scam_dispute.html"
    form_class = ScamDisputeForm

    def dispatch(self, request, *args, **kwargs):
        self.entry = get_object_or_404(ScamEntry.objects.listed(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        limited = post_rate_limit(request, "scam-dispute")
        if limited is UNAVAILABLE:
            form = self.get_form()
            response = self.render_to_response(self.get_context_data(form=form, unavailable=True))
            response.status_code = 503
            response["Retry-After"] = "300"
            return response
        if limited:
            context = self.get_context_data(limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_bot:
            form.instance.entry = self.entry
            form.save()
        return self.render_to_response(self.get_context_data(sent=True))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, **kwargs)
