"""One SQLite file (stdlib sqlite3): a table per tidy table, with types, keys and a `meta` table.

Plain tables (not STRICT, so older tools open them too). Declared types are the ones
SQLite tools and R's RSQLite recognise: TEXT, INTEGER, REAL, BOOLEAN (0/1), DATE
(`YYYY-MM-DD`) and DATETIME (`YYYY-MM-DDTHH:MM:SSZ`, UTC). Primary keys and foreign
keys are declared; each column's description is a comment in the CREATE statement,
which SQLite keeps (`.schema` shows it). The database is built in memory and written
with `write_atomic`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from nictools.export.tables import Dataset, Table

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "BOOLEAN", "date": "DATE",
             "datetime": "DATETIME"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split()).replace("*/", "* /")


def create_statement(table: Table, known: set[str]) -> str:
    lines = []
    for c in table.columns:
        lines.append(f"  {_quote(c.name)} {SQL_TYPES[c.type]}{' NOT NULL' if c.name in table.primary_key else ''}"
                     f"  /* {_comment(c.description)} */")
    if table.primary_key:
        lines.append(f"  PRIMARY KEY ({', '.join(_quote(k) for k in table.primary_key)})")
    for fk in table.foreign_keys:
        if fk.table in known:
            lines.append(f"  FOREIGN KEY ({', '.join(_quote(k) for k in fk.columns)}) REFERENCES "
                         f"{_quote(fk.table)} ({', '.join(_quote(k) for k in fk.references)})")
    body = ",\n".join(lines)
    return f"CREATE TABLE {_quote(table.name)} (  /* {_comment(table.description)} */\n{body}\n)"


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def build(dataset: Dataset) -> sqlite3.Connection:
    """The database, in memory."""
    db = sqlite3.connect(":memory:")
    known = {t.name for t in dataset.tables}
    with db:
        for table in dataset.tables:
            db.execute(create_statement(table, known))
            marks = ", ".join("?" for _ in table.columns)
            db.executemany(f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                           ([_value(v) for v in row] for row in table.rows))
            for fk in table.foreign_keys:  # joins on foreign keys stay fast on large networks
                if fk.table in known and tuple(fk.columns) != tuple(table.primary_key[:len(fk.columns)]):
                    name = f"{table.name}__{'_'.join(fk.columns)}"
                    db.execute(f"CREATE INDEX {_quote(name)} ON {_quote(table.name)} "
                               f"({', '.join(_quote(k) for k in fk.columns)})")
    return db


def render(dataset: Dataset) -> bytes:
    """The SQLite file's bytes."""
    db = build(dataset)
    try:
        db.execute("PRAGMA user_version = 1")
        return db.serialize()
    finally:
        db.close()
