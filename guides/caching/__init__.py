"""Caching, keyed by the content version, and purging what Varnish keeps.

- `content`: the content version, and the values kept for one version (shared and per process);
- `canonical`: the one spelling of a page's address (host and parameters) that the cache keys
  by and the views read;
- `tags`: what a page shows, named on its response for Varnish (xkey);
- `pages`: the whole-page cache of public pages (a middleware);
- `signals`: what bumps the content version, and which tags to purge, when content changes;
- `purging`: purging those tags on every Varnish after the commit, and keeping the failures.

`content`, `canonical` and `tags` import only `guides.search.reading`, so models can use them;
`purging` keeps its failures as rows and is called by the models' bulk refresh, so it sits with
the models; `signals` imports the models; `pages` reads requests as the public site does
(`guides.web.languages`, `guides.web.security`), so it sits with the site.
"""
