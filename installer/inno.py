"""Filling the Inno Setup template and checking that every file it installs exists in the build output."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

INSTALLER_DIR = Path(__file__).resolve().parent
TEMPLATE = INSTALLER_DIR / "cchc.iss.in"
_FIELD = re.compile(r"@([A-Z_]+)@")
_DEFINE = re.compile(r'^#define\s+(\w+)\s+"([^"]*)"', re.MULTILINE)
_SOURCE = re.compile(r'^Source:\s*"([^"]+)"', re.MULTILINE)
_MESSAGES = re.compile(r'MessagesFile:\s*"([^"]+)"')
_ICON = re.compile(r"^SetupIconFile=(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class FileType:
    """A document type the installer registers for the user (HKCU), opened by the GUI."""

    extension: str  # ".cchcplan"
    prog_id: str
    description: str


# Plan packages open in the app (it imports them). Report bundles are plain .zip files, left to the system.
FILE_TYPES: tuple[FileType, ...] = (FileType(".cchcplan", "CCHCDesk.PlanPackage", "Gói kế hoạch CCHC"),)


def _registry_lines(types: tuple[FileType, ...]) -> str:
    if not types:
        return "; (chưa có loại tệp riêng nào để gắn với ứng dụng)"
    lines = []
    for t in types:
        root = 'Root: HKA; Subkey: "Software\\Classes'
        lines += [
            f'{root}\\{t.extension}"; ValueType: string; ValueName: ""; ValueData: "{t.prog_id}"; '
            "Flags: uninsdeletevalue",
            f'{root}\\{t.prog_id}"; ValueType: string; ValueName: ""; ValueData: "{t.description}"; '
            "Flags: uninsdeletekey",
            f'{root}\\{t.prog_id}\\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{{app}}\\{{#AppExe}},0"',
            f'{root}\\{t.prog_id}\\shell\\open\\command"; ValueType: string; ValueName: ""; '
            'ValueData: """{app}\\{#AppExe}"" ""%1"""',
        ]
    return "\n".join(lines)


def fill(
    version: str,
    build_dir: Path,
    output_dir: Path,
    types: tuple[FileType, ...] = FILE_TYPES,
    exe_suffix: str = ".exe",
) -> str:
    """The template with every @FIELD@ filled; paths are written the Windows way. `exe_suffix` is "" only to
    check the script against a build made on Linux or macOS."""
    values = {
        "VERSION": version,
        "EXE": exe_suffix,
        "BUILD_DIR": str(PureWindowsPath(build_dir)),
        "OUTPUT_DIR": str(PureWindowsPath(output_dir)),
        "INSTALLER_DIR": str(PureWindowsPath(INSTALLER_DIR)),
        "ASSOCIATIONS": _registry_lines(types),
        "CHANGES_ASSOCIATIONS": "yes" if types else "no",
    }
    text = TEMPLATE.read_text("utf-8")
    unknown = set(_FIELD.findall(text)) - set(values)
    if unknown:
        raise ValueError(f"template fields without a value: {sorted(unknown)}")
    return _FIELD.sub(lambda m: values[m.group(1)], text)


def _local(path_text: str) -> Path:
    """A filled-in Windows path back as a local path (the check also runs on a Linux build in CI)."""
    if os.name == "nt":
        return Path(path_text)
    parts = PureWindowsPath(path_text).parts
    if parts and parts[0] == "\\":
        return Path("/", *parts[1:])
    return Path(*parts)


def missing_files(script: str) -> list[str]:
    """Every `Source:` of the filled script that matches nothing, and any field left unfilled."""
    problems = [f"unfilled field @{name}@" for name in _FIELD.findall(script)]
    defines = dict(_DEFINE.findall(script))

    def expand(text: str) -> str:
        return re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), text)

    for source in _SOURCE.findall(script):
        path_text = expand(source)
        if "{#" in path_text:
            problems.append(f"unknown define in {source}")
            continue
        local = _local(path_text)
        if "*" in local.name:  # with recursesubdirs: any file at any depth below
            if not any(p.is_file() for p in local.parent.rglob(local.name)):
                problems.append(f"no file matches {path_text}")
        elif not local.is_file():
            problems.append(f"missing {path_text}")
    for icon in _ICON.findall(script):
        if not _local(icon.strip()).is_file():
            problems.append(f"missing setup icon {icon.strip()}")
    for files in _MESSAGES.findall(script):
        for item in files.split(","):
            if not item.startswith("compiler:") and not _local(item).is_file():
                problems.append(f"missing messages file {item}")
    return problems
