"""The editors' work around the content, outside the admin's forms.

- `versions`: what a version is and `apply_version`, which puts one onto an object (for revert,
  scheduled publishing and its preview); `history`: diffs (simple-history's) and revert;
  `scheduling`: publishing at a set time;
- `source_checks`: whether source pages still answer, fetched by `fetch` (only public
  addresses, under one deadline); `digest`: the weekly e-mail;
- `demo_records`, `demo_guides`: how `manage.py load_demo_content` writes records (never over an
  editor's work) and guides with their steps and facts;
- `backup`: export and import of all content; `attention`: what needs editors, one list for
  the admin site's index (`admin_site`) and the digest.

May import models, caching, values and markup; never the public site or the admin's modules.
"""
