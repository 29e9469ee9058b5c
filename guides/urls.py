from django.urls import path

from . import views
from .feeds import GuideFeed

app_name = "guides"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("guides/", views.GuideListView.as_view(), name="guide_list"),
    path("guides/<slug:slug>/", views.GuideDetailView.as_view(), name="guide_detail"),
    path("guides/<slug:slug>/feedback/", views.FeedbackView.as_view(), name="feedback"),
    path(
        "guides/<slug:slug>/feedback/thanks/",
        views.FeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
    path("operators/", views.OperatorListView.as_view(), name="operator_list"),
    path("operators/<slug:slug>/", views.OperatorDetailView.as_view(), name="operator_detail"),
    path("channels/<slug:slug>/", views.ChannelDetailView.as_view(), name="channel_detail"),
    path("safety/", views.SafetyView.as_view(), name="safety"),
    path("check/", views.NumberCheckView.as_view(), name="number_check"),
    path("feed/", GuideFeed(), name="feed"),
    path("preview/<str:token>/", views.SharedPreviewView.as_view(), name="shared_preview"),
]
