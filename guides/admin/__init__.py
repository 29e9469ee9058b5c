"""The editors' admin, a module per concern; importing them registers their admins.

- `base`: media, translated fields in tabs, the context of our own admin pages;
- `history`: who changed what, diffs and revert, for every content admin;
- `content`: regions, operators and their contacts, channels, safety notes;
- `sourced`: authorities and payment providers;
- `guide`, `guide_form`, `guide_views`: the guide admin, its form and steps, its extra pages;
- `facts`: guide facts, operator facts and routes when a top-up goes wrong (inlines);
- `moderation`: reader feedback, the scam register and disputes;
- `schedule`: scheduled publications and withdrawals, new versions kept until they go live;
- `source_checks`: what `manage.py check_sources` found; `editors`: each editor's own settings;
- `purges`: cache purges that failed (guides/caching/purging.py).
"""

from . import content, editors, guide, moderation, purges, schedule, search, source_checks, sourced  # noqa: F401
