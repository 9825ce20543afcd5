"""Checking a received PDF's signature offline: intact, covering the whole document, by a certificate that
chains to the trust anchors this office installed, valid at the time it claims to have been signed. Nothing
is fetched (no OCSP, no CRL download): the offices work offline."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.core.signing.keys import cert_info
from desktop.core.signing.trust import load_anchors


class SignatureStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"  # altered after signing, or a signature that does not check
    UNTRUSTED = "untrusted"  # intact, but by a certificate outside the trust anchors (or expired when used)
    UNSIGNED = "unsigned"


STATUS_LABELS = {
    SignatureStatus.VALID: "Chữ ký số hợp lệ",
    SignatureStatus.INVALID: "Chữ ký số không hợp lệ",
    SignatureStatus.UNTRUSTED: "Chữ ký số chưa được tin cậy",
    SignatureStatus.UNSIGNED: "Chưa ký số",
}


@dataclass(frozen=True)
class SignatureCheck:
    status: SignatureStatus
    signer: str = ""
    organisation: str = ""
    signed_at: str = ""
    reason: str = ""  # why, in Vietnamese, when it is not valid

    def as_json(self) -> dict[str, str]:
        return {
            "status": self.status.value,
            "signer": self.signer,
            "organisation": self.organisation,
            "signed_at": self.signed_at,
            "reason": self.reason,
        }

    @property
    def label(self) -> str:
        who = f" — {self.signer}" if self.signer else ""
        why = f" ({self.reason})" if self.reason else ""
        return f"{STATUS_LABELS[self.status]}{who}{why}"


SHORT_LABELS = {
    SignatureStatus.VALID: "Hợp lệ",
    SignatureStatus.INVALID: "Không hợp lệ",
    SignatureStatus.UNTRUSTED: "Chưa tin cậy",
    SignatureStatus.UNSIGNED: "Chưa ký",
}


def signature_cell(signature: dict[str, str] | None, required: bool) -> str:
    """What a table of received reports says of one report's signature; «bắt buộc» when the focal point requires
    signed reports and this one is not validly signed."""
    status = SignatureStatus((signature or {}).get("status") or SignatureStatus.UNSIGNED)
    signer = (signature or {}).get("signer", "")
    text = SHORT_LABELS[status] + (f" — {signer}" if signer and status != SignatureStatus.UNSIGNED else "")
    return text + (" (bắt buộc ký số)" if required and status != SignatureStatus.VALID else "")


_UNSIGNED = SignatureCheck(SignatureStatus.UNSIGNED, reason="báo cáo không có chữ ký số")
# A name written with #xx escapes («/B#79teRange» is «/ByteRange»): such a PDF goes to pyHanko whatever it holds.
_ESCAPED_NAME = re.compile(rb"/[A-Za-z]*#[0-9A-Fa-f]{2}")


def may_be_signed(data: bytes) -> bool:
    """False when the PDF cannot hold a signature: a signature dictionary always has /ByteRange and is never in
    a compressed object stream (its /Contents is the hole in the bytes it signs), so a PDF whose bytes name no
    /ByteRange, plainly or escaped, has none. A national period's unsigned reports then skip pyHanko's parse."""
    return b"/ByteRange" in data or _ESCAPED_NAME.search(data) is not None


def check_pdf(pdf: Path | bytes, data_dir: Path | None) -> SignatureCheck:
    """The last signature of the PDF (a file, or its bytes read from a bundle), checked against the trust
    anchors of `data_dir` (none without one: an intact signature is then «untrusted»)."""
    import io

    try:
        data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
        if not may_be_signed(data):
            return _UNSIGNED
        from pyhanko.pdf_utils.reader import PdfFileReader

        _quiet_pyhanko()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return _UNSIGNED
        return _check(signatures[-1], data_dir)
    except Exception:
        # A PDF pyHanko cannot even parse after signing was altered: never reported as signed.
        return SignatureCheck(SignatureStatus.INVALID, reason="tệp PDF đã bị sửa hoặc hỏng, không đọc được chữ ký")


@functools.cache
def _quiet_pyhanko() -> None:
    """Once: setting a level empties every logger's cache, which cost seconds over a receipt of 4,000 bundles."""
    import logging

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its tracebacks are our verdicts, said in Vietnamese
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def _check(sig: Any, data_dir: Path | None) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    cert = sig.signer_cert
    info = cert_info(cert) if cert is not None else None
    claimed = sig.self_reported_timestamp
    signed_at = claimed.isoformat() if claimed is not None else ""
    who = {"signer": info.name if info else "", "organisation": info.organisation if info else ""}
    anchors = load_anchors(data_dir) if data_dir is not None else []
    context = ValidationContext(trust_roots=anchors, allow_fetching=False, moment=claimed, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except (SignatureValidationError, ValueError) as exc:
        return SignatureCheck(SignatureStatus.INVALID, signed_at=signed_at, reason=_why(exc), **who)
    if not status.intact or not status.valid:
        return SignatureCheck(
            SignatureStatus.INVALID, signed_at=signed_at, reason="nội dung đã bị sửa sau khi ký", **who
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck(
            SignatureStatus.INVALID, signed_at=signed_at, reason="tệp đã bị thêm nội dung sau khi ký", **who
        )
    if not status.trusted:
        reason = (
            "chưa có chứng thư gốc (CA) nào được cài để tin cậy"
            if not anchors
            else "chứng thư số không thuộc các chứng thư gốc tin cậy, hoặc đã hết hạn lúc ký"
        )
        return SignatureCheck(SignatureStatus.UNTRUSTED, signed_at=signed_at, reason=reason, **who)
    return SignatureCheck(SignatureStatus.VALID, signed_at=signed_at, **who)


def _why(exc: BaseException) -> str:
    return "chữ ký số không khớp với nội dung" if "digest" in str(exc).lower() else "chữ ký số không kiểm tra được"
