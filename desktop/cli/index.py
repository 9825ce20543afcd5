"""`cchc index`: the province's own criteria sets (import from its file, list, send down as a package, take a
package in, set the classification bands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.enums import IndexLevel
from desktop.cli.base import Command, Context, Exit, json_flag, out, print_json
from desktop.core.formatting import fmt_number
from desktop.core.province_index.assessment import index_notes, set_index_notes
from desktop.core.province_index.classes import describe_classes, parse_classes
from desktop.core.province_index.package import export_index_package, import_index_package
from desktop.core.province_index.run import import_index_file, sum_problem_lines
from desktop.core.province_index.store import index_listing, resolve_index


def _args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=type(p))
    imp = sub.add_parser("import", help="nhập Bộ Chỉ số CCHC của tỉnh từ tệp .xlsx, .xls hoặc .docx")
    imp.add_argument("file", help="tệp bộ chỉ số do UBND tỉnh ban hành")
    imp.add_argument("--level", required=True, choices=[v.value for v in IndexLevel], help="cấp: so hoặc xa")
    imp.add_argument("--year", required=True, type=int, help="năm áp dụng, ví dụ 2025")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    json_flag(imp)
    lst = sub.add_parser("list", help="các bộ chỉ số của tỉnh đã có")
    json_flag(lst)
    exp = sub.add_parser("export-package", help="xuất gói bộ chỉ số gửi các cơ quan, đơn vị")
    exp.add_argument("--framework", required=True, help="mã bộ chỉ số, ví dụ CCHC_XA")
    exp.add_argument("--year", type=int, help="năm (mặc định: mới nhất)")
    exp.add_argument("--out", required=True, help="thư mục đặt gói (.cchcindex)")
    json_flag(exp)
    pkg = sub.add_parser("import-package", help="nhận gói bộ chỉ số do Sở Nội vụ gửi")
    pkg.add_argument("file", help="tệp .cchcindex")
    json_flag(pkg)
    cls = sub.add_parser("classes", help="xem hoặc đặt các mức xếp loại của bộ chỉ số")
    cls.add_argument("--framework", required=True, help="mã bộ chỉ số, ví dụ CCHC_XA")
    cls.add_argument("--year", type=int, help="năm (mặc định: mới nhất)")
    cls.add_argument("--set", dest="classes", help="ví dụ «Xuất sắc=90; Tốt=80; Khá=65; Trung bình=50; Yếu=0»")
    json_flag(cls)
    notes = sub.add_parser("notes", help="khó khăn, vướng mắc và kiến nghị của báo cáo tự đánh giá")
    notes.add_argument("--framework", required=True, help="mã bộ chỉ số, ví dụ CCHC_XA")
    notes.add_argument("--year", type=int, help="năm (mặc định: mới nhất)")
    notes.add_argument("--difficulties", help="khó khăn, vướng mắc")
    notes.add_argument("--proposals", help="kiến nghị, đề xuất")
    json_flag(notes)


def cmd_index(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "import":
        done = import_index_file(store, Path(args.file), IndexLevel(args.level), args.year, args.dry_run)
        if args.json:
            print_json(done.as_json())
        else:
            text = done.result.describe()
            out(("Sẽ nhập (chưa ghi): " + text) if args.dry_run else text)
            for skip in done.parsed.skipped:
                out(f"  Không đọc được dòng {skip.row} «{skip.text}»: {skip.reason}")
        for line in sum_problem_lines(done.parsed):
            sys.stderr.write(f"Cảnh báo: {line}\n")
        return Exit.OK
    if args.action == "list":
        with store.session() as s:
            rows = index_listing(s)
        if args.json:
            print_json(rows)
        elif not rows:
            out("Chưa có bộ chỉ số nào của tỉnh; nhập bằng «cchc index import TỆP --level xa --year 2025».")
        for r in rows if not args.json else []:
            total = fmt_number(r["max_total"]) if isinstance(r["max_total"], float) else "—"
            out(f"{r['framework']:<8} {r['year']}  {r['criteria']:>3} tiêu chí  {total} điểm  {r['name']}")
        return Exit.OK
    if args.action == "export-package":
        with store.session() as s:
            path = export_index_package(s, args.framework, Path(args.out), args.year)
        if args.json:
            print_json({"path": str(path)})
        else:
            out(f"Đã xuất gói bộ chỉ số «{path}»; gửi tệp này cho các cơ quan, đơn vị.")
        return Exit.OK
    if args.action == "import-package":
        with store.session(write=True) as s:
            result = import_index_package(s, Path(args.file))
        if args.json:
            print_json(result.as_json())
        else:
            out(result.describe())
        return Exit.OK
    if args.action == "notes":
        with store.session(write=True) as s:
            fw = resolve_index(s, args.framework, args.year)
            set_index_notes(s, fw, args.difficulties, args.proposals)
            difficulties, proposals = index_notes(s, fw)
        if args.json:
            print_json({"difficulties": difficulties, "proposals": proposals})
        else:
            out(f"Khó khăn, vướng mắc: {difficulties or '(chưa ghi)'}")
            out(f"Kiến nghị, đề xuất: {proposals or '(chưa ghi)'}")
        return Exit.OK
    with store.session(write=args.classes is not None) as s:
        fw = resolve_index(s, args.framework, args.year)
        if args.classes is not None:
            fw.classes = parse_classes(args.classes)
        classes = list(fw.classes or [])
        code, year = fw.code, fw.year
    if args.json:
        print_json({"framework": code, "year": year, "classes": classes})
    else:
        out(f"Xếp loại {code} năm {year}: {describe_classes(classes)}.")
    return Exit.OK


COMMANDS = (Command("index", "bộ chỉ số CCHC của tỉnh: nhập, xem, gửi gói, nhận gói, mức xếp loại", _args, cmd_index),)
