"""`cchc` commands about who we are and our plans: init, signer, import-plan, import-sample, plans, tasks, catalog,
agencies, export-plan, import-plan-package."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop.cli.base import Command, Context, json_flag, out, print_json
from desktop.core.agencies import agency_listing, get_profile, set_my_agency, set_signer, signer_of
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.catalog import catalog_listing
from desktop.core.district import LEVEL_GONE, reassign_district_to_communes
from desktop.core.errors import UserError
from desktop.core.formatting import CELL_LIMIT
from desktop.core.periods import current_period, get_period
from desktop.core.plan_import.commit import ImportResult
from desktop.core.plan_import.diff import diff_lines
from desktop.core.plan_import.layouts import parse_columns
from desktop.core.plan_import.model import COLUMN_NAMES
from desktop.core.plan_import.run import FileImport, import_plan_file, import_sample
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.plans import list_plan_rows
from desktop.core.records import ROLE_LABELS, STATUS_LABELS
from desktop.core.register import set_province
from desktop.core.tasks import load_task_rows


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--agency", required=True, help="tên cơ quan, ví dụ «UBND xã Hòa An»")
    p.add_argument("--level", required=True, choices=["tinh", "so", "huyen", "xa", "phong"], help="cấp")
    p.add_argument("--parent", help="cơ quan cấp trên (bắt buộc với cấp phong)")
    p.add_argument("--focal", default="", help="người đầu mối")
    p.add_argument("--phone", default="", help="điện thoại")
    p.add_argument("--email", default="", help="thư điện tử")
    p.add_argument(
        "--province",
        help="tỉnh, thành phố của đầu mối (ví dụ «Cao Bằng»): các xã, phường của tỉnh vào danh sách đơn vị báo cáo",
    )


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session(write=True) as s:
        profile = set_my_agency(s, args.agency, args.level, args.parent, args.focal, args.phone, args.email)
        out(f"Đã khai báo cơ quan: {profile.agency.name} ({LEVEL_LABELS[profile.agency.level]}).")
        if args.province:
            province, joined = set_province(s, args.province)
            out(f"Tỉnh, thành phố: {province.name}; {joined} xã, phường, đặc khu vào danh sách đơn vị báo cáo.")
    out(f"Thư mục dữ liệu: {ctx.data_dir}")
    if args.level == "huyen":
        sys.stderr.write(f"Cảnh báo: {LEVEL_GONE}\n")
    return 0


def _signer_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="họ tên người ký, ví dụ «Hoàng Văn Bình»")
    p.add_argument("--position", help="chức vụ, ví dụ «PHÓ CHỦ TỊCH»")
    p.add_argument("--sign-as", dest="sign_as", help="dòng thẩm quyền ký, ví dụ «KT. CHỦ TỊCH» (để trống: «»)")
    json_flag(p)


def cmd_signer(ctx: Context, args: argparse.Namespace) -> int:
    """Show the agency's «Người ký», or change the parts given."""
    given = {
        k: v
        for k, v in (("name", args.name), ("position", args.position), ("authority", args.sign_as))
        if v is not None
    }
    with ctx.store.session(write=bool(given)) as s:
        signer = signer_of(s)
        if given:
            signer = replace(signer, **given)
            set_signer(s, signer)
            signer = signer_of(s)
    if args.json:
        print_json({"name": signer.name, "position": signer.position, "sign_as": signer.authority})
    elif signer:
        out(f"Người ký: {' — '.join(x for x in (signer.authority, signer.position, signer.name) if x)}")
    else:
        out("Chưa khai báo người ký: văn bản lấy chức vụ mặc định theo cấp, họ tên để trống để ghi tay.")
    return 0


def cmd_reassign_district(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session(write=True) as s:
        done = reassign_district_to_communes(s)
    if args.json:
        print_json(done.as_json())
    elif done.names:
        out(f"Đã chuyển {done.assignments} lượt giao việc của {done.names} tên cơ quan cấp huyện cho UBND cấp xã.")
    else:
        out("Không có nhiệm vụ nào giao cho UBND cấp huyện.")
    return 0


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="tệp phụ lục .xlsx, .xls hoặc .docx")
    p.add_argument("--year", type=int, help="năm của kế hoạch (nếu không suy ra được từ tệp)")
    p.add_argument("--number", help="số ký hiệu kế hoạch, ví dụ 2163/KH-UBND")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument(
        "--columns",
        metavar="CỘT",
        help='chọn cột bằng tay, ví dụ "ma=A,noi_dung=B,chu_tri=D,phoi_hop=E,thoi_han=F" '
        f"(tên cột: {', '.join(COLUMN_NAMES)}); được nhớ cho các tệp cùng mẫu",
    )
    json_flag(p)


def cmd_import_plan(ctx: Context, args: argparse.Namespace) -> int:
    columns = parse_columns(args.columns) if args.columns else None
    done = import_plan_file(ctx.store, Path(args.file), args.year, args.number, args.dry_run, columns)
    return _report_import(done, args.json)


def _sample_args(p: argparse.ArgumentParser) -> None:
    json_flag(p)


def cmd_import_sample(ctx: Context, args: argparse.Namespace) -> int:
    return _report_import(import_sample(ctx.store), args.json)


