"""`cchc` subcommands for report bundles: export one, verify one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from db.store import Store
from desktop.cli_output import out, print_json
from desktop.core.bundle.consolidate import write_consolidated
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.receive import import_bundles
from desktop.core.bundle.submissions import STATE_LABELS, submissions
from desktop.core.bundle.verify import verify_bundle
from desktop.core.errors import UserError
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.progress import CancelToken, no_progress


def cmd_export_bundle(store: Store, args: argparse.Namespace) -> int:
    result = export_bundle(
        store,
        args.period,
        Path(args.out),
        date.today(),
        no_progress,
        CancelToken(),
        as_zip=args.zip,
        split_mb=args.split_mb,
    )
    paths = [str(p) for p in result.paths or (result.path,)]
    if args.json:
        print_json({"paths": paths, "bundle_uuid": result.bundle_uuid, "files": result.files, "size": result.size})
    elif len(paths) > 1:
        out(f"Đã tạo gói báo cáo thành {len(paths)} phần (gửi đủ các phần):")
        for p in paths:
            out(f"  {p}")
    else:
        out(f"Đã tạo gói báo cáo «{result.path}» ({result.files} tệp).")
    return 0


def cmd_verify_bundle(_store: Store, args: argparse.Namespace) -> int:
    verdict = verify_bundle(Path(args.path))
    if args.json:
        print_json({"valid": verdict.ok, "problems": verdict.problems})
    elif verdict.ok:
        manifest = verdict.manifest or {}
        agency = manifest.get("agency", {}).get("name", "")
        period = manifest.get("period", {}).get("code", "")
        out(f"Gói hợp lệ: {agency}, kỳ {period}, {len(manifest.get('files', []))} tệp đúng kích thước và mã băm.")
    else:
        out(f"Gói KHÔNG hợp lệ ({len(verdict.problems)} lỗi):")
        for problem in verdict.problems:
            out(f"- {problem}")
    return 0 if verdict.ok else 2


def cmd_export_plan(store: Store, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from db.models import Plan

    with store.session() as s:
        ids = list(s.scalars(select(Plan.id).order_by(Plan.id)))
        if args.plan is None and len(ids) != 1:
            raise UserError("Có nhiều kế hoạch; hãy chọn một bằng --plan MÃ (xem «cchc plans»).")
        path = export_plan(s, args.plan if args.plan is not None else ids[0], Path(args.out))
    if args.json:
        print_json({"path": str(path)})
    else:
        out(f"Đã tạo gói kế hoạch «{path}». Gửi tệp này cho các đơn vị để nhập thay cho tệp Excel.")
    return 0


def cmd_import_plan_package(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        result = import_plan_package(s, Path(args.path))
    if args.json:
        print_json(result.as_dict())
    elif result.duplicate:
        out(f"Gói kế hoạch này đã được nhập trước đây ({result.tasks} nhiệm vụ); không thay đổi gì.")
    else:
        out(f"Đã nhập {result.tasks} nhiệm vụ từ gói kế hoạch, gắn {result.criteria_linked} nhiệm vụ với tiêu chí.")
    return 0


def cmd_import_bundle(store: Store, args: argparse.Namespace) -> int:
    outcomes = import_bundles(store, [Path(p) for p in args.paths])
    if args.json:
        print_json([o.as_json() for o in outcomes])
    else:
        for o in outcomes:
            out(o.describe())
    return 2 if any(o.status == "rejected" for o in outcomes) else 0


def cmd_submissions(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        rows = submissions(s, args.period)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        progress = f", hoàn thành {r.done}/{r.tasks} nhiệm vụ" if r.tasks else ""
        when = f" ngày {r.received_at:%d/%m/%Y}" if r.received_at else ""
        out(f"{STATE_LABELS[r.state]:<10} {r.agency}{when}{progress}")
    return 0


def cmd_report(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        path = write_consolidated(s, store.data_dir, args.period, Path(args.out), date.today())
    out(f"Đã lập báo cáo tổng hợp «{path}».")
    return 0


COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "export-bundle": cmd_export_bundle,
    "verify-bundle": cmd_verify_bundle,
    "export-plan": cmd_export_plan,
    "import-plan-package": cmd_import_plan_package,
    "import-bundle": cmd_import_bundle,
    "submissions": cmd_submissions,
    "report": cmd_report,
}


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exp = sub.add_parser("export-bundle", help="xuất gói báo cáo (Excel + PDF + tài liệu kiểm chứng + manifest)")
    exp.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    exp.add_argument("--out", required=True, help="thư mục đặt gói (USB, thư mục gửi thư)")
    exp.add_argument("--zip", action="store_true", help="đóng thành một tệp .zip")
    exp.add_argument(
        "--split-mb",
        type=int,
        nargs="?",
        const=20,
        metavar="N",
        help="chia tệp .zip thành các phần tối đa N MB để gửi thư (mặc định 20)",
    )
    exp.add_argument("--json", action="store_true")
    ver = sub.add_parser("verify-bundle", help="kiểm tra một gói báo cáo (thư mục hoặc .zip)")
    ver.add_argument("path", metavar="GÓI")
    ver.add_argument("--json", action="store_true")
    ep = sub.add_parser("export-plan", help="xuất gói kế hoạch (.cchcplan) để các đơn vị nhập, giữ mã định danh")
    ep.add_argument("--plan", type=int, help="mã kế hoạch (xem «cchc plans»); bỏ trống nếu chỉ có một")
    ep.add_argument("--out", required=True, help="tệp đích, ví dụ ke-hoach-2025.cchcplan")
    ep.add_argument("--json", action="store_true")
    ip = sub.add_parser("import-plan-package", help="nhập gói kế hoạch (.cchcplan) do nơi giao kế hoạch gửi")
    ip.add_argument("path", metavar="TỆP")
    ip.add_argument("--json", action="store_true")
    ib = sub.add_parser("import-bundle", help="tiếp nhận gói báo cáo của các đơn vị (zip hoặc thư mục, nhiều gói)")
    ib.add_argument("paths", nargs="+", metavar="GÓI")
    ib.add_argument("--json", action="store_true")
    sm = sub.add_parser("submissions", help="tình hình nộp báo cáo của các đơn vị trong một kỳ")
    sm.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    sm.add_argument("--json", action="store_true")
    rp = sub.add_parser("report", help="báo cáo tổng hợp của đầu mối từ các gói đã tiếp nhận (.xlsx hoặc .pdf)")
    rp.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    rp.add_argument("--out", required=True, help="tệp đích, đuôi .xlsx hoặc .pdf")
