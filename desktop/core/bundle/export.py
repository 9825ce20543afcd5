"""Export one agency's report bundle for a period: the Excel, the PDF, the evidence and manifest.json.

Everything is written into a hidden temporary folder (or `.zip.part`) beside the target and renamed at the
end; Cancel, a full disk or any error removes it and leaves nothing behind. Evidence is streamed from the
store and re-hashed on the way, so a damaged stored file stops the export instead of travelling.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from db.models import Plan, PlanKey, Task
from db.store import Store
from desktop import __version__
from desktop.core.appraised import answers_for_bundle
from desktop.core.bundle.copier import Copier, Sink
from desktop.core.bundle.layout import (
    DOCX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PDF,
    XLSX,
    bundle_name,
    evidence_path,
)
from desktop.core.bundle.parts import split_file
from desktop.core.disk_sync import DurableFolder, fsync_dir, start_writeback
from desktop.core.errors import Cancelled, DestinationError, UserError, destination_error, disk_full
from desktop.core.evidence_files import blob_path
from desktop.core.progress import CancelToken, ProgressFn, quick_switching
from desktop.core.province_index.self_report import (
    file_stem,
    report_texts,
    write_self_report_pdf,
    write_self_report_xlsx,
)
from desktop.core.reports.data import ReportData, collect
from desktop.core.reports.letterhead import report_receiver
from desktop.core.reports.pdf import ReportTexts, default_texts, write_pdf
from desktop.core.reports.word import write_report_docx
from desktop.core.reports.xlsx import write_xlsx
from desktop.core.signing.keys import SigningKey
from desktop.core.signing.pdf_sign import Anchor, SignedInfo, sign_pdf

WRITEBACK_EVERY = 32 << 20  # a zip's bytes handed to the disk this often while it is written
# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".heic", ".zip", ".xlsx", ".docx", ".gz", ".7z", ".rar", ".mp4"}


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the folder, the zip, or its first part
    bundle_uuid: str
    files: int
    size: int
    paths: tuple[Path, ...] = ()  # every part of a split zip, in order


def export_bundle(
    store: Store,
    period_code: str,
    out_dir: Path,
    today: date,
    progress: ProgressFn,
    cancel: CancelToken,
    texts: ReportTexts | None = None,
    as_zip: bool = False,
    split_mb: int | None = None,
    key: SigningKey | None = None,
) -> ExportResult:
    """`split_mb` makes a zip cut into parts of at most that many MB (name.zip.001 …), for e-mail. With `key` the
    report PDF is signed (PAdES, visible in its signature block) and the manifest names the signer."""
    as_zip = as_zip or split_mb is not None
    with store.session() as s:
        data = collect(s, period_code, today)
        structured = _structured(s, data)
    if not data.agency:
        raise UserError("Chưa khai báo cơ quan; hãy vào «Cơ quan › Cơ quan của tôi…» (hoặc cchc init) trước.")
    name = _free_name(out_dir, bundle_name(data.agency, data.period.code), ".zip" if as_zip else "")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out_dir))
    except OSError as exc:
        raise destination_error(out_dir, exc) from exc
    sink: Sink = _ZipSink(out_dir, name) if as_zip else _FolderSink(out_dir, name)
    try:
        texts = texts or default_texts(data)
        signed = _sign(scratch, data, texts, key) if key is not None else None
        files = _write_contents(store, data, texts, scratch, sink, structured, progress, cancel, signed is not None)
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
            **({"signature": signed.as_json()} if signed is not None else {}),
        }
        with sink.open(MANIFEST, 0) as f:
            f.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        target = sink.finish()
        paths = split_file(target, split_mb * 1024 * 1024) if split_mb is not None else [target]
        return ExportResult(paths[0], bundle_uuid, len(files) + 1, sum(f["size"] for f in files), tuple(paths))
    except BaseException as exc:
        sink.discard()
        # The scratch folder sits in the destination: a write that failed there failed at the destination.
        os_error = exc.os_error if isinstance(exc, DestinationError) else exc
        if isinstance(os_error, OSError) and disk_full(os_error):
            raise UserError("Ổ đĩa đích đã đầy; gói báo cáo chưa được tạo, không có gì được ghi dở dang.") from exc
        if isinstance(os_error, OSError):
            raise destination_error(out_dir, os_error) from exc
        if isinstance(exc, Cancelled):
            raise Cancelled("Đã huỷ; gói báo cáo chưa được tạo, không có gì được ghi dở dang.") from None
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class _FolderSink:
    """Files into a hidden folder beside the target; all of them made durable together (`DurableFolder`) before it
    is renamed to the target, so the target is never a folder with missing contents."""

    plain_files = True

    def __init__(self, out_dir: Path, name: str) -> None:
        self.work, self.target = out_dir / f".{name}.part", out_dir / name
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir()
        self.folder = DurableFolder(self.work)

    def open(self, rel: str, size: int) -> AbstractContextManager[IO[bytes]]:
        return self.folder.open(rel)

    def finish(self) -> Path:
        self.folder.sync()
        os.replace(self.work, self.target)
        fsync_dir(self.target.parent)
        return self.target

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


class _ZipSink:
    """Entries streamed straight into `<name>.zip.part` (each byte written once), handed to the disk as they go
    (the flush that makes the zip durable at the end then waits for little: 0.5 s less for 1 GB), renamed at
    the end."""

    plain_files = False

    def __init__(self, out_dir: Path, name: str) -> None:
        self.part, self.target = out_dir / f".{name}.zip.part", out_dir / f"{name}.zip"
        self.file = open(self.part, "wb")  # noqa: SIM115  (closed by finish or discard)
        self.zf = zipfile.ZipFile(self.file, "w", allowZip64=True)
        self.stamp = time.localtime()[:6]
        self.unflushed = 0

    @contextmanager
    def open(self, rel: str, size: int) -> Iterator[IO[bytes]]:
        info = zipfile.ZipInfo(rel, date_time=self.stamp)  # non-ASCII names get the UTF-8 flag from zipfile
        suffix = Path(rel).suffix.lower()
        info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
        with self.zf.open(info, "w", force_zip64=size > 1 << 31) as f:
            yield f
        self.unflushed += size
        if self.unflushed >= WRITEBACK_EVERY:  # the disk writes while the rest is copied: the last flush is short
            self.file.flush()
            start_writeback(self.file.fileno())
            self.unflushed = 0

    def finish(self) -> Path:
        self.zf.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.part, self.target)
        return self.target

    def discard(self) -> None:
        with suppress(Exception):
            self.zf.close()
        with suppress(Exception):
            self.file.close()
        self.part.unlink(missing_ok=True)


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
    scratch: Path,
    sink: Sink,
    structured: dict[str, Any],
    progress: ProgressFn,
    cancel: CancelToken,
    pdf_ready: bool = False,
) -> list[dict[str, Any]]:
    """The evidence streams into the bundle on a helper thread (each file copied and hashed in one pass,
    `Copier`) while this thread writes the report files; they go in after it. Copying and hashing wait on the
    disk and release the interpreter, the reports need it: with quick hand-overs (`quick_switching`) the two
    overlap, and the export costs about the longer of them instead of their sum."""
    total = sum(line.item.size for line in data.evidence) or 1
    with Copier(sink, cancel, progress, total) as copier, quick_switching():
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tai-lieu") as pool:
            streaming = pool.submit(_stream_evidence, store, data, copier, structured)
            try:
                fixed_files = _write_reports(data, texts, scratch, pdf_ready, cancel)
            except BaseException:
                copier.stop.set()  # the streaming stops at its next chunk; its files leave with the unfinished bundle
                with suppress(BaseException):
                    streaming.result()
                raise
            evidence = streaming.result()
        files: list[dict[str, Any]] = []
        for fixed in fixed_files:
            digest = copier.copy(scratch / fixed, fixed, fixed, counted=False)
            files.append({"path": fixed, "size": (scratch / fixed).stat().st_size, "sha256": digest})
        return files + evidence


def _write_reports(
    data: ReportData, texts: ReportTexts, scratch: Path, pdf_ready: bool, cancel: CancelToken
) -> list[str]:
    """The report's Excel, PDF (unless signed already) and Word, and the self-assessments on the province's
    index; their names in the bundle, in order."""
    check = cancel.check
    write_xlsx(data, scratch / XLSX)
    check()
    if not pdf_ready:
        write_pdf(data, texts, scratch / PDF)
    check()
    write_report_docx(data, texts, scratch / DOCX)
    fixed_files = [XLSX, PDF, DOCX]
    for a in data.assessments:  # the self-assessment report on the province's index, PDF and Excel
        check()
        stem = file_stem(a)
        to = report_receiver(data.agency, data.agency_level, data.parent_agency).split(" (")[0]
        own = report_texts(texts, a, to)
        write_self_report_pdf(own, a, scratch / f"{stem}.pdf", data.agency)
        write_self_report_xlsx(a, data.agency, scratch / f"{stem}.xlsx")
        fixed_files += [f"{stem}.pdf", f"{stem}.xlsx"]
    return fixed_files


def _stream_evidence(
    store: Store, data: ReportData, copier: Copier, structured: dict[str, Any]
) -> list[dict[str, Any]]:
    paths = {e["uuid"]: e for e in structured["evidence"]}
    wanted = []
    for line in data.evidence:
        src = blob_path(store.data_dir, line.item.sha256)
        if not src.is_file():
            raise UserError(
                f"Thiếu tệp «{line.item.original_name}» trong kho tài liệu; hãy chạy «Dữ liệu › Kiểm tra dữ liệu»."
            )
        wanted.append((src, evidence_path(line.targets[0], line.ref, line.item.original_name), line))
    files: list[dict[str, Any]] = []
    with closing(copier.copy_all((src, rel, line.item.original_name) for src, rel, line in wanted)) as digests:
        for (_src, rel, line), digest in zip(wanted, digests, strict=True):
            if digest != line.item.sha256:
                raise UserError(
                    f"Tệp «{line.item.original_name}» trong kho tài liệu đã bị hỏng (mã băm không khớp); hãy chạy "
                    "«Dữ liệu › Kiểm tra dữ liệu» và thêm lại tệp gốc trước khi xuất gói."
                )
            paths[line.item.uuid]["path"] = rel
            files.append({"path": rel, "size": line.item.size, "sha256": digest})
    return files


def _sign(scratch: Path, data: ReportData, texts: ReportTexts, key: SigningKey) -> SignedInfo:
    """The report PDF, written and signed first: a wrong PIN or a pulled token stops before anything is copied."""
    write_pdf(data, texts, scratch / PDF)
    reason = f"Ký báo cáo kết quả cải cách hành chính {data.period.label}"
    return sign_pdf(scratch / PDF, key, Anchor(texts.signer_position, texts.signer_name), reason, data.agency)


def _structured(session: Any, data: ReportData) -> dict[str, Any]:
    """What the receiver needs without parsing the xlsx: plans, tasks, progress, evidence, scores."""
    task_ids = [line.task.id for line in data.tasks]
    plan_uuids = dict(session.execute(select(Plan.id, Plan.uuid)).tuples().all())
    task_uuid = dict(session.execute(select(Task.id, Task.uuid).where(Task.id.in_(task_ids))).tuples().all())
    identity = {
        tid: (key, fp)
        for tid, key, fp in session.execute(select(Task.id, Task.key, Task.fingerprint).where(Task.id.in_(task_ids)))
    }
    tasks = []
    for line in data.tasks:
        t, p = line.task, line.progress
        key, fp = identity.get(t.id, ("", ""))
        tasks.append(
            {
                "uuid": t.uuid,
                "plan_uuid": plan_uuids.get(t.plan_id),
                # What the task is, so a receiver whose copy of the plan differs can still match it or show it.
                "key": key,
                "fingerprint": fp,
                "code": t.code,
                "framework": t.framework or None,
                "criterion_code": t.criterion_code or None,
                "section": t.section,
                "criterion_text": t.criterion_text,
                "content": t.content,
                "lead": "; ".join(t.lead),
                "partners": "; ".join(t.partners),
                "deadline_text": t.deadline_text,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "expected_output": t.expected_output,
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
    used = sorted({t.plan_id for t in (line.task for line in data.tasks)})
    return {
        "plan_uuids": sorted({u for t in tasks if (u := t["plan_uuid"])}),
        "plans": [_plan_definition(session, plan_id) for plan_id in used],
        "score_framework": data.score_framework,
        "tasks": tasks,
        "evidence": evidence,
        "scores": scores,
        "appraisal_answers": answers_for_bundle(session, data.period.code),
        "index_assessments": [a.as_json() for a in data.assessments],
    }


def _plan_definition(session: Any, plan_id: int) -> dict[str, Any]:
    """A plan as the receiver needs it to recognise it (its keys) or to learn it (what it is)."""
    plan = session.get(Plan, plan_id)
    keys = list(session.scalars(select(PlanKey.key).where(PlanKey.plan_id == plan_id).order_by(PlanKey.id)))
    return {
        "uuid": plan.uuid,
        "key": plan.key,
        "keys": keys,
        "version": plan.version,
        "number": plan.number,
        "issuer": plan.issuer,
        "title": plan.title,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "year": plan.year,
    }
