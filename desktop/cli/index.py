"""`cchc index`: the province's own criteria sets (import from its file, list, send down as a package, take a
package in, set the classification bands)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from db.enums import IndexLevel
from desktop.cli.base import Command, Context, Exit, json_flag, out, print_json
from desktop.core.formatting import fmt_number
from desktop.core.index_assessment import index_notes, set_index_notes
from desktop.core.province_index.classes import describe_classes, parse_classes
from desktop.core.province_index.package import export_index_package, import_index_package
from desktop.core.province_index.ranking import ranking
from desktop.core.province_index.ranking_docs import texts_for, write_ranking
from desktop.core.province_index.run import import_index_file, sum_problem_lines
from desktop.core.province_index.store import index_listing, resolve_index
from desktop.core.province_index.survey import import_survey


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


def _survey_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=type(p))
    imp = sub.add_parser("import", help="nhập điểm điều tra xã hội học của các đơn vị từ tệp .xlsx")
    imp.add_argument("file", help="tệp điểm điều tra (.xlsx, .xls)")
    imp.add_argument("--framework", required=True, help="mã bộ chỉ số, ví dụ CCHC_XA")
    imp.add_argument("--year", type=int, help="năm (mặc định: mới nhất)")
    json_flag(imp)


def cmd_survey(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    with store.session(write=True) as s:
        done = import_survey(s, Path(args.file), args.framework, args.year)
    if args.json:
        print_json(done.as_json())
    else:
        out(
            f"Đã nhập {done.points} điểm điều tra của {done.agencies} đơn vị cho {done.framework} năm {done.year} "
            f"(tiêu chí {', '.join(done.criteria)})."
        )
    if done.not_reporting:
        sys.stderr.write(f"Cảnh báo: chưa nhận báo cáo tự đánh giá của: {', '.join(done.not_reporting)}.\n")
    return Exit.OK


def _ranking_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--framework", required=True, help="mã bộ chỉ số, ví dụ CCHC_XA")
    p.add_argument("--year", type=int, help="năm (mặc định: mới nhất)")
    p.add_argument("--out", help="lưu bảng xếp hạng (.xlsx) hoặc dự thảo Quyết định công bố (.pdf, .docx)")
    json_flag(p)


def cmd_ranking(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    with store.session() as s:
        result = ranking(s, args.framework, args.year)
        texts = texts_for(s, result, date.today())
    written = write_ranking(result, texts, Path(args.out)) if args.out else None
    if args.json:
        print_json({**result.as_json(), **({"path": str(written)} if written else {})})
        return Exit.OK
    out(f"Xếp hạng {result.name} năm {result.year} (tối đa {fmt_number(result.max_total)} điểm):")
    for r in result.rows:
        rank = str(r.rank) if r.rank is not None else "—"
        out(f"{rank:>4}  {fmt_number(r.final_total) or '—':>6}  {r.classification:<16} {r.agency}")
    if written:
        out(f"Đã lưu «{written}».")
    return Exit.OK


COMMANDS = (
    Command("index", "bộ chỉ số CCHC của tỉnh: nhập, xem, gửi gói, nhận gói, mức xếp loại", _args, cmd_index),
    Command("survey", "điểm điều tra xã hội học theo bộ chỉ số của tỉnh", _survey_args, cmd_survey),
    Command("ranking", "xếp hạng, xếp loại các đơn vị theo bộ chỉ số của tỉnh", _ranking_args, cmd_ranking),
)
