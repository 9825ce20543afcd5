"""Nothing a user sees is in English, shows a database id or an ISO date, or (in the window) names a command-line
option. The strings given to errors, message boxes, labels, buttons, tooltips, titles, menus, table headers and
status lines are read from the source; the CLI's help of every command, its errors and `--version` are read from
the real `cchc`."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from tests.cli.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
# Calls whose arguments a user reads: which positional arguments, and the keywords.
SHOWN_ARGS: dict[str, tuple[int, ...]] = {
    "UserError": (0,),
    "StoreError": (0,),
    "DestinationError": (0,),
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "QLabel": (0,),
    "QPushButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QAction": (0,),
    "QProgressDialog": (0, 1),
    "setText": (0,),
    "setToolTip": (0,),
    "setPlaceholderText": (0,),
    "setWindowTitle": (0,),
    "setLabelText": (0,),
    "setStatusTip": (0,),
    "setHorizontalHeaderLabels": (0,),
    "addRow": (0,),
    "addItem": (0,),
    "addItems": (0,),
    "addTab": (1,),
    "addMenu": (0,),
    "say": (0,),
    "showMessage": (0,),
    "ActionSpec": (1,),
    "ok_cancel": (1,),
    "setHtml": (0,),
    "out": (0,),
}
SHOWN_KEYWORDS = {"help", "description", "title", "text", "message", "reason"}
NOT_SHOWN_RECEIVERS = {"log", "logger", "logging", "warnings"}
ENGLISH = frozenset(
    """the and for with from this that not found invalid error errors please select cancel yes save open delete
    warning failed unknown none true false task tasks plan plans bundle bundles file files folder name value values
    period periods agency agencies score scores evidence progress status report reports received receive missing
    data database row rows column columns sheet sheets item items id ids key keys path paths option options usage
    show exit command commands argument arguments required optional default choose choice must should cannot could
    would will list set get add edit remove update new old done more less than then when where which what who why
    how all any some each every one only also just into over under after before between during without within
    about above below other another same such own here there these those import export check verify restore backup
    version loading saving busy unexpected internal traceback exception""".split()  # noqa: SIM905
)
# Names a user meets as they are: formats, programs, indices, units.
TECHNICAL = {"PDF", "Excel", "Word", "USB", "CCHC", "JSON", "ZIP", "zip", "PAR", "INDEX", "SIPAS", "PAPI", "MB", "GB"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DB_ID = re.compile(r"(?<![A-Za-z])#(?:\{\}|\d+)")  # not a standard's name (PKCS#11)
OPTION = re.compile(r"--[a-z][a-z-]+")


@dataclass(frozen=True)
class Shown:
    where: str
    text: str


def _literal(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue):
                iso = any(isinstance(n, ast.Attribute) and n.attr == "isoformat" for n in ast.walk(v.value))
                parts.append("ISOFORMAT" if iso else "{}")
        return ["".join(parts)]
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) + _literal(node.orelse)
    if isinstance(node, (ast.Tuple, ast.List)):
        return [t for e in node.elts for t in _literal(e)]
    return []


def shown_strings(package: Path) -> list[Shown]:
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            receiver = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if receiver in NOT_SHOWN_RECEIVERS:
                continue
            args = [node.args[i] for i in SHOWN_ARGS.get(name, ()) if i < len(node.args)]
            args += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found += [Shown(where, text) for arg in args for text in _literal(arg)]
    return found


def english(text: str) -> list[str]:
    text = OPTION.sub("", text)
    text = re.sub(r"«[^»]*»", "", text)  # a quoted command, a quoted name: as the user types or reads it
    text = re.sub(r"\bCCHC_[A-Z_]+", "", text)  # an environment variable's name
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() in ENGLISH and w not in TECHNICAL]


def problems(text: str, window: bool) -> list[str]:
    found = [f"English «{w}»" for w in english(text)]
    found += [f"database id «{m}»" for m in DB_ID.findall(text)]
    found += ["ISO date"] if ISO_DATE.search(text) or "ISOFORMAT" in text else []
    found += [f"option «{m}»" for m in OPTION.findall(text)] if window else []
    return found


def test_what_the_window_and_the_core_say_is_vietnamese_without_ids_dates_or_options() -> None:
    bad = []
    for package, window in ((ROOT / "desktop" / "ui", True), (ROOT / "desktop" / "core", False)):
        for shown in shown_strings(package):
            if found := problems(shown.text, window):
                bad.append(f"{shown.where}: {', '.join(found)}: {shown.text[:80]!r}")
    assert not bad, "\n".join(bad)


def test_the_scan_finds_what_it_looks_for() -> None:
    assert problems("Không tìm thấy nhiệm vụ #{}.", window=True) == ["database id «#{}»"]
    assert problems("File not found", window=True) == ["English «File»", "English «not»", "English «found»"]
    assert problems("Thêm ISOFORMAT", window=False) == ["ISO date"]
    assert problems("Hãy dùng --explain", window=True) == ["option «--explain»"]
    assert problems("Tệp PDF «cchc report --out x.pdf»", window=False) == []


def _help_texts() -> dict[str, str]:
    from desktop.cli import commands

    texts = {"--help": run("--help").stdout, "--version": run("--version").stdout}
    for name in commands():
        texts[name] = run(name, "--help").stdout
    return texts


def test_the_cli_help_version_and_errors_are_vietnamese() -> None:
    texts = _help_texts()
    for name, args in (("unknown command", ("khong-co",)), ("missing argument", ("progress", "set"))):
        proc = run(*args)
        assert proc.returncode == 2
        texts[name] = proc.stderr
    bad = {}
    for name, text in texts.items():
        # A command's own name and its option names are the CLI's contract, in English by design: the commands
        # listed in the help, «cchc …» examples, the choices an error quotes.
        text = re.sub(r"^\s+[a-z-]+\s", " ", text, flags=re.M)
        text = re.sub(r"'[a-z-]+'", "", re.sub(r"\bcchc\b(\s+[a-z-]+)*", "", text))
        words = english(text)
        if words or DB_ID.search(text) or ISO_DATE.search(text):
            bad[name] = [*words, *DB_ID.findall(text), *ISO_DATE.findall(text)]
    assert not bad, bad
    assert texts["--version"].startswith("cchc ")


def test_the_history_shows_dates_and_fields_as_a_user_reads_them() -> None:
    from desktop.ui.dialogs.history_dialog import describe_changes

    text = describe_changes(
        {"due_date": ["2025-07-15", "2025-09-30"], "sha256": ["ab" * 32, None], "new_field": [True, False]}
    )
    assert text.splitlines()[0] == "hạn: 15/07/2025 → 30/09/2025"
    assert text.splitlines()[1].endswith("→ —") and text.splitlines()[2] == "thông tin khác: có → không"
    assert not problems(text, window=True)


def test_a_bundle_replaced_says_when_the_old_one_was_made_as_a_user_reads_it() -> None:
    from desktop.core.formatting import fmt_stamp

    assert fmt_stamp("2025-10-01T09:30:00+07:00") == "09:30 ngày 01/10/2025"
    assert not problems(f"thay cho gói lập lúc {fmt_stamp('2025-10-01T09:30:00+07:00')}", window=True)
