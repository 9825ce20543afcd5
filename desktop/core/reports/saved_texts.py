"""What the user edited in a report, kept per period and reused by the next export; and the same fields given
as a JSON file to `cchc report --texts`."""

from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ReportText
from desktop.core.errors import UserError
from desktop.core.reports.pdf import ReportTexts
from desktop.core.text import nfc

CONSOLIDATED = "consolidated"
# The --texts file's keys (documented in the README) → ReportTexts fields
ALIASES = {
    "number": "number",
    "to": "to",
    "summary": "summary",
    "recipients": "recipients",
    "signer": "signer_name",
    "position": "signer_position",
    "sign_as": "signer_prefix",
    "parent": "parent_agency",
    "agency": "agency",
    "place_date": "place_date",
    "situation": "situation",
    "results": "results",
    "shortcomings": "shortcomings",
    "proposals": "proposals",
}
KEYS = {field: key for key, field in ALIASES.items()}  # what the user wrote, for messages
LISTS = {f.name for f in fields(ReportTexts) if f.type in ("list[str]",)}


def saved_texts(session: Session, period_code: str, kind: str = CONSOLIDATED) -> dict[str, object]:
    row = session.scalars(select(ReportText).where(ReportText.period_code == period_code, ReportText.kind == kind))
    found = row.first()
    return dict(found.texts) if found else {}


def save_texts(session: Session, period_code: str, texts: ReportTexts, kind: str = CONSOLIDATED) -> None:
    row = session.scalars(
        select(ReportText).where(ReportText.period_code == period_code, ReportText.kind == kind)
    ).first()
    if row is None:
        row = ReportText(period_code=period_code, kind=kind)
        session.add(row)
    row.texts = asdict(texts)
    session.flush()


def with_fields(texts: ReportTexts, values: dict[str, object], authority: dict[str, str] | None = None) -> ReportTexts:
    """`texts` with the fields in `values` (ReportTexts names) replaced; types checked, one sentence if not."""
    changes: dict[str, object] = {}
    for name, value in values.items():
        if name not in {f.name for f in fields(ReportTexts)}:
            continue  # a field a later version added: ignored, never an error
        if name in LISTS:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise UserError(f"«{KEYS.get(name, name)}» phải là một dòng chữ hoặc danh sách các dòng chữ.")
            changes[name] = [nfc(v).strip() for v in items if v.strip()]
        elif isinstance(value, str):
            changes[name] = nfc(value).strip()
        else:
            raise UserError(f"«{KEYS.get(name, name)}» phải là một dòng chữ.")
    prefix = changes.get("signer_prefix")
    if isinstance(prefix, str) and prefix.upper() in (authority or {}):
        changes["signer_prefix"] = f"{prefix.upper()} {(authority or {})[prefix.upper()]}"
    return replace(texts, **changes)  # type: ignore[arg-type]


def read_texts_file(path: Path) -> dict[str, object]:
    """The --texts file: a JSON object whose keys are those of ALIASES. Refused whole if anything is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp nội dung «{path}».") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Tệp nội dung «{path.name}» không phải JSON (UTF-8) hợp lệ: {exc}.") from None
    if not isinstance(raw, dict):
        raise UserError(f'Tệp nội dung «{path.name}» phải là một đối tượng JSON, ví dụ {{"number": "…"}}.')
    unknown = sorted(set(raw) - set(ALIASES))
    if unknown:
        raise UserError(f"Tệp nội dung có khoá không dùng được: {', '.join(unknown)}. Các khoá: {', '.join(ALIASES)}.")
    return {ALIASES[k]: v for k, v in raw.items()}
