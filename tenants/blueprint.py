"""A tenant schema's DDL, read once from the template, replayed per schema.

django-tenants' ``clone_schema`` walks the catalogue through
``information_schema`` views for every object it copies: measured here it
takes 0.2-0.5 s with a few schemas and grows with every schema in the database
(1-5 s at a thousand, see ``make bench``), so it cannot fill a pool at
national scale. Running the migrations costs more with every migration
added, and also grows with the catalogue.

Here the template's tables, constraints, indexes, sequences, triggers and
comments are read from the catalogue in a handful of queries and turned into
one SQL script; building a schema is then that script, run in one round
trip, plus a copy of the template's rows (``django_migrations``, content
types, permissions, seed rows). The cost is the DDL itself, whatever the
number of schemas.

What the script does not know how to copy (views, functions or types inside
the template, row-level security, partitioning, inheritance) makes
``capture`` raise ``BlueprintUnsupported``: callers then run the migrations.
``structure`` lists what a schema contains, in the terms a migration cares
about, so a built schema can be compared with the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from tenants.sql import quote


class BlueprintUnsupported(Exception):
    """The template holds objects the blueprint cannot reproduce."""


class BlueprintMismatch(Exception):
    """A schema built from the blueprint differs from the template."""


# The template's applied migrations, in one value: the blueprint remembers it
# and each build checks it first, so a blueprint captured before the template
# was migrated can never build a schema (it would look up to date and not be).
_MIGRATIONS_DIGEST = (
    "SELECT md5(string_agg(app || '.' || name, ',' ORDER BY app || '.' || name COLLATE \"C\")) "
    "FROM {source}.django_migrations"
)


# The catalogue is read from the schema's entry in pg_depend outwards, along
# indexed columns only: filtering pg_class on relnamespace would scan every
# relation of every schema (200 000 of them at a thousand tenants).
_IN_SCHEMA = """
WITH member AS (
    SELECT d.classid, d.objid FROM pg_depend d
     WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = %(ns)s::regnamespace
), rel AS (
    SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relispartition,
           c.reloptions
      FROM member m JOIN pg_class c ON c.oid = m.objid
     WHERE m.classid = 'pg_class'::regclass
), tbl AS (
    SELECT * FROM rel WHERE relkind = 'r'
)
"""

_UNSUPPORTED = _IN_SCHEMA + """
SELECT 'relation ' || relname || ' (' || relkind::text || ')' FROM rel
 WHERE relkind NOT IN ('r', 'S')
UNION ALL
SELECT 'table with row security or partitions ' || relname FROM tbl
 WHERE relrowsecurity OR relispartition
UNION ALL
SELECT 'inherited table ' || t.relname FROM tbl t JOIN pg_inherits i ON i.inhrelid = t.oid
UNION ALL
SELECT 'rule ' || r.rulename FROM tbl t JOIN pg_rewrite r ON r.ev_class = t.oid
UNION ALL
SELECT 'policy ' || p.polname FROM tbl t JOIN pg_policy p ON p.polrelid = t.oid
UNION ALL
SELECT 'object ' || pg_describe_object(m.classid, m.objid, 0) FROM member m
 WHERE m.classid <> 'pg_class'::regclass
"""

_TABLES = _IN_SCHEMA + """
SELECT oid, quote_ident(relname), relpersistence = 'u', array_to_string(reloptions, ', '),
       quote_literal(obj_description(oid, 'pg_class'))
  FROM tbl ORDER BY oid
"""

_COLUMNS = _IN_SCHEMA + """
SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       CASE WHEN a.attcollation <> t.typcollation
            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
       quote_ident(s.relname), sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache,
       sq.seqcycle, quote_literal(col_description(a.attrelid, a.attnum))
  FROM tbl
  JOIN pg_attribute a ON a.attrelid = tbl.oid
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.refclassid = 'pg_class'::regclass
        AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum
        AND dep.classid = 'pg_class'::regclass AND dep.deptype = 'i'
  LEFT JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
  LEFT JOIN pg_sequence sq ON sq.seqrelid = s.oid
 WHERE a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum
