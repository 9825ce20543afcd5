"""Hostile bundles for the verifier and the receiver: each takes a clean bundle zip's entries and makes one
thing wrong. HOSTILE is (case, change, words the verdict must contain)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Entries = list[tuple[zipfile.ZipInfo, bytes]]


def rezip(src: Path, dest: Path, change: Callable[[Entries], Any]) -> Path:
    with zipfile.ZipFile(src) as zf:
        entries = [(i, zf.read(i)) for i in zf.infolist()]
    change(entries)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(dest, "w") as out:
            for info, payload in entries:
                out.writestr(info, payload)
    return dest


def _manifest(entries: Entries) -> tuple[int, dict[str, Any]]:
    i = next(k for k, (info, _p) in enumerate(entries) if info.filename == "manifest.json")
    return i, json.loads(entries[i][1])


def _set_manifest(entries: Entries, manifest: dict[str, Any]) -> None:
    i, _old = _manifest(entries)
    entries[i] = (entries[i][0], json.dumps(manifest, ensure_ascii=False).encode("utf-8"))


def _add(name: str, payload: bytes, listed: bool = True, method: int = zipfile.ZIP_STORED) -> Callable[..., None]:
    def change(entries: Entries) -> None:
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        entries.append((info, payload))
        if listed:
            _i, m = _manifest(entries)
            m["files"].append({"path": name, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()})
            _set_manifest(entries, m)

    return change


def _tamper(entries: Entries) -> None:
    k = next(k for k, (i, _p) in enumerate(entries) if i.filename.startswith("tai-lieu/"))
    info, payload = entries[k]
    entries[k] = (info, bytes([payload[0] ^ 1]) + payload[1:])


def _drop_file(entries: Entries) -> None:
    del entries[next(k for k, (i, _p) in enumerate(entries) if i.filename == "bao-cao.pdf")]


def _lie_about_size(entries: Entries) -> None:
    _i, m = _manifest(entries)
    m["files"][0]["size"] += 1000
    _set_manifest(entries, m)


def _newer_format(entries: Entries) -> None:
    _i, m = _manifest(entries)
    m["format_version"] = 99
    _set_manifest(entries, m)


def _bad_assessment(entries: Entries) -> None:
    """A self-assessment on the province's index with a negative score."""
    _i, m = _manifest(entries)
    m["data"]["index_assessments"] = [
        {"framework": "CCHC_XA", "year": 2025, "scores": [{"code": "3.2", "max": 4, "score": -3, "leaf": True}]}
    ]
    _set_manifest(entries, m)


def _duplicate(entries: Entries) -> None:
    info, payload = next((i, p) for i, p in entries if i.filename == "bao-cao.pdf")
    entries.append((zipfile.ZipInfo(info.filename), payload))


HOSTILE: list[tuple[str, Callable[..., None], str]] = [
    ("path-traversal", _add("../../ngoai.txt", b"x"), "ra ngoài gói"),
    ("absolute-path", _add("/etc/cchc.txt", b"x"), "tuyệt đối"),
    ("windows-drive", _add("C:/Windows/x.txt", b"x"), "tuyệt đối"),
    ("zip-bomb", _add("tai-lieu/bom.bin", b"\0" * (8 << 20), method=zipfile.ZIP_DEFLATED), "zip bom"),
    ("tampered-file", _tamper, "SHA-256 không khớp"),
    ("missing-file", _drop_file, "thiếu tệp «bao-cao.pdf»"),
    ("extra-file", _add("tai-lieu/them.exe", b"MZ", listed=False), "tệp lạ"),
    ("duplicate-entry", _duplicate, "trùng lặp"),
    ("nfd-name", _add(unicodedata.normalize("NFD", "tai-lieu/ảnh.jpg"), b"x"), "NFC"),
    ("300-char-name", _add("tai-lieu/" + "a" * 300 + ".pdf", b"x"), "dài quá"),
    ("size-lie", _lie_about_size, "manifest ghi"),
    ("newer-format", _newer_format, "phiên bản ứng dụng mới hơn"),
    ("negative-index-score", _bad_assessment, "bảng tự chấm bộ chỉ số"),
]
