"""Turning incoming tasks into rows: new tasks inserted in bulk, changed tasks updated in place (row, UUID,
progress and evidence stay), each with its addressees and its criterion link."""

from __future__ import annotations

import re
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from db.models import Assignment, Criterion, Framework, Task, TaskCriterion
from desktop.core.agencies import AgencyDirectory, resolve_addressees
from desktop.core.catalog import CriterionIndex, framework_for
from desktop.core.deadlines import parse_deadline
from desktop.core.plan_import.diff import Incoming
from desktop.core.progress import CancelToken, ProgressFn, no_progress

_SECTION_PREFIX = re.compile(r"^(?:[A-ZĐ]+\.)+")


class TaskWriter:
    """One per import: frameworks, criterion indexes and the agency directory are looked up once."""

    def __init__(self, session: Session, year: int | None) -> None:
        self.session = session
        self.year = year
        self.directory = AgencyDirectory(session)
        self.frameworks: dict[str, Framework | None] = {}
        self.indexes: dict[int, CriterionIndex] = {}
        self.undated = 0  # quarter/year deadlines left without a date because the year is unknown

    def _framework(self, code: str | None) -> Framework | None:
        if not code:
            return None
        if code not in self.frameworks:
            self.frameworks[code] = framework_for(self.session, code, self.year)
        return self.frameworks[code]

    def _criterion(self, i: Incoming, fw: Framework | None) -> Criterion | None:
        if fw is None:
            return None
        index = self.indexes.get(fw.id)
        if index is None:
            index = self.indexes[fw.id] = CriterionIndex(self.session, fw)
        by_name = index.by_text(i.task.criterion_text)
        if by_name is not None:
            return by_name
        code = i.task.code
        if code and ("." in code or not code[0].isdigit()):
            found = index.by_code_or_parent(code)
            # «I.1.3.1» under «I. CHỈ SỐ PAR INDEX»: the section numeral is the plan's, not the index's.
            numeric = _SECTION_PREFIX.sub("", code)
            if found is None and numeric != code and numeric:
                found = index.by_code_or_parent(numeric)
            return found
        return None

    def values(self, i: Incoming, position: int) -> dict[str, Any]:
        """Every column a task takes from its appendix row."""
        pt = i.task
        deadline = parse_deadline(pt.deadline_text, self.year)
        if deadline.kind in ("quarter", "year") and deadline.due_date is None:
            self.undated += 1
        fw = self._framework(i.framework)
        return {
            "position": position,
            "code": pt.code,
            "section": pt.section,
            "criterion_text": pt.criterion_text,
            "content": pt.content,
            "lead_text": pt.lead,
            "partners_text": pt.partners,
            "deadline_text": deadline.text,
            "deadline_kind": deadline.kind,
            "due_date": deadline.due_date,
            "milestones": [d.isoformat() for d in deadline.milestones],
            "recurring": deadline.recurring,
            "expected_output": pt.output,
            "note": pt.note,
            "framework_id": fw.id if fw else None,
            "source_sheet": pt.sheet,
            "source_row": pt.row,
            "key": i.key,
            "fingerprint": i.fingerprint,
        }

    def insert(
        self,
        plan_id: int,
        items: list[tuple[Incoming, int, str]],
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """(incoming, position, uuid) → rows; returns how many got a criterion link."""
        rows: list[dict[str, Any]] = []
        addressees: list[list[dict[str, Any]]] = []
        criteria: list[int | None] = []
        total = len(items)
        for n, (i, position, task_uuid) in enumerate(items):
            if n % 200 == 0:
                if cancel is not None:
                    cancel.check()
                progress(n, total, "Đang đọc nhiệm vụ…")
            row = self.values(i, position)
            row.update(uuid=task_uuid, plan_id=plan_id, parent_task_id=None, past_fingerprints=[i.fingerprint])
            rows.append(row)
            addressees.append(resolve_addressees(i.task.lead, i.task.partners, self.directory))
            crit = self._criterion(i, self._framework(i.framework))
            criteria.append(crit.id if crit is not None else None)
        if not rows:
            return 0
        if cancel is not None:
            cancel.check()
        progress(total // 2, total, "Đang ghi nhiệm vụ…")
        self.session.flush()  # agencies created while resolving names
        # Core inserts: the ORM unit of work costs ~1 ms a task.
        conn = self.session.connection()
        table = cast(Table, Task.__table__)
        ids = list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())
        assignments = [dict(a, task_id=tid) for tid, group in zip(ids, addressees, strict=True) for a in group]
        if assignments:
            conn.execute(insert(cast(Table, Assignment.__table__)), assignments)
        links = [{"task_id": tid, "criterion_id": cid} for tid, cid in zip(ids, criteria, strict=True) if cid]
        if links:
            conn.execute(insert(cast(Table, TaskCriterion.__table__)), links)
        return len(links)

    def update(self, task: Task, i: Incoming, position: int) -> None:
        """The task's row takes the new text; its UUID, progress, evidence and scores stay."""
        values = self.values(i, position)
        addressees_changed = (task.lead_text, task.partners_text) != (i.task.lead, i.task.partners)
        for column, value in values.items():
            setattr(task, column, value)
        if i.fingerprint not in task.past_fingerprints:
            task.past_fingerprints = [*task.past_fingerprints, i.fingerprint]
        task.removed_in = None
        if addressees_changed:
            task.assignments.clear()
            for row in resolve_addressees(task.lead_text, task.partners_text, self.directory):
                task.assignments.append(Assignment(**row))
        crit = self._criterion(i, self._framework(i.framework))
        old = set(self.session.scalars(select(TaskCriterion.criterion_id).where(TaskCriterion.task_id == task.id)))
        if crit is not None and crit.id not in old:
            self.session.execute(delete(TaskCriterion).where(TaskCriterion.task_id == task.id))
            self.session.add(TaskCriterion(task_id=task.id, criterion_id=crit.id))