def _report_import(done: FileImport, as_json: bool) -> int:
    result, parsed, dry = done.result, done.parsed, done.dry_run
    if as_json:
        data = result.as_dict()
        data["dry_run"] = dry
        if dry:
            data["plan_id"] = None
        print_json(data)
    else:
        _describe(result, parsed.file_name, dry)
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


def _describe(result: ImportResult, file_name: str, dry: bool) -> None:
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


def _tasks_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mine", action="store_true", help="chỉ nhiệm vụ cơ quan tôi chủ trì hoặc phối hợp")
    p.add_argument("--plan", type=int, help="chỉ nhiệm vụ của kế hoạch có mã số này")
    p.add_argument("--period", help="kỳ báo cáo cho trạng thái và tỷ lệ, ví dụ 2025-Q1 (mặc định: kỳ hiện tại)")
    json_flag(p)


def cmd_tasks(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        period = get_period(s, args.period) if args.period else None
        if period is None:
            period = get_period(s, current_period(s, date.today()).code)
        rows = load_task_rows(s, mine=args.mine, plan_id=args.plan, period_id=period.id)
        if args.mine and not rows and get_profile(s) is None:
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


def cmd_plans(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        rows = list_plan_rows(s)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        version = f"phiên bản {r.version}" if r.version != 1 else ""
        learned = " (biết qua gói báo cáo, chưa nhập tệp kế hoạch)" if r.learned else ""
        out(f"{r.label:<24} {r.task_count:>5} nhiệm vụ  {version:<12} {r.title[:60]}{learned}")
    return 0


def cmd_catalog(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        data = catalog_listing(s)
    if args.json:
        print_json(data)
        return 0
    for fw in data:
        out(f"{fw['name']} — năm {fw['year']}")
        for c in fw["criteria"]:  # type: ignore[attr-defined]
            depth = str(c["code"]).count(".")
            mx = f" (tối đa {str(c['max_score']).replace('.', ',')})" if c["max_score"] is not None else ""
            out(f"{'  ' * (depth + 1)}{c['code']} {c['name']}{mx}")
    return 0


def cmd_agencies(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        data = agency_listing(s)
    if args.json:
        print_json(data)
        return 0
    for d in data:
        out(f"{LEVEL_LABELS[str(d['level'])]:<24} {d['name']}")
    return 0


def _export_plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", type=int, help="mã kế hoạch (xem «cchc plans --json»); bỏ trống nếu chỉ có một")
    p.add_argument("--out", required=True, help="tệp đích, ví dụ ke-hoach-2025.cchcplan")
    json_flag(p)


def cmd_export_plan(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        ids = [r.id for r in list_plan_rows(s)]
        if args.plan is None and len(ids) != 1:
            raise UserError("Có nhiều kế hoạch; hãy chọn một bằng --plan MÃ (xem «cchc plans --json»).")
        path = export_plan(s, args.plan if args.plan is not None else ids[0], Path(args.out))
    if args.json:
        print_json({"path": str(path)})
    else:
        out(f"Đã tạo gói kế hoạch «{path}». Gửi tệp này cho các đơn vị để nhập.")
    return 0


def _package_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="TỆP")
    json_flag(p)


def cmd_import_plan_package(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session(write=True) as s:
        result = import_plan_package(s, Path(args.path))
    if args.json:
        print_json(result.as_dict())
    elif result.duplicate:
        out(f"Gói kế hoạch này đã có ở đây ({result.tasks} nhiệm vụ); không thay đổi gì.")
    elif result.merged_into is not None:
        out(result.message)
    else:
        out(f"Đã nhập {result.tasks} nhiệm vụ từ gói kế hoạch, gắn {result.criteria_linked} nhiệm vụ với tiêu chí.")
    return 0


COMMANDS = [
    Command("init", "khai báo cơ quan của bạn", _init_args, cmd_init),
    Command(
        "import-plan",
        "nhập kế hoạch từ tệp phụ lục Excel (.xlsx, .xls) hoặc Word (.docx)",
        _import_args,
        cmd_import_plan,
    ),
    Command("signer", "người ký văn bản của cơ quan (họ tên, chức vụ, thẩm quyền ký)", _signer_args, cmd_signer),
    Command("import-sample", "nhập kế hoạch mẫu (phụ lục của một tỉnh năm 2025)", _sample_args, cmd_import_sample),
    Command("tasks", "liệt kê nhiệm vụ", _tasks_args, cmd_tasks),
    Command("plans", "liệt kê kế hoạch", json_flag, cmd_plans),
    Command("catalog", "bộ chỉ số (PAR INDEX, SIPAS, PAPI) theo năm", json_flag, cmd_catalog),
    Command("agencies", "danh bạ cơ quan và cách đối chiếu tên", json_flag, cmd_agencies),
    Command(
        "reassign-district",
        "chuyển mọi nhiệm vụ giao cho UBND cấp huyện (không còn từ 01/7/2025) cho UBND cấp xã",
        json_flag,
        cmd_reassign_district,
    ),
    Command("export-plan", "xuất gói kế hoạch (.cchcplan) để các đơn vị nhập", _export_plan_args, cmd_export_plan),
    Command(
        "import-plan-package",
        "nhập gói kế hoạch (.cchcplan) do nơi giao kế hoạch gửi",
        _package_args,
        cmd_import_plan_package,
    ),
]