"""

# Sequences that are not an identity column's (serial columns, or standalone).
_SEQUENCES = _IN_SCHEMA + """
SELECT quote_ident(s.relname), format_type(sq.seqtypid, NULL), sq.seqstart, sq.seqincrement,
       sq.seqmin, sq.seqmax, sq.seqcache, sq.seqcycle,
       quote_ident(t.relname) || '.' || quote_ident(a.attname)
  FROM rel s
  JOIN pg_sequence sq ON sq.seqrelid = s.oid
  LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = s.oid
        AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
  LEFT JOIN pg_class t ON t.oid = dep.refobjid
  LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
 WHERE s.relkind = 'S' AND (dep.deptype IS NULL OR dep.deptype = 'a')
 ORDER BY s.oid
"""

_ALL_SEQUENCES = _IN_SCHEMA + """
SELECT quote_ident(relname) FROM rel WHERE relkind = 'S' ORDER BY oid
"""

_CONSTRAINTS = _IN_SCHEMA + """
SELECT quote_ident(t.relname), quote_ident(k.conname), k.contype, pg_get_constraintdef(k.oid)
  FROM tbl t JOIN pg_constraint k ON k.conrelid = t.oid
 WHERE k.contype IN ('p', 'u', 'c', 'f', 'x')
 ORDER BY k.contype = 'f', k.conrelid, k.oid
"""

# Indexes a constraint does not already create.
_INDEXES = _IN_SCHEMA + """
SELECT pg_get_indexdef(i.indexrelid)
  FROM tbl t JOIN pg_index i ON i.indrelid = t.oid
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = i.indrelid
                   AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
 ORDER BY i.indexrelid
"""

_TRIGGERS = _IN_SCHEMA + """
SELECT pg_get_triggerdef(g.oid)
  FROM tbl t JOIN pg_trigger g ON g.tgrelid = t.oid
 WHERE NOT g.tgisinternal
 ORDER BY g.oid
"""

# What a schema holds, as a migration sees it; names are printed unqualified
# because the search_path is the schema itself while this runs.
_STRUCTURE = _IN_SCHEMA + """, idx AS (
    SELECT i.indexrelid AS oid, t.relname AS tablename
      FROM tbl t JOIN pg_index i ON i.indrelid = t.oid
)
SELECT 'rel', relname || ':' || relkind::text || ':' || relpersistence::text
       || ':' || coalesce(array_to_string(reloptions, ', '), '')
       || ':' || coalesce(obj_description(oid, 'pg_class'), '')
  FROM rel
UNION ALL
SELECT 'col', t.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
       || ':' || a.attnotnull || ':' || a.attidentity::text || ':' || a.attgenerated::text
       || ':' || rank() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)
       || ':' || a.attcollation || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
       || ':' || coalesce(col_description(a.attrelid, a.attnum), '')
  FROM tbl t JOIN pg_attribute a ON a.attrelid = t.oid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'con', t.relname || '.' || k.conname || ':' || k.contype::text || ':' || k.condeferrable
       || ':' || k.condeferred || ':' || k.convalidated || ':' || pg_get_constraintdef(k.oid)
  FROM tbl t JOIN pg_constraint k ON k.conrelid = t.oid
UNION ALL
SELECT 'idx', replace(pg_get_indexdef(oid), quote_ident(%(name)s) || '.', '') FROM idx
UNION ALL
SELECT 'trg', replace(pg_get_triggerdef(g.oid), quote_ident(%(name)s) || '.', '')
       || ':' || g.tgenabled::text
  FROM tbl t JOIN pg_trigger g ON g.tgrelid = t.oid
 WHERE NOT g.tgisinternal
UNION ALL
SELECT 'seq', r.relname || ':' || format_type(s.seqtypid, NULL) || ':' || s.seqstart || ':'
       || s.seqincrement || ':' || s.seqmin || ':' || s.seqmax || ':' || s.seqcache || ':'
       || s.seqcycle
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
UNION ALL
SELECT 'obj', pg_describe_object(classid, objid, 0) FROM member
 WHERE classid <> 'pg_class'::regclass
