"""Public pages of the content (home, guides, operators, channels, safety, the readers' task
pages keep-your-number and didn't-arrive; the number checker is
in `checker_views`, error pages and robots.txt in `site_views`). Each page's reads live on the
model querysets; views only put them together."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from ..caching.tags import (
    CHECKER_RECORDS,
    GUIDE_LISTS,
    SAFETY_NOTES,
    tag,
    tag_each,
    tag_guides,
    tag_page,
)
from ..editorial.scheduling import scheduled_version
from ..models import (
    Channel,
    Guide,
    MissedSearch,
    Operator,
    PaymentProvider,
    PreviewLink,
    Region,
    SafetyNote,
)
from ..search.help import SearchHelp, reader_tasks
from .filters import GuideFilter
from .forms import NotArrivedForm
from .pages import (
    guide_page_context,
    not_arrived_context,
    operator_page_context,
    regions_with_keep_alive_facts,
    regions_with_operators,
    with_shared_parents,
)


class HomeView(TemplateView):
    template_name = "guides/home.html"

    def get_context_data(self, **kwargs):
        tag_page(GUIDE_LISTS, SAFETY_NOTES)
        return super().get_context_data(
            regions=regions_with_operators(),
            channels=Channel.objects.all(),
            core_notes=SafetyNote.objects.core_for_every_guide(),
            tasks=reader_tasks(),
            **kwargs,
        )


class GuideListView(ListView):
    template_name = "guides/guide_list.html"
    context_object_name = "guides"
    paginate_by = settings.GUIDES_PER_PAGE
    # What GuideFilter and the paginator read (the page cache keys the page by these).
    query_parameters = ("operator", "channel", "region", "abroad", "q", "page")
    # A list with more filter values chosen than this, in all, is served but not stored: every
    # combination of known values would otherwise be a page of its own in the cache.
    max_stored_choices = 3

    def get_queryset(self):
        self.filters = GuideFilter(self.request.GET)
        self.filters.count_options()
        return self.filters.guides()

    def paginate_queryset(self, queryset, page_size):
        """Out-of-range or malformed page numbers show the nearest real page, with a note."""
        paginator = Paginator(queryset, page_size)
        # The option counts already tell how many guides match: no second COUNT query.
        paginator.count = self.filters.total()
        requested = self.request.GET.get("page", "1")
        page = paginator.get_page(requested)
        guides = list(page.object_list)
        if self.filters.q:
            # Search ranks guides by id (`search_engine`); only the page's cards are read.
            guides = Guide.objects.public().as_cards().in_order_of(guides)
        page.object_list = with_shared_parents(guides)
        self.page_was_adjusted = requested.strip() not in ("", str(page.number))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=self.filters,
            page_was_adjusted=self.page_was_adjusted,
            query_without_page=query.urlencode(),
            removal_links=self.filters.removal_links(self.request.GET),
            search_help=SearchHelp.of(self.filters) if self.filters.q else None,
        )
        tag_page(GUIDE_LISTS)
        if context["search_help"] and context["search_help"].verdict is not None:
            tag_page(CHECKER_RECORDS)
        return context

    def render_to_response(self, context, **kwargs):
        """A list for an unknown slug or page number is a 200 with a message, not a page anyone
        links to: not stored, so that made-up values cannot fill the page cache. A search that
        found nothing is counted for the editors (the query only), and its page is not cached,
        so that every such search is counted; nor is a search with a number in it, which may be
        the reader's own (see `SearchHelp.is_private`). Nor is a list with more than
        `max_stored_choices` filter values chosen."""
        response = super().render_to_response(context, **kwargs)
        filters = self.filters
        if (
            filters.unknown
            or filters.query_text_was_cut
            or self.page_was_adjusted
            or filters.chosen_count > self.max_stored_choices
        ):
            response.public_page = False
        search_help = context["search_help"]
        if search_help and (filters.missed or search_help.is_private):
            add_never_cache_headers(response)
        if search_help and search_help.is_private:
            response["Referrer-Policy"] = "no-referrer"
        elif filters.missed and self.request.method == "GET":
            MissedSearch.objects.record(filters.q)
        return response


class GuideDetailView(DetailView):
    template_name = "guides/guide_detail.html"
    context_object_name = "guide"

    def get_queryset(self):
        return Guide.objects.public()

    def get_object(self, queryset=None):
        # The operator and channel from the shared copies, not from a join (see
        # `with_shared_parents`).
        [guide] = with_shared_parents([super().get_object(queryset)])
        return guide

    def get_context_data(self, **kwargs):
        guide = self.object
        return super().get_context_data(
            **guide_page_context(guide, list(guide.steps.all())), **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(TemplateView):
    """A guide's preview, draft or not, for whoever holds an active share link; else a 404.

    Never cached and never indexed; no Referer leaves the page, so the token in its address is
    not sent to the sites it links to.
    """

    template_name = "guides/guide_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_context_data(self, **kwargs):
        links = PreviewLink.objects.active().select_related("guide__operator__region")
        link = get_object_or_404(links.select_related("guide__channel"), token=kwargs["token"])
        guide = link.guide
        steps = list(guide.steps.order_by("order", "pk"))
        if link.scheduled_change_id:
            guide, steps = scheduled_version(link.scheduled_change, guide)
        preview = {"expires_at": link.expires_at}
        return super().get_context_data(**guide_page_context(guide, steps, preview), **kwargs)


class OperatorListView(ListView):
    template_name = "guides/operator_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        tag_page(GUIDE_LISTS)
        return regions_with_operators()


class OperatorDetailView(DetailView):
    template_name = "guides/operator_detail.html"
    context_object_name = "operator"

    def get_queryset(self):
        return Operator.objects.active().select_related("region")

    def get_context_data(self, **kwargs):
        operator = self.object
        guides = list(
            Guide.objects.public()
            .filter(operator=operator)
            .select_related("channel")
            .in_reading_order()
        )
        notes = list(SafetyNote.objects.active().filter(operators=operator))
        tag_each("note", notes)
        return super().get_context_data(
            guides=guides,
            notes=notes,
            **operator_page_context(operator, guides),
            **kwargs,
        )


class ChannelDetailView(DetailView):
    template_name = "guides/channel_detail.html"
    context_object_name = "channel"
    queryset = Channel.objects.all()

    def get_context_data(self, **kwargs):
        channel = self.object
        guides = list(
            Guide.objects.public()
            .filter(channel=channel)
            .select_related("operator__region")
            .in_reading_order()
        )
        notes = list(SafetyNote.objects.active().filter(channels=channel))
        tag_page(tag("channel", channel.pk))
        tag_guides(guides)
        tag_page(*(tag("region", guide.operator.region_id) for guide in guides))
        tag_each("note", notes)
        return super().get_context_data(guides=guides, notes=notes, **kwargs)


class SafetyView(TemplateView):
    template_name = "guides/safety.html"

    def get_context_data(self, **kwargs):
        # Every note, with the channels and operators it is for, authorities and payment apps:
        # any change to those purges this tag (`signals.tags_for_change`).
        tag_page(SAFETY_NOTES)
        return super().get_context_data(
            notes=SafetyNote.objects.active().prefetch_related("channels", "operators"),
            regions=Region.objects.prefetch_related("authorities"),
            providers=PaymentProvider.objects.active()
            .select_related("region")
            .prefetch_related("contacts"),
            **kwargs,
        )


class KeepYourNumberView(TemplateView):
    """Every operator's keep-your-number facts, by region: the home page's "keep my number"."""

    template_name = "guides/keep_your_number.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=regions_with_keep_alive_facts(), **kwargs)


class NotArrivedView(TemplateView):
    """ "My top-up didn't arrive": a GET form for the operator and the channel, then the route to
    take for that pair (`pages.not_arrived_context`)."""

    template_name = "guides/not_arrived.html"
    # What NotArrivedForm reads (the page cache keys the page by these).
    query_parameters = ("operator", "channel")

    def get_context_data(self, **kwargs):
        regions = list(regions_with_operators())
        channels = list(Channel.objects.all())
        self.form = NotArrivedForm(self.request.GET, regions, channels)
        # The form lists every operator and channel, and whether a pair has a guide changes
        # with any guide: the lists' tag.
        tag_page(GUIDE_LISTS)
        answer = {}
        if self.form.is_valid():
            chosen = self.form.cleaned_data
            answer = {
                "chosen_operator": chosen["operator"],
                "chosen_channel": chosen["channel"],
                **not_arrived_context(chosen["operator"], chosen["channel"]),
            }
        return super().get_context_data(
            form=self.form, regions=regions, channels=channels, **answer, **kwargs
        )

    def render_to_response(self, context, **kwargs):
        """An answer for unknown or repeated values is a 200 with a message, not stored, so that
        made-up values cannot fill the page cache (as the guide list does)."""
        response = super().render_to_response(context, **kwargs)
        if self.form.errors:
            response.public_page = False
        return response
