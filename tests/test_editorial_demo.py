"""The demo content shows scheduling and source checks: a scheduled withdrawal and a broken
source (recorded as demo state, never over a real check)."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

from guides.editorial.admin_site import needs_attention
from guides.models import Guide, ScheduledChange, SourceCheck


def test_the_demo_has_a_scheduled_change_and_a_broken_source(db, editor):
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())
    [change] = ScheduledChange.objects.pending()
    assert change.action == ScheduledChange.Action.WITHDRAW and change.guide.is_published
    guide = Guide.objects.get(slug="globe-autoloadmax-retail")
    check = SourceCheck.objects.for_item(guide)
    assert check.result == SourceCheck.Result.BROKEN and "demo" in check.detail
    with translation.override("en"):
        counts = {str(label): count for label, count, _url in needs_attention(editor)}
    assert counts["Sources broken or moved"] == 1


def test_the_demo_never_overwrites_a_real_check(db):
    call_command("load_demo_content", stdout=StringIO())
    SourceCheck.objects.update(result=SourceCheck.Result.OK, detail="")
    call_command("load_demo_content", stdout=StringIO())
    assert SourceCheck.objects.get().result == SourceCheck.Result.OK
