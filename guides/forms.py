from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback

PROBLEM_KINDS = [
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
        fields = ["kind", "message"]
        labels = {"kind": _("What is wrong?"), "message": _("Tell us more (optional)")}
        help_texts = {
            "message": _(
                "Up to 2,000 characters. Do not include your phone number, codes or passwords."
            )
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    @property
    def problem_choices(self):
        return [(kind.value, kind.label) for kind in PROBLEM_KINDS]
