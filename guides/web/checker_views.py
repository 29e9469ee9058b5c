"""The number checker's page and the request to take an entry off the scam register."""

from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from ..checker.lookup import check_number, where_to_report
from ..models import (
    ScamEntry,
)
from ..models.known_contacts import MAX_INPUT_LENGTH
from .form_guard import AnonymousFormGuard
from .forms import ScamDisputeForm


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
class ScamDisputeView(AnonymousFormGuard, FormView):
    """ "This is my number and it is not a scam": a request for an editor to review a register
    entry. The checker page that carries the form is never cached, so it has a CSRF token; a
    honeypot and a per-client rate limit keep bots and floods out, as for feedback."""

    template_name = "guides/scam_dispute.html"
    form_class = ScamDisputeForm
    rate_limit_group = "scam-dispute"
    check_origin = False  # the page carries a CSRF token: Django refuses cross-site posts

    def dispatch(self, request, *args, **kwargs):
        self.entry = get_object_or_404(ScamEntry.objects.listed(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

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
