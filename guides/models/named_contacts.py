"""The publishing rule that published text names only contacts the number checker knows, shared
by every model whose text readers see (`guides.values.mentions` finds what a text names)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..values import contacts
from ..values.mentions import mentions_in
from . import OfficialContact, Operator
from .known_contacts import load_records
from .sourced import Authority, PaymentProviderContact, SourcedContact
from .verdicts import VERDICTS_FOR_EDITORS, Verdict


def app_names():
    """Every name an app record goes by, the apps of inactive owners too, and each operator's
    official app name in every language: the apps published text can be found to name."""
    apps = [
        model.objects.filter(kind=SourcedContact.Kind.APP)
        .order_by()
        .values_list("value", flat=True)
        for model in (OfficialContact, PaymentProviderContact, Authority)
    ]
    columns = [f"official_app_name_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
    names = list(apps[0].union(*apps[1:]))
    for row in Operator.objects.order_by().values_list(*columns):
        names += row
    # Only a name the checker can read as one (not, say, an app name typed with markup in it).
    names = {name for name in names if name and contacts.is_name(contacts.normalise_name(name))}
    return sorted(names, key=lambda name: (-len(name), name))


def unknown_contacts(texts):
    """The contacts that `texts` (`(key, text)` pairs of editor Markdown) name which the checker
    would not answer "official" or "secondary" for: `(key, Mention, Result)` for each.

    The one home of "what the checker knows" for published text. Records are read afresh, not
    from the content-version cache, as the text may be saved in the transaction that adds the
    records it names (an import, the demo content).
    """
    names = app_names()
    found = [(key, mention) for key, text in texts for mention in mentions_in(text, names)]
    if not found:
        return []
    known = load_records()
    problems = []
    for key, mention in found:
        result = known.check(mention.value)
        if result.verdict not in (Verdict.OFFICIAL, Verdict.SECONDARY):
            problems.append((key, mention, result))
    return problems


def unknown_contacts_message(label, problems):
    """One sentence for the editor: where, which values, and what the checker would say."""
    return _(
        "%(where)s names %(values)s, which the number checker does not know as an official or "
        "secondary contact. Add it to the contacts of its operator, payment provider or "
        "authority, with its source, first; or leave it out."
    ) % {
        "where": capfirst(label),
        "values": ", ".join(
            str(_("“%(value)s” (the checker says: %(verdict)s)"))
            % {"value": mention.value, "verdict": VERDICTS_FOR_EDITORS[result.verdict]}
            for mention, result in problems
        ),
    }


def contact_errors(texts):
    """`{key: [message, …]}` for the `(key, label, text)` that name a contact the number checker
    does not know (`unknown_contacts`), one message for each label.

    The rule that published text names only contacts the checker knows, shared by every model
    whose text readers see; several texts may share a key (a guide's steps do).
    """
    problems = unknown_contacts([((key, label), text) for key, label, text in texts])
    by_label = {}
    for (key, label), mention, result in problems:
        by_label.setdefault((key, label), []).append((mention, result))
    errors = {}
    for (key, label), found in by_label.items():
        errors.setdefault(key, []).append(unknown_contacts_message(label, found))
    return errors


def check_named_contacts(texts):
    """Raise `contact_errors` as a model's `clean` does, if there are any."""
    errors = contact_errors(texts)
    if errors:
        raise ValidationError(errors)
