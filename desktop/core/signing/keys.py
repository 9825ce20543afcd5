"""The agency's signing key: a PKCS#12 file (.p12/.pfx) or a USB token reached through its PKCS#11 module.
The PIN is only ever an argument: never stored, never logged, never put in an error message."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import pkcs12, x509

from desktop.core.errors import UserError

WRONG_PIN = "Mã PIN (mật khẩu) của chứng thư số không đúng; hãy nhập lại. Chưa có gì được ký hay xuất."


@dataclass(frozen=True)
class CertInfo:
    """Who a certificate names, as a user reads it."""

    name: str
    organisation: str
    sha256: str  # of the DER certificate: its fingerprint
    not_before: datetime
    not_after: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "signer": self.name,
            "organisation": self.organisation,
            "certificate_sha256": self.sha256,
            "valid_from": self.not_before.isoformat(),
            "valid_until": self.not_after.isoformat(),
        }


def cert_info(cert: x509.Certificate) -> CertInfo:
    subject = cert.subject.native
    validity = cert["tbs_certificate"]["validity"]
    return CertInfo(
        name=str(subject.get("common_name", "")),
        organisation=str(subject.get("organization_name", "") or subject.get("organizational_unit_name", "")),
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
    )


@dataclass
class SigningKey:
    """A pyHanko signer and what its certificate says; `close` ends a token session."""

    signer: Any  # pyhanko.sign.signers.Signer
    cert: CertInfo
    session: Any = None

    def check_usable(self, now: datetime | None = None) -> None:
        moment = now or datetime.now(UTC)
        if moment > self.cert.not_after:
            raise UserError(
                f"Chứng thư số của «{self.cert.name}» đã hết hạn ngày {self.cert.not_after:%d/%m/%Y}; hãy dùng "
                "chứng thư số còn hạn. Chưa có gì được ký."
            )
        if moment < self.cert.not_before:
            raise UserError(
                f"Chứng thư số của «{self.cert.name}» chỉ có hiệu lực từ ngày {self.cert.not_before:%d/%m/%Y}; hãy "
                "kiểm tra đồng hồ của máy. Chưa có gì được ký."
            )

    def close(self) -> None:
        if self.session is not None:
            with suppress(Exception):  # a token pulled out: nothing left to close
                self.session.close()
            self.session = None


def load_p12(path: Path, pin: str) -> SigningKey:
    """A .p12/.pfx file; a wrong PIN or a file that is no certificate is one Vietnamese sentence."""
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"Không đọc được tệp chứng thư số «{path.name}»; hãy kiểm tra đường dẫn.") from None
    try:
        _ = pkcs12.Pfx.load(data).native  # parses: a file that is no PKCS#12 at all fails here, not as a wrong PIN
    except Exception:
        raise UserError(
            f"Tệp «{path.name}» không phải tệp chứng thư số (.p12, .pfx) đọc được; hãy chọn đúng tệp."
        ) from None
    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=set(), passphrase=pin.encode("utf-8"))
    except Exception:
        raise UserError(WRONG_PIN) from None
    return SigningKey(signer, cert_info(signer.signing_cert))


@contextmanager
def open_token(module: Path, label: str, pin: str) -> Iterator[SigningKey]:
    """The USB token named `label` through the PKCS#11 module (the .so/.dll its vendor installs); its first
    certificate with a private key signs."""
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.exceptions import PinIncorrect, PinLenRange, TokenNotPresent, TokenNotRecognised
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not module.is_file():
        raise UserError(
            f"Không thấy thư viện PKCS#11 «{module}» của USB token; hãy cài phần mềm của token hoặc sửa đường dẫn."
        )
    try:
        session = open_pkcs11_session(str(module), token_criteria=TokenCriteria(label=label), user_pin=pin)
    except (PinIncorrect, PinLenRange):
        raise UserError(WRONG_PIN) from None
    except (TokenNotPresent, TokenNotRecognised):
        raise UserError(f"Không thấy USB token «{label}»; hãy cắm token vào máy rồi thử lại.") from None
    except Exception as exc:
        if "token" in str(exc).lower():
            raise UserError(f"Không thấy USB token «{label}»; hãy cắm token vào máy rồi thử lại.") from None
        raise UserError("Không mở được USB token; hãy rút ra, cắm lại rồi thử lại.") from None
    try:
        keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
        certs = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
        ids = {k[Attribute.ID] for k in keys}
        paired = [c for c in certs if c[Attribute.ID] in ids]  # the certificate whose key is on the token
        if not paired:
            raise UserError(f"USB token «{label}» không có chứng thư số nào; hãy dùng token đã được cấp chứng thư.")
        cert_id = paired[0][Attribute.ID]
        signer = PKCS11Signer(session, cert_id=cert_id, key_id=cert_id)
        key = SigningKey(signer, cert_info(signer.signing_cert), session)
    except UserError:
        session.close()
        raise
    except Exception:
        session.close()
        raise UserError(
            f"Không đọc được chứng thư số trên USB token «{label}»; hãy rút ra, cắm lại rồi thử lại."
        ) from None
    try:
        yield key
    finally:
        key.close()
