"""`cchc appraisal`: the focal point appraises an agency's report (set, export) and the agency takes the result
in (import, show)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.base import Command, Context, Exit, json_flag, out, print_json
from desktop.core.appraisal.agency import answer, appraisal_view, import_appraisal
from desktop.core.appraisal.focal import export_appraisal, set_general, set_item, sheet
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number


def _args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=type(p))
    set_ = sub.add_parser("set", help="thẩm định một tiêu chí (hoặc nhiệm vụ, với --task) của một cơ quan")
    set_.add_argument("code", nargs="?", help="mã tiêu chí, ví dụ 1.3.1 (hoặc mã nhiệm vụ với --task)")
    set_.add_argument("--agency", required=True, help="cơ quan được thẩm định, như tên trong gói báo cáo")
    set_.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Y")
    set_.add_argument("--task", action="store_true", help="mã là mã nhiệm vụ, không phải tiêu chí")
    set_.add_argument("--score", help="điểm thẩm định, ví dụ 0,75")
    set_.add_argument("--comment", help="nhận xét")
    set_.add_argument("--evidence", choices=["accepted", "rejected"], help="tài liệu kiểm chứng: chấp nhận hay không")
    set_.add_argument("--general", help="nhận xét chung cho cả báo cáo")
    set_.add_argument(
        "--framework", default="", help="bộ chỉ số của tỉnh (ví dụ CCHC_XA) khi thẩm định tiêu chí của bộ đó"
    )
    json_flag(set_)
    export = sub.add_parser("export", help="xuất gói thẩm định gửi cơ quan")
    export.add_argument("--agency", required=True)
    export.add_argument("--period", required=True)
    export.add_argument("--out", required=True, help="thư mục đặt gói (.cchcappraisal)")
    json_flag(export)
    take = sub.add_parser("import", help="nhận gói thẩm định của nơi thẩm định (tại cơ quan được thẩm định)")
    take.add_argument("file", help="tệp .cchcappraisal")
    json_flag(take)
    reply = sub.add_parser("answer", help="trả lời một nhận xét thẩm định (tại cơ quan); gửi kèm gói báo cáo sau")
    reply.add_argument("code", help="mã tiêu chí (hoặc mã nhiệm vụ với --task)")
    reply.add_argument("--period", required=True)
    reply.add_argument("--text", required=True, help="nội dung trả lời")
    reply.add_argument("--task", action="store_true")
    json_flag(reply)
    show = sub.add_parser("show", help="kết quả thẩm định một kỳ (với --agency: bảng thẩm định tại đầu mối)")
    show.add_argument("--period", required=True)
    show.add_argument("--agency", help="tại đầu mối: cơ quan được thẩm định")
    json_flag(show)


def cmd_appraisal(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "set":
        if not args.code and args.general is None:
            raise UserError("Hãy cho mã tiêu chí (hoặc --task và mã nhiệm vụ), hoặc --general «nhận xét chung».")
        with store.session(write=True) as s:
            if args.general is not None:
                set_general(s, store.data_dir, args.agency, args.period, args.general)
            row = None
            if args.code:
                kind = "task" if args.task else "criterion"
                row = set_item(
                    s,
                    store.data_dir,
                    args.agency,
                    args.period,
                    args.code,
                    kind,
                    args.score,
                    args.comment,
                    args.evidence,
                    args.framework,
                )
        if args.json:
            print_json(row.as_json() if row else {"general_comment": args.general})
        elif row is not None:
            out(f"Đã ghi thẩm định {row.code}: điểm {fmt_number(row.score) or '—'}; {row.comment or 'không nhận xét'}.")
        else:
            out("Đã ghi nhận xét chung.")
        return Exit.OK
    if args.action == "export":
        with store.session() as s:
            path = export_appraisal(s, store.data_dir, args.agency, args.period, Path(args.out))
        if args.json:
            print_json({"path": str(path)})
        else:
            out(f"Đã xuất gói thẩm định «{path}»; gửi tệp này cho cơ quan được thẩm định.")
        return Exit.OK
    if args.action == "answer":
        with store.session(write=True) as s:
            item = answer(s, args.period, args.code, args.text, "task" if args.task else "criterion")
        if args.json:
            print_json(item.as_json())
        else:
            out(f"Đã ghi trả lời cho {item.code}; gói báo cáo kỳ {args.period.upper()} xuất lần sau sẽ mang theo.")
        return Exit.OK
    if args.action == "import":
        with store.session(write=True) as s:
            received = import_appraisal(s, Path(args.file))
        if args.json:
            print_json({"outcome": received.outcome, "period": received.period_code, "issuer": received.issuer})
        else:
            out(received.describe())
        return Exit.OK
    with store.session() as s:
        if args.agency:
            current = sheet(s, store.data_dir, args.agency, args.period)
            data: object = {
                "agency": current.agency,
                "period": current.period_code,
                "general_comment": current.general_comment,
                "items": [r.as_json() for r in current.rows],
            }
            lines = [
                f"{r.code}: tự chấm {fmt_number(r.self_score) or '—'}, thẩm định {fmt_number(r.score) or '—'}"
                for r in current.rows
                if r.kind == "criterion"
            ]
        else:
            view = appraisal_view(s, args.period)
            if view is None:
                raise UserError(f"Chưa nhận kết quả thẩm định kỳ {args.period.upper()}.")
            data = view.as_json()
            lines = [
                (
                    f"Tiêu chí {i.code}{' (bộ chỉ số của tỉnh)' if i.kind == 'index' else ''}: "
                    f"tự chấm {fmt_number(i.self_score) or '—'}, thẩm định {fmt_number(i.score) or '—'}"
                    if i.kind != "task"
                    else f"Nhiệm vụ {i.code}"
                )
                + (f" — {i.comment}" if i.comment else "")
                for i in view.items
            ]
            if view.general_comment:
                lines.append(f"Nhận xét chung: {view.general_comment}")
            lines.append(f"Tổng: tự chấm {fmt_number(view.self_total)}, thẩm định {fmt_number(view.appraised_total)}.")
    if args.json:
        print_json(data)
    else:
        for line in lines:
            out(line)
    return Exit.OK


COMMANDS = (Command("appraisal", "thẩm định báo cáo: ghi, xuất, nhận, xem kết quả thẩm định", _args, cmd_appraisal),)
