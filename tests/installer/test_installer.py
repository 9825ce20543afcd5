"""The installer pieces that can be checked on any OS: the Inno Setup template, the spec's version, the
Vietnamese messages, portable mode, and that start-up leaves the heavy modules unloaded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.core import paths
from installer import build
from installer.inno import INSTALLER_DIR, FileType, fill, missing_files

ROOT = Path(__file__).resolve().parents[2]


def fake_build(root: Path) -> Path:
    """The layout PyInstaller's one-folder build leaves on Windows."""
    app = root / "cchc-desk"
    (app / "_internal" / "resources").mkdir(parents=True)
    for name in (
        "cchc-desk.exe",
        "cchc.exe",
        "Huong-dan-su-dung.pdf",
        "_internal/python311.dll",
        "_internal/resources/x.json",
    ):
        (app / name).write_bytes(b"MZ")
    return app


def test_the_filled_template_installs_exactly_what_the_build_holds(tmp_path: Path) -> None:
    app = fake_build(tmp_path)
    script = fill(__version__, app, tmp_path)
    assert "@" not in re.sub(r"[\w.+-]+@[\w.-]+", "", script.split("[Setup]", 1)[1])  # every field filled
    assert f'#define AppVersion "{__version__}"' in script
    assert "PrivilegesRequired=lowest" in script and "{autodesktop}" in script and "{autoprograms}" in script
    assert 'Name: "vi"' in script and "ChangesAssociations=yes" in script and "\\.cchcplan" in script
    assert missing_files(script) == []


def test_a_file_missing_from_the_build_is_named(tmp_path: Path) -> None:
    app = fake_build(tmp_path)
    (app / "cchc.exe").unlink()
    problems = missing_files(fill(__version__, app, tmp_path))
    assert len(problems) == 1 and problems[0].endswith("cchc.exe")
    for f in (app / "_internal").rglob("*"):
        if f.is_file():
            f.unlink()
    assert any("no file matches" in p for p in missing_files(fill(__version__, app, tmp_path)))


def test_no_file_types_means_no_association_change(tmp_path: Path) -> None:
    script = fill(__version__, fake_build(tmp_path), tmp_path, types=())
    assert "ChangesAssociations=no" in script and missing_files(script) == []


def test_an_unfilled_field_is_reported() -> None:
    assert missing_files('#define AppVersion "@VERSION@"\n') == ["unfilled field @VERSION@"]


def test_file_types_become_per_user_associations(tmp_path: Path) -> None:
    app = fake_build(tmp_path)
    plan = FileType(".cchcplan", "CCHC.PlanPackage", "Gói kế hoạch CCHC")
    script = fill(__version__, app, tmp_path, types=(plan,))
    assert "ChangesAssociations=yes" in script
    assert 'Root: HKA; Subkey: "Software\\Classes\\.cchcplan"; ValueType: string; ValueName: ""; ' in script
    assert '"""{app}\\{#AppExe}"" ""%1"""' in script
    assert missing_files(script) == []


def test_vietnamese_messages_cover_what_the_script_asks_for() -> None:
    raw = (INSTALLER_DIR / "Vietnamese.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with a BOM
    text = raw.decode("utf-8-sig")
    assert "LanguageID=$042A" in text
    custom = text.split("[CustomMessages]", 1)[1]
    template = (INSTALLER_DIR / "cchc.iss.in").read_text("utf-8")
    for name in set(re.findall(r"\{cm:(\w+)", template)):
        assert re.search(rf"^{name}=\S", custom, re.MULTILINE), name
    assert "Dữ liệu của bạn" in text  # uninstalling says the data stays


def test_spec_build_script_and_package_agree_on_the_version() -> None:
    spec = (INSTALLER_DIR / "cchc.spec").read_text("utf-8")
    assert 'desktop" / "__init__.py"' in spec and "__version__" in spec
    assert build.version() == __version__
    assert build.PORTABLE_MARKER == paths.PORTABLE_MARKER


def test_a_marker_beside_the_frozen_executable_keeps_the_data_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "usb" / "cchc-desk.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    assert paths.portable_dir() is None
    assert paths.resolve_data_dir() != exe.parent / "data"
    (exe.parent / paths.PORTABLE_MARKER).write_text(build.PORTABLE_TEXT, encoding="utf-8")
    assert paths.resolve_data_dir() == exe.parent / "data"
    assert paths.resolve_data_dir(tmp_path / "khac") == tmp_path / "khac"  # --data-dir still wins


def test_start_up_leaves_excel_pdf_and_image_libraries_unloaded(tmp_path: Path) -> None:
    cchc = str(Path(sys.executable).with_name("cchc"))
    data = tmp_path / "data"
    for args in (["init", "--agency", "UBND xã Hòa An", "--level", "xa"], ["import-sample"]):
        assert subprocess.run([cchc, "--data-dir", str(data), *args], capture_output=True).returncode == 0
    code = (
        "import sys\n"
        "from desktop.app import main\n"
        f"rc = main(['--data-dir', {str(data)!r}, '--self-test'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'reportlab', 'PIL', 'defusedxml'})\n"
        "print('heavy', heavy, 'rc', rc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    assert "self-test ok" in out and "heavy [] rc 0" in out, out


def test_the_icon_carries_every_size_windows_asks_for() -> None:
    from PIL import Image

    with Image.open(INSTALLER_DIR / "cchc.ico") as ico:
        sizes = set(ico.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
