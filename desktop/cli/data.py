"""`cchc` commands that keep the data safe: backup, restore, check, and deletions undone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.base import Command, Context, json_flag, out, print_json
from desktop.core.backups import backup_now, restore
from desktop.core.data_check import check_data
from desktop.core.formatting import fmt_stamp
from desktop.core.recovery import deleted_items, restore_deleted
from desktop.core.workspace import open_workspace


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    path = backup_now(store.data_dir, Path(args.out) if args.out else None)
    out(f"Đã sao lưu dữ liệu vào «{path}».")
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    # The current database is not opened: a damaged one can be restored over, and nothing holds it open.
    result = restore(ctx.data_dir, Path(args.path))
    open_workspace(ctx.data_dir).close()  # and the restored data opens
    out(f"Đã khôi phục từ «{result.restored_from}». Dữ liệu trước khi khôi phục được giữ ở «{result.safety_copy}».")
    return 0


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    report = check_data(store, quick=False, verify_hashes=args.hashes)
    if args.json:
        print_json(report.as_json())
    else:
        for line in report.lines():
            out(line)
    if not report.ok:
        sys.stderr.write(
            "Lỗi: dữ liệu có vấn đề (xem trên); hãy khôi phục từ bản sao lưu hoặc thêm lại tệp bị thiếu.\n"
        )
        return 2
    return 0


def cmd_deleted(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    if args.action == "restore":
        with store.session(write=True) as s:
            restored = restore_deleted(s, args.id, store.data_dir)
        if args.json:
            print_json({"restored": args.id, "entity": restored.entity.value, "summary": restored.summary})
        else:
            out(f"Đã khôi phục: {restored.summary}.")
        return 0
    with store.session() as s:
        items = deleted_items(s)
    if args.json:
        print_json([i.as_json() for i in items])
    elif not items:
        out("Không có mục nào đã xoá để khôi phục.")
    for i in items if not args.json else ():
        out(f"{i.audit_id:>6}  {fmt_stamp(i.at.isoformat())}  {i.kind}: {i.summary} ({i.actor})")
    return 0


def _deleted_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC")
    sub.required = True
    lst = sub.add_parser("list", help="những gì đã xoá mà còn khôi phục được, mới nhất trước")
    json_flag(lst)
    res = sub.add_parser("restore", help="khôi phục một mục đã xoá")
    res.add_argument("id", type=int, metavar="MÃ", help="số của mục trong «cchc deleted list»")
    json_flag(res)


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="tệp hoặc thư mục đích (mặc định: thư mục backups)")


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="TỆP_SAO_LƯU")


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hashes", action="store_true", help="tính lại mã băm mọi tệp (chậm)")
    json_flag(p)


COMMANDS = [
    Command("backup", "sao lưu cơ sở dữ liệu", _backup_args, cmd_backup),
    Command("restore", "khôi phục từ bản sao lưu (giữ lại bản hiện tại)", _restore_args, cmd_restore),
    Command("deleted", "những gì đã xoá (tiến độ, điểm, tài liệu, kế hoạch) và khôi phục", _deleted_args, cmd_deleted),
    Command("check", "kiểm tra toàn vẹn dữ liệu và kho tài liệu (mã thoát 2 nếu có lỗi)", _check_args, cmd_check),
]
