"""How values are written down, with no knowledge of models or pages.

- `contacts`: phone numbers, short codes, USSD codes, web addresses and sender names, written
  one way so that they are found however they are typed, and what someone typed is
  (`typed_kind`);
- `mentions`: the contacts a piece of editors' text names (not amounts, dates or prices).

Imports only `guides.markup`, so models, the checker and forms can all use it.
"""
