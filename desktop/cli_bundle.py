"""`cchc` subcommands for report bundles: export one, verify one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from db.store import Store
from desktop.cli_output import out, print_json
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.verify import verify_bundle
from desktop.core.progress import CancelToken, no_progress


def cmd_export_bundle(store: Store, args: argparse.Namespace) -> int:
    result = export_bundle(
        store, args.period, Path(args.out), date.today(), no_progress, CancelToken(), as_zip=args.zip
    )
    if args.json:
        print_json(
            {"paths": [str(result.path)], "bundle_uuid": result.bundle_uuid, "files": result.files, "size": result.size}
        )
    else:
        out(f"Đã tạo gói báo cáo «{result.path}» ({result.files} tệp).")
    return 0


def cmd_verify_bundle(_store: Store, args: argparse.Namespace) -> int:
    verdict = verify_bundle(Path(args.path))
    if args.json:
        print_json({"valid": verdict.ok, "problems": verdict.problems})
    elif verdict.ok:
        manifest = verdict.manifest or {}
        agency = manifest.get("agency", {}).get("name", "")
        period = manifest.get("period", {}).get("code", "")
        out(f"Gói hợp lệ: {agency}, kỳ {period}, {len(manifest.get('files', []))} tệp đúng kích thước và mã băm.")
    else:
        out(f"Gói KHÔNG hợp lệ ({len(verdict.problems)} lỗi):")
        for problem in verdict.problems:
            out(f"- {problem}")
    return 0 if verdict.ok else 2


COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "export-bundle": cmd_export_bundle,
    "verify-bundle": cmd_verify_bundle,
}


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    exp = sub.add_parser("export-bundle", help="xuất gói báo cáo (Excel + PDF + tài liệu kiểm chứng + manifest)")
    exp.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    exp.add_argument("--out", required=True, help="thư mục đặt gói (USB, thư mục gửi thư)")
    exp.add_argument("--zip", action="store_true", help="đóng thành một tệp .zip")
    exp.add_argument("--json", action="store_true")
    ver = sub.add_parser("verify-bundle", help="kiểm tra một gói báo cáo (thư mục hoặc .zip)")
    ver.add_argument("path", metavar="GÓI")
    ver.add_argument("--json", action="store_true")
