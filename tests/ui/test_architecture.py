"""The GUI's house rules, checked on the code: the database only from op-runner jobs, actions by id only."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from db.store import Store
from desktop.ui.actions.registry import ACTIONS, ActionId

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"


def _calls_outside_jobs(tree: ast.AST) -> list[int]:
    """Lines of `.session(...)` calls not inside a function named `work` (what the op runner runs)."""
    found: list[int] = []

    def visit(node: ast.AST, in_job: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_job = in_job or node.name == "work"
        is_session = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "session"
        if is_session and not in_job:
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_job)

    visit(tree, False)
    return found


def test_the_gui_opens_database_sessions_only_in_op_runner_jobs() -> None:
    offenders = {
        str(path.relative_to(UI)): lines
        for path in sorted(UI.rglob("*.py"))
        if (lines := _calls_outside_jobs(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_check_catches_a_session_on_the_ui_thread() -> None:
    code = "def slot(store):\n    with store.session() as s:\n        pass\n\ndef run(store):\n    def work(p, c):\n"
    code += "        with store.session() as s:\n            pass\n"
    assert _calls_outside_jobs(ast.parse(code)) == [2]


def test_no_slot_is_looked_up_by_name() -> None:
    for path in [UI / "main_window.py", *sorted((UI / "actions").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        assert "getattr" not in names, path.name


def test_every_action_has_a_handler_once_the_data_is_open(sample_store: Store, make_window: Any) -> None:
    window = make_window(sample_store)
    assert [a for a in ActionId if not window.registry.is_bound(a)] == []
    assert {spec.id for spec in ACTIONS} <= set(window.registry.qactions)
    assert window.registry.qactions[ActionId.IMPORT_PLAN].objectName() == "plan.import"
