"""Whole database rows as JSON and back: what a deletion keeps in the audit log so that it can be undone.

A snapshot is `{"rows": {table name: [row, …]}}`, every column by name, dates as ISO text. Restoring inserts
the rows again in the order the foreign keys need, under their old ids where those are still free: a row
that pointed at another row of the snapshot points at its copy, a row that pointed outside must find its
target still there. Uuids and other identities come back as they were, so bundles and packages still
recognise what was restored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Date,
    DateTime,
    Table,
    UniqueConstraint,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session

from db.models import Base
from desktop.core.errors import UserError

Rows = dict[str, list[dict[str, object]]]
# Says, in Vietnamese, why a snapshot cannot come back: (table, column) that is taken or whose target is gone.
Refusal = Callable[[str, str], str]


class RestoreConflict(UserError):
    """A row cannot come back as it was; the message says why and what to do. Raised before the insert that
    would fail, and the store rolls back whatever the restore wrote before it."""


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def capture(session: Session, model: type[Base], where: ColumnElement[bool]) -> list[dict[str, object]]:
    """The rows of `model`'s table that `where` selects, every column, in id order when the table has one."""
    table = Base.metadata.tables[model.__tablename__]
    q = select(table).where(where)
    if "id" in table.c:
        q = q.order_by(table.c.id)
    return [{key: _plain(value) for key, value in row.items()} for row in session.execute(q).mappings()]


def snapshot(
    rows: Mapping[str, list[dict[str, object]]], extra: Mapping[str, object] | None = None
) -> dict[str, object]:
    return {**(extra or {}), "rows": {name: list(table_rows) for name, table_rows in rows.items() if table_rows}}


def rows_of(snap: Mapping[str, object] | None) -> Rows:
    rows = (snap or {}).get("rows")
    return rows if isinstance(rows, dict) else {}


def _decoded(table: Table, row: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key not in table.c:
            continue  # a column a later schema dropped
        kind = table.c[key].type
        if isinstance(value, str) and isinstance(kind, DateTime):
            out[key] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(kind, Date):
            out[key] = date.fromisoformat(value)
        else:
            out[key] = value
    return out


def _exists(session: Session, table: Table, column: str, value: object) -> bool:
    return session.execute(select(literal(1)).where(table.c[column] == value).limit(1)).first() is not None


def _check_unique(session: Session, table: Table, values: Mapping[str, object], refuse: Refusal) -> None:
    """Every unique column or set of columns of the row must be free (SQLite would refuse it anyway, but
    without saying which row of what)."""
    keys: list[tuple[str, ...]] = [(col.key,) for col in table.c if col.unique]
    keys += [tuple(c.key for c in con.columns) for con in table.constraints if isinstance(con, UniqueConstraint)]
    for key in keys:
        if any(values.get(k) is None for k in key):
            continue
        q = select(literal(1)).select_from(table).where(*(table.c[k] == values[k] for k in key)).limit(1)
        if session.execute(q).first() is not None:
            raise RestoreConflict(refuse(table.name, key[-1]))


def restore(session: Session, rows: Rows, refuse: Refusal) -> dict[tuple[str, int], int]:
    """Insert the snapshot's rows again; returns {(table, old id): new id}. Raises RestoreConflict before
    anything is written when a row's identity is taken or a row it points at is gone (the caller's
    transaction is rolled back by the store on any other failure)."""
    new_ids: dict[tuple[str, int], int] = {}
    ids_in = {
        name: {int(str(r["id"])) for r in table_rows if r.get("id") is not None} for name, table_rows in rows.items()
    }
    self_refs: list[tuple[Table, int, str, int]] = []  # (table, new id, column, old target id)
    for table in Base.metadata.sorted_tables:
        for raw in rows.get(table.name, []):
            values = _decoded(table, raw)
            old_id = values.pop("id", None) if "id" in table.c and table.c.id.primary_key else None
            if old_id is not None and not _exists(session, table, "id", old_id):
                values["id"] = old_id  # the same id when it is free: the audit log's history still points at it
            later: list[tuple[str, int]] = []
            for col in table.c:
                value = values.get(col.key)
                if value is None:
                    continue
                for fk in col.foreign_keys:
                    target, ref = fk.column.table, int(value)
                    if (target.name, ref) in new_ids:
                        values[col.key] = new_ids[(target.name, ref)]
                    elif ref in ids_in.get(target.name, ()):
                        later.append((col.key, ref))  # a parent later in the same snapshot
                        values[col.key] = None
                    elif not _exists(session, target, fk.column.key, value):
                        if fk.ondelete != "SET NULL":
                            raise RestoreConflict(refuse(table.name, col.key))
                        values[col.key] = None  # what the database did to it when its target went
            _check_unique(session, table, values, refuse)
            result = cast("CursorResult[Any]", session.execute(insert(table).values(values)))
            if old_id is not None:
                pk = result.inserted_primary_key
                new_id = int(pk[0]) if pk else 0
                new_ids[(table.name, int(old_id))] = new_id
                self_refs += [(table, new_id, column, target_id) for column, target_id in later]
    for table, new_id, column, target_id in self_refs:
        if (table.name, target_id) in new_ids:
            session.execute(
                update(table).where(table.c.id == new_id).values({column: new_ids[(table.name, target_id)]})
            )
    session.flush()
    return new_ids
