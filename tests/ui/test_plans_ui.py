"""Plans by hand, tasks by hand, a cascade to units and a name correction, all through the dialogs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.ui.dialogs.cascade_dialog import COL_PICK, CascadeDialog
from desktop.ui.dialogs.matching_dialog import MatchingDialog
from desktop.ui.dialogs.plan_dialog import PlanDialog
from desktop.ui.dialogs.task_dialog import TaskDialog
from tests.ui.conftest import Messages, ModalDriver, menu_action, type_text
from tests.ui.test_main_window import import_sample, ok


def test_plan_and_task_entered_by_hand(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    window = make_window(commune_store)

    def fill_plan(d: PlanDialog) -> None:
        qtbot.keyClicks(d.form.number, "12/KH-UBND")
        type_text(d.form.title, "Kế hoạch cải cách hành chính năm 2025 của xã")
        d.form.year.setValue(2025)
        ok(d)

    modal.on(PlanDialog, fill_plan)
    qtbot.mouseClick(window.plans_page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.plans_page.model.rowCount() == 1 and not window.ops.busy, timeout=10000)
    plan = window.plans_page.model.row_at(0)
    assert plan.number == "12/KH-UBND" and plan.issuer == "UBND xã Hòa An" and plan.year == 2025
    assert window.plans_page.current_plan() is not None  # the new plan is selected

    hints: list[str] = []

    def fill_task(d: TaskDialog) -> None:
        qtbot.keyClicks(d.code, "1")
        type_text(d.content, "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa")
        type_text(d.lead, "UBND xã Hòa An")
        type_text(d.deadline, "Quý III và năm")
        hints.append(d.deadline_hint.text())
        d.criterion.setCurrentIndex(d.criterion.findText("PAR INDEX 2025 · 3.2.2", Qt.MatchFlag.MatchStartsWith))
        ok(d)

    modal.on(TaskDialog, fill_task)
    window.nav.setCurrentRow(1)
    window.tasks_page.show_plan(plan.id)
    qtbot.mouseClick(window.tasks_page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tasks_page.model.rowCount() == 1 and not window.ops.busy, timeout=10000)
    assert hints == ["Hiểu là: Theo quý; hạn 31/12/2025"]
    row = window.tasks_page.model.row_at(0)
    assert (row.code, row.my_role, row.criterion_code) == ("1", "lead", "3.2.2")
    assert messages.seen == []


def test_department_cascades_to_its_units(
    store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    with store.session() as s:
        set_my_agency(s, "Sở Tư pháp", "so")
    window = make_window(store)
    import_sample(window, qtbot, modal)
    window.plans_page.table.selectRow(0)
    picked: list[int] = []

    def assign(d: CascadeDialog) -> None:
        d.only_mine.setChecked(False)
        d.only_mine.setChecked(True)  # back to "only mine": the department's own tasks are ticked
        for r in range(d.table.rowCount()):
            if d.table.item(r, COL_PICK).checkState() == Qt.CheckState.Checked:
                picked.append(r)
                d.set_unit(r, "Phòng Hành chính tư pháp" if r % 2 else "Văn phòng Sở")
        type_text(d.form.number, "45/KH-STP")
        d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    modal.on(CascadeDialog, assign)
    qtbot.mouseClick(window.plans_page.cascade_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.plans_page.model.rowCount() == 2 and not window.ops.busy, timeout=20000)
    rows = {r.number: r for r in (window.plans_page.model.row_at(i) for i in range(2))}
    own = rows["45/KH-STP"]
    assert own.task_count == len(picked) > 10
    assert own.parent_label.startswith("Kế hoạch duy trì")
    window.tasks_page.show_plan(own.id)
    leads = {window.tasks_page.proxy.row_at(i).lead for i in range(window.tasks_page.proxy.rowCount())}
    assert leads == {("Văn phòng Sở",), ("Phòng Hành chính tư pháp",)}
    assert all(window.tasks_page.proxy.row_at(i).parent_task_id for i in range(window.tasks_page.proxy.rowCount()))


def test_correcting_a_name_changes_what_i_see(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    window = make_window(commune_store)
    import_sample(window, qtbot, modal)
    assert window.tasks_page.count_label.text() == "112 / 124 nhiệm vụ"
    statuses: list[str] = []

    def correct(d: MatchingDialog) -> None:
        assert d.select_name("Các đơn vị được kiểm tra")
        d.target.setCurrentIndex(d.target.findData("group:xa"))
        qtbot.mouseClick(d.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(d.status.text()), timeout=10000)  # saved off the UI thread
        statuses.append(d.status.text())
        d.accept()

    modal.on(MatchingDialog, correct)
    menu_action(window, "Cơ quan", "Đối chiếu tên cơ quan trong kế hoạch…").trigger()
    qtbot.waitUntil(lambda: not window.ops.busy and window.tasks_page.model.rowCount() == 124, timeout=20000)
    qtbot.waitUntil(lambda: window.tasks_page.count_label.text() == "113 / 124 nhiệm vụ", timeout=10000)
    assert statuses and statuses[0].startswith("Đã lưu:")
