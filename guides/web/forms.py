from django import forms
from django.utils.translation import gettext_lazy as _

from ..caching.canonical import filter_values
from ..models import Feedback, ScamDispute
from ..values import contacts

PROBLEM_KINDS = [
    Feedback.Kind.DID_NOT_ARRIVE,
    Feedback.Kind.OUTDATED,
    Feedback.Kind.WRONG_NUMBER,
    Feedback.Kind.SCAM_SEEN,
    Feedback.Kind.OTHER,
]


class FeedbackForm(forms.ModelForm):
    """A reader's verdict on a guide or a problem report. No name, e-mail or address is asked."""

    # A honeypot: hidden from people, but form-filling bots tend to fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["kind", "message", "reported_value"]
        labels = {
            "kind": _("What is wrong?"),
            "message": _("Tell us more (optional)"),
            "reported_value": _("The number, sender or link the scam used (optional)"),
        }
        help_texts = {
            "message": _(
                "Up to 2,000 characters. Do not include your phone number, codes or passwords."
            ),
            "reported_value": _(
                "Only for a scam you saw: e.g. +63 917 000 0000, L0086 or a web address. "
                "Editors check it before it goes into the scam register."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def clean_reported_value(self):
        value = " ".join(self.cleaned_data.get("reported_value", "").split())
        if value and not is_checkable(value):
            raise forms.ValidationError(
                _("Type a phone number, an SMS sender name or a web address, as you saw it.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reported_value") and cleaned.get("kind") != Feedback.Kind.SCAM_SEEN:
            # Only a scam report may name a number: nothing about the reader is kept.
            cleaned["reported_value"] = ""
        return cleaned

    @property
    def problem_choices(self):
        return [(kind.value, kind.label) for kind in PROBLEM_KINDS]


def is_checkable(value):
    """Whether `value` is something the scam register can hold: a number, name or address."""
    return bool(contacts.typed_kind(value))


class MissingForm(forms.Form):
    """After a "not helpful" vote: what was missing, added to that vote (optional)."""

    ref = forms.CharField(widget=forms.HiddenInput, max_length=200)
    message = forms.CharField(
        label=_("What was missing? (optional)"),
        help_text=_(
            "Up to 2,000 characters. Do not include your phone number, codes or passwords."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class ScamDisputeForm(forms.ModelForm):
    """Someone says a register entry is theirs. Only their message is kept, nothing else."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = ScamDispute
        fields = ["message"]
        labels = {"message": _("How can we check that it is yours? (optional)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class NotArrivedForm(forms.Form):
    """The "didn't arrive" page's question, asked in its query string: the operator (required)
    and the channel the reader paid through (optional).

    Values are read as the page cache keys the page (`canonical.filter_values`: cleaned, lower
    case, repeats dropped), and looked up in the operators and channels the page lists, so that
    checking them costs no query. An unknown value, or two of one, is a message, never a guess.
    """

    operator = forms.CharField(error_messages={"required": _("Choose your operator.")})
    channel = forms.CharField(required=False)

    def __init__(self, query, regions, channels):
        self.operators = {op.slug: op for region in regions for op in region.operators.all()}
        self.channels = {channel.slug: channel for channel in channels}
        values = {name: filter_values(query, name) for name in self.base_fields}
        self.repeated = {name for name, sent in values.items() if len(sent) > 1}
        data = {name: sent[0] for name, sent in values.items() if sent}
        super().__init__(data or None)

    def clean_operator(self):
        if "operator" in self.repeated:
            raise forms.ValidationError(_("Choose one operator only."))
        operator = self.operators.get(self.cleaned_data["operator"])
        if operator is None:
            raise forms.ValidationError(
                _("We do not know this operator. Choose yours from the list.")
            )
        return operator

    def clean_channel(self):
        if "channel" in self.repeated:
            raise forms.ValidationError(_("Choose one way of topping up only."))
        slug = self.cleaned_data["channel"]
        if not slug:
            return None
        channel = self.channels.get(slug)
        if channel is None:
            raise forms.ValidationError(
                _("We do not know this way of topping up. Choose one from the list.")
            )
        return channel