"""


def _sequence_options(start, increment, minimum, maximum, cache, cycle) -> str:
    return (
        f"START WITH {start} INCREMENT BY {increment} MINVALUE {minimum} MAXVALUE {maximum} "
        f"CACHE {cache} {'CYCLE' if cycle else 'NO CYCLE'}"
    )


def _unqualify(definition: str, prefix: str) -> str:
    """``pg_get_indexdef``/``pg_get_triggerdef`` name the table with its schema;
    the blueprint must not. Only the ``ON <schema>.`` clause is rewritten."""
    return definition.replace(f" ON {prefix}", " ON ", 1)


@dataclass(frozen=True)
class Blueprint:
    """The SQL that turns an empty schema into a copy of ``source``."""

    source: str
    ddl: str  # sequences and tables
    data_tables: tuple[tuple[str, str], ...]  # (table, column list) with rows to copy
    ddl_after_data: str  # keys, indexes, foreign keys, triggers, comments
    sequences: tuple[str, ...]  # their positions are copied last
    migrations_digest: str  # of the template's django_migrations when captured

    def script(self, schema_name: str) -> str:
        target, source = quote(schema_name), quote(self.source)
        digest = _MIGRATIONS_DIGEST.format(source=source)
        guard = (
            f"DO $$ BEGIN IF coalesce(({digest}), '') <> '{self.migrations_digest}' THEN "
            f"RAISE EXCEPTION 'schema modello % migrato dopo la lettura', {self.source!r}; "
            "END IF; END $$"
        )
        parts = [guard, f"CREATE SCHEMA {target}", f"SET search_path = {target}", self.ddl]
        for table, columns in self.data_tables:
            parts.append(
                f"INSERT INTO {table} ({columns}) OVERRIDING SYSTEM VALUE "
                f"SELECT {columns} FROM {source}.{table}"
            )
        if self.ddl_after_data:
            parts.append(self.ddl_after_data)
        for sequence in self.sequences:
            literal = f"{target}.{sequence}".replace("'", "''")
            parts.append(
                f"SELECT setval('{literal}', last_value, is_called) "
                f"FROM {source}.{sequence}"
            )
        return ";\n".join(parts) + ";"

    def build(self, schema_name: str) -> None:
        """Create ``schema_name`` as a copy of the template, in one round trip."""
        script = self.script(schema_name)
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                cursor.execute(script)
            finally:
                # The script moved the session's search_path: make
                # django-tenants set it again before the next query.
                connection.search_path_set_schemas = None

    def verify(self, schema_name: str) -> None:
        """Raise ``BlueprintMismatch`` unless ``schema_name`` matches the template."""
        built, template = structure(schema_name), structure(self.source)
        if built != template:
            missing = sorted(template - built)[:5]
            extra = sorted(built - template)[:5]
            raise BlueprintMismatch(
                f"lo schema {schema_name} differisce da {self.source}: "
                f"mancano {missing}, in più {extra}"
            )


def _query(cursor, sql: str, schema_name: str) -> list[tuple]:
    cursor.execute(sql, {"ns": quote(schema_name), "name": schema_name})
    return cursor.fetchall()


def _with_search_path(schema_name: str, read):
    """Run ``read(cursor)`` with only ``schema_name`` on the search_path, so the
    catalogue's functions print that schema's objects without qualification."""
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            cursor.execute(f"SET LOCAL search_path = {quote(schema_name)}")
            return read(cursor)
        finally:
            connection.search_path_set_schemas = None


def structure(schema_name: str) -> set[tuple[str, str]]:
    """What ``schema_name`` contains, comparable between schemas."""
    return set(_with_search_path(schema_name, lambda c: _query(c, _STRUCTURE, schema_name)))


def capture(source: str) -> Blueprint:
    """Read ``source``'s definition from the catalogue (a few queries)."""
    return _with_search_path(source, lambda cursor: _capture(cursor, source))


