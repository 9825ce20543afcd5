"""Verify a report bundle (a folder or a zip) without trusting it: a verdict naming every problem.

Checked: the manifest is well-formed and of a format this app reads; every path is relative, inside the
bundle, NFC and short; every listed file is there with the right size and SHA-256; nothing else is there; a
zip has no duplicate or unsafe entries and is within size and compression-ratio limits. Nothing is extracted.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from desktop.core.bundle.layout import FORMAT, FORMAT_VERSION, MANIFEST, PDF, path_problem
from desktop.core.bundle.parts import is_part, joined
from desktop.core.bundle.schema import content_problems
from desktop.core.disk_sync import DurableFolder
from desktop.core.errors import UserError, os_reason
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.signing.verify import SignatureCheck, SignatureStatus, check_pdf

CHUNK = 1 << 20
MAX_TOTAL = 20 * 1024**3  # 20 GB unpacked: far above a real bundle, far below a zip bomb
MAX_RATIO = 200  # unpacked / packed per entry; scans and photos barely compress
MAX_MANIFEST = 64 * 1024**2
MAX_PDF = 256 * 1024**2  # a report PDF read whole to check its signature
# What Python's zipfile reads; anything else (Deflate64 = 9 from 7-Zip and WinZip, PPMd, AES) is refused.
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
METHOD_NAMES = {9: "Deflate64", 98: "PPMd", 99: "AES", 93: "Zstandard", 95: "XZ"}
# Whatever a damaged or foreign archive makes zipfile raise while it is read.
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    struct.error,
    ValueError,
)
REPACK = "hãy đề nghị đơn vị xuất lại gói bằng ứng dụng (không nén lại bằng chương trình khác)"


def archive_reason(exc: BaseException) -> str:
    """Why an entry could not be read, in Vietnamese."""
    text = str(exc).lower()
    if "crc" in text:
        return "sai mã kiểm tra CRC: tệp bị hỏng khi chép hoặc tải về"
    if "encrypted" in text or "password" in text:
        return "tệp được đặt mật khẩu"
    if "compression" in text or "method" in text:
        return "phương thức nén không đọc được"
    if isinstance(exc, OSError):
        return os_reason(exc)
    return "dữ liệu nén bị hỏng hoặc bị cắt"


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    manifest_sha256: str = ""  # of its bytes as read: how a bundle received before is recognised
    signature: SignatureCheck | None = None  # the report PDF's, when the bundle has one

    @property
    def ok(self) -> bool:
        return not self.problems


class BundleSource:
    """The files of a bundle, from a folder or from a zip, read the same way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.special: list[str] = []  # links and special files found in a bundle folder: never followed
        if path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except OSError as exc:
                raise UserError(f"Không mở được «{path.name}» ({os_reason(exc)}).") from None
            except ARCHIVE_ERRORS:
                raise UserError(
                    f"«{path.name}» không phải tệp zip hợp lệ hoặc đã hỏng (có thể tải về hay chép chưa hết; nếu là "
                    "gói chia phần, hãy kiểm tra đủ và đúng thứ tự các phần)."
                ) from None
        elif path.exists() and not path.is_dir():
            raise UserError(f"«{path.name}» là tệp đặc biệt, không phải gói báo cáo (tệp .zip hay thư mục).")
        elif not path.is_dir():
            raise UserError(f"Không tìm thấy gói báo cáo «{path}».")

    def names(self) -> dict[str, int]:
        """Every file in the bundle and its size; directories left out. A folder is walked without following
        links; links and special files (FIFOs, devices) are set aside in `special`."""
        if self.zip is not None:
            return {i.filename: i.file_size for i in self.zip.infolist() if not i.is_dir()}
        found: dict[str, int] = {}
        for root, dirs, files in os.walk(self.path, followlinks=False):
            for name in [*dirs, *files]:
                full = Path(root) / name
                rel = full.relative_to(self.path).as_posix()
                mode = full.lstat().st_mode
                if stat.S_ISLNK(mode):
                    self.special.append(f"liên kết tượng trưng (symlink) trong thư mục gói «{rel[:80]}»")
                elif stat.S_ISREG(mode):
                    found[rel] = full.lstat().st_size
                elif not stat.S_ISDIR(mode):
                    self.special.append(f"tệp đặc biệt (không phải tệp thường) trong thư mục gói «{rel[:80]}»")
        return found

    def open(self, name: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(name)
        # Never through a link, even one put there after the folder was listed.
        fd = os.open(self.path / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UserError(f"«{name}» trong gói không phải tệp thường.")
        return os.fdopen(fd, "rb")

    def open_for_hash(self, name: str) -> IO[bytes] | io.RawIOBase:
        """`name` for a caller that checks its bytes against their SHA-256 itself: a stored zip entry is read
        straight from the archive, without zipfile's CRC-32 pass over the same bytes (the hash is the stronger
        check; receiving a national period spent a tenth of its time on it). The bytes are those zipfile reads:
        after the local header, whose name must be the directory's."""
        zf = self.zip
        if zf is None or not hasattr(os, "pread") or zf.fp is None:
            return self.open(name)
        info = zf.getinfo(name)
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            return self.open(name)
        fd = zf.fp.fileno()
        header = os.pread(fd, _LOCAL_HEADER.size, info.header_offset)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"Bad magic number for file header {name!r}")
        flags, name_len, extra_len = _LOCAL_HEADER.unpack(header)[1:]
        raw_name = os.pread(fd, name_len, info.header_offset + _LOCAL_HEADER.size)
        if raw_name.decode("utf-8" if flags & 0x800 else "cp437") != info.orig_filename:
            raise zipfile.BadZipFile(f"File name in directory {name!r} and header differ")
        start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
        return _StoredEntry(fd, start, info.file_size)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


# A zip entry's local header: signature, (version), flags, (method, time, date, CRC, sizes), name and extra lengths.
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")


class _StoredEntry(io.RawIOBase):
    """The bytes of a stored zip entry read in place (pread: the archive's own position is left alone)."""

    def __init__(self, fd: int, start: int, size: int) -> None:
        self.fd, self.pos, self.end = fd, start, start + size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = self.end - self.pos if size < 0 else min(size, self.end - self.pos)
        if want <= 0:
            return b""
        data = os.pread(self.fd, want, self.pos)
        if not data:
            raise EOFError("the archive ends inside an entry")
        self.pos += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def verify_bundle(
    path: Path,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    trust_dir: Path | None = None,
    copy_to: DurableFolder | None = None,
) -> Verdict:
    """Every file against the manifest, then the report PDF's signature against the trust anchors of the data
    directory `trust_dir` (without one an intact signature is «untrusted»). A signature that does not check makes
    the bundle invalid; an unsigned or untrusted one is reported, and the focal point decides.

    With `copy_to` (receiving) every listed file and the manifest are also written there in the same pass, each
    byte read once, and made durable when the bundle checks out; on a problem the caller removes the folder. A
    failure to write there is raised as the OSError it is, never reported as a damaged bundle."""
    if is_part(path):  # name.zip.001: the parts are joined first
        with joined(path, MAX_TOTAL) as whole:
            return verify_bundle(whole, progress, cancel, trust_dir, copy_to)
    cancel = cancel or CancelToken()
    source = BundleSource(path)
    try:
        verdict = _verify(source, progress, cancel, copy_to)
        # Only a bundle whose files all match its manifest: a damaged one is refused already, and its PDF may not
        # even be readable.
        if verdict.ok and verdict.manifest is not None and PDF in source.names():
            with source.open(PDF) as f:
                verdict.signature = check_pdf(f.read(MAX_PDF + 1)[:MAX_PDF], trust_dir)
            if verdict.signature.status == SignatureStatus.INVALID:
                verdict.problems.append(f"báo cáo PDF: {verdict.signature.label.lower()}")
        return verdict
    finally:
        source.close()


def _verify(
    source: BundleSource, progress: ProgressFn, cancel: CancelToken, copy_to: DurableFolder | None = None
) -> Verdict:
    verdict = Verdict()
    if source.zip is not None:
        verdict.problems += list(zip_problems(source.zip))
        if verdict.problems:
            return verdict  # an unsafe archive is not read any further
    present = source.names()
    if source.special:
        verdict.problems += source.special[:10]
        return verdict  # a folder with links is not read any further
    if MANIFEST not in present:
        verdict.problems.append("thiếu tệp manifest.json: đây không phải gói báo cáo CCHC hoặc gói bị cắt xén")
        return verdict
    manifest = _read_manifest(source, present[MANIFEST], verdict)
    if manifest is None:
        return verdict
    verdict.manifest = manifest
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest["files"]:
        listed[entry["path"]] = entry
    total = sum(int(e["size"]) for e in listed.values()) or 1
    done = 0
    for rel, entry in listed.items():
        cancel.check()
        if rel not in present:
            verdict.problems.append(f"thiếu tệp «{rel}»")
            continue
        if present[rel] != entry["size"]:
            verdict.problems.append(f"tệp «{rel}» có {present[rel]} byte, manifest ghi {entry['size']} byte")
            continue
        digest = hashlib.sha256()
        damaged = _read_through(source, rel, digest, copy_to, cancel)
        if damaged:
            verdict.problems.append(f"tệp «{rel[:80]}» trong gói bị hỏng, không đọc được ({damaged})")
            continue
        done += int(entry["size"])
        progress(done, total, rel)
        if digest.hexdigest() != entry["sha256"]:
            verdict.problems.append(f"tệp «{rel}» đã bị sửa hoặc hỏng (mã SHA-256 không khớp)")
    for extra in sorted(set(present) - set(listed) - {MANIFEST}):
        verdict.problems.append(f"tệp lạ không có trong manifest «{extra}»")
    if copy_to is not None and not verdict.problems:
        _read_through(source, MANIFEST, hashlib.sha256(), copy_to, cancel)
        copy_to.sync()
    return verdict


def _read_through(
    source: BundleSource, rel: str, digest: Any, copy_to: DurableFolder | None, cancel: CancelToken
) -> str:
    """`rel` read once into `digest` (and written into `copy_to`); why it could not be read, or "". Reading errors
    are the bundle's; writing errors are the destination's and are raised."""
    try:
        reader = source.open(rel) if rel == MANIFEST else source.open_for_hash(rel)
    except ARCHIVE_ERRORS as exc:
        return archive_reason(exc)
    with reader as f, copy_to.open(rel) if copy_to is not None else nullcontext() as out:
        while True:
            try:
                chunk = f.read(CHUNK)
            except ARCHIVE_ERRORS as exc:
                return archive_reason(exc)
            if not chunk:
                return ""
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
            cancel.check()


def zip_problems(zf: zipfile.ZipFile) -> Iterator[str]:
    seen: set[str] = set()
    total = 0
    for info in zf.infolist():
        name = info.filename
        if name in seen:
            yield f"tên tệp trùng lặp trong zip «{name[:80]}»"
        seen.add(name)
        if info.is_dir():
            continue
        problem = path_problem(name)
        if problem:
            yield problem
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            yield f"liên kết tượng trưng (symlink) trong zip «{name[:80]}»"
        if info.flag_bits & 0x1:
            yield f"tệp «{name[:80]}» trong zip được đặt mật khẩu (mã hoá); {REPACK}"
        if info.compress_type not in READABLE_METHODS:
            method = METHOD_NAMES.get(info.compress_type, f"số {info.compress_type}")
            yield f"tệp «{name[:80]}» nén bằng phương thức {method} mà ứng dụng không đọc được; {REPACK}"
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > CHUNK:
            yield f"tệp «{name[:80]}» nén với tỷ lệ bất thường (nghi zip bom)"
    if total > MAX_TOTAL:
        yield f"tổng dung lượng giải nén {total // 1024**3} GB vượt giới hạn {MAX_TOTAL // 1024**3} GB (nghi zip bom)"


def _read_manifest(source: BundleSource, size: int, verdict: Verdict) -> dict[str, Any] | None:
    if size > MAX_MANIFEST:
        verdict.problems.append("manifest.json quá lớn")
        return None
    try:
        with source.open(MANIFEST) as f:
            raw = f.read()
    except ARCHIVE_ERRORS as exc:
        verdict.problems.append(f"manifest.json bị hỏng, không đọc được ({archive_reason(exc)})")
        return None
    verdict.manifest_sha256 = hashlib.sha256(raw).hexdigest()
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        verdict.problems.append("manifest.json không đọc được: không phải JSON UTF-8 hợp lệ")
        return None
    except RecursionError:
        verdict.problems.append("manifest.json lồng nhau quá sâu: không phải gói do ứng dụng tạo")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        verdict.problems.append("manifest.json không phải của gói báo cáo CCHC")
        return None
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        verdict.problems.append("manifest.json thiếu phiên bản định dạng")
        return None
    if version > FORMAT_VERSION:
        verdict.problems.append(
            f"gói được tạo bằng phiên bản ứng dụng mới hơn (định dạng {version}); hãy cập nhật ứng dụng để đọc"
        )
        return None
    files = manifest.get("files")
    if not isinstance(files, list) or not all(_file_entry_ok(e) for e in files):
        verdict.problems.append("manifest.json: danh sách tệp sai dạng")
        return None
    for missing in ("bundle_uuid", "agency", "period", "data"):
        if missing not in manifest:
            verdict.problems.append(f"manifest.json thiếu mục «{missing}»")
    for e in files:
        problem = path_problem(e["path"])
        if problem:
            verdict.problems.append(problem)
    paths = [e["path"] for e in files]
    if len(set(paths)) != len(paths):
        verdict.problems.append("manifest.json liệt kê một tệp hai lần")
    if not verdict.problems:
        verdict.problems += content_problems(manifest)
    return None if verdict.problems else manifest


def _file_entry_ok(e: object) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("path"), str)
        and isinstance(e.get("size"), int)
        and e["size"] >= 0
        and isinstance(e.get("sha256"), str)
        and len(e["sha256"]) == 64
    )
