"""Which of this focal point's tasks each task of a received bundle reports on.

A bundle is never refused because the focal point's copy of the plan differs. Each task is matched by its UUID,
else by its plan's keys and its own key (appendix|code), else by its fingerprint (the same text under another
code); a plan the focal point has never seen is learned from the bundle. What stays unmatched is shown as
«nhiệm vụ chưa có trong kế hoạch»; a UUID claimed for different text is a conflict, never merged.
"""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import PlanOrigin
from db.models import Framework, Plan, PlanKey, Task
from desktop.core.plan_identity import appendix_of, fingerprint, task_keys
from desktop.core.plan_import.diff import Incoming
from desktop.core.plan_import.merge import add_keys
from desktop.core.plan_import.model import ParsedTask
from desktop.core.plan_import.task_rows import TaskWriter
from desktop.core.plans import create_plan
from desktop.core.records import PlanFields
from desktop.core.text import nfc


class Match(StrEnum):
    UUID = "uuid"  # the very task
    KEY = "key"  # same plan, same appendix and code (perhaps another version's text)
    TEXT = "text"  # same text under another code, or a plan typed in by hand
    LEARNED = "learned"  # from a plan only known through bundles
    UNMATCHED = "unmatched"  # «nhiệm vụ chưa có trong kế hoạch»
    CONFLICT = "conflict"  # a known UUID with other text: shown apart, never merged


MATCH_LABELS = {
    Match.UNMATCHED: "Nhiệm vụ chưa có trong kế hoạch",
    Match.CONFLICT: "Trùng mã định danh nhưng khác nội dung",
}


@dataclass(frozen=True)
class TaskMatch:
    sender_uuid: str
    local_uuid: str | None
    match: Match

    @property
    def known(self) -> bool:
        """Matched to a task of a plan this focal point imported (not only learned from bundles)."""
        return self.match in (Match.UUID, Match.KEY, Match.TEXT)


@dataclass(frozen=True)
class _Local:
    uuid: str
    plan_id: int
    key: str
    fingerprints: frozenset[str]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return _short_text(value) if len(value) <= 500 else nfc(value)


@lru_cache(maxsize=65536)
def _short_text(value: str) -> str:
    """Every agency's bundle carries the same plan: its keys, codes and texts come again bundle after bundle."""
    return nfc(value)


class TaskIndex:
    """This focal point's plans and tasks as matching looks them up, read once for a batch of bundles."""

    def __init__(self, session: Session) -> None:
        self.plan_keys: dict[int, set[str]] = {}
        for key, plan_id in session.execute(select(PlanKey.key, PlanKey.plan_id)).tuples():
            self.plan_keys.setdefault(plan_id, set()).add(key)
        self.origins = dict(session.execute(select(Plan.id, Plan.origin)).tuples().all())
        self.by_uuid: dict[str, _Local] = {}
        self.by_key: dict[tuple[int, str], _Local] = {}
        self.by_fp: dict[str, list[_Local]] = {}
        for tuuid, plan_id, key, fp, past in session.execute(
            select(Task.uuid, Task.plan_id, Task.key, Task.fingerprint, Task.past_fingerprints)
        ).tuples():
            row = _Local(tuuid, plan_id, key, frozenset([fp, *(past or [])]))
            self.by_uuid[tuuid] = row
            self.by_key.setdefault((plan_id, key), row)
            self.by_fp.setdefault(fp, []).append(row)
        self.plan_uuids = dict(session.execute(select(Plan.uuid, Plan.id)).tuples().all())


class TaskIndexes:
    """The index for a session's batch of bundles: read when first needed, read again after a bundle taught
    this focal point a plan (its tasks are then in the database, not in the index)."""

    def __init__(self) -> None:
        self._index: TaskIndex | None = None

    def get(self, session: Session) -> TaskIndex:
        if self._index is None:
            self._index = TaskIndex(session)
        return self._index

    def forget(self) -> None:
        self._index = None


def _plan_defs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The bundle's plans by UUID (bundles of the first release name only their UUIDs)."""
    defs: dict[str, dict[str, Any]] = {}
    for p in data.get("plans") or []:
        if isinstance(p, dict) and isinstance(p.get("uuid"), str):
            defs[p["uuid"]] = p
    for u in data.get("plan_uuids") or []:
        if isinstance(u, str):
            defs.setdefault(u, {"uuid": u})
    return defs


