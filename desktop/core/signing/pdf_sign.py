"""Signing a report PDF in PAdES with a visible signature in the blank space of its Nghị định 30 signature
block: between the signer's position line and the name, drawn with the report's own Vietnamese font."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.atomic import replacing
from desktop.core.errors import UserError
from desktop.core.resources import resources_dir
from desktop.core.signing.keys import SigningKey

FIELD = "ChuKySo"
BOX_WIDTH = 190.0  # points: the signature block's column
BOX_HEIGHT = 58.0
STAMP_PT = 8
FONT = "LiberationSerif-Regular.ttf"


def stamp_font() -> Path:
    """The report's font with 1000 units per em. pyHanko writes a TrueType font's glyph widths as they are in
    the font, where PDF expects thousandths of an em: Liberation's 2048 units spread the stamp's letters twice
    as wide. Scaled once (fontTools, ~1 s) into the temporary folder, never shipped as a modified font."""
    import tempfile

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = resources_dir() / "fonts" / FONT
    target = Path(tempfile.gettempdir()) / "cchc-chu-ky" / f"{source.stat().st_size}-1000-{FONT}"
    if not target.is_file():
        font = TTFont(str(source))
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as tmp:
            font.save(str(tmp))
    return target


@dataclass(frozen=True)
class Anchor:
    """Where the signature goes: the signing block's position line («CHỦ TỊCH») and the name under it."""

    position: str
    name: str = ""


@dataclass(frozen=True)
class SignedInfo:
    signer: str
    organisation: str
    certificate_sha256: str
    signed_at: str  # ISO 8601, the signer's clock

    def as_json(self) -> dict[str, str]:
        return {
            "signer": self.signer,
            "organisation": self.organisation,
            "certificate_sha256": self.certificate_sha256,
            "signed_at": self.signed_at,
        }


def signature_box(pdf: Path, anchor: Anchor) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, box) in the blank under the last line that reads `anchor.position` (the signature block
    comes after the body, before the appendix); the bottom right of the last page when there is none."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        found: tuple[int, tuple[float, float, float, float]] | None = None
        for index in range(len(doc)):
            page = doc[index]
            text = page.get_textpage()
            hits = _boxes(text, anchor.position) if anchor.position else []
            if hits:
                left, bottom, right, _top = hits[-1]
                middle = (left + right) / 2
                top = bottom - 4
                names = [b for b in (_boxes(text, anchor.name) if anchor.name else []) if b[3] < bottom]
                low = max(names[0][3] + 2, top - BOX_HEIGHT) if names else top - BOX_HEIGHT
                found = (index, (middle - BOX_WIDTH / 2, low, middle + BOX_WIDTH / 2, top))
            text.close()
            page.close()
        if found is not None:
            return found
        last = doc[len(doc) - 1]
        width = last.get_width()
        last.close()
        return len(doc) - 1, (width - 60 - BOX_WIDTH, 60, width - 60, 60 + BOX_HEIGHT)
    finally:
        doc.close()


def _boxes(text: object, needle: str) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of each occurrence of `needle` on the page, in reading order."""
    out = []
    searcher = text.search(needle, match_case=True)  # type: ignore[attr-defined]
    while (hit := searcher.get_next()) is not None:
        first, count = hit
        boxes = [text.get_charbox(i) for i in range(first, first + count)]  # type: ignore[attr-defined]
        out.append(
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        )
    searcher.close()
    return out


def sign_pdf(pdf: Path, key: SigningKey, anchor: Anchor, reason: str, location: str = "") -> SignedInfo:
    """Sign `pdf` in place (atomically: a failure leaves the unsigned file as it was)."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key.check_usable()
    page, box = signature_box(pdf, anchor)
    now = datetime.now().astimezone().replace(microsecond=0)
    style = stamp.TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\n%(org)s\nNgày ký: %(ts)s",
        timestamp_format="%H:%M %d/%m/%Y",
        text_box_style=text.TextBoxStyle(
            font=GlyphAccumulatorFactory(str(stamp_font()), font_size=STAMP_PT), font_size=STAMP_PT
        ),
        border_width=1,
        border_color=(0.7, 0.1, 0.1),
    )
    meta = signers.PdfSignatureMetadata(field_name=FIELD, reason=reason, location=location, name=key.cert.name)
    try:
        with open(pdf, "rb") as inp, replacing(pdf) as tmp:
            writer = IncrementalPdfFileWriter(inp, strict=False)
            whole = (round(box[0]), round(box[1]), round(box[2]), round(box[3]))
            fields.append_signature_field(writer, fields.SigFieldSpec(FIELD, on_page=page, box=whole))
            with open(tmp, "wb") as out:
                signers.PdfSigner(meta, signer=key.signer, stamp_style=style).sign_pdf(
                    writer,
                    output=out,
                    appearance_text_params={"signer": key.cert.name, "org": key.cert.organisation},
                )
    except UserError:
        raise
    except Exception as exc:
        if _token_gone(exc):
            raise UserError(
                "USB token đã bị rút ra trong lúc ký; hãy cắm lại rồi ký lại. Chưa có gì được ký hay xuất."
            ) from None
        raise
    return SignedInfo(key.cert.name, key.cert.organisation, key.cert.sha256, now.isoformat())


def sign_new_pdf(pdf: Path, key: SigningKey, anchor: Anchor, reason: str) -> SignedInfo:
    """A PDF just written to be signed: if signing fails it is removed, so no unsigned copy stands where a
    signed one was asked for."""
    try:
        return sign_pdf(pdf, key, anchor, reason)
    except BaseException:
        pdf.unlink(missing_ok=True)
        raise


def _token_gone(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    return bool(names & {"DeviceRemoved", "TokenNotPresent", "SessionHandleInvalid", "DeviceError", "SessionClosed"})
