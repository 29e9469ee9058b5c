"""The editors' admin, a module per concern; importing them registers their admins.

- `base`: media, translated fields in tabs, the context of our own admin pages;
- `history`: who changed what, diffs and revert, for every content admin;
- `content`: regions, operators and their contacts, channels, safety notes;
- `sourced`: authorities and payment providers;
- `guide`, `guide_form`, `guide_views`: the guide admin, its form and steps, its extra pages;
- `facts`: guide facts, operator facts and routes when a top-up goes wrong (inlines);
- `moderation`: reader feedback, the scam register and disputes.
"""

from . import content, guide, moderation, sourced  # noqa: F401
