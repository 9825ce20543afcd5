"""Plan packages: a focal point sends a plan down with its identities, so units import it instead of Excel and
the bundles they send back name exactly the same tasks.

A package is one UTF-8 JSON file (`.cchcplan`): format, version, the plan's fields and UUID, its sheets with
their index, and every task as the appendix row it came from, with its UUID. Importing goes through the same
commit as an Excel appendix (assignees resolved against the unit's own agency names), keeping the UUIDs.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import FrameworkOrigin, PlanOrigin
from db.models import Framework, Plan, PlanKey, Task
from desktop import __version__
from desktop.core.atomic import replacing
from desktop.core.errors import UserError, not_found
from desktop.core.json_package import read_json_package
from desktop.core.plan_import.commit import GivenUuids, ImportResult, commit_plan
from desktop.core.plan_import.model import ParsedPlan, ParsedSheet, ParsedTask
from desktop.core.province_index.model import ParsedIndex
from desktop.core.province_index.package import index_record, parse_index_record
from desktop.core.province_index.store import IndexOutcome, commit_index, parsed_from_framework, province_frameworks
from desktop.core.records import PlanFields
from desktop.core.text import nfc

FORMAT = "cchc-plan"
FORMAT_VERSION = 1
SUFFIX = ".cchcplan"
MAX_BYTES = 64 * 1024 * 1024
TASK_FIELDS = (
    "sheet",
    "code",
    "section",
    "criterion_text",
    "content",
    "lead",
    "partners",
    "deadline_text",
    "output",
    "note",
)


def export_plan(session: Session, plan_id: int, path: Path) -> Path:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise not_found("kế hoạch")
    fw_codes = dict(session.execute(select(Framework.id, Framework.code)).tuples().all())
    # The plan as it stands: tasks an amendment dropped stay at home as history.
    tasks = list(
        session.scalars(
            select(Task).where(Task.plan_id == plan_id, Task.removed_in.is_(None)).order_by(Task.position, Task.id)
        )
    )
    keys = list(session.scalars(select(PlanKey.key).where(PlanKey.plan_id == plan_id).order_by(PlanKey.id)))
    sheets: dict[str, str | None] = {}
    rows = []
    for t in tasks:
        sheet = t.source_sheet or "Kế hoạch"
        sheets.setdefault(sheet, fw_codes.get(t.framework_id) if t.framework_id else None)
        rows.append(
            {
                "uuid": t.uuid,
                "sheet": sheet,
                "row": t.source_row or 0,
                "code": t.code,
                "section": t.section,
                "criterion_text": t.criterion_text,
                "content": t.content,
                "lead": t.lead_text,
                "partners": t.partners_text,
                "deadline_text": t.deadline_text,
                "output": t.expected_output,
                "note": t.note,
            }
        )
    package = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "plan": {
            "uuid": plan.uuid,
            "key": plan.key,
            "keys": keys,
            "version": plan.version,
            "number": plan.number,
            "title": plan.title,
            "issuer": plan.issuer,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "year": plan.year,
            "period_text": plan.period_text,
        },
        "sheets": [{"name": name, "framework": fw} for name, fw in sheets.items()],
        "tasks": rows,
        # The province's own criteria sets of the plan's year travel with it: the units score by them.
        "indices": [index_record(parsed_from_framework(fw)) for fw in _indices_of_year(session, plan.year)],
    }
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    with replacing(path) as tmp:
        tmp.write_bytes(json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def _indices_of_year(session: Session, year: int | None) -> list[Framework]:
    found = province_frameworks(session)
    return [fw for fw in found if year is None or fw.year == year]


def read_package(path: Path) -> tuple[ParsedPlan, GivenUuids]:
    """Parse and check a package; anything malformed is refused in one sentence."""
    data = read_json_package(path, FORMAT, FORMAT_VERSION, "gói kế hoạch", MAX_BYTES)
    try:
        return _parse(data, path)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UserError(f"Gói kế hoạch «{path.name}» bị hỏng hoặc đã bị sửa (thiếu hoặc sai trường dữ liệu).") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise TypeError("not text")
    return nfc(str(value))


def _parse(data: dict[str, Any], path: Path) -> tuple[ParsedPlan, GivenUuids]:
    p = data["plan"]
    plan_uuid = str(uuid.UUID(p["uuid"]))
    keys = tuple(_text(k) for k in [p.get("key"), *(p.get("keys") or [])] if k)
    year = p.get("year")
    meta = PlanFields(
        number=_text(p.get("number")),
        title=_text(p.get("title")),
        issuer=_text(p.get("issuer")),
        issued_on=date.fromisoformat(p["issued_on"]) if p.get("issued_on") else None,
        year=int(year) if year is not None else None,
        period_text=_text(p.get("period_text")),
    )
    sheets = {s["name"]: ParsedSheet(_text(s["name"]), s.get("framework"), {}, [], []) for s in data["sheets"]}
    task_uuids: list[str] = []
    for t in data["tasks"]:
        values = {k: _text(t.get(k)) for k in TASK_FIELDS}
        sheet = sheets[t["sheet"]]
        sheet.tasks.append(ParsedTask(row=int(t.get("row") or 0), **values))
        task_uuids.append(str(uuid.UUID(t["uuid"])))
    if len(set(task_uuids)) != len(task_uuids) or not task_uuids:
        raise ValueError("duplicate or no task ids")
    # The commit walks the tasks sheet by sheet: the UUIDs must follow the same order.
    in_order = [str(uuid.UUID(t["uuid"])) for name in sheets for t in data["tasks"] if t["sheet"] == name]
    return ParsedPlan(path.name, "", meta, list(sheets.values())), GivenUuids(plan_uuid, in_order, keys)


def _carried_indices(path: Path) -> list[ParsedIndex]:
    """The criteria sets a package carries (none in packages made before they travelled)."""
    data = json.loads(path.read_bytes().decode("utf-8"))
    records = data.get("indices") or []
    try:
        if not isinstance(records, list):
            raise TypeError("indices")
        return [parse_index_record(r, path.name) for r in records]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UserError(
            f"Bộ chỉ số đi kèm gói kế hoạch «{path.name}» bị hỏng hoặc đã bị sửa; hãy xin nơi giao gửi lại gói."
        ) from None


def import_plan_package(session: Session, path: Path) -> ImportResult:
    parsed, uuids = read_package(path)
    indices = _carried_indices(path)
    parsed.file_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    result = commit_plan(session, parsed, uuids=uuids, origin=PlanOrigin.PACKAGE)
    for index in indices:  # in the same transaction: the plan and its sets come in together or not at all
        done = commit_index(session, index, FrameworkOrigin.PACKAGE)
        if done.outcome is not IndexOutcome.SAME:
            result.warnings.append(done.describe())
    return result
