"""`cchc`: the headless command line. Imports no Qt. Exit 0 ok, 2 bad input (one Vietnamese line), 1 internal."""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from db.errors import StoreError
from db.store import Store, environment_error
from desktop import __version__
from desktop.cli_bundle import add_parsers as add_bundle_parsers
from desktop.cli_commands import COMMANDS
from desktop.cli_progress import add_parsers as add_progress_parsers
from desktop.core.errors import UserError
from desktop.core.paths import resolve_data_dir
from desktop.core.workspace import log_file, open_workspace

log = logging.getLogger("cchc.cli")

# argparse looks its messages up through gettext at call time; answering in Vietnamese keeps every word the
# user sees (help, usage, errors) in one language.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tuỳ chọn",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "show program's version number and exit": "hiện phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hợp lệ: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)"
    ),
    "expected one argument": "cần một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
}


def _vi(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


argparse._ = _vi  # type: ignore[attr-defined]


class ViArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Lỗi: {message}. Xem «{self.prog} --help».\n")


def build_parser() -> ViArgumentParser:
    p = ViArgumentParser(prog="cchc", description="Theo dõi nhiệm vụ cải cách hành chính (không cần giao diện).")
    p.add_argument("--version", action="version", version=f"cchc {__version__}")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: theo người dùng, hoặc biến CCHC_DATA_DIR)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", parser_class=ViArgumentParser)
    sub.required = True

    init = sub.add_parser("init", help="khai báo cơ quan của bạn")
    init.add_argument("--agency", required=True, help="tên cơ quan, ví dụ «UBND xã Hòa An»")
    init.add_argument("--level", required=True, choices=["tinh", "so", "huyen", "xa", "phong"], help="cấp")
    init.add_argument("--parent", help="cơ quan cấp trên (bắt buộc với cấp phong)")
    init.add_argument("--focal", default="", help="người đầu mối")
    init.add_argument("--phone", default="", help="điện thoại")
    init.add_argument("--email", default="", help="thư điện tử")

    imp = sub.add_parser("import-plan", help="nhập kế hoạch từ tệp Excel phụ lục")
    imp.add_argument("file", help="tệp .xlsx")
    imp.add_argument("--year", type=int, help="năm của kế hoạch (nếu không suy ra được từ tệp)")
    imp.add_argument("--number", help="số ký hiệu kế hoạch, ví dụ 2163/KH-UBND")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    sample = sub.add_parser("import-sample", help="nhập kế hoạch mẫu (phụ lục của một tỉnh năm 2025)")
    sample.add_argument("--json", action="store_true")

    tasks = sub.add_parser("tasks", help="liệt kê nhiệm vụ")
    tasks.add_argument("--mine", action="store_true", help="chỉ nhiệm vụ cơ quan tôi chủ trì hoặc phối hợp")
    tasks.add_argument("--plan", type=int, help="chỉ nhiệm vụ của kế hoạch có mã số này")
    tasks.add_argument("--period", help="kỳ báo cáo cho trạng thái và tỷ lệ, ví dụ 2025-Q1 (mặc định: kỳ hiện tại)")
    tasks.add_argument("--json", action="store_true")

    plans = sub.add_parser("plans", help="liệt kê kế hoạch")
    plans.add_argument("--json", action="store_true")

    cat = sub.add_parser("catalog", help="bộ chỉ số (PAR INDEX, SIPAS, PAPI) theo năm")
    cat.add_argument("--json", action="store_true")

    ag = sub.add_parser("agencies", help="danh bạ cơ quan và cách đối chiếu tên")
    ag.add_argument("--json", action="store_true")
    add_progress_parsers(sub)
    add_bundle_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # Windows consoles default to a legacy code page
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    store: Store | None = None
    if not logging.getLogger().handlers:  # until the log file is open, errors go nowhere rather than on screen
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        store = open_workspace(data_dir)
        handler: Callable[[Store, argparse.Namespace], int] = COMMANDS[args.command]
        return handler(store, args)
    except (UserError, StoreError) as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu; không có gì được ghi dở dang.\n")
        return 130
    except BrokenPipeError:
        # The reader (`| head`) stopped early: not an error. Output goes nowhere from here on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        told = environment_error(data_dir, exc)  # a full disk or a read-only folder met outside a session
        if isinstance(told, StoreError):
            sys.stderr.write(f"Lỗi: {told}\n")
            return 2
        log.exception("internal error in cchc %s", args.command)
        where = log_file(data_dir)
        detail = f"chi tiết đã ghi vào {where}" if where else "không ghi được nhật ký vào thư mục dữ liệu"
        sys.stderr.write(f"Lỗi nội bộ của ứng dụng; {detail}. Dữ liệu không bị thay đổi.\n")
        return 1
    finally:
        if store is not None:
            store.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
