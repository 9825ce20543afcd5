"""What every single-file JSON package shares (`.cchcplan`, `.cchcindex`): read without trusting it — present,
not oversized, UTF-8 JSON, the expected format, a format version this app knows — each refusal one sentence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError


def read_json_package(path: Path, fmt: str, version: int, what: str, max_bytes: int, hint: str = "") -> dict[str, Any]:
    """The package's JSON object; `what` names it to the user («gói kế hoạch»), `hint` says what it should be."""
    try:
        size = path.stat().st_size
    except OSError:
        raise UserError(f"Không tìm thấy {what} «{path}».") from None
    if size > max_bytes:
        raise UserError(f"{what.capitalize()} «{path.name}» lớn bất thường ({size // 2**20} MB); không nhập.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise UserError(f"«{path.name}» không phải {what} CCHC (không đọc được nội dung).") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise UserError(f"«{path.name}» không phải {what} CCHC{hint}.")
    found = data.get("format_version")
    if not isinstance(found, int) or found > version:
        raise UserError(
            f"{what.capitalize()} được tạo bằng phiên bản ứng dụng mới hơn; hãy cập nhật ứng dụng rồi nhập lại."
        )
    return data
