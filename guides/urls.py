from django.urls import path

from .caching.pages import cache_public_page
from .caching.tags import GUIDE_LISTS
from .web import checker_views, feedback_views, views
from .web.feeds import GuideFeed

app_name = "guides"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path(
        "guides/",
        cache_public_page(
            views.GuideListView.as_view(), query_parameters=views.GuideListView.query_parameters
        ),
        name="guide_list",
    ),
    path(
        "guides/<slug:slug>/",
        cache_public_page(views.GuideDetailView.as_view()),
        name="guide_detail",
    ),
    path("guides/<slug:slug>/feedback/", feedback_views.FeedbackView.as_view(), name="feedback"),
    path(
        "guides/<slug:slug>/feedback/thanks/",
        feedback_views.FeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
    path(
        "guides/<slug:slug>/feedback/thanks/<slug:kind>/",
        feedback_views.FeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
    path(
        "guides/<slug:slug>/feedback/thanks/<slug:kind>/<str:ref>/",
        feedback_views.FeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
    path(
        "guides/<slug:slug>/feedback/missing/",
        feedback_views.FeedbackMissingView.as_view(),
        name="feedback_missing",
    ),
    path("operators/", cache_public_page(views.OperatorListView.as_view()), name="operator_list"),
    path(
        "operators/<slug:slug>/",
        cache_public_page(views.OperatorDetailView.as_view()),
        name="operator_detail",
    ),
    path(
        "channels/<slug:slug>/",
        cache_public_page(views.ChannelDetailView.as_view()),
        name="channel_detail",
    ),
    path("safety/", cache_public_page(views.SafetyView.as_view()), name="safety"),
    path(
        "keep-your-number/",
        cache_public_page(views.KeepYourNumberView.as_view()),
        name="keep_your_number",
    ),
    path(
        "not-arrived/",
        cache_public_page(
            views.NotArrivedView.as_view(), query_parameters=views.NotArrivedView.query_parameters
        ),
        name="not_arrived",
    ),
    path("check/", checker_views.NumberCheckView.as_view(), name="number_check"),
    path("check/disputes/<int:pk>/", checker_views.ScamDisputeView.as_view(), name="scam_dispute"),
    path("feed/", cache_public_page(GuideFeed(), tags=[GUIDE_LISTS]), name="feed"),
    path("preview/<str:token>/", views.SharedPreviewView.as_view(), name="shared_preview"),
]
