"""The public site: what readers reach by URL.

- `views`, `feedback_views`: the content's pages, and reader feedback on a guide;
- `checker_views`, `site_views`: the number checker and the register's disputes; error pages,
  robots.txt, security.txt and the health check;
- `pages`: what several pages show, shared with the admin's preview;
- `filters`, `forms`: the guide list's filters, and the readers' forms;
- `feeds`, `sitemaps`, `context_processors`, `security`: the feed, the sitemap, what every
  template gets, and the small request checks (client address, Origin, NUL characters, body
  size); `languages`: which language an address without one gets; `log_privacy`: logs that
  never name a share link's token.

May import every lower layer (models, checker, search, editorial, caching, values, markup);
nothing below imports it.
"""
