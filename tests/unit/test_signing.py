"""Signing report PDFs with real certificates made in the test (PKCS#12 and a SoftHSM2 token) and checking them
offline: valid, altered, outside the trust anchors, expired, wrong PIN; the stamp in the signature block."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.errors import UserError
from desktop.core.reports.data import collect
from desktop.core.reports.pdf import default_texts, write_pdf
from desktop.core.signing.keys import load_p12, open_token
from desktop.core.signing.pdf_sign import Anchor, sign_pdf, signature_box
from desktop.core.signing.trust import add_anchor, list_anchors
from desktop.core.signing.verify import SignatureStatus, check_pdf, may_be_signed
from tests.certs import PIN, issue, make_ca
from tests.token import make_token


@pytest.fixture
def report(sample_store: Store, tmp_path: Path) -> tuple[Path, Anchor]:
    from desktop.core.agencies import Signer, set_signer

    with sample_store.session() as s:
        set_signer(s, Signer("Hoàng Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"))
    with sample_store.session() as s:
        data = collect(s, "2025-Q3", date(2025, 10, 1))
    texts = default_texts(data)
    pdf = tmp_path / "bao-cao.pdf"
    write_pdf(data, texts, pdf)
    return pdf, Anchor(texts.signer_position, texts.signer_name)


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_signed_report_checks_valid_only_against_its_anchor_and_shows_the_signer(
    report: tuple[Path, Anchor], tmp_path: Path
) -> None:
    pdf, anchor = report
    ca = make_ca()
    me = issue(ca)
    key = load_p12(me.p12(tmp_path / "me.p12", ca), PIN)
    page, box = signature_box(pdf, anchor)
    info = sign_pdf(pdf, key, anchor, "Ký báo cáo kết quả CCHC quý III/2025")
    assert (info.signer, info.organisation) == ("Hoàng Văn Bình", "UBND phường Thục Phán")
    focal = tmp_path / "so-noi-vu"
    assert check_pdf(pdf, focal).status == SignatureStatus.UNTRUSTED  # no anchor installed yet
    add_anchor(focal, ca.pem(tmp_path / "ca.pem"))
    add_anchor(focal, ca.der(tmp_path / "ca.cer"))  # the same CA twice: kept once
    assert [a.name for a in list_anchors(focal)] == ["Cục Chứng thực số và Bảo mật thông tin"]
    check = check_pdf(pdf, focal)
    assert (check.status, check.signer, check.organisation) == (
        SignatureStatus.VALID,
        "Hoàng Văn Bình",
        info.organisation,
    )
    # The stamp sits in the blank between «PHÓ CHỦ TỊCH» and the name, drawn with the report's font.
    lines = [ln.strip() for ln in _page_text(pdf, page + 1).splitlines() if ln.strip()]
    position = next(i for i, ln in enumerate(lines) if ln.endswith("PHÓ CHỦ TỊCH"))
    stamp = next(i for i, ln in enumerate(lines) if ln.endswith("Ký bởi: Hoàng Văn Bình"))
    name = next(i for i, ln in enumerate(lines) if ln.endswith("Hoàng Văn Bình") and "Ký bởi" not in ln)
    assert position < stamp < name and lines[stamp + 1].endswith("UBND phường Thục Phán")
    assert box[3] - box[1] > 40
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "LiberationSerif-Identity-H" in fonts


def test_one_changed_byte_makes_the_signature_invalid(report: tuple[Path, Anchor], tmp_path: Path) -> None:
    pdf, anchor = report
    ca = make_ca()
    sign_pdf(pdf, load_p12(issue(ca).p12(tmp_path / "me.p12", ca), PIN), anchor, "Ký báo cáo")
    add_anchor(tmp_path / "focal", ca.pem(tmp_path / "ca.pem"))
    data = bytearray(pdf.read_bytes())
    at = data.index(b"stream", len(data) // 4) + 20  # inside the content of an early page
    data[at] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    check = check_pdf(altered, tmp_path / "focal")
    assert check.status == SignatureStatus.INVALID and check.reason
    assert check_pdf(pdf.read_bytes(), tmp_path / "focal").status == SignatureStatus.VALID


def test_a_certificate_of_another_ca_is_untrusted_and_an_expired_one_cannot_sign(
    report: tuple[Path, Anchor], tmp_path: Path
) -> None:
    pdf, anchor = report
    ours, theirs = make_ca(), make_ca("CA không rõ nguồn gốc")
    add_anchor(tmp_path / "focal", ours.pem(tmp_path / "ours.pem"))
    stranger = issue(theirs, cn="Người lạ")
    copy = tmp_path / "copy.pdf"
    shutil.copy(pdf, copy)
    sign_pdf(copy, load_p12(stranger.p12(tmp_path / "la.p12", theirs), PIN), anchor, "Ký")
    check = check_pdf(copy, tmp_path / "focal")
    assert (check.status, check.signer) == (SignatureStatus.UNTRUSTED, "Người lạ")
    now = datetime.now(UTC)
    expired = issue(ours, valid_from=now - timedelta(days=800), valid_until=now - timedelta(days=1))
    before = pdf.read_bytes()
    with pytest.raises(UserError, match="đã hết hạn ngày"):
        sign_pdf(pdf, load_p12(expired.p12(tmp_path / "het-han.p12", ours), PIN), anchor, "Ký")
    assert pdf.read_bytes() == before and check_pdf(pdf, tmp_path / "focal").status == SignatureStatus.UNSIGNED


def test_a_wrong_pin_or_a_file_that_is_no_certificate_is_one_sentence(tmp_path: Path) -> None:
    ca = make_ca()
    p12 = issue(ca).p12(tmp_path / "me.p12", ca)
    with pytest.raises(UserError, match="Mã PIN") as wrong:
        load_p12(p12, "000000")
    assert "000000" not in str(wrong.value)
    (tmp_path / "not.p12").write_bytes(b"%PDF-1.4 this is no certificate")
    with pytest.raises(UserError, match="không phải tệp chứng thư số"):
        load_p12(tmp_path / "not.p12", PIN)
    with pytest.raises(UserError, match="không phải chứng thư gốc"):
        add_anchor(tmp_path / "focal", issue(ca).pem(tmp_path / "leaf.pem"))
    with pytest.raises(UserError, match="không phải chứng thư số"):
        add_anchor(tmp_path / "focal", tmp_path / "not.p12")
    assert list_anchors(tmp_path / "focal") == []


def test_a_softhsm_token_signs_and_a_wrong_pin_or_an_absent_token_says_so(
    report: tuple[Path, Anchor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf, anchor = report
    ca = make_ca()
    token = make_token(tmp_path / "hsm", issue(ca, cn="Lê Thị Token"), monkeypatch)
    with open_token(token.module, token.label, PIN) as key:
        assert key.cert.name == "Lê Thị Token"
        sign_pdf(pdf, key, anchor, "Ký bằng USB token")
    add_anchor(tmp_path / "focal", ca.pem(tmp_path / "ca.pem"))
    check = check_pdf(pdf, tmp_path / "focal")
    assert (check.status, check.signer) == (SignatureStatus.VALID, "Lê Thị Token")
    with pytest.raises(UserError, match="Mã PIN"), open_token(token.module, token.label, "999999"):
        pass
    with pytest.raises(UserError, match="Không thấy USB token «KHÁC»"), open_token(token.module, "KHÁC", PIN):
        pass
    with pytest.raises(UserError, match="Không thấy thư viện PKCS#11"), open_token(tmp_path / "no.so", "X", PIN):
        pass


def test_a_token_pulled_out_while_signing_leaves_the_report_unsigned(
    report: tuple[Path, Anchor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf, anchor = report
    ca = make_ca()
    token = make_token(tmp_path / "hsm", issue(ca), monkeypatch)
    before = pdf.read_bytes()
    with open_token(token.module, token.label, PIN) as key:
        key.session.close()  # what the library sees when the token leaves the USB port
        with pytest.raises(UserError, match="USB token đã bị rút ra trong lúc ký"):
            sign_pdf(pdf, key, anchor, "Ký")
    assert pdf.read_bytes() == before
    assert not list(tmp_path.glob(".*.part"))


def test_a_signature_made_with_a_certificate_already_expired_is_not_trusted(
    report: tuple[Path, Anchor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another tool may sign with an expired certificate; checked at the time it claims, it does not hold."""
    from desktop.core.signing.keys import SigningKey

    pdf, anchor = report
    ca = make_ca()
    now = datetime.now(UTC)
    expired = issue(ca, valid_from=now - timedelta(days=800), valid_until=now - timedelta(days=2))
    key = load_p12(expired.p12(tmp_path / "het-han.p12", ca), PIN)
    monkeypatch.setattr(SigningKey, "check_usable", lambda self, now=None: None)  # what our export refuses
    sign_pdf(pdf, key, anchor, "Ký")
    add_anchor(tmp_path / "focal", ca.pem(tmp_path / "ca.pem"))
    check = check_pdf(pdf, tmp_path / "focal")
    assert check.status == SignatureStatus.UNTRUSTED and "hết hạn" in check.reason


def test_a_pdf_that_names_no_byte_range_is_unsigned_without_parsing_and_an_escaped_name_still_counts(
    report: tuple[Path, Anchor], tmp_path: Path
) -> None:
    pdf, anchor = report
    assert not may_be_signed(pdf.read_bytes()) and check_pdf(pdf, tmp_path).status == SignatureStatus.UNSIGNED
    ca = make_ca()
    sign_pdf(pdf, load_p12(issue(ca).p12(tmp_path / "me.p12", ca), PIN), anchor, "Ký báo cáo")
    signed = pdf.read_bytes()
    assert may_be_signed(signed) and check_pdf(signed, tmp_path).status == SignatureStatus.UNTRUSTED
    # The same name spelled with an escape (two bytes longer, so the offsets no longer hold): read by pyHanko,
    # whatever it then says of the signature — never passed over as unsigned.
    escaped = signed.replace(b"/ByteRange", b"/B#79teRange")
    assert b"/ByteRange" not in escaped and may_be_signed(escaped)
    assert check_pdf(escaped, tmp_path).status != SignatureStatus.UNSIGNED
