"""The English search document that PostgreSQL keeps for each guide.

Migration 0011 adds `guides_guide.search_en`, a stored generated column: PostgreSQL computes the
guide's English text as a tsvector whenever the row is written, and a GIN index covers it. The
model does not declare the column (SQLite has no tsvector, and Django must never write it), so
queries name it through `StoredSearchDocument`. Reading the stored document, rather than running
`to_tsvector` on every candidate row, keeps a search cheap however the planner walks the table.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Expression

SEARCH_COLUMN = "search_en"


class StoredSearchDocument(Expression):
    """`guides_guide.search_en` of the guides a query selects.

    Resolved once, against the guide query it is used in, to that query's alias for the guide
    table; when that query later becomes a subquery, Django relabels the alias (U0, …) through
    `relabeled_clone`, and a resolved document is never aimed at the outer query.
    """

    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        if self.alias is not None:
            return self
        return StoredSearchDocument(query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredSearchDocument(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.alias)
        return f"{table}.{connection.ops.quote_name(SEARCH_COLUMN)}", []
