"""Signed bundles through the real `cchc`: a ward signs its bundle with a PKCS#12 file and with a SoftHSM2 token,
the Sở Nội vụ checks them in its own data directory against the CA it installed, and one changed byte in the
PDF is an invalid signature with exit code 2."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.certs import PIN, issue, make_ca
from tests.cli.test_cli_progress import ok, refused
from tests.cli.test_cli_progress import sample_template as sample_template  # a fixture
from tests.token import make_token


@pytest.fixture
def ward(sample_template: Path, tmp_path: Path) -> Path:
    data = tmp_path / "phuong"
    shutil.copytree(sample_template, data, ignore=shutil.ignore_patterns("*.log"))
    ok("signer", "--name", "Hoàng Văn Bình", "--position", "PHÓ CHỦ TỊCH", "--sign-as", "KT. CHỦ TỊCH", data=data)
    ok("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", "--result", "Đã ban hành", data=data)
    return data


@pytest.fixture
def focal(tmp_path: Path) -> Path:
    data = tmp_path / "so-noi-vu"
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", data=data)
    ok("import-sample", data=data)
    return data


def _pin_file(tmp_path: Path, pin: str = PIN) -> str:
    path = tmp_path / "pin.txt"
    path.write_text(pin + "\n", encoding="utf-8")
    return str(path)


def test_a_bundle_signed_with_a_p12_file_is_checked_where_it_is_received(
    ward: Path, focal: Path, tmp_path: Path
) -> None:
    ca = make_ca()
    p12 = issue(ca, org="UBND xã Hòa An").p12(tmp_path / "hoang-van-binh.p12", ca)

    def export(pin: str, *more: str) -> list[str]:
        out, pins = str(tmp_path / "out"), _pin_file(tmp_path, pin)
        return ["export-bundle", "--period", "2025-Q3", "--out", out, "--sign", str(p12), "--pin-file", pins, *more]

    refused(*export("000000"), data=ward, message="Mã PIN")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # nothing exported
    made = json.loads(ok(*export(PIN, "--json"), data=ward))
    assert made["signed"] is True
    bundle = Path(made["paths"][0])
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signature"]["signer"] == "Hoàng Văn Bình"
    assert len(manifest["signature"]["certificate_sha256"]) == 64
    assert json.loads(ok("signing", "--json", data=ward))["p12_path"] == str(p12.resolve())  # remembered, no PIN
    assert PIN not in (ward / "chu-ky-so.json").read_text(encoding="utf-8")

    untrusted = json.loads(ok("verify-bundle", str(bundle), "--json", data=focal))
    assert untrusted["valid"] is True and untrusted["signature"]["status"] == "untrusted"
    assert "Ban Cơ yếu" not in ok("trust", "list", data=focal)
    ok("trust", "add", str(ca.pem(tmp_path / "ca.pem")), data=focal)
    assert (
        json.loads(ok("trust", "list", "--json", data=focal))[0]["signer"] == "Cục Chứng thực số và Bảo mật thông tin"
    )
    checked = json.loads(ok("verify-bundle", str(bundle), "--json", data=focal))
    assert checked["signature"]["status"] == "valid"
    assert (checked["signature"]["signer"], checked["signature"]["organisation"]) == (
        "Hoàng Văn Bình",
        "UBND xã Hòa An",
    )
    from tests.cli.test_cli import run_process

    real = run_process("verify-bundle", str(bundle), data=focal)  # the installed `cchc`, in its own process
    assert real.returncode == 0 and real.stderr == "" and "Chữ ký số hợp lệ — Hoàng Văn Bình" in real.stdout
    (received,) = json.loads(ok("import-bundle", str(bundle), "--json", data=focal))
    assert received["status"] == "accepted" and received["signature"]["status"] == "valid"
    (row,) = [r for r in json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=focal)) if r["bundle_uuid"]]
    assert row["signature"]["status"] == "valid"

    # The Sở signs its consolidated report with its own certificate.
    so_p12 = issue(ca, cn="Nguyễn Thị Sở", org="Sở Nội vụ tỉnh Cao Bằng").p12(tmp_path / "so.p12", ca)
    pin = _pin_file(tmp_path)
    report = tmp_path / "tong-hop.pdf"
    refused(
        "report",
        "--period",
        "2025-Q3",
        "--out",
        str(tmp_path / "t.xlsx"),
        "--sign",
        str(so_p12),
        "--pin-file",
        pin,
        data=focal,
        message="Chỉ ký số được báo cáo PDF",
    )
    assert "ký số bởi Nguyễn Thị Sở" in ok(
        "report",
        "--period",
        "2025-Q3",
        "--out",
        str(report),
        "--signer",
        "Nguyễn Thị Sở",
        "--sign",
        str(so_p12),
        "--pin-file",
        pin,
        data=focal,
    )
    from desktop.core.signing.verify import check_pdf

    assert check_pdf(report, focal).status == "valid"

    # One changed byte in the PDF, the manifest re-hashed to match: only the signature can tell.
    pdf = bundle / "bao-cao.pdf"
    data = bytearray(pdf.read_bytes())
    at = data.index(b"stream", len(data) // 4) + 20
    data[at] ^= 0x01
    pdf.write_bytes(bytes(data))
    for entry in manifest["files"]:
        if entry["path"] == "bao-cao.pdf":
            entry["sha256"] = hashlib.sha256(bytes(data)).hexdigest()
    (bundle / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    from tests.cli.test_cli import run

    proc = run("verify-bundle", str(bundle), "--json", data=focal)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    verdict = json.loads(proc.stdout)
    assert verdict["valid"] is False and verdict["signature"]["status"] == "invalid"
    assert verdict["signature"]["signer"] == "Hoàng Văn Bình"  # who it claims, never shown as signed


def test_a_bundle_signed_with_a_softhsm_token(
    ward: Path, focal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = make_ca()
    token = make_token(tmp_path / "hsm", issue(ca, cn="Lê Thị Token"), monkeypatch)

    def export(pin: str, *more: str) -> list[str]:
        out = str(tmp_path / "out")
        pins = _pin_file(tmp_path, pin)
        return [
            "export-bundle",
            "--period",
            "2025-Q3",
            "--out",
            out,
            "--sign-token",
            token.label,
            "--pin-file",
            pins,
            *more,
        ]

    refused(*export(PIN), data=ward, message="Chưa khai báo thư viện PKCS#11")
    ok("signing", "--pkcs11-module", str(token.module), data=ward)
    refused(*export("111111"), data=ward, message="Mã PIN")
    made = json.loads(ok(*export(PIN, "--zip", "--json"), data=ward))
    ok("trust", "add", str(ca.der(tmp_path / "ca.cer")), data=focal)
    checked = json.loads(ok("verify-bundle", made["paths"][0], "--json", data=focal))
    assert (checked["signature"]["status"], checked["signature"]["signer"]) == ("valid", "Lê Thị Token")
    assert json.loads(ok("signing", "--json", data=ward))["token_label"] == token.label
