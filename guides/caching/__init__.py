"""Caching keyed by the content version.

- `pages`: the content version, values kept per content version (shared and per process), and
  the whole-page cache of public pages;
- `canonical`: the one spelling of a page's address (host and parameters) that the cache keys
  by and the views read;
- `tags`: what a page shows, named on its response for Varnish (xkey);
- `signals`: what bumps the content version, and which tags to purge, when content changes;
- `purging`: purging those tags on every Varnish after the commit, and keeping the failures.

`pages`, `canonical` and `tags` import only `guides.search.reading` (models use them);
`signals` and `purging` import the models.
"""
