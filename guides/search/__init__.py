"""Search: from the words a reader typed to ranked guides, in one pass down.

`GuideFilter` (guides/web/filters.py) plans the query once, `SearchPlan.of(q)`
(guides/models/search_plan.py, with `reading`); hands the plan once to `engine.search`, which
asks the `snapshot` of the public guides for the guides with each search word and text pattern;
the snapshot answers with `bitsets`, and the engine combines and ranks them into `Found`, from
which the filter counts its options and lists a page. `help` offers what an empty or thin
result needs (corrections, each term alone, the checker for a number), from the same plan.

One name per thing, everywhere:
- term: one thing the reader asked for, a word or an editors' synonym (`reading.Term`); it
  *narrows* when it may remove a guide (not "充值", not a lone character).
- required terms: those a guide must have: the ones that narrow, or all if none does
  (`SearchPlan.required_terms`); a partial search wants at least one of them.
- place word: a synonym that says where the reader is ("在中国", "abroad"; `place_word`).
- text pattern: what a stored document has where it has a phrase (`reading.text_pattern`).
- search word: a word of the index of words (`SearchWord`): a Latin word or a two-character
  Chinese piece; `reading.search_words` of a document, `reading.words_to_find` of a pattern.
- field: where in a guide a term may be found, with its weight: operator, channel, region,
  title or text (`search_plan.Field`, `WEIGHTS`).
- vocabulary: the operators', channels' and regions' names as documents (`vocabulary()`).
- guides with X: the guides that have X, as bits (`GuideSnapshot.guides_with_words`,
  `guides_with_text`, `guides_titled`; `SearchWord.objects.guides_with` as id lists).

`reading` and `bitsets` import nothing from `guides` (models use `reading` to store documents);
the rest may import models, caching and values, never the public site or the admin.
"""
