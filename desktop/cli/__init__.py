"""`cchc`: the headless command line. Imports no Qt and no ORM; every command calls the core.

One module per command group (`plans`, `progress`, `data`, `bundles`, `register`, `appraisal`), each
command's parser and handler side by side (`base.Command`). Exit codes: 0 ok, 2 bad input or an environment
that refuses (one Vietnamese line), 1 internal (logged), 130 interrupted.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Sequence

from db.errors import StoreError
from db.store import environment_error
from desktop import __version__
from desktop.cli import appraisal, bundles, data, index, plans, progress, register, signing
from desktop.cli.base import Command, Context, Exit, ViArgumentParser
from desktop.core.errors import UserError
from desktop.core.paths import resolve_data_dir
from desktop.core.workspace import log_file, open_workspace, setup_logging

log = logging.getLogger("cchc.cli")

GROUPS = (plans, progress, data, bundles, register, appraisal, signing, index)


def commands() -> dict[str, Command]:
    return {c.name: c for group in GROUPS for c in group.COMMANDS}


def build_parser() -> ViArgumentParser:
    p = ViArgumentParser(prog="cchc", description="Theo dõi nhiệm vụ cải cách hành chính (không cần giao diện).")
    p.add_argument("--version", action="version", version=f"cchc {__version__}", help="hiện số phiên bản rồi thoát")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: theo người dùng, hoặc biến CCHC_DATA_DIR)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=ViArgumentParser)
    sub.required = True
    for command in commands().values():
        command.configure(sub.add_parser(command.name, help=command.help))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # Windows consoles default to a legacy code page
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    if not logging.getLogger().handlers:  # until the log file is open, errors go nowhere rather than on screen
        logging.getLogger().addHandler(logging.NullHandler())
    ctx = Context(resolve_data_dir(args.data_dir), open_workspace)
    try:
        return int(commands()[args.command].run(ctx, args))
    except (UserError, StoreError) as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return Exit.BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu; không có gì được ghi dở dang.\n")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # The reader (`| head`) stopped early: not an error. Output goes nowhere from here on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.OK
    except Exception as exc:
        told = environment_error(ctx.data_dir, exc)  # a full disk or a read-only folder met outside a session
        if isinstance(told, StoreError):
            sys.stderr.write(f"Lỗi: {told}\n")
            return Exit.BAD_INPUT
        if log_file(ctx.data_dir) is None:
            setup_logging(ctx.data_dir)
        log.exception("internal error in cchc %s", args.command)
        where = log_file(ctx.data_dir)
        detail = f"chi tiết đã ghi vào {where}" if where else "không ghi được nhật ký vào thư mục dữ liệu"
        sys.stderr.write(f"Lỗi nội bộ của ứng dụng; {detail}. Dữ liệu không bị thay đổi.\n")
        return Exit.INTERNAL
    finally:
        ctx.close()
