"""What a bundle's manifest may say, checked field by field before anything is received: a bundle is
untrusted, and a value no honest export writes (a period code with «../», a percent of 1e308, an unknown status,
the same task three times, two files that collide on Windows) is refused with the field named."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from desktop.core.records import STATUS_LABELS

PERIOD_CODE = re.compile(r"^\d{4}-(Q1|H1|Q3|Y|Q2|Q4|DX\d{1,3})$")
MAX_TEXT = 1_000_000  # characters in one field: a pasted document fits, a memory bomb does not
MAX_TASKS = 200_000


# The canonical form only (what uuid.UUID prints, in either case): «{…}», «urn:uuid:…» or no hyphens are refused.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TASK_TEXTS = ("code", "content", "lead", "partners", "deadline_text", "key", "fingerprint")
_PROGRESS_TEXTS = ("result", "difficulties", "proposals", "reason", "measured_value")


def _is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def _text_problem(where: str, value: object) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_TEXT):
        return None
    return f"{where} không phải văn bản hoặc dài bất thường"


def _texts_sound(record: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Whether every one of `fields` is absent or a text of sound length (the usual case, checked without
    naming anything: a national receipt checks millions of fields)."""
    for field in fields:
        value = record.get(field)
        if value is not None and not (isinstance(value, str) and len(value) <= MAX_TEXT):
            return False
    return True


def content_problems(manifest: dict[str, Any]) -> list[str]:
    """Every field a receiver relies on, named where it is wrong; [] when the manifest is sound."""
    problems: list[str] = []
    if not _is_uuid(manifest.get("bundle_uuid")):
        problems.append("manifest.json: «bundle_uuid» không phải mã định danh hợp lệ")
    agency = manifest.get("agency")
    if not isinstance(agency, dict) or not isinstance(agency.get("name"), str) or not agency["name"].strip():
        problems.append("manifest.json: «agency.name» (tên cơ quan gửi) thiếu hoặc sai dạng")
    elif len(agency["name"]) > MAX_TEXT:
        problems.append("manifest.json: «agency.name» dài bất thường")
    period = manifest.get("period")
    code = period.get("code") if isinstance(period, dict) else None
    if not isinstance(code, str) or not PERIOD_CODE.match(code):
        problems.append(f"manifest.json: «period.code» «{str(code)[:40]}» không phải mã kỳ báo cáo (dạng 2025-Q3)")
    data = manifest.get("data")
    if not isinstance(data, dict):
        return [*problems, "manifest.json: «data» thiếu hoặc sai dạng"]
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or len(tasks) > MAX_TASKS:
        return [*problems, "manifest.json: «data.tasks» thiếu hoặc sai dạng"]
    seen: set[str] = set()
    for n, t in enumerate(tasks, start=1):
        where = f"manifest.json: nhiệm vụ thứ {n}"
        if not isinstance(t, dict):
            problems.append(f"{where} sai dạng")
            continue
        if not _is_uuid(t.get("uuid")):
            problems.append(f"{where}: «uuid» không hợp lệ")
        elif t["uuid"] in seen:
            problems.append(f"{where}: nhiệm vụ «{t.get('code', '')}» xuất hiện nhiều lần")
        else:
            seen.add(t["uuid"])
        if not _texts_sound(t, _TASK_TEXTS):
            for field in _TASK_TEXTS:
                if (p := _text_problem(f"{where}: «{field}»", t.get(field))) is not None:
                    problems.append(p)
        progress = t.get("progress")
        if progress is None:
            continue
        if not isinstance(progress, dict):
            problems.append(f"{where}: «progress» sai dạng")
            continue
        if progress.get("status") not in STATUS_LABELS:
            problems.append(f"{where}: trạng thái «{str(progress.get('status'))[:30]}» không có trong ứng dụng")
        percent = progress.get("percent")
        if percent is not None and (
            isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100
        ):
            problems.append(f"{where}: tỷ lệ «{str(percent)[:30]}» phải là số nguyên từ 0 đến 100")
        if not _texts_sound(progress, _PROGRESS_TEXTS):
            for field in _PROGRESS_TEXTS:
                if (p := _text_problem(f"{where}: «progress.{field}»", progress.get(field))) is not None:
                    problems.append(p)
        if len(problems) > 50:
            break
    problems += _answer_problems(data.get("appraisal_answers"))
    problems += _assessment_problems(data.get("index_assessments"))
    problems += _file_name_problems(manifest.get("files"))
    return problems


def _answer_problems(answers: object) -> list[str]:
    """Answers to the focal point's appraisal comments (optional; bundles before they existed have none)."""
    if answers is None:
        return []
    if not isinstance(answers, list) or len(answers) > MAX_TASKS:
        return ["manifest.json: «data.appraisal_answers» sai dạng"]
    problems = []
    for n, a in enumerate(answers, start=1):
        where = f"manifest.json: trả lời thẩm định thứ {n}"
        if not isinstance(a, dict) or a.get("kind") not in ("criterion", "task"):
            problems.append(f"{where} sai dạng")
            continue
        for field in ("code", "uuid", "answer"):
            if (p := _text_problem(f"{where}: «{field}»", a.get(field))) is not None:
                problems.append(p)
    return problems[:50]


def _points(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1000)


def _assessment_problems(assessments: object) -> list[str]:
    """Self-assessments on the province's index (optional: yearly bundles only, and none before they existed)."""
    if assessments is None:
        return []
    if not isinstance(assessments, list) or len(assessments) > 10:
        return ["manifest.json: «data.index_assessments» sai dạng"]
    problems = []
    for n, a in enumerate(assessments, start=1):
        where = f"manifest.json: bảng tự chấm bộ chỉ số thứ {n}"
        if not isinstance(a, dict) or not isinstance(a.get("scores"), list) or len(a["scores"]) > MAX_TASKS:
            problems.append(f"{where} sai dạng")
            continue
        if not isinstance(a.get("framework"), str) or len(a["framework"]) > 20 or not isinstance(a.get("year"), int):
            problems.append(f"{where}: mã hoặc năm của bộ chỉ số sai dạng")
        for field in ("name", "difficulties", "proposals", "fingerprint"):
            if (p := _text_problem(f"{where}: «{field}»", a.get(field))) is not None:
                problems.append(p)
        for sc in a["scores"]:
            if not isinstance(sc, dict) or not _points(sc.get("score")) or not _points(sc.get("max")):
                problems.append(f"{where}: một dòng điểm sai dạng")
                break
            if (p := _text_problem(f"{where}: «code»", sc.get("code"))) is not None:
                problems.append(p)
                break
    return problems[:50]


def _file_name_problems(files: object) -> list[str]:
    """Two paths that are one file on Windows (case, Unicode form) would overwrite each other there."""
    if not isinstance(files, list):
        return []
    seen: dict[str, str] = {}
    out = []
    for e in files:
        path = e.get("path") if isinstance(e, dict) else None
        if not isinstance(path, str):
            continue
        folded = unicodedata.normalize("NFC", path).casefold()
        if folded in seen and seen[folded] != path:
            out.append(f"manifest.json: hai tệp «{seen[folded][:60]}» và «{path[:60]}» chỉ khác chữ hoa/thường")
        seen.setdefault(folded, path)
    return out
