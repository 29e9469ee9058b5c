"""How values are written down, with no knowledge of models or pages.

- `contacts`: phone numbers, short codes, USSD codes, web addresses and sender names, written
  one way so that they are found however they are typed;
- `mentions`: the contacts a piece of editors' text names (not amounts, dates or prices).

Imports nothing else from `guides`, so models, the checker and forms can all use it.
"""
