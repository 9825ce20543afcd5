"""`cchc` commands of digital signatures: the trust anchors a focal point installs, the signing settings, and
reading a PIN from a file for `export-bundle --sign`."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.cli.base import Command, Context, json_flag, out, print_json
from desktop.core.errors import UserError
from desktop.core.signing.keys import SigningKey, load_p12, open_token
from desktop.core.signing.settings import load_settings, save_settings
from desktop.core.signing.trust import add_anchor, list_anchors


def read_pin(path: str | None) -> str:
    if not path:
        raise UserError("Hãy cho biết tệp chứa mã PIN bằng --pin-file (mã PIN không được gõ trên dòng lệnh).")
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise UserError(f"Không đọc được tệp mã PIN «{Path(path).name}»; hãy kiểm tra đường dẫn.") from None
    if not lines or not lines[0]:
        raise UserError(f"Tệp mã PIN «{Path(path).name}» trống; hãy ghi mã PIN ở dòng đầu.")
    return lines[0]


@contextmanager
def signing_key(ctx: Context, args: argparse.Namespace) -> Iterator[SigningKey | None]:
    """The key `--sign` or `--sign-token` names (remembered for next time), or None to export unsigned."""
    if args.sign and args.sign_token:
        raise UserError("Chỉ chọn một cách ký: --sign (tệp .p12) hoặc --sign-token (USB token).")
    if not (args.sign or args.sign_token):
        yield None
        return
    pin = read_pin(args.pin_file)
    settings = load_settings(ctx.data_dir)
    if args.sign:
        key = load_p12(Path(args.sign), pin)
        settings.p12_path, settings.token_label = str(Path(args.sign).resolve()), ""
        save_settings(ctx.data_dir, settings)
        yield key
        return
    module = settings.module
    if module is None:
        raise UserError(
            "Chưa khai báo thư viện PKCS#11 của USB token; chạy: cchc signing --pkcs11-module ĐƯỜNG_DẪN "
            "(tệp .so hoặc .dll do hãng token cài)."
        )
    with open_token(module, args.sign_token, pin) as key:
        settings.token_label, settings.p12_path = args.sign_token, ""
        save_settings(ctx.data_dir, settings)
        yield key


def sign_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sign", metavar="TỆP.p12", help="ký số báo cáo PDF bằng tệp chứng thư số (.p12, .pfx)")
    p.add_argument("--sign-token", metavar="NHÃN", help="ký số bằng USB token có nhãn này (PKCS#11)")
    p.add_argument("--pin-file", metavar="TỆP", help="tệp chứa mã PIN ở dòng đầu")


def cmd_trust(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        added = add_anchor(ctx.data_dir, Path(args.file))
        if args.json:
            print_json([a.as_json() for a in added])
        for a in added if not args.json else ():
            out(f"Đã cài chứng thư gốc tin cậy «{a.name}» ({a.organisation}), hết hạn {a.not_after:%d/%m/%Y}.")
        return 0
    anchors = list_anchors(ctx.data_dir)
    if args.json:
        print_json([a.as_json() for a in anchors])
    elif not anchors:
        out("Chưa cài chứng thư gốc (CA) nào; chữ ký số trên báo cáo nhận được sẽ là «chưa được tin cậy».")
    for a in anchors if not args.json else ():
        out(f"{a.name} — {a.organisation}; hiệu lực đến {a.not_after:%d/%m/%Y}; SHA-256 {a.sha256[:16]}…")
    return 0


def _trust_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="VIỆC")
    sub.required = True
    add = sub.add_parser("add", help="cài chứng thư gốc (CA) tin cậy từ tệp .pem, .cer, .crt")
    add.add_argument("file", metavar="TỆP")
    json_flag(add)
    lst = sub.add_parser("list", help="các chứng thư gốc đã cài")
    json_flag(lst)


def cmd_signing(ctx: Context, args: argparse.Namespace) -> int:
    settings = load_settings(ctx.data_dir)
    if args.pkcs11_module is not None:
        settings.pkcs11_module = args.pkcs11_module
    if args.require_signed is not None:
        settings.require_signed = args.require_signed
    if args.pkcs11_module is not None or args.require_signed is not None:
        ctx.data_dir.mkdir(parents=True, exist_ok=True)
        save_settings(ctx.data_dir, settings)
    if args.json:
        print_json(
            {
                "pkcs11_module": settings.pkcs11_module,
                "require_signed": settings.require_signed,
                "p12_path": settings.p12_path,
                "token_label": settings.token_label,
            }
        )
    else:
        out(f"Thư viện PKCS#11: {settings.pkcs11_module or '(chưa khai báo)'}")
        out(f"Bắt buộc báo cáo nhận được phải ký số: {'có' if settings.require_signed else 'không'}")
    return 0


def _signing_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pkcs11-module", metavar="ĐƯỜNG_DẪN", help="thư viện PKCS#11 của USB token (.so, .dll)")
    required = p.add_mutually_exclusive_group()
    required.add_argument(
        "--require-signed",
        dest="require_signed",
        action="store_const",
        const=True,
        help="đầu mối: bắt buộc ký số (báo cáo chưa ký vẫn nhận nhưng được đánh dấu)",
    )
    required.add_argument(
        "--allow-unsigned", dest="require_signed", action="store_const", const=False, help="không bắt buộc ký số"
    )
    json_flag(p)


COMMANDS = [
    Command("trust", "chứng thư gốc (CA) tin cậy để kiểm tra chữ ký số", _trust_args, cmd_trust),
    Command("signing", "thiết lập chữ ký số (USB token, bắt buộc ký)", _signing_args, cmd_signing),
]
