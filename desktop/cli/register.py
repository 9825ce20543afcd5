"""`cchc register`: the register of agencies expected to report to this focal point (list, add, retire, the
province whose communes and wards join it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.base import Command, Context, json_flag, out, print_json
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.register import (
    REPORTING_LEVELS,
    Member,
    add_member,
    members,
    merge_members,
    rename_member,
    retire_member,
    set_province,
)
from desktop.core.register_import import import_register


def _args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=type(p))
    listing = sub.add_parser("list", help="danh sách cơ quan, đơn vị phải báo cáo")
    listing.add_argument("--active", action="store_true", help="bỏ các đơn vị đã thôi")
    json_flag(listing)
    add = sub.add_parser("add", help="thêm một cơ quan, đơn vị")
    add.add_argument("name", help="tên, ví dụ «Sở Xây dựng»")
    add.add_argument("--level", required=True, choices=[level.value for level in REPORTING_LEVELS], help="cấp")
    json_flag(add)
    retire = sub.add_parser("retire", help="thôi theo dõi một đơn vị (sáp nhập, giải thể); lịch sử được giữ")
    retire.add_argument("name")
    json_flag(retire)
    rename = sub.add_parser("rename", help="đổi tên một cơ quan, đơn vị (tên cũ vẫn được hiểu)")
    rename.add_argument("old", help="tên hiện tại")
    rename.add_argument("new", help="tên mới")
    json_flag(rename)
    merge = sub.add_parser("merge", help="gộp hai cách viết (hoặc đơn vị cũ vào đơn vị mới) thành một")
    merge.add_argument("duplicate", help="tên bị gộp (cách viết khác, đơn vị cũ)")
    merge.add_argument("keep", help="tên được giữ")
    json_flag(merge)
    imported = sub.add_parser("import", help="thêm các đơn vị từ một bảng Excel (.xlsx)")
    imported.add_argument("file", help="bảng có cột «Tên cơ quan, đơn vị» (và «Cấp» nếu có)")
    json_flag(imported)
    province = sub.add_parser("province", help="khai báo tỉnh, thành phố: các xã, phường vào danh sách")
    province.add_argument("name", help="ví dụ «Cao Bằng»")


def _show(member: Member) -> str:
    code = f" [{member.unit_code}]" if member.unit_code else ""
    gone = " (đã thôi)" if not member.active else ""
    flag = f" ⚠ {member.flag}" if member.flag else ""
    return f"{member.name}{code} — {LEVEL_LABELS.get(member.level, member.level)}{gone}{flag}"


def cmd_register(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "list":
        with ctx.store.session() as s:
            rows = members(s, include_retired=not args.active)
        if args.json:
            print_json([m.as_json() for m in rows])
        else:
            for m in rows:
                out(_show(m))
            out(f"{sum(m.active for m in rows)} cơ quan, đơn vị phải báo cáo.")
        return 0
    if args.action == "import":
        with ctx.store.session(write=True) as s:
            done = import_register(s, Path(args.file))
        if args.json:
            print_json(
                {
                    "added": [m.as_json() for m in done.added],
                    "duplicates": done.duplicates,
                    "flagged": [m.name for m in done.flagged],
                }
            )
        else:
            out(f"Đã thêm {len(done.added)} cơ quan, đơn vị vào danh sách.")
            for name in done.duplicates:
                out(f"«{name}» lặp lại trong bảng: chỉ thêm một lần.")
            for m in done.flagged:
                out(f"⚠ {m.name}: {m.flag}.")
        return 0
    if args.action == "province":
        with ctx.store.session(write=True) as s:
            province, joined = set_province(s, args.name)
        out(f"Tỉnh, thành phố: {province.name}; thêm {joined} xã, phường, đặc khu vào danh sách đơn vị báo cáo.")
        return 0
    with ctx.store.session(write=True) as s:
        if args.action == "add":
            member, said = add_member(s, args.name, args.level), "Đã thêm: "
        elif args.action == "retire":
            member, said = retire_member(s, args.name), "Đã thôi theo dõi: "
        elif args.action == "rename":
            member, said = rename_member(s, args.old, args.new), "Đã đổi tên: "
        else:
            member, said = merge_members(s, args.duplicate, args.keep), f"Đã gộp «{args.duplicate}» vào: "
    if args.json:
        print_json(member.as_json())
    else:
        out(said + _show(member))
    return 0


COMMANDS = (Command("register", "danh sách cơ quan, đơn vị phải báo cáo", _args, cmd_register),)
