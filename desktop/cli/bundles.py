"""`cchc` commands for report bundles: export one, verify one (no data directory needed), receive many, the
period's submissions and the consolidated report."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.cli.base import Command, Context, Exit, json_flag, out, print_json
from desktop.cli.signing import sign_args, signing_key
from desktop.core.bundle.consolidate import consolidated_texts, sign_as_completions, write_consolidated
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.receive import OutcomeStatus, import_bundles
from desktop.core.bundle.remind import write_reminder
from desktop.core.bundle.submissions import STATE_LABELS, submissions
from desktop.core.bundle.verify import verify_bundle
from desktop.core.errors import UserError
from desktop.core.progress import CancelToken, no_progress
from desktop.core.register import REPORTING_LEVELS
from desktop.core.reports.saved_texts import ALIASES, read_texts_file, with_fields
from desktop.core.signing.pdf_sign import Anchor, sign_new_pdf


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    p.add_argument("--out", required=True, help="thư mục đặt gói (USB, thư mục gửi thư)")
    p.add_argument("--zip", action="store_true", help="đóng thành một tệp .zip")
    p.add_argument(
        "--split-mb",
        type=int,
        nargs="?",
        const=20,
        metavar="N",
        help="chia tệp .zip thành các phần tối đa N MB để gửi thư (mặc định 20)",
    )
    sign_args(p)
    json_flag(p)


def cmd_export_bundle(ctx: Context, args: argparse.Namespace) -> int:
    with signing_key(ctx, args) as key:
        result = export_bundle(
            ctx.store,
            args.period,
            Path(args.out),
            date.today(),
            no_progress,
            CancelToken(),
            as_zip=args.zip,
            split_mb=args.split_mb,
            key=key,
        )
    paths = [str(p) for p in result.paths or (result.path,)]
    if args.json:
        print_json(
            {
                "paths": paths,
                "bundle_uuid": result.bundle_uuid,
                "files": result.files,
                "size": result.size,
                "signed": key is not None,
            }
        )
    elif len(paths) > 1:
        out(f"Đã tạo gói báo cáo thành {len(paths)} phần (gửi đủ các phần):")
        for p in paths:
            out(f"  {p}")
    else:
        out(f"Đã tạo gói báo cáo «{result.path}» ({result.files} tệp).")
    return Exit.OK


def _verify_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="GÓI")
    json_flag(p)


def cmd_verify_bundle(ctx: Context, args: argparse.Namespace) -> int:
    """Needs no data directory: a bundle is checked on its own, anywhere; the signature against the trust anchors
    of the data directory when there is one."""
    verdict = verify_bundle(Path(args.path), trust_dir=ctx.data_dir if ctx.data_dir.is_dir() else None)
    signature = verdict.signature
    if args.json:
        print_json(
            {
                "valid": verdict.ok,
                "problems": verdict.problems,
                "signature": signature.as_json() if signature is not None else None,
            }
        )
    elif verdict.ok:
        manifest = verdict.manifest or {}
        agency = manifest.get("agency", {}).get("name", "")
        period = manifest.get("period", {}).get("code", "")
        out(f"Gói hợp lệ: {agency}, kỳ {period}, {len(manifest.get('files', []))} tệp đúng kích thước và mã băm.")
        if signature is not None:
            out(f"{signature.label}.")
    else:
        out(f"Gói KHÔNG hợp lệ ({len(verdict.problems)} lỗi):")
        for problem in verdict.problems:
            out(f"- {problem}")
    return Exit.OK if verdict.ok else Exit.BAD_INPUT


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="GÓI")
    json_flag(p)


def cmd_import_bundle(ctx: Context, args: argparse.Namespace) -> int:
    outcomes = import_bundles(ctx.store, [Path(p) for p in args.paths])
    if args.json:
        print_json([o.as_json() for o in outcomes])
    else:
        for o in outcomes:
            out(o.describe())
        periods = {o.period for o in outcomes if o.status != OutcomeStatus.REJECTED and o.period}
        with ctx.store.session() as s:
            unexpected = sorted({r.agency for code in periods for r in submissions(s, code) if not r.expected})
        for name in unexpected:
            out(f'«{name}» chưa có trong danh sách đơn vị phải báo cáo; thêm: cchc register add "{name}"')
    return Exit.BAD_INPUT if any(o.status == OutcomeStatus.REJECTED for o in outcomes) else Exit.OK


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    json_flag(p)


def _submissions_args(p: argparse.ArgumentParser) -> None:
    _period_args(p)
    p.add_argument("--group", choices=[level.value for level in REPORTING_LEVELS], help="chỉ một cấp (so, xa, …)")


def cmd_submissions(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        rows = [r for r in submissions(s, args.period) if not args.group or r.level == args.group]
    if args.json:
        print_json([r.as_json() for r in rows])
        return Exit.OK
    for r in rows:
        progress = f", hoàn thành {r.done}/{r.tasks} nhiệm vụ" if r.tasks else ""
        when = f" ngày {r.received_at:%d/%m/%Y}" if r.received_at else ""
        out(f"{STATE_LABELS[r.state]:<10} {r.agency}{when}{progress}")
    return Exit.OK


def _remind_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    p.add_argument("--out", required=True, help="tệp đích: .pdf, .docx (sửa được trong Word) hoặc .txt (gửi thư)")
    json_flag(p)


def cmd_remind(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store.session() as s:
        made = write_reminder(s, args.period, Path(args.out), date.today())
    if args.json:
        print_json({"path": str(Path(args.out)), "period": made.period_code, "missing": made.missing})
    else:
        out(f"Đã lập công văn đôn đốc {len(made.missing)} cơ quan, đơn vị chưa nộp báo cáo: «{args.out}».")
    return Exit.OK


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-Q3")
    p.add_argument("--out", required=True, help="tệp đích, đuôi .xlsx, .pdf hoặc .docx (sửa được trong Word)")
    p.add_argument("--texts", help="tệp JSON: số ký hiệu, nơi nhận, người ký… (xem README); được giữ cho kỳ này")
    p.add_argument("--number", help="số ký hiệu, ví dụ «Số: 125/BC-SNV»")
    p.add_argument("--to", action="append", help="Kính gửi (lặp lại được)")
    p.add_argument("--recipient", action="append", dest="recipients", help="một dòng Nơi nhận (lặp lại được)")
    p.add_argument("--signer", help="họ tên người ký")
    p.add_argument("--position", help="chức vụ người ký, ví dụ «PHÓ GIÁM ĐỐC»")
    p.add_argument("--sign-as", dest="sign_as", help="dòng thẩm quyền ký: «KT. GIÁM ĐỐC», hoặc «KT.», «TM.»")
    p.add_argument("--parent", help="dòng cơ quan chủ quản, ví dụ «UBND TỈNH CAO BẰNG»")
    sign_args(p)


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store
    flags = {name: getattr(args, name) for name in ("number", "to", "recipients", "signer", "position", "sign_as")}
    flags["parent"] = args.parent
    given = {**(read_texts_file(Path(args.texts)) if args.texts else {})}
    given.update({ALIASES[k]: v for k, v in flags.items() if v is not None})
    if (args.sign or args.sign_token) and Path(args.out).suffix.lower() != ".pdf":
        raise UserError("Chỉ ký số được báo cáo PDF; hãy ghi tệp đích đuôi .pdf.")
    with signing_key(ctx, args) as key:  # a wrong PIN stops here, before anything is written
        with store.session(write=True) as s:
            texts = with_fields(
                consolidated_texts(s, store.data_dir, args.period, date.today()), given, sign_as_completions(s)
            )
            path = write_consolidated(s, store.data_dir, args.period, Path(args.out), date.today(), texts)
        signed = ""
        if key is not None:
            info = sign_new_pdf(path, key, Anchor(texts.signer_position, texts.signer_name), "Ký báo cáo tổng hợp")
            signed = f", ký số bởi {info.signer}"
    out(f"Đã lập báo cáo tổng hợp «{path}»{signed}.")
    return Exit.OK


COMMANDS = [
    Command(
        "export-bundle",
        "xuất gói báo cáo (Excel + PDF + tài liệu kiểm chứng + manifest)",
        _export_args,
        cmd_export_bundle,
    ),
    Command("verify-bundle", "kiểm tra một gói báo cáo (thư mục hoặc .zip)", _verify_args, cmd_verify_bundle),
    Command(
        "import-bundle",
        "tiếp nhận gói báo cáo của các đơn vị (zip hoặc thư mục, nhiều gói)",
        _import_args,
        cmd_import_bundle,
    ),
    Command("submissions", "tình hình nộp báo cáo của các đơn vị trong một kỳ", _submissions_args, cmd_submissions),
    Command("remind", "công văn đôn đốc các đơn vị chưa nộp báo cáo (.pdf, .docx, .txt)", _remind_args, cmd_remind),
    Command(
        "report", "báo cáo tổng hợp của đầu mối từ các gói đã tiếp nhận (.xlsx hoặc .pdf)", _report_args, cmd_report
    ),
]
