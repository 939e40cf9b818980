"""One SQLite file (stdlib sqlite3): a table per tidy table, with types, keys and a `meta` table.

Plain tables (not STRICT, so older tools open them too). Declared types are the ones
SQLite tools and R's RSQLite recognise: TEXT, INTEGER, REAL, BOOLEAN (0/1), DATE
(`YYYY-MM-DD`) and DATETIME (`YYYY-MM-DDTHH:MM:SSZ`, UTC). Primary keys and foreign
keys are declared; each column's description is a comment in the CREATE statement,
which SQLite keeps (`.schema` shows it). The database is built in memory and written
with `write_atomic`.

Views answer what a coordinator asks first (`VIEWS`; docs/export.md has a query for each):
`latest_assessment` (the latest data point of each site and measure), `cycles_by_stage`
(every site × plan/do/study/act, with counts) and `spread_matrix` (change idea × site: adopted,
adapted, testing, planned or abandoned, as the report's spread section decides it).
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


#: name -> (what it answers, its SELECT); created when the tables it reads are in the export
VIEWS: dict[str, tuple[str, str]] = {
    "latest_assessment": (
        "The latest data point of each site and measure (and subgroup and stratum, where the data split "
        "them), with how many points there are and since when, and the site's verdict on the measure (the "
        "assessments table: the same assessment nic chart, status and report give) on the whole group's rows.",
        """SELECT p.site_id, p.measure_id, m.title AS measure_title, m.type AS measure_type, m.direction,
       p.subgroup, p.stratum, p.period AS latest_period, p.value, p.numerator, p.denominator, p.n, p.masked,
       p.note, p.points, p.first_period,
       a.signal, a.signal_since, a.chart, a.baseline_frozen, a.proposed_phase_from, a.words
FROM (SELECT *,
             ROW_NUMBER() OVER (PARTITION BY site_id, measure_id, subgroup, stratum
                                ORDER BY period DESC, line DESC) AS recency,
             COUNT(*) OVER (PARTITION BY site_id, measure_id, subgroup, stratum) AS points,
             MIN(period) OVER (PARTITION BY site_id, measure_id, subgroup, stratum) AS first_period
      FROM data_points) AS p
LEFT JOIN measures AS m ON m.measure_id = p.measure_id
LEFT JOIN assessments AS a ON a.site_id = p.site_id AND a.measure_id = p.measure_id AND p.stratum IS NULL
WHERE p.recency = 1"""),
    "cycles_by_stage": (
        "How many PDSA cycles each site has at each stage (plan, do, study, act), zeros included.",
        """WITH stages(stage, stage_order) AS (VALUES ('plan', 1), ('do', 2), ('study', 3), ('act', 4))
SELECT s.site_id, st.stage, st.stage_order,
       COUNT(c.cycle_id) AS cycles, COALESCE(SUM(c.draft), 0) AS drafts
FROM sites AS s
CROSS JOIN stages AS st
LEFT JOIN cycles AS c ON c.site_id = s.site_id AND c.stage = st.stage
GROUP BY s.site_id, st.stage, st.stage_order"""),
    "spread_matrix": (
        "Change idea x site: what each site has done with each idea it has cycles for (adopted, adapted, "
        "testing, planned or abandoned), from its cycles and their latest decision.",
        """WITH tested AS (
  SELECT cci.change_idea_id, c.site_id, c.cycle_id, c.stage, d.decision, d.decided_on
  FROM cycle_change_ideas AS cci
  JOIN cycles AS c ON c.site_id = cci.site_id AND c.cycle_id = cci.cycle_id
  LEFT JOIN decisions AS d ON d.site_id = c.site_id AND d.cycle_id = c.cycle_id
), latest AS (
  SELECT change_idea_id, site_id, decision, decided_on,
         ROW_NUMBER() OVER (PARTITION BY change_idea_id, site_id
                            ORDER BY COALESCE(decided_on, '') DESC, cycle_id DESC) AS recency
  FROM tested WHERE decision IS NOT NULL
), summary AS (
  SELECT change_idea_id, site_id, COUNT(*) AS cycles,
         SUM(decision IS NOT NULL) AS decided, SUM(decision IS NULL) AS in_progress,
         SUM(decision = 'adopt') AS adopts, SUM(stage <> 'plan') AS carried_out
  FROM tested GROUP BY change_idea_id, site_id
)
SELECT s.change_idea_id, s.site_id,
       CASE
         WHEN s.decided = 0 THEN CASE WHEN s.carried_out > 0 THEN 'testing' ELSE 'planned' END
         WHEN l.decision = 'abandon' AND s.in_progress = 0 THEN 'abandoned'
         WHEN s.adopts > 0 AND l.decision <> 'abandon' THEN 'adopted'
         WHEN l.decision = 'adapt' THEN 'adapted'
         WHEN s.in_progress > 0 THEN 'testing'
         ELSE 'abandoned'
       END AS state,
       s.cycles, l.decision AS latest_decision, l.decided_on AS latest_decided_on
FROM summary AS s
LEFT JOIN latest AS l ON l.change_idea_id = s.change_idea_id AND l.site_id = s.site_id AND l.recency = 1"""),
}
#: the tables each view reads
VIEW_TABLES = {"latest_assessment": ("data_points", "measures"), "cycles_by_stage": ("sites", "cycles"),
               "spread_matrix": ("cycle_change_ideas", "cycles", "decisions")}


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
        for view, (description, select) in VIEWS.items():
            if all(name in known for name in VIEW_TABLES[view]):
                db.execute(f"CREATE VIEW {_quote(view)} AS  /* {_comment(description)} */\n{select}")
    return db


def render(dataset: Dataset) -> bytes:
    """The SQLite file's bytes."""
    db = build(dataset)
    try:
        db.execute("PRAGMA user_version = 1")
        return db.serialize()
    finally:
        db.close()
