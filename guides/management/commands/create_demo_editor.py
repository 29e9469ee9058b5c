"""Create a local editor account for trying the admin. Only with DEBUG on."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = (
        "Create the local demo editor (a member of the Editors group, not a superuser) and print "
        "its login once. Refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Give an existing demo editor a new password and print it.",
        )

    def handle(self, *args, username, reset_password, **options):
        if not settings.DEBUG:
            raise CommandError("The demo editor is for local development: set DJANGO_DEBUG=1.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": False}
        )
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        if not created and not reset_password:
            self.stdout.write(
                f"Demo editor '{username}' exists already "
                "(manage.py create_demo_editor --reset-password prints a new password)."
            )
            return
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor, for the admin at /{settings.ADMIN_PATH}\n"
                f"  username: {username}\n  password: {password}\n"
                "This password is shown only now."
            )
        )