def _entry_identity(t: dict[str, Any]) -> tuple[str, str]:
    fp = _text(t.get("fingerprint")) or fingerprint(_text(t.get("content")))
    key = _text(t.get("key"))
    if not key:
        [key] = task_keys([(appendix_of("", _text(t.get("framework")) or None), _text(t.get("code")), fp)])
    return key, fp


def match_tasks(
    session: Session, data: dict[str, Any], learn: bool = True, indexes: TaskIndexes | None = None
) -> list[TaskMatch]:
    """One match per task entry of the bundle, in order. With `learn`, plans nobody here imported are learned
    (written in the session), so their tasks are listed and importing the real plan later merges into them.
    `indexes` keeps the task index between the bundles of one transaction."""
    indexes = indexes or TaskIndexes()
    index = indexes.get(session)
    entries = [t for t in data.get("tasks") or [] if isinstance(t, dict)]
    defs = _plan_defs(data)
    plan_keys, origins, plan_uuids = index.plan_keys, index.origins, index.plan_uuids
    by_uuid, by_key, by_fp = index.by_uuid, index.by_key, index.by_fp

    def plans_for(plan_uuid: str) -> set[int]:
        d = defs.get(plan_uuid, {})
        keys = {k for k in [d.get("key"), *(d.get("keys") or [])] if isinstance(k, str) and k}
        found = {pid for pid, ks in plan_keys.items() if ks & keys}
        if plan_uuid in plan_uuids:
            found.add(plan_uuids[plan_uuid])
        return found

    # A sender's plan that no key names (each side imported its own copy, keyed differently) is the plan
    # here holding most of its tasks' texts.
    inferred: dict[str, set[int]] = {}
    for plan_uuid in {_text(t.get("plan_uuid")) for t in entries}:
        if plans_for(plan_uuid):
            continue
        votes: dict[int, int] = {}
        mine = [t for t in entries if _text(t.get("plan_uuid")) == plan_uuid]
        for t in mine:
            for pid in {x.plan_id for x in by_fp.get(_entry_identity(t)[1], [])}:
                votes[pid] = votes.get(pid, 0) + 1
        best = max(votes.items(), key=lambda kv: kv[1], default=None)
        if best is not None and best[1] * 2 >= len(mine):
            inferred[plan_uuid] = {best[0]}

    out: list[TaskMatch] = []
    recognised: set[str] = set()  # the sender's plans that are plans imported here
    for t in entries:
        sender = _text(t.get("uuid"))
        key, fp = _entry_identity(t)
        candidates = plans_for(_text(t.get("plan_uuid"))) or inferred.get(_text(t.get("plan_uuid")), set())
        if any(origins.get(pid) != PlanOrigin.LEARNED for pid in candidates):
            recognised.add(_text(t.get("plan_uuid")))
        local: _Local | None = by_uuid.get(sender)
        if local is not None:
            # Text this task has had in some version, or no text at all (nothing to contradict).
            same = fp in local.fingerprints or not _text(t.get("content"))
            out.append(
                TaskMatch(sender, local.uuid if same else None, _kind(local, origins) if same else Match.CONFLICT)
            )
            continue
        local = next((by_key[(pid, key)] for pid in sorted(candidates) if (pid, key) in by_key), None)
        if local is None:
            same_text = by_fp.get(fp, [])
            preferred = [x for x in same_text if x.plan_id in candidates] or same_text
            if len(preferred) > 1:  # the same text twice: the code decides
                code = key.split("|", 1)[-1].split("#")[0]
                preferred = [x for x in preferred if x.key.split("|", 1)[-1].split("#")[0] == code] or preferred
            local = preferred[0] if len(preferred) == 1 or (preferred and candidates) else None
            if local is not None and origins.get(local.plan_id) != PlanOrigin.LEARNED:
                out.append(TaskMatch(sender, local.uuid, Match.TEXT))
                continue
        out.append(
            TaskMatch(sender, local.uuid, _kind(local, origins)) if local else TaskMatch(sender, None, Match.UNMATCHED)
        )
    if learn:
        learned = _learn(session, entries, defs, out, recognised)
        if learned is not out:
            indexes.forget()
        out = learned
    return out


def _kind(local: _Local, origins: dict[int, str]) -> Match:
    return Match.LEARNED if origins.get(local.plan_id) == PlanOrigin.LEARNED else Match.UUID


