"""What every `cchc` command shares: the Vietnamese argument parser, the context (the data directory, and the
store opened only when a command asks for it), printing, and the exit codes scripts rely on."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn

from db.store import Store


class Exit(IntEnum):
    OK = 0
    INTERNAL = 1  # a bug: logged with its traceback, one generic sentence on screen
    BAD_INPUT = 2  # bad input or an environment that refuses: one Vietnamese sentence saying what to do
    INTERRUPTED = 130


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


# What a value stands for, in the usage lines («--period KỲ»); argparse would print the option's English name.
METAVARS = {
    "agency": "TÊN_CƠ_QUAN", "code": "MÃ", "comment": "NHẬN_XÉT", "criterion": "MÃ_TIÊU_CHÍ", "data_dir": "THƯ_MỤC",
    "difficulties": "NỘI_DUNG", "due": "NGÀY", "duplicate": "TÊN", "email": "THƯ_ĐIỆN_TỬ", "end": "NGÀY",
    "explain": "NỘI_DUNG", "file": "TỆP", "focal": "HỌ_TÊN", "framework": "BỘ_CHỈ_SỐ", "general": "NỘI_DUNG",
    "issued": "NGÀY", "issuer": "CƠ_QUAN", "keep": "TÊN", "measured_value": "GIÁ_TRỊ", "name": "TÊN",
    "new": "TÊN_MỚI", "note": "GHI_CHÚ", "number": "SỐ_KÝ_HIỆU", "old": "TÊN_CŨ", "out": "ĐƯỜNG_DẪN",
    "parent": "TÊN_CƠ_QUAN", "percent": "PHẦN_TRĂM", "period": "KỲ", "phone": "SỐ_ĐIỆN_THOẠI", "plan": "MÃ_KẾ_HOẠCH",
    "position": "CHỨC_VỤ", "proposals": "NỘI_DUNG", "proves": "NGÀY", "province": "TỈNH", "reason": "LÝ_DO",
    "recipients": "NƠI_NHẬN", "result": "NỘI_DUNG", "score": "ĐIỂM", "sign_as": "THẨM_QUYỀN", "signer": "HỌ_TÊN",
    "start": "NGÀY", "summary": "TRÍCH_YẾU", "task": "NHIỆM_VỤ", "text": "NỘI_DUNG", "texts": "TỆP_JSON",
    "to": "KÍNH_GỬI", "type": "LOẠI", "year": "NĂM",
}  # fmt: skip


class ViArgumentParser(argparse.ArgumentParser):
    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        takes_value = action.nargs != 0 and action.choices is None
        if action.metavar is None and takes_value and not isinstance(action, argparse._SubParsersAction):
            action.metavar = METAVARS.get(action.dest, "GIÁ_TRỊ")
        return action

    def error(self, message: str) -> NoReturn:
        self.exit(Exit.BAD_INPUT, f"Lỗi: {message}. Xem «{self.prog} --help».\n")


@dataclass
class Context:
    """What a command runs with. `store` opens the data directory on first use: a command that never asks for it
    (verify-bundle) opens, creates and migrates nothing."""

    data_dir: Path
    opener: Callable[[Path], Store]
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.opener(self.data_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


Handler = Callable[[Context, argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    """One subcommand: its parser and its handler side by side in the module of its group."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Handler


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def print_json(data: object) -> None:
    """JSON with Vietnamese kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
