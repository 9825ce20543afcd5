"""Plan metadata read from the title rows above the tables: number, date, issuer, title, year."""

from __future__ import annotations

import re
from datetime import date

from db.enums import FrameworkCode
from desktop.core.deadlines import infer_year
from desktop.core.records import PlanFields
from desktop.core.text import fold, nfc

_NUMBER_RE = re.compile(r"(?:Kế hoạch|KH)\s*số\s*:?\s*(\d+\s*/\s*[A-ZĐa-zđ][\wĐđ\-]*)", re.IGNORECASE)
# «… sửa đổi, bổ sung Kế hoạch số 2163/KH-UBND …»: the number this plan amends, not its own.
_AMENDS_RE = re.compile(
    r"(?:sửa đổi|bổ sung|điều chỉnh)[^.;]{0,40}?(?:Kế hoạch|KH)\s*số\s*:?\s*(\d+\s*/\s*[A-ZĐa-zđ][\wĐđ\-]*)",
    re.IGNORECASE,
)
_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_DATE_WORDS_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_ISSUER_RE = re.compile(
    r"của\s+(?:Chủ tịch\s+)?((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+tỉnh(?:\s+[A-ZĐÂ][\wđ]*)*)",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(r"(6 tháng (?:đầu|cuối) năm \d{4}|quý [IV]+(?: năm)? \d{4}|năm \d{4})", re.IGNORECASE)
_FRAMEWORK_HINTS = (
    (FrameworkCode.PAR_INDEX, ("par index", "par-index", "parindex", "chi so cai cach hanh chinh")),
    (FrameworkCode.SIPAS, ("sipas", "chi so hai long")),
    (FrameworkCode.PAPI, ("papi", "hieu qua quan tri")),
)


def detect_framework(texts: list[str]) -> str | None:
    """The index the first telling text names; None when it names several («PAR-INDEX, SIPAS, PAPI»): the
    tasks of such a plan take their index from their own section, never all from the first one named."""
    for text in texts:
        f = fold(text)
        named = [code for code, hints in _FRAMEWORK_HINTS if any(h in f for h in hints)]
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None


def read_meta(title_rows: list[str], deadline_texts: list[str], file_stem: str) -> tuple[PlanFields, bool]:
    """(meta, year_found). Nothing here is guessed: a field not written stays empty."""
    meta = PlanFields()
    joined = [nfc(t) for t in title_rows if t]
    for text in joined:
        if not meta.amends:
            m = _AMENDS_RE.search(text)
            if m:
                meta.amends = re.sub(r"\s+", "", m.group(1))
                # The amended plan's own date and issuer follow its number: they are not this plan's.
                rest = re.sub(
                    r"^\s*,?\s*ngày\s+[\d/ ]+(?:tháng\s+\d+\s+năm\s+\d{4})?(?:\s*của\s+[^,;()]*)?",
                    "",
                    text[m.end() :],
                    flags=re.IGNORECASE,
                )
                text = text[: m.start()] + " " + rest
        if not meta.number:
            m = _NUMBER_RE.search(text)
            if m:
                meta.number = re.sub(r"\s+", "", m.group(1))
        if meta.issued_on is None:
            m = _DATE_RE.search(text) or _DATE_WORDS_RE.search(text)
            if m:
                try:
                    meta.issued_on = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError:
                    meta.issued_on = None
        if not meta.issuer:
            m = _ISSUER_RE.search(text)
            if m:
                meta.issuer = _tidy_issuer(m.group(1))
        if not meta.period_text:
            m = _PERIOD_RE.search(text)
            if m:
                meta.period_text = m.group(1)
    titles = [
        t
        for t in joined
        if re.search(r"nhiem vu|ke hoach|phan cong|giai phap", fold(t))
        and not fold(t).startswith(("(kem theo", "kem theo"))
    ]
    meta.title = max(titles, key=len) if titles else file_stem
    year = infer_year(joined) or infer_year(deadline_texts)
    meta.year = year
    return meta, year is not None


def _tidy_issuer(text: str) -> str:
    text = re.sub(r"^(Ủy ban nhân dân|Uỷ ban nhân dân)", "UBND", text.strip(), flags=re.IGNORECASE)
    return " ".join(text.split())
