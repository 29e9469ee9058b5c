"""The number checker: what is this number, sender name or web address?

- `records`: the known contacts and register entries, read once per content version, and the
  comparison that gives a verdict;
- `verdicts`: the verdicts, the reasons for a look-alike, and the result a page shows.

May import models, caching and values. The models reach it only from inside two functions, the
scam register's rule and the publishing rule (`tests/test_layers.py` lists them).
"""
