"""The trust anchors a focal point installed: root (CA) certificates, e.g. the Ban Cơ yếu Chính phủ's, imported
from a file into `chung-thu-tin-cay/` of the data directory. None are shipped and none are fetched."""

from __future__ import annotations

from pathlib import Path

from asn1crypto import pem, x509

from desktop.core.atomic import replacing
from desktop.core.errors import UserError
from desktop.core.signing.keys import CertInfo, cert_info

TRUST_DIR = "chung-thu-tin-cay"


def _read(path: Path) -> list[x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"Không đọc được tệp «{path.name}»; hãy kiểm tra đường dẫn.") from None
    try:
        if pem.detect(data):
            return [x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)]
        cert = x509.Certificate.load(data)
        _ = cert.native  # parses it all: a file that is not a certificate fails here
        return [cert]
    except Exception:
        raise UserError(
            f"Tệp «{path.name}» không phải chứng thư số (.pem, .cer, .crt); hãy chọn tệp chứng thư gốc (CA)."
        ) from None


def add_anchor(data_dir: Path, path: Path) -> list[CertInfo]:
    """Install the CA certificates of a file; installing one twice keeps one copy."""
    certs = _read(path)
    not_ca = [c for c in certs if not c.ca]
    if not_ca:
        raise UserError(
            f"«{cert_info(not_ca[0]).name}» là chứng thư của một người ký, không phải chứng thư gốc (CA); chỉ cài "
            "chứng thư gốc do nơi cấp chứng thư cung cấp."
        )
    folder = data_dir / TRUST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for cert in certs:
        info = cert_info(cert)
        target = folder / f"{info.sha256}.cer"
        if not target.exists():
            with replacing(target) as tmp:
                tmp.write_bytes(cert.dump())
        out.append(info)
    return out


def load_anchors(data_dir: Path) -> list[x509.Certificate]:
    folder = data_dir / TRUST_DIR
    return [x509.Certificate.load(p.read_bytes()) for p in sorted(folder.glob("*.cer"))] if folder.is_dir() else []


def list_anchors(data_dir: Path) -> list[CertInfo]:
    return [cert_info(c) for c in load_anchors(data_dir)]
