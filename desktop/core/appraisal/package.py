"""The appraisal package (`.cchcappraisal`): a zip holding `manifest.json` (who, for whom, which period, the
hash of the content) and `appraisal.json` (the items). Written whole or not at all; read without trusting it,
by the same rules as report bundles."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.bundle.verify import ARCHIVE_ERRORS, archive_reason, zip_problems
from desktop.core.errors import UserError
from desktop.core.text import nfc

SUFFIX = ".cchcappraisal"
FORMAT = "cchc-appraisal"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CONTENT = "appraisal.json"
MAX_SIZE = 16 * 1024**2  # either file: thousands of comments fit in far less
KINDS = ("criterion", "task")
INDEX_KIND = "index"
EVIDENCE = ("accepted", "rejected")
MAX_COMMENT = 10_000


@dataclass(frozen=True)
class Package:
    uuid: str
    manifest_sha256: str
    created_at: str
    issuer: str
    agency: str
    period_code: str
    bundle_uuid: str
    framework: str
    general_comment: str
    items: list[dict[str, object]]


def write_package(path: Path, manifest: dict[str, Any], content: dict[str, Any]) -> Path:
    body = json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")
    manifest = {
        **manifest,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "files": [{"path": CONTENT, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}],
    }
    with replacing(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        zf.writestr(CONTENT, body)
    return path


def read_package(path: Path) -> Package:
    """The package if it is whole and ours; else one sentence saying what is wrong."""
    name = path.name
    if not path.is_file():
        raise UserError(f"Không tìm thấy gói thẩm định «{path}».")
    try:
        with zipfile.ZipFile(path) as zf:
            problems = list(zip_problems(zf))
            names = sorted(i.filename for i in zf.infolist())
            if problems:
                raise UserError(f"Gói thẩm định «{name}» bị từ chối: {problems[0]}.")
            if names != sorted([MANIFEST, CONTENT]):
                raise UserError(f"Gói thẩm định «{name}» chứa tệp lạ hoặc thiếu tệp; hãy đề nghị nơi gửi xuất lại.")
            if any(i.file_size > MAX_SIZE for i in zf.infolist()):
                raise UserError(f"Gói thẩm định «{name}» quá lớn, không phải gói do ứng dụng tạo.")
            manifest_raw, body = zf.read(MANIFEST), zf.read(CONTENT)
    except UserError:
        raise
    except zipfile.BadZipFile:
        raise UserError(f"«{name}» không phải gói thẩm định (tệp .zip) hợp lệ.") from None
    except ARCHIVE_ERRORS as exc:
        raise UserError(f"Gói thẩm định «{name}» bị hỏng khi đọc ({archive_reason(exc)}); hãy chép lại.") from None
    manifest = _json(manifest_raw, name, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise UserError(f"«{name}» không phải gói thẩm định của ứng dụng CCHC.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise UserError(f"Gói thẩm định «{name}» do phiên bản mới hơn của ứng dụng tạo; hãy cập nhật ứng dụng.")
    files = manifest.get("files")
    expected = files[0] if isinstance(files, list) and len(files) == 1 and isinstance(files[0], dict) else {}
    if expected.get("sha256") != hashlib.sha256(body).hexdigest() or expected.get("size") != len(body):
        raise UserError(f"Gói thẩm định «{name}» đã bị sửa sau khi xuất (mã băm không khớp); không nhận.")
    content = _json(body, name, CONTENT)
    return Package(
        uuid=_text(manifest.get("uuid"), name, "mã gói", 36),
        manifest_sha256=hashlib.sha256(manifest_raw).hexdigest(),
        created_at=_text(manifest.get("created_at"), name, "thời điểm lập", 40),
        issuer=_text((manifest.get("issuer") or {}).get("name"), name, "nơi thẩm định", 300),
        agency=_text((manifest.get("agency") or {}).get("name"), name, "cơ quan được thẩm định", 300),
        period_code=_text((manifest.get("period") or {}).get("code"), name, "kỳ báo cáo", 20),
        bundle_uuid=_text(manifest.get("bundle_uuid") or "", name, "gói báo cáo", 36, required=False),
        framework=_text(content.get("framework") or "", name, "bộ chỉ số", 20, required=False),
        general_comment=_text(content.get("general_comment") or "", name, "nhận xét chung", MAX_COMMENT, False),
        items=[_item(i, name) for i in _list(content.get("items"), name)]
        + [_item(i, name, index=True) for i in _list(content.get("index_items") or [], name)],
    )


def _json(raw: bytes, name: str, part: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UserError(f"Gói thẩm định «{name}»: {part} không phải JSON UTF-8 hợp lệ.") from None
    if not isinstance(data, dict):
        raise UserError(f"Gói thẩm định «{name}»: {part} sai cấu trúc.")
    return data


def _text(value: object, name: str, what: str, limit: int, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise UserError(f"Gói thẩm định «{name}» thiếu hoặc sai thông tin {what}.")
    return nfc(value).strip()


def _list(value: object, name: str) -> list[object]:
    if not isinstance(value, list) or len(value) > 100_000:
        raise UserError(f"Gói thẩm định «{name}» sai cấu trúc danh sách mục thẩm định.")
    return value


def _item(raw: object, name: str, index: bool = False) -> dict[str, object]:
    """One appraised item; `index`: a criterion of the province's own index, which names its index."""
    if not isinstance(raw, dict) or raw.get("kind") not in ((INDEX_KIND,) if index else KINDS):
        raise UserError(f"Gói thẩm định «{name}» có mục thẩm định sai cấu trúc.")
    score, self_score = raw.get("score"), raw.get("self_score")
    for value in (score, self_score):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise UserError(f"Gói thẩm định «{name}» có điểm không hợp lệ.")
    evidence = raw.get("evidence")
    if evidence is not None and evidence not in EVIDENCE:
        raise UserError(f"Gói thẩm định «{name}» có đánh giá tài liệu kiểm chứng không hợp lệ.")
    return {
        "kind": raw["kind"],
        "code": _text(raw.get("code"), name, "mã tiêu chí/nhiệm vụ", 50),
        "uuid": _text(raw.get("uuid") or "", name, "mã nhiệm vụ", 36, required=False),
        "name": _text(raw.get("name") or "", name, "tên", 2000, required=False),
        "self_score": float(self_score) if self_score is not None else None,
        "score": float(score) if score is not None else None,
        "evidence": evidence,
        "comment": _text(raw.get("comment") or "", name, "nhận xét", MAX_COMMENT, required=False),
        **({"framework": _text(raw.get("framework"), name, "bộ chỉ số", 20)} if index else {}),
    }
