"""`cchc` commands of the reporting cycle: periods, progress, evidence, scores."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from db.enums import FrameworkCode
from db.store import Store
from desktop.cli.base import Command, Context, json_flag, out, print_json
from desktop.core.data_check import clean_unused, unused_files
from desktop.core.errors import UserError
from desktop.core.evidence import (
    DOC_TYPES,
    EvidenceMeta,
    delete_evidence,
    link_evidence,
    list_evidence,
)
from desktop.core.evidence_add import add_evidence_file
from desktop.core.formatting import fmt_number, parse_iso_date
from desktop.core.periods import add_adhoc, ensure_year, get_period, list_periods, plan_years, update_dates
from desktop.core.records import STATUS_LABELS
from desktop.core.scoring import delete_score, resolve_criterion, resolve_framework, score_sheet, set_score
from desktop.core.task_progress import delete_progress, progress_view, resolve_task, save_progress


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError:
        raise UserError(f"{what} «{text}» không hợp lệ; dùng dạng YYYY-MM-DD, ví dụ 2025-03-10.") from None


_DATE_NAMES = ("Ngày bắt đầu", "Ngày kết thúc", "Hạn báo cáo")


def _required_date(text: str, what: str) -> date:
    found = _date(text, what)
    if found is None:
        raise UserError(f"Thiếu {what.lower()}.")
    return found


def _edit_period(store: Store, args: argparse.Namespace) -> int:
    """`periods --set CODE` or `periods --add NAME`: one period's dates, or a new ad hoc period."""
    with store.session(write=True) as s:
        if args.set:
            period = get_period(s, args.set)
            start = _date(args.start, _DATE_NAMES[0]) or period.window_start
            end = _date(args.end, _DATE_NAMES[1]) or period.window_end
            due = _date(args.due, _DATE_NAMES[2]) or period.due_date
            row = update_dates(s, args.set, start, end, due, args.name)
        else:
            if not (args.start and args.end and args.due):
                raise UserError("Kỳ đột xuất cần đủ --start, --end và --due (YYYY-MM-DD).")
            start, end, due = (
                _required_date(t, w) for t, w in zip((args.start, args.end, args.due), _DATE_NAMES, strict=True)
            )
            row = add_adhoc(s, args.year or due.year, args.add, start, end, due)
    if args.json:
        print_json(row.as_json())
    else:
        out(
            f"Đã lưu kỳ {row.code} «{row.label}»: số liệu {row.window_start:%d/%m/%Y}–{row.window_end:%d/%m/%Y}, "
            f"hạn {row.due_date:%d/%m/%Y}."
        )
    return 0