def _capture(cursor, source: str) -> Blueprint:
    unsupported = [row[0] for row in _query(cursor, _UNSUPPORTED, source)]
    if unsupported:
        raise BlueprintUnsupported(", ".join(sorted(unsupported)))
    cursor.execute("SELECT quote_ident(%s) || '.'", [source])
    prefix = cursor.fetchone()[0]
    tables = _query(cursor, _TABLES, source)
    names = {oid: name for oid, name, *_ in tables}
    columns: dict[int, list[str]] = {oid: [] for oid in names}
    copied: dict[int, list[str]] = {oid: [] for oid in names}
    comments: list[str] = []
    for (table, column, type_, not_null, default, identity, generated, collation, sequence,
         start, increment, minimum, maximum, cache, cycle, comment) in _query(
            cursor, _COLUMNS, source):
        definition = [column, type_]
        if collation:
            definition.append(f"COLLATE {collation}")
        if generated == "s":
            definition.append(f"GENERATED ALWAYS AS ({default}) STORED")
        elif identity:
            kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
            options = _sequence_options(start, increment, minimum, maximum, cache, cycle)
            definition.append(
                f"GENERATED {kind} AS IDENTITY (SEQUENCE NAME {sequence} {options})")
        elif default is not None:
            definition.append(f"DEFAULT {default}")
        if not_null:
            definition.append("NOT NULL")
        columns[table].append(" ".join(definition))
        if generated != "s":
            copied[table].append(column)
        if comment is not None:
            comments.append(f"COMMENT ON COLUMN {names[table]}.{column} IS {comment}")
    statements = []
    for name, type_, start, increment, minimum, maximum, cache, cycle, _owner in _query(
            cursor, _SEQUENCES, source):
        options = _sequence_options(start, increment, minimum, maximum, cache, cycle)
        statements.append(f"CREATE SEQUENCE {name} AS {type_} {options}")
    for oid, name, unlogged, options, comment in tables:
        body = ",\n  ".join(columns[oid])
        storage = f" WITH ({options})" if options else ""
        statements.append(
            f"CREATE {'UNLOGGED ' if unlogged else ''}TABLE {name} (\n  {body}\n){storage}")
        if comment is not None:
            comments.append(f"COMMENT ON TABLE {name} IS {comment}")
    for name, _type, *_options, owner in _query(cursor, _SEQUENCES, source):
        if owner:
            statements.append(f"ALTER SEQUENCE {name} OWNED BY {owner}")
    keys, foreign_keys = [], []
    for table, name, kind, definition in _query(cursor, _CONSTRAINTS, source):
        statement = f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        (foreign_keys if kind == "f" else keys).append(statement)
    indexes = [_unqualify(row[0], prefix) for row in _query(cursor, _INDEXES, source)]
    triggers = [_unqualify(row[0], prefix) for row in _query(cursor, _TRIGGERS, source)]
    with_rows = _tables_with_rows(cursor, source, [name for _oid, name, *_ in tables])
    data = tuple(
        (name, ", ".join(copied[oid])) for oid, name, *_ in tables if name in with_rows
    )
    sequences = tuple(row[0] for row in _query(cursor, _ALL_SEQUENCES, source))
    cursor.execute(_MIGRATIONS_DIGEST.format(source=quote(source)))
    digest = cursor.fetchone()[0] or ""
    # Rows are copied after the tables exist and before keys, indexes and
    # triggers: bulk loading first is cheaper, and the template's rows already
    # went through its triggers once.
    ddl_before_data = ";\n".join(statements)
    ddl_after_data = ";\n".join([*keys, *indexes, *foreign_keys, *triggers, *comments])
    return Blueprint(source=source, ddl=ddl_before_data, data_tables=data, sequences=sequences,
                     ddl_after_data=ddl_after_data, migrations_digest=digest)


def _tables_with_rows(cursor, source: str, tables: list[str]) -> set[str]:
    if not tables:
        return set()
    query = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(source)}.{table})" for table in tables
    )
    cursor.execute(query, tables)
    return {row[0] for row in cursor.fetchall()}
