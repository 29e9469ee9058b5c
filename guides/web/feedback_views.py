"""Reader feedback on a guide: the vote or report, the thanks that fit what was sent, and what
was missing after a "not helpful" vote."""

from django.core import signing
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from ..models import Feedback, Guide
from .form_guard import AnonymousFormGuard
from .forms import FeedbackForm, MissingForm
from .pages import routes_context

MISSING_SALT = "guides.feedback.missing"


def public_guide(slug):
    return get_object_or_404(Guide.objects.public().with_related(), slug=slug)


class GuideFeedbackGuard(AnonymousFormGuard):
    """The feedback forms sit on cached guide pages that every visitor shares, so they carry no
    per-visitor CSRF token: the guard checks their origin instead (see form_guard)."""

    rate_limit_group = "feedback"
    refused_template_name = "guides/feedback_refused.html"
    limited_template_name = "guides/feedback_limited.html"

    def dispatch(self, request, *args, **kwargs):
        self.guide = public_guide(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def guard_context(self):
        return {"guide": self.guide}


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FeedbackView(GuideFeedbackGuard, FormView):
    template_name = "guides/feedback_form.html"
    form_class = FeedbackForm

    def form_valid(self, form):
        kind = form.cleaned_data["kind"]
        if form.is_bot:
            return redirect("guides:feedback_thanks", slug=self.guide.slug, kind=kind)
        form.instance.guide = self.guide
        feedback = form.save()
        if kind == Feedback.Kind.NOT_HELPFUL and not feedback.message:
            # Signed, so that only whoever sent this vote can add what was missing to it.
            ref = signing.dumps(feedback.pk, salt=MISSING_SALT)
            return redirect("guides:feedback_thanks", slug=self.guide.slug, kind=kind, ref=ref)
        return redirect("guides:feedback_thanks", slug=self.guide.slug, kind=kind)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(guide=self.guide, **kwargs)


class FeedbackThanksView(TemplateView):
    """Thanks that fit what was sent: for a top-up that did not arrive, that guide's route at
    once; for "not helpful", a question about what was missing."""

    template_name = "guides/feedback_thanks.html"

    def get_context_data(self, **kwargs):
        guide = public_guide(kwargs["slug"])
        context = {"guide": guide}
        if kwargs.get("kind") == Feedback.Kind.DID_NOT_ARRIVE:
            context.update(routes_context(guide))
        if kwargs.get("ref") and kwargs.get("kind") == Feedback.Kind.NOT_HELPFUL:
            context["missing_form"] = MissingForm(initial={"ref": kwargs["ref"]})
        return super().get_context_data(**context, **kwargs)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class FeedbackMissingView(GuideFeedbackGuard, FormView):
    """What was missing, added to the reader's own "not helpful" vote; a vote that already says
    something is left as it is."""

    template_name = "guides/feedback_thanks.html"
    form_class = MissingForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            pk = signing.loads(form.cleaned_data["ref"], salt=MISSING_SALT, max_age=3600)
        except signing.BadSignature:
            pk = None
        message = form.cleaned_data["message"].strip()
        if pk is not None and message and not form.is_bot:
            Feedback.objects.filter(
                pk=pk, guide=self.guide, kind=Feedback.Kind.NOT_HELPFUL, message=""
            ).update(message=message)
        return redirect("guides:feedback_thanks", slug=self.guide.slug, kind="missing")

    def form_invalid(self, form):
        return self.render_to_response(self.form_context(form), status=400)

    def form_context(self, form, **flags):
        return self.get_context_data(
            guide=self.guide, kind=Feedback.Kind.NOT_HELPFUL, missing_form=form, **flags
        )
