"""The demo content, loaded once per test session and put back in each test that asks for it.

`load_demo_content` takes seconds: it validates every row, saves it on its own so that history
and search see it, and looks every object up by its natural key first. Dozens of tests ask for the
demo content, and loading it for each of them was most of the suite's time. So it is loaded once,
in a transaction that is rolled back, and what loading wrote is kept in memory as the rows of
every table it changed (history and search words included). A test that asks for it then gets
those rows written straight back, one statement per table, inside its own transaction: the same
content, in the same rows, with the same ids, and its dates and times moved on to now, as if
the command had just run. (Django's fixtures would save row by row, sending signals; a template
database works on PostgreSQL only; a bulk loader would write no history.)

Only if the tables the demo content fills do not start as they did when it was loaded (a test
made rows of its own first, or a transactional test emptied the database and its data migrations
made the core rows again, with new ids) is the command run instead, as before.
"""

from io import StringIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from guides.caching.content import bump_content_version


def load_with_the_command():
    call_command("load_demo_content", stdout=StringIO())


class Table:
    """One model's table, read and written as plain rows of its concrete fields."""

    def __init__(self, model):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.times = [
            index
            for index, field in enumerate(self.fields)
            if isinstance(field, models.DateTimeField)
        ]

    def rows(self):
        names = [field.attname for field in self.fields]
        return list(self.model._base_manager.order_by("pk").values_list(*names))

    def prepared(self, rows):
        """`rows` as the database takes them, but for dates and times, which move (`replace`)."""
        return [
            [
                value if index in self.times else field.get_db_prep_save(value, connection)
                for index, (field, value) in enumerate(zip(self.fields, row, strict=True))
            ]
            for row in rows
        ]

    def replace(self, cursor, prepared, later):
        """Write `prepared` rows in place of the table's rows, their times `later` (a timedelta)."""
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a table name from the models
        if not prepared:
            return
        columns = ", ".join(quote(field.column) for field in self.fields)
        placeholders = ", ".join(["%s"] * len(self.fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - as above
            [self.moved(row, later) for row in prepared] if self.times else prepared,
        )

    def moved(self, row, later):
        row = list(row)
        for index in self.times:
            if row[index] is not None:
                row[index] = self.fields[index].get_db_prep_save(row[index] + later, connection)
        return row


class DemoSnapshot:
    """What `load_demo_content` writes to a freshly migrated database, taken once."""

    def __init__(self):
        tables = [
            Table(model)
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
        with transaction.atomic():
            before = {table: table.rows() for table in tables}
            load_with_the_command()
            self.taken_at = timezone.now()
            after = {table: table.rows() for table in tables}
            written = {table: rows for table, rows in after.items() if rows != before[table]}
            transaction.set_rollback(True)
        self.written = {table: table.prepared(rows) for table, rows in written.items()}
        # Source checks point at a content type by id: those ids must be the same too.
        content_types = next(table for table in tables if table.model is ContentType)
        self.start = {table: before[table] for table in [*written, content_types]}

    def restore(self):
        """The demo content in the database, as `load_demo_content` would have written it now."""
        if any(table.rows() != rows for table, rows in self.start.items()):
            load_with_the_command()
            return
        # Times as the command would have set them now, not when the snapshot was taken.
        later = timezone.now() - self.taken_at
        with transaction.atomic(), connection.cursor() as cursor:
            for table, prepared in self.written.items():
                table.replace(cursor, prepared, later)
            models_written = [table.model for table in self.written]
            for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(statement)
        bump_content_version()
