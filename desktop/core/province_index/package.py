"""The criteria set sent down by the Sở Nội vụ: one UTF-8 JSON file (`.cchcindex`) with the set as records and
its fingerprint, imported through the same commit as the province's file. It also travels inside plan
packages (`indices`)."""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.enums import FrameworkOrigin, IndexLevel
from desktop import __version__
from desktop.core.agencies import get_profile
from desktop.core.atomic import replacing
from desktop.core.bands import Band
from desktop.core.errors import UserError
from desktop.core.json_package import read_json_package
from desktop.core.province_index.model import YEARS, ParsedCriterion, ParsedIndex
from desktop.core.province_index.store import IndexImport, commit_index, parsed_from_framework, resolve_index
from desktop.core.text import nfc

FORMAT = "cchc-index"
FORMAT_VERSION = 1
SUFFIX = ".cchcindex"
MAX_BYTES = 8 * 1024 * 1024
MAX_CRITERIA = 2000


def index_record(parsed: ParsedIndex) -> dict[str, Any]:
    return {
        "code": parsed.code,
        "level": parsed.level.value,
        "year": parsed.year,
        "name": parsed.name,
        "source": parsed.source,
        "classes": parsed.classes,
        "fingerprint": parsed.fingerprint(),
        "criteria": [
            {
                "code": c.code,
                "name": c.name,
                "max_score": c.max_score,
                "rule": c.rule,
                "evidence_required": c.evidence_required,
                "survey": c.survey,
                "bands": [b.as_json() for b in c.bands],
            }
            for c in parsed.criteria
        ],
    }


def export_index_package(session: Session, code: str, out_dir: Path, year: int | None = None) -> Path:
    fw = resolve_index(session, code, year)
    if not out_dir.is_dir():
        raise UserError(f"Không có thư mục «{out_dir}» để lưu gói bộ chỉ số; hãy chọn thư mục khác.")
    profile = get_profile(session)
    package = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "issuer": {"name": profile.agency.name if profile else ""},
        "index": index_record(parsed_from_framework(fw)),
    }
    path = out_dir / f"bo-chi-so-{fw.code.lower().replace('_', '-')}-{fw.year}{SUFFIX}"
    with replacing(path) as tmp:
        tmp.write_bytes(json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def _text(value: Any, limit: int = 20000) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError("not text")
    return nfc(value)[:limit]


def _points(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError("not points")
    return float(value)


def parse_index_record(data: dict[str, Any], file_name: str) -> ParsedIndex:
    """A set as a package carries it; any malformed field raises KeyError/TypeError/ValueError."""
    level = IndexLevel(data["level"])
    year = int(data["year"])
    if year not in YEARS:
        raise ValueError("year")
    parsed = ParsedIndex(file_name, level, year, _text(data["name"], 300), _text(data.get("source"), 1000))
    classes = data.get("classes") or []
    parsed.classes = [{"name": _text(c["name"], 50), "min": float(c["min"])} for c in classes]
    items = data["criteria"]
    if not isinstance(items, list) or not items or len(items) > MAX_CRITERIA:
        raise ValueError("criteria")
    seen: set[str] = set()
    for item in items:
        code = _text(item["code"], 30)
        parent = code.rpartition(".")[0]
        if not code or code in seen or (parent and parent not in seen):
            raise ValueError("criterion tree")
        seen.add(code)
        bands = tuple(Band.from_json(b) for b in item.get("bands") or [])
        parsed.criteria.append(
            ParsedCriterion(
                code,
                _text(item["name"], 2000),
                _points(item.get("max_score")),
                _text(item.get("rule")),
                _text(item.get("evidence_required")),
                bool(item.get("survey")),
                bands,
            )
        )
    if parsed.fingerprint() != data.get("fingerprint"):
        raise ValueError("fingerprint")  # edited after it was made
    return parsed


def read_index_package(path: Path) -> ParsedIndex:
    hint = " (tệp .cchcindex do Sở Nội vụ gửi)"
    data = read_json_package(path, FORMAT, FORMAT_VERSION, "gói bộ chỉ số", MAX_BYTES, hint)
    try:
        return parse_index_record(data["index"], path.name)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise UserError(f"Gói bộ chỉ số «{path.name}» bị hỏng hoặc đã bị sửa; hãy xin Sở Nội vụ gửi lại gói.") from None


def import_index_package(session: Session, path: Path) -> IndexImport:
    return commit_index(session, read_index_package(path), FrameworkOrigin.PACKAGE)
