"""The number checker as the pages ask it: what is this number, sender name or web address?

- `lookup`: the checker's answer and the "where to report" list, from the known contacts read
  once per content version.

What it knows and how it compares (`guides.models.known_contacts`) and what it answers
(`guides.models.verdicts`) live with the models, whose rules ask them too: the scam register's
(an official contact is never listed) and the publishing rule (`guides.models.named_contacts`).

May import models, caching and values; the public site and search call it, nothing below does.
"""
