"""A received manifest's fields checked one by one: what is sound passes, each unsound field is named."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from desktop.core.bundle.schema import MAX_TEXT, _is_uuid, content_problems

U1, U2 = "3f2b8c1e-6a0d-4c4e-9a51-0d2f6b7c8e90", "00000000-0000-4000-8000-000000000001"


def _uuid_by_the_library(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


@pytest.mark.parametrize(
    "value",
    [U1, U1.upper(), "{" + U1 + "}", "urn:uuid:" + U1, U1.replace("-", ""), f" {U1}", f"{U1}\n", U1[:-1],
     U1 + "0", U1.replace("3", "３"), U1.replace("-", "_"), "", None, 42],
)  # fmt: skip
def test_only_the_canonical_uuid_form_passes_as_the_library_says(value: object) -> None:
    assert _is_uuid(value) == _uuid_by_the_library(value)


def _manifest() -> dict[str, Any]:
    task = {
        "uuid": U1,
        "code": "1.1",
        "content": "Ban hành Kế hoạch cải cách hành chính năm 2025",
        "lead": "UBND cấp xã",
        "progress": {"status": "in_progress", "percent": 50, "result": "Đã ban hành", "difficulties": None},
    }
    return {
        "bundle_uuid": U2,
        "agency": {"name": "UBND xã Tân Tiến"},
        "period": {"code": "2025-Q3"},
        "data": {"tasks": [task, {**copy.deepcopy(task), "uuid": U2, "code": "1.2"}]},
        "files": [{"path": "bao-cao.pdf", "size": 1, "sha256": "0" * 64}],
    }


def test_a_sound_manifest_has_no_problem_and_each_unsound_field_is_named() -> None:
    assert content_problems(_manifest()) == []
    m = _manifest()
    tasks = m["data"]["tasks"]
    tasks[0]["content"] = "x" * (MAX_TEXT + 1)
    tasks[0]["progress"]["proposals"] = 123
    tasks[1]["uuid"] = U1
    tasks[1]["progress"]["percent"] = True
    assert content_problems(m) == [
        "manifest.json: nhiệm vụ thứ 1: «content» không phải văn bản hoặc dài bất thường",
        "manifest.json: nhiệm vụ thứ 1: «progress.proposals» không phải văn bản hoặc dài bất thường",
        "manifest.json: nhiệm vụ thứ 2: nhiệm vụ «1.2» xuất hiện nhiều lần",
        "manifest.json: nhiệm vụ thứ 2: tỷ lệ «True» phải là số nguyên từ 0 đến 100",
    ]
    m = _manifest()
    m["data"]["tasks"][1]["uuid"] = "{" + U2 + "}"
    assert content_problems(m) == ["manifest.json: nhiệm vụ thứ 2: «uuid» không hợp lệ"]
