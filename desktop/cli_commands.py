"""The `cchc` subcommands. Each takes the open store and the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from db.enums import PlanOrigin
from db.models import Plan
from db.store import Store
from desktop.cli_bundle import COMMANDS as BUNDLE_COMMANDS
from desktop.cli_output import out, print_json
from desktop.cli_progress import COMMANDS as PROGRESS_COMMANDS
from desktop.core.agencies import list_agencies, set_my_agency
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.catalog import frameworks
from desktop.core.errors import UserError
from desktop.core.formatting import CELL_LIMIT
from desktop.core.periods import current_period, get_period
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan
from desktop.core.plan_import.diff import diff_lines
from desktop.core.records import ROLE_LABELS, STATUS_LABELS
from desktop.core.sample import SAMPLE_FILE_NAME, SAMPLE_ISSUER, SAMPLE_TITLE, write_sample_workbook
from desktop.core.targets import load_sample_targets
from desktop.core.tasks import load_task_rows, plan_label


def cmd_init(store: Store, args: argparse.Namespace) -> int:
    with store.session(write=True) as s:
        profile = set_my_agency(s, args.agency, args.level, args.parent, args.focal, args.phone, args.email)
        out(f"Đã khai báo cơ quan: {profile.agency.name} ({LEVEL_LABELS[profile.agency.level]}).")
    out(f"Thư mục dữ liệu: {store.data_dir}")
    return 0


def _import_file(store: Store, path: Path, args: argparse.Namespace, sample: bool = False) -> int:
    parsed = parse_grid(read_workbook(path))
    if sample:
        parsed.meta.title, parsed.meta.issuer = SAMPLE_TITLE, SAMPLE_ISSUER
    if getattr(args, "year", None):
        parsed.meta.year = args.year
        parsed.year_inferred = True
    if getattr(args, "number", None):
        parsed.meta.number = args.number
    dry = getattr(args, "dry_run", False)
    session = store.sessionmaker()
    try:
        if not store.read_only:  # another import of the same plan waits for this one, then finds it
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        result = commit_plan(session, parsed)
        if sample:
            load_sample_targets(session)
        if dry:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    _report_import(result, parsed.file_name, dry, getattr(args, "json", False))
    for warning in result.warnings:
        sys.stderr.write(f"Cảnh báo: {warning}\n")
    if result.long_texts:
        sys.stderr.write(
            f"Cảnh báo: {result.long_texts} nhiệm vụ có nội dung rất dài (trên {CELL_LIMIT:,} ký tự)".replace(",", ".")
            + "; dữ liệu được giữ nguyên văn, bảng trong báo cáo PDF chỉ in phần đầu và in toàn văn ở cuối báo cáo.\n"
        )
    if result.undated and not parsed.year_inferred:
        sys.stderr.write(
            f"Cảnh báo: không xác định được năm của kế hoạch; {result.undated} thời hạn theo quý, năm được giữ "
            "nguyên văn, chưa có ngày. Dùng --year để chỉ định.\n"
        )
    return 0


def _report_import(result: ImportResult, file_name: str, dry: bool, as_json: bool) -> None:
    if as_json:
        data = result.as_dict()
        data["dry_run"] = dry
        if dry:
            data["plan_id"] = None
        print_json(data)
        return
    if result.duplicate:
        out(result.message or f"Tệp «{file_name}» đã được nhập trước đây; không nhập lại.")
        return
    if result.merged_into is not None and result.diff is not None:
        out(("Sẽ nhập: " if dry else "Đã nhập: ") + result.message)
        for line in diff_lines(result.diff):
            out(f"  {line}")
    else:
        verb = "Sẽ nhập" if dry else "Đã nhập"
        out(f"{verb} {result.tasks} nhiệm vụ, gắn {result.criteria_linked} nhiệm vụ với tiêu chí của bộ chỉ số.")
    for skip in result.skipped:
        out(f"  Bỏ qua trang «{skip.sheet}», dòng {skip.row}: {skip.reason}")


def cmd_import_plan(store: Store, args: argparse.Namespace) -> int:
    return _import_file(store, Path(args.file), args)


def cmd_import_sample(store: Store, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_sample_workbook(Path(tmp) / SAMPLE_FILE_NAME)
        return _import_file(store, path, args, sample=True)


def cmd_tasks(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        period = get_period(s, args.period) if args.period else None
        if period is None:
            current = current_period(s, date.today())
            period = get_period(s, current.code)
        rows = load_task_rows(s, mine=args.mine, plan_id=args.plan, period_id=period.id)
    if args.mine and not rows:
        with store.session() as s:
            from desktop.core.agencies import get_profile

            if get_profile(s) is None:
                raise UserError("Chưa khai báo cơ quan của bạn. Hãy chạy «cchc init --agency … --level …».")
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        due = r.due_date.strftime("%d/%m/%Y") if r.due_date else r.deadline_text.replace("\n", " ")
        role = ROLE_LABELS[r.my_role]
        status = STATUS_LABELS[r.status or "not_started"]
        out(f"{r.code:<10} {role:<9} {due:<24} {status:<20} {r.content[:60]}")
    out(f"Tổng cộng {len(rows)} nhiệm vụ; tiến độ theo kỳ {period.code}.")
    return 0


def cmd_plans(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        plans = list(s.scalars(select(Plan).order_by(Plan.id)))
        data = [
            {
                "id": p.id,
                "uuid": p.uuid,
                "key": p.key,
                "version": p.version,
                "origin": p.origin,
                "learned": p.origin == PlanOrigin.LEARNED,
                "number": p.number,
                "title": p.title,
                "issuer": p.issuer,
                "issued_on": p.issued_on.isoformat() if p.issued_on else None,
                "year": p.year,
                "tasks": sum(1 for t in p.tasks if t.removed_in is None),
                "parent_plan_id": p.parent_plan_id,
            }
            for p in plans
        ]
        labels = [plan_label(p) for p in plans]
    if args.json:
        print_json(data)
    else:
        for d, label in zip(data, labels, strict=True):
            version = f"phiên bản {d['version']}" if d["version"] != 1 else ""
            learned = " (biết qua gói báo cáo, chưa nhập tệp kế hoạch)" if d["learned"] else ""
            out(f"{label:<24} {d['tasks']:>5} nhiệm vụ  {version:<12} {str(d['title'])[:60]}{learned}")
    return 0


def cmd_catalog(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        data = []
        for fw in frameworks(s):
            crits = [
                {
                    "code": c.code,
                    "name": c.name,
                    "max_score": c.max_score,
                    "parent": c.parent.code if c.parent else None,
                }
                for c in fw.criteria
            ]
            data.append(
                {"code": fw.code, "year": fw.year, "name": fw.name, "max_score": fw.max_score, "criteria": crits}
            )
    if args.json:
        print_json(data)
    else:
        for fw_data in data:
            out(f"{fw_data['name']} — năm {fw_data['year']}")
            for c in fw_data["criteria"]:  # type: ignore[attr-defined]
                depth = str(c["code"]).count(".")
                mx = f" (tối đa {str(c['max_score']).replace('.', ',')})" if c["max_score"] is not None else ""
                out(f"{'  ' * (depth + 1)}{c['code']} {c['name']}{mx}")
    return 0


def cmd_agencies(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        data = [
            {"id": a.id, "name": a.name, "level": a.level, "parent": a.parent.name if a.parent else None}
            for a in list_agencies(s)
        ]
    if args.json:
        print_json(data)
    else:
        for d in data:
            out(f"{LEVEL_LABELS[str(d['level'])]:<24} {d['name']}")
    return 0


COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    **PROGRESS_COMMANDS,
    **BUNDLE_COMMANDS,
    "init": cmd_init,
    "import-plan": cmd_import_plan,
    "import-sample": cmd_import_sample,
    "tasks": cmd_tasks,
    "plans": cmd_plans,
    "catalog": cmd_catalog,
    "agencies": cmd_agencies,
}
