"""Names inside a report bundle: the bundle's own ASCII-safe name, short readable evidence paths, and the rules
every path in a bundle must obey (checked again on the receiving side, where the bundle is untrusted)."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from desktop.core.text import fold, nfc

FORMAT = "cchc-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
XLSX = "bao-cao.xlsx"
PDF = "bao-cao.pdf"
DOCX = "bao-cao.docx"  # the same báo cáo in Word, for an office to edit before the leader signs
EVIDENCE_DIR = "tai-lieu"
MAX_PATH = 199  # every path below 200 characters from the bundle root (Windows MAX_PATH leaves room for the rest)
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slug(text: str, limit: int = 60) -> str:
    """ASCII, lower case, hyphens: "UBND xã Hòa An" → "ubnd-xa-hoa-an"."""
    ascii_text = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return ascii_text[:limit].rstrip("-") or "co-quan"


def bundle_name(agency: str, period_code: str) -> str:
    return f"bao-cao-cchc_{slug(agency)}_{period_code}"


def safe_segment(name: str, limit: int) -> str:
    """A file or folder name that is valid on Windows, keeps its Vietnamese (NFC) and fits in `limit`."""
    clean = _UNSAFE.sub("_", nfc(name)).strip(" .") or "_"
    stem, dot, ext = clean.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = clean, ""
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    room = max(limit - len(suffix), 1)
    return stem[:room].rstrip(" .") + suffix


def evidence_path(group: str, ref: str, original_name: str) -> str:
    """tai-lieu/<task or criterion code>/<ref>-<original name>, shortened to stay under MAX_PATH."""
    folder = f"{EVIDENCE_DIR}/{safe_segment(group, 40)}"
    prefix = f"{folder}/{ref}-"
    return prefix + safe_segment(original_name, min(100 - len(ref) - 1, MAX_PATH - len(prefix)))


def path_problem(path: str) -> str | None:
    """Why a path named in a bundle must be refused, or None. Paths are relative POSIX, NFC, under MAX_PATH."""
    if not path or "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return f"đường dẫn tuyệt đối hoặc sai dạng «{path[:80]}»"
    parts = PurePosixPath(path).parts
    if any(p in ("..", ".", "") for p in parts):
        return f"đường dẫn ra ngoài gói «{path[:80]}»"
    if len(path) > MAX_PATH:
        return f"đường dẫn dài quá {MAX_PATH} ký tự «{path[:80]}…»"
    if nfc(path) != path:
        return f"tên tệp không ở dạng chuẩn NFC «{path[:80]}»"
    if any(_UNSAFE.search(p) for p in parts):
        return f"tên tệp có ký tự không hợp lệ «{path[:80]}»"
    return None


def looks_like_bundle(path: Path, inside: bool = True) -> bool:
    """What a dropped path most likely is: a report bundle (a zip, one of its parts, a folder with a manifest) or,
    with `inside`, a folder holding some (a USB stick's folder)."""
    name = path.name.lower()
    if name == MANIFEST or name.endswith(".zip") or re.fullmatch(r".+\.zip\.\d{3}", name):
        return True
    if not path.is_dir():
        return False
    if (path / MANIFEST).is_file():
        return True
    try:
        return inside and any(looks_like_bundle(p, inside=False) for p in path.iterdir() if p.name != MANIFEST)
    except OSError:
        return False
