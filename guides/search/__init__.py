"""Search: from the words a reader typed to ranked guides.

Read top-down: `reading` turns text into words (both the guides' stored documents and the
query); `engine` evaluates the plan of a query (`guides.models.search_plan.SearchPlan`); `snapshot`
keeps the public guides and each word's guides per content version; `bitsets` holds sets of
guides as bits; `help` offers what an empty or thin result needs (corrections, the checker for a
number).

`reading` and `bitsets` import nothing from `guides` (models use `reading` to store documents);
the rest may import models, caching and values, never the public site or the admin.
"""