def _learn(
    session: Session,
    entries: list[dict[str, Any]],
    defs: dict[str, dict[str, Any]],
    matches: list[TaskMatch],
    recognised: set[str],
) -> list[TaskMatch]:
    """Plans of which not one task is known here become learned plans holding the bundle's tasks; a plan already
    learned grows by the tasks other agencies report. A plan the focal point imported is never touched."""
    known_plans = set(recognised)
    for t, m in zip(entries, matches, strict=True):
        if m.known or m.match == Match.CONFLICT:
            known_plans.add(_text(t.get("plan_uuid")))
    todo: dict[str, list[int]] = {}
    for n, (t, m) in enumerate(zip(entries, matches, strict=True)):
        plan_uuid = _text(t.get("plan_uuid"))
        if m.match == Match.UNMATCHED and plan_uuid not in known_plans:
            todo.setdefault(plan_uuid, []).append(n)
    if not todo:
        return matches
    out = list(matches)
    fw_codes = {code for code in session.scalars(select(Framework.code))}
    for plan_uuid, indexes in todo.items():
        plan = _learned_plan(session, plan_uuid, defs.get(plan_uuid, {}), entries[indexes[0]])
        taken = set(session.scalars(select(Task.uuid)))
        base = len(plan.tasks)
        items: list[tuple[Incoming, int, str]] = []
        for offset, n in enumerate(indexes):
            t = entries[n]
            key, fp = _entry_identity(t)
            framework = _text(t.get("framework"))
            pt = ParsedTask(
                sheet="",
                row=0,
                code=_text(t.get("code")),
                section=_text(t.get("section")),
                criterion_text=_text(t.get("criterion_text")),
                content=_text(t.get("content")),
                lead=_text(t.get("lead")),
                partners=_text(t.get("partners")),
                deadline_text=_text(t.get("deadline_text")),
                output=_text(t.get("expected_output")),
                note="",
            )
            incoming = Incoming(pt, framework if framework in fw_codes else None, appendix_of("", framework), key, fp)
            wanted = out[n].sender_uuid
            new_uuid = wanted if _is_uuid(wanted) and wanted not in taken else str(uuid_mod.uuid4())
            taken.add(new_uuid)
            items.append((incoming, base + offset, new_uuid))
            out[n] = TaskMatch(out[n].sender_uuid, new_uuid, Match.LEARNED)
        TaskWriter(session, plan.year).insert(plan.id, items)
        session.expire(plan, ["tasks"])
    return out


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid_mod.UUID(value)) == value
    except ValueError:
        return False


def _learned_plan(session: Session, plan_uuid: str, d: dict[str, Any], first: dict[str, Any]) -> Plan:
    """The plan as the bundle describes it, marked as learned."""
    learned = Plan.origin == PlanOrigin.LEARNED
    existing = session.scalars(select(Plan).where(Plan.uuid == plan_uuid, learned)).first() if plan_uuid else None
    keys = [k for k in [d.get("key"), *(d.get("keys") or [])] if isinstance(k, str) and k]
    if existing is None and keys:
        existing = session.scalars(
            select(Plan).join(PlanKey, PlanKey.plan_id == Plan.id).where(PlanKey.key.in_(keys), learned)
        ).first()
    if existing is not None:
        add_keys(session, existing, keys)
        return existing
    issued = d.get("issued_on")
    year = d.get("year")
    fields = PlanFields(
        number=_text(d.get("number")),
        title=_text(d.get("title")) or "Kế hoạch chưa nhập (biết qua gói báo cáo của đơn vị)",
        issuer=_text(d.get("issuer")),
        issued_on=_date(issued),
        year=year if isinstance(year, int) and 2000 <= year <= 2100 else None,
    )
    plan = create_plan(session, fields, owned=False)
    plan.origin = PlanOrigin.LEARNED
    if _is_uuid(plan_uuid) and session.scalars(select(Plan.id).where(Plan.uuid == plan_uuid)).first() is None:
        plan.uuid = plan_uuid
    plan.key = keys[0] if keys else f"b-{plan.uuid[:18]}"
    add_keys(session, plan, keys or [plan.key])
    return plan


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def count(matches: Iterable[TaskMatch], *kinds: Match) -> int:
    return sum(1 for m in matches if m.match in kinds)
