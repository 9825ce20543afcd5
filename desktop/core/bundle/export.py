"""Export one agency's report bundle for a period: the Excel, the PDF, the evidence and manifest.json.

Everything is written into a hidden temporary folder (or `.zip.part`) beside the target and renamed at the
end; Cancel, a full disk or any error removes it and leaves nothing behind. Evidence is streamed from the
store and re-hashed on the way, so a damaged stored file stops the export instead of travelling.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import Plan, Task
from db.store import Store
from desktop import __version__
from desktop.core.bundle.layout import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PDF,
    XLSX,
    bundle_name,
    evidence_path,
)
from desktop.core.errors import Cancelled, UserError
from desktop.core.evidence_files import blob_path
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.reports.data import ReportData, collect
from desktop.core.reports.pdf import ReportTexts, default_texts, write_pdf
from desktop.core.reports.xlsx import write_xlsx

CHUNK = 1 << 20
# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".heic", ".zip", ".xlsx", ".docx", ".gz", ".7z", ".rar", ".mp4"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_uuid: str
    files: int
    size: int


def export_bundle(
    store: Store,
    period_code: str,
    out_dir: Path,
    today: date,
    progress: ProgressFn,
    cancel: CancelToken,
    texts: ReportTexts | None = None,
    as_zip: bool = False,
) -> ExportResult:
    with store.session() as s:
        data = collect(s, period_code, today)
        structured = _structured(s, data)
    if not data.agency:
        raise UserError("Chưa khai báo cơ quan; hãy vào «Cơ quan › Cơ quan của tôi…» (hoặc cchc init) trước.")
    out_dir.mkdir(parents=True, exist_ok=True)
    name = _free_name(out_dir, bundle_name(data.agency, data.period.code), ".zip" if as_zip else "")
    work = out_dir / f".{name}.part"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        files = _write_contents(store, data, texts or default_texts(data), work, structured, progress, cancel)
        bundle_uuid = str(uuid.uuid4())
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "bundle_uuid": bundle_uuid,
            "agency": {"name": data.agency, "focal_person": data.focal_person},
            "period": data.period.as_json(),
            "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
            "app_version": __version__,
            "files": files,
            "data": structured,
        }
        _write_durably(work / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        total = sum(f["size"] for f in files)
        if as_zip:
            target = out_dir / f"{name}.zip"
            _zip_folder(work, out_dir / f".{name}.zip.part", target, cancel)
            shutil.rmtree(work)
        else:
            target = out_dir / name
            os.replace(work, target)
        return ExportResult(target, bundle_uuid, len(files) + 1, total)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        (out_dir / f".{name}.zip.part").unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == 28:
            raise UserError("Ổ đĩa đích đã đầy; gói báo cáo chưa được tạo, không có gì được ghi dở dang.") from exc
        if isinstance(exc, Cancelled):
            raise Cancelled("Đã huỷ; gói báo cáo chưa được tạo, không có gì được ghi dở dang.") from None
        raise


def _free_name(out_dir: Path, base: str, suffix: str) -> str:
    name, n = base, 1
    while (out_dir / f"{name}{suffix}").exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _write_contents(
    store: Store,
    data: ReportData,
    texts: ReportTexts,
    work: Path,
    structured: dict[str, Any],
    progress: ProgressFn,
    cancel: CancelToken,
) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    write_xlsx(data, work / XLSX)
    cancel.check()
    write_pdf(data, texts, work / PDF)
    for fixed in (XLSX, PDF):
        files.append(_entry(fixed, work / fixed))
    total = sum(line.item.size for line in data.evidence) or 1
    done = 0
    paths = {e["uuid"]: e for e in structured["evidence"]}
    for line in data.evidence:
        cancel.check()
        rel = evidence_path(line.targets[0], line.ref, line.item.original_name)
        src = blob_path(store.data_dir, line.item.sha256)
        digest = _copy_hashed(src, work / rel, cancel, progress, done, total, line.item.original_name)
        if digest != line.item.sha256:
            raise UserError(
                f"Tệp «{line.item.original_name}» trong kho tài liệu đã bị hỏng (mã băm không khớp); hãy chạy "
                "«Dữ liệu › Kiểm tra dữ liệu» và thêm lại tệp gốc trước khi xuất gói."
            )
        done += line.item.size
        paths[line.item.uuid]["path"] = rel
        files.append({"path": rel, "size": line.item.size, "sha256": digest})
    return files


def _entry(rel: str, path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return {"path": rel, "size": path.stat().st_size, "sha256": digest.hexdigest()}


def _copy_hashed(
    src: Path, dest: Path, cancel: CancelToken, progress: ProgressFn, done: int, total: int, label: str
) -> str:
    if not src.is_file():
        raise UserError(f"Thiếu tệp {src.name[:12]}… trong kho tài liệu; hãy chạy «Kiểm tra dữ liệu» trước khi xuất.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    copied = 0
    with open(src, "rb") as inp, open(dest, "wb") as out:
        while chunk := inp.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            copied += len(chunk)
            cancel.check()
            progress(done + copied, total, label)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _write_durably(path: Path, payload: bytes) -> None:
    with open(path, "wb") as f:
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())


def _zip_folder(folder: Path, part: Path, target: Path, cancel: CancelToken) -> None:
    with zipfile.ZipFile(part, "w", allowZip64=True) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            cancel.check()
            arcname = path.relative_to(folder).as_posix()  # non-ASCII names get the UTF-8 flag from zipfile
            method = zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
            zf.write(path, arcname, compress_type=method)
    with open(part, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(part, target)


def _structured(session: Any, data: ReportData) -> dict[str, Any]:
    """What the receiver needs without parsing the xlsx: plans, tasks, progress, evidence, scores."""
    task_ids = [line.task.id for line in data.tasks]
    plan_uuids = dict(session.execute(select(Plan.id, Plan.uuid)).tuples().all())
    task_uuid = dict(session.execute(select(Task.id, Task.uuid).where(Task.id.in_(task_ids))).tuples().all())
    tasks = []
    for line in data.tasks:
        t, p = line.task, line.progress
        tasks.append(
            {
                "uuid": t.uuid,
                "plan_uuid": plan_uuids.get(t.plan_id),
                "code": t.code,
                "framework": t.framework or None,
                "criterion_code": t.criterion_code or None,
                "content": t.content,
                "progress": None
                if p is None
                else {
                    "uuid": p.uuid,
                    "status": p.status,
                    "percent": p.percent,
                    "result": p.result,
                    "measured_value": p.measured_value,
                    "difficulties": p.difficulties,
                    "proposals": p.proposals,
                    "reason": p.reason,
                    "revision": p.revision,
                },
                "evidence_refs": list(line.evidence_refs),
            }
        )
    evidence = []
    for ev_line in data.evidence:
        item = ev_line.item
        links = []
        for link in item.links:
            kind, _, key = link.partition(":")
            if kind == "task" and int(key) in task_uuid:
                links.append({"task_uuid": task_uuid[int(key)]})
            elif kind == "criterion":
                links.append({"criterion_code": key})
        evidence.append(
            {
                "uuid": item.uuid,
                "ref": ev_line.ref,
                "sha256": item.sha256,
                "size": item.size,
                "original_name": item.original_name,
                "doc_type": item.doc_type,
                "number": item.number,
                "issued_on": item.issued_on.isoformat() if item.issued_on else None,
                "issuer": item.issuer,
                "summary": item.summary,
                "proves_date": item.proves_date.isoformat() if item.proves_date else None,
                "links": links,
                "path": "",
            }
        )
    scores = [
        {"code": s.code, "max": s.max_score, "score": s.score, "explanation": s.explanation, "leaf": s.is_leaf}
        for s in data.scores
        if s.score is not None
    ]
    return {
        "plan_uuids": sorted({u for t in tasks if (u := t["plan_uuid"])}),
        "score_framework": data.score_framework,
        "tasks": tasks,
        "evidence": evidence,
        "scores": scores,
    }
