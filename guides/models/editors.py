"""What each editor chooses for themself: the language of their e-mail, and whether they get
the weekly digest (`manage.py send_editor_digest`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mail the site sends you."),
    )
    wants_digest = models.BooleanField(
        _("send me the weekly digest"),
        default=True,
        help_text=_(
            "One e-mail a week with guides due for review, new reader reports, broken sources "
            "and scheduled changes; none when there is nothing to say."
        ),
    )
    last_digest_sent_at = models.DateTimeField(
        _("last digest sent"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("editor profile")
        verbose_name_plural = _("editor profiles")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("admin:guides_editorprofile_change", args=[self.pk])

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]