def cmd_periods(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.set and args.add:
        raise UserError("Chỉ dùng một trong hai: --set (sửa kỳ có sẵn) hoặc --add (thêm kỳ đột xuất).")
    if args.set or args.add:
        return _edit_period(store, args)
    if args.start or args.end or args.due or args.name:
        raise UserError("--start, --end, --due và --name chỉ dùng cùng --set hoặc --add.")
    with store.session() as s:
        years = {args.year} if args.year else {date.today().year, *plan_years(s)}
        for year in years:
            ensure_year(s, year)
        rows = list_periods(s, args.year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        window = f"{r.window_start:%d/%m/%Y}–{r.window_end:%d/%m/%Y}"
        out(f"{r.code:<10} {r.label:<26} số liệu {window}, hạn {r.due_date:%d/%m/%Y}")
    return 0


def cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "delete":
        with store.session(write=True) as s:
            task = resolve_task(s, args.task)
            audit_id, code = delete_progress(s, task.id, args.period), task.code
        return _deleted(args, audit_id, f"Đã xoá tiến độ nhiệm vụ {code} kỳ {args.period.upper()}.")
    with store.session(write=True) as s:
        task = resolve_task(s, args.task)
        view = progress_view(s, task.id, args.period)
        if args.action == "set":
            if args.status is None:
                raise UserError("Hãy cho biết trạng thái bằng --status.")
            fields = replace(view.fields, status=args.status)
            if args.status != view.fields.status and args.percent is None:
                fields.percent = None  # a new status gets its own default percent
            for name in ("percent", "result", "reason", "measured_value", "difficulties", "proposals"):
                value = getattr(args, name)
                if value is not None:
                    setattr(fields, name, value)
            entry = save_progress(s, task.id, args.period, fields)
            view = progress_view(s, task.id, args.period)
            data = {
                "task_id": task.id,
                "task_uuid": task.uuid,
                "period": args.period.upper(),
                "uuid": entry.uuid,
                "revision": entry.revision,
                **asdict(view.fields),
            }
        else:
            data = {
                "task_id": task.id,
                "task_uuid": task.uuid,
                "period": args.period.upper(),
                "saved": view.saved,
                "carried_from": view.carried_from,
                "revision": view.revision,
                **asdict(view.fields),
            }
    if args.json:
        print_json(data)
    else:
        status = STATUS_LABELS[str(data["status"])]
        verb = "Đã lưu" if args.action == "set" else "Tiến độ"
        out(f"{verb} nhiệm vụ #{task.id} kỳ {data['period']}: {status}, {data['percent']}%.")
    return 0


def cmd_evidence(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    return EVIDENCE_ACTIONS[args.action](store, args)


def _evidence_add(store: Store, args: argparse.Namespace) -> int:
    meta = EvidenceMeta(
        number=args.number or "",
        issued_on=_date(args.issued, "Ngày ban hành"),
        issuer=args.issuer or "",
        summary=args.summary or "",
        doc_type=args.type or "",
        proves_date=_date(args.proves, "Ngày được chứng minh"),
    )
    with store.session() as s:
        task_ids = [resolve_task(s, t).id for t in args.task or []]
        crit_ids = [resolve_criterion(s, c).id for c in args.criterion or []]
    result = add_evidence_file(store, Path(args.file), meta, task_ids, crit_ids)
    if args.json:
        print_json(result.as_json())
    else:
        how = "đã có sẵn trong kho, không lưu thêm bản sao" if result.deduplicated else "đã lưu vào kho"
        out(f"Tài liệu #{result.id} «{result.original_name}» {how} (SHA-256 {result.sha256[:12]}…).")
    return 0


def _evidence_list(store: Store, args: argparse.Namespace) -> int:
    with store.session() as s:
        task_id = resolve_task(s, args.task).id if args.task else None
        rows = list_evidence(s, task_id=task_id)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        kind = DOC_TYPES.get(r.doc_type, r.doc_type)
        out(f"#{r.id:<5} {kind:<10} {r.number:<16} {r.original_name}  ({len(r.links)} liên kết)")
    out(f"Tổng cộng {len(rows)} tài liệu.")
    return 0


def _evidence_link(store: Store, args: argparse.Namespace) -> int:
    with store.session(write=True) as s:
        for t in args.task or []:
            link_evidence(s, args.id, task_id=resolve_task(s, t).id, note=args.note or "")
        for c in args.criterion or []:
            link_evidence(s, args.id, criterion_id=resolve_criterion(s, c).id, note=args.note or "")
    out(f"Đã gắn tài liệu #{args.id}.")
    return 0


def _evidence_delete(store: Store, args: argparse.Namespace) -> int:
    with store.session(write=True) as s:
        audit_id = delete_evidence(s, args.id)
    return _deleted(args, audit_id, f"Đã xoá tài liệu #{args.id}; tệp được giữ đến khi chạy «cchc evidence cleanup».")


def _deleted(args: argparse.Namespace, audit_id: int, text: str) -> int:
    """What every deletion prints: the number that `cchc deleted restore` takes to undo it."""
    if getattr(args, "json", False):
        print_json({"deleted": audit_id})
    else:
        out(f"{text} Hoàn tác: cchc deleted restore {audit_id}")
    return 0


def _evidence_cleanup(store: Store, args: argparse.Namespace) -> int:
    unused = unused_files(store)
    if not args.yes:
        out(f"{len(unused)} tệp không thuộc tài liệu nào. Chạy lại với --yes để xoá.")
        return 0
    result = clean_unused(store, unused)
    out(f"Đã xoá {result.files} tệp không dùng ({result.bytes} byte) và {result.temp_files} tệp tạm.")
    return 0


EVIDENCE_ACTIONS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "add": _evidence_add,
    "list": _evidence_list,
    "link": _evidence_link,
    "delete": _evidence_delete,
    "cleanup": _evidence_cleanup,
}


def cmd_score(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "delete":
        with store.session(write=True) as s:
            audit_id = delete_score(s, resolve_framework(s, args.framework, args.year), args.code)
        return _deleted(args, audit_id, f"Đã xoá điểm tự chấm tiêu chí {args.code.strip()}.")
    with store.session(write=True) as s:
        fw = resolve_framework(s, args.framework, args.year)
        if args.action == "set":
            set_score(s, fw, args.code, args.value, args.explain or "", measured=args.measured)
        rows = score_sheet(s, fw)
    if args.action == "set":
        row = next(r for r in rows if r.code == args.code.strip())
        if args.json:
            print_json(row.as_json())
        else:
            band = f" (đo được {row.measured})" if row.measured else ""
            out(f"Đã chấm {row.code}: {fmt_number(row.score)} / {fmt_number(row.max_score) or '—'} điểm{band}.")
        return 0
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        flag = "  ⚠ chưa có TLKC" if r.unproven else ""
        score, top = fmt_number(r.score) or "—", fmt_number(r.max_score) or "—"
        out(f"{'  ' * r.depth}{r.code:<8} {score:>7} / {top:<5} {r.name[:60]}{flag}")
    return 0


def _periods_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="năm (tạo các kỳ mặc định nếu chưa có)")
    p.add_argument("--set", metavar="MÃ_KỲ", help="sửa ngày của một kỳ, ví dụ 2025-Q1")
    p.add_argument("--add", metavar="TÊN", help="thêm kỳ đột xuất với tên này")
    p.add_argument("--name", help="đổi tên kỳ (cùng --set)")
    p.add_argument("--start", help="ngày bắt đầu lấy số liệu (YYYY-MM-DD)")
    p.add_argument("--end", help="ngày kết thúc lấy số liệu (YYYY-MM-DD)")
    p.add_argument("--due", help="hạn gửi báo cáo (YYYY-MM-DD)")
    json_flag(p)


def _progress_args(prog: argparse.ArgumentParser) -> None:
    prog_sub = prog.add_subparsers(dest="action", metavar="VIỆC")
    prog_sub.required = True
    for name, text in (("set", "ghi tiến độ"), ("show", "xem tiến độ"), ("delete", "xoá tiến độ của một kỳ")):
        p = prog_sub.add_parser(name, help=text)
        p.add_argument("task", metavar="NHIỆM_VỤ", help="mã số (id) hoặc mã nhiệm vụ, ví dụ 1.3.1 hoặc PAPI:1.1")
        p.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q1")
        json_flag(p)
        if name == "set":
            p.add_argument("--status", choices=list(STATUS_LABELS), help="trạng thái")
            p.add_argument("--percent", type=int, help="tỷ lệ hoàn thành (0–100)")
            p.add_argument("--result", help="kết quả thực hiện")
            p.add_argument("--reason", help="lý do (bắt buộc khi không thực hiện được)")
            p.add_argument("--measured", dest="measured_value", help="giá trị đạt được, ví dụ «98,6%%»")
            p.add_argument("--difficulties", help="khó khăn, vướng mắc")
            p.add_argument("--proposals", help="đề xuất, kiến nghị")


def _evidence_args(ev: argparse.ArgumentParser) -> None:
    ev_sub = ev.add_subparsers(dest="action", metavar="VIỆC")
    ev_sub.required = True
    add = ev_sub.add_parser("add", help="thêm tệp vào kho và gắn với nhiệm vụ/tiêu chí")
    add.add_argument("file", metavar="TỆP")
    _link_args(add)
    add.add_argument("--number", help="số ký hiệu, ví dụ «12/BC-UBND»")
    add.add_argument("--issued", help="ngày ban hành (YYYY-MM-DD)")
    add.add_argument("--issuer", help="cơ quan ban hành")
    add.add_argument("--summary", help="trích yếu")
    add.add_argument("--type", choices=list(DOC_TYPES), help="loại tài liệu")
    add.add_argument("--proves", help="ngày mà tài liệu chứng minh (YYYY-MM-DD)")
    json_flag(add)
    lst = ev_sub.add_parser("list", help="liệt kê tài liệu")
    lst.add_argument("--task", help="chỉ tài liệu của nhiệm vụ này")
    json_flag(lst)
    link = ev_sub.add_parser("link", help="gắn tài liệu đã có với nhiệm vụ/tiêu chí")
    link.add_argument("id", type=int, metavar="MÃ_TÀI_LIỆU")
    _link_args(link)
    link.add_argument("--note", help="ghi chú cho liên kết")
    delete = ev_sub.add_parser("delete", help="xoá tài liệu không còn gắn với gì")
    delete.add_argument("id", type=int, metavar="MÃ_TÀI_LIỆU")
    json_flag(delete)
    clean = ev_sub.add_parser("cleanup", help="xoá các tệp trong kho không thuộc tài liệu nào")
    clean.add_argument("--yes", action="store_true", help="xác nhận xoá")


def _link_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--task", action="append", help="nhiệm vụ (id hoặc mã); lặp lại được")
    p.add_argument("--criterion", action="append", help="tiêu chí, ví dụ 1.3.1 hoặc PAPI:1; lặp lại được")


def _score_args(score: argparse.ArgumentParser) -> None:
    score_sub = score.add_subparsers(dest="action", metavar="VIỆC")
    score_sub.required = True
    sset = score_sub.add_parser("set", help="chấm điểm một tiêu chí")
    sset.add_argument("code", metavar="TIÊU_CHÍ", help="mã tiêu chí, ví dụ 1.3.1")
    sset.add_argument("value", metavar="ĐIỂM", help="điểm, dấu phẩy hoặc dấu chấm thập phân")
    sset.add_argument("--explain", help="giải trình (bắt buộc khi chưa có tài liệu kiểm chứng)")
    sset.add_argument(
        "--measured",
        action="store_true",
        help="ĐIỂM là giá trị đo được (ví dụ 96,5); ứng dụng tính điểm theo bảng mức của cách chấm",
    )
    slist = score_sub.add_parser("list", help="bảng tự chấm điểm")
    sdel = score_sub.add_parser("delete", help="xoá điểm tự chấm của một tiêu chí")
    sdel.add_argument("code", metavar="TIÊU_CHÍ", help="mã tiêu chí, ví dụ 1.3.1")
    for p in (sset, slist, sdel):
        p.add_argument(
            "--framework",
            default=FrameworkCode.PAR_INDEX,
            type=str.upper,
            help="bộ chỉ số: PAR_INDEX, SIPAS, PAPI hoặc bộ của tỉnh (CCHC_SO, CCHC_XA); mặc định PAR_INDEX",
        )
        p.add_argument("--year", type=int, help="năm của bộ chỉ số (mặc định: mới nhất)")
        json_flag(p)


COMMANDS = [
    Command("periods", "các kỳ báo cáo", _periods_args, cmd_periods),
    Command("progress", "tiến độ nhiệm vụ theo kỳ báo cáo", _progress_args, cmd_progress),
    Command("evidence", "tài liệu kiểm chứng", _evidence_args, cmd_evidence),
    Command("score", "tự chấm điểm theo bộ chỉ số", _score_args, cmd_score),
]
