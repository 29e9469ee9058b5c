"""The number checker as its pages ask it: the known contacts (`guides.models.known_contacts`),
read once per content version."""

from ..caching.content import cached_for_content
from ..models.known_contacts import load_records


def records():
    return cached_for_content("checker-records", load_records)


def check_number(text):
    """Check what a reader typed against the records (see `guides.models.known_contacts`)."""
    return records().check(text)


def where_to_report():
    """Each region with its authorities, for "where to report a scam" next to a verdict."""
    return records().authorities_by_region
