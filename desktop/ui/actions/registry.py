"""Every user action by id: its menu text and shortcut here, its handler in one of the action modules.

Menus are built from `ACTIONS` when the window is made (before the database layer is loaded); the handlers
are bound once the data directory is open. A handler is a function taking an `ActionContext` (the state and
a parent widget for dialogs) and the action's arguments; it never sees the main window. Pages and menus
reach handlers by `ActionId`, so a renamed or missing handler is a type error or a test failure, never a
silent no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop.ui.state import AppState


class ActionId(StrEnum):
    # Tệp
    IMPORT_PLAN = "plan.import"
    OPEN_SAMPLE = "plan.sample"
    NEW_PLAN = "plan.new"
    IMPORT_PACKAGE = "plan.import_package"
    EXPORT_PACKAGE = "plan.export_package"
    IMPORT_INDEX = "index.import"
    IMPORT_INDEX_PACKAGE = "index.import_package"
    EXPORT_INDEX_PACKAGE = "index.export_package"
    QUIT = "app.quit"
    # Sửa
    UNDO = "edit.undo"
    DELETED_ITEMS = "edit.deleted"
    # Cơ quan
    MY_AGENCY = "agency.mine"
    MATCH_NAMES = "agency.match_names"
    REASSIGN_DISTRICT = "agency.reassign_district"
    REGISTER = "agency.register"
    # Báo cáo
    PERIODS = "report.periods"
    EXPORT_BUNDLE = "report.export"
    VERIFY_BUNDLE = "report.verify"
    RECEIVE_BUNDLES = "report.receive"
    CONSOLIDATED_REPORT = "report.consolidated"
    REMIND = "report.remind"
    IMPORT_APPRAISAL = "report.import_appraisal"
    SIGNING = "report.signing"
    IMPORT_SURVEY = "index.survey"
    PRINT = "report.print"  # the report of the page in front of the user (the window chooses which)
    # Dữ liệu
    BACKUP = "data.backup"
    BACKUP_TO = "data.backup_to"
    RESTORE = "data.restore"
    CHECK_DATA = "data.check"
    CLEAN_FILES = "data.clean"
    # Trợ giúp
    HELP = "help.guide"  # the guide's page for the page in front of the user (the window chooses which)
    ABOUT = "help.about"
    # From the pages (no menu entry)
    IMPORT_FILES = "plan.import_files"
    EDIT_PLAN = "plan.edit"
    DELETE_PLAN = "plan.delete"
    CASCADE_PLAN = "plan.cascade"
    ADD_TASK = "task.add"
    EDIT_TASK = "task.edit"
    EDIT_PROGRESS = "task.progress"
    ADD_TASK_EVIDENCE = "task.add_evidence"
    UNLINK_EVIDENCE = "task.unlink_evidence"
    TASK_HISTORY = "task.history"
    OPEN_EVIDENCE = "evidence.open"
    ADD_EVIDENCE = "evidence.add"
    EDIT_EVIDENCE = "evidence.edit"
    DELETE_EVIDENCE = "evidence.delete"
    DELETE_PROGRESS = "task.delete_progress"
    SAVE_SCORE = "score.save"
    DELETE_SCORE = "score.delete"
    CRITERION_EVIDENCE = "score.add_evidence"
    EDIT_TARGET = "score.target"
    INDEX_NOTES = "score.index_notes"
    EDIT_CLASSES = "index.classes"
    EXPORT_RANKING = "index.export_ranking"
    SHOW_AGENCY = "received.agency"
    APPRAISE = "received.appraise"
    PRINT_REPORT = "report.print_kind"  # a given report (PrintKind), with texts as edited or the defaults
    OPEN_FILE = "app.open_file"  # a file the app was started with (a double-clicked package or bundle)


UNDO_TEXT = "Hoàn tác"


class Menu(StrEnum):
    FILE = "&Tệp"
    EDIT = "&Sửa"
    AGENCY = "&Cơ quan"
    REPORT = "&Báo cáo"
    DATA = "&Dữ liệu"
    HELP = "Trợ &giúp"


class Shortcut(StrEnum):
    """A platform's standard key for an action, by the name of its `QKeySequence.StandardKey`: that enum (70
    members) is made when the shortcuts are bound, after the first window shows."""

    OPEN = "Open"
    NEW = "New"
    QUIT = "Quit"
    UNDO = "Undo"
    PRINT = "Print"
    HELP = "HelpContents"


class ActionSpec(NamedTuple):  # a NamedTuple, as the state's records: made before the window shows
    id: ActionId
    text: str
    menu: Menu
    shortcut: Shortcut | None = None
    separator_before: bool = False


# Menu entries in the order they are shown.
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.IMPORT_PLAN, "Nhập kế hoạch từ Excel…", Menu.FILE, Shortcut.OPEN),
    ActionSpec(ActionId.OPEN_SAMPLE, "Mở kế hoạch mẫu", Menu.FILE),
    ActionSpec(ActionId.NEW_PLAN, "Tạo kế hoạch…", Menu.FILE, Shortcut.NEW),
    ActionSpec(ActionId.IMPORT_PACKAGE, "Nhập gói kế hoạch (.cchcplan)…", Menu.FILE),
    ActionSpec(ActionId.EXPORT_PACKAGE, "Xuất gói kế hoạch cho đơn vị (.cchcplan)…", Menu.FILE),
    ActionSpec(ActionId.IMPORT_INDEX, "Nhập Bộ Chỉ số CCHC của tỉnh…", Menu.FILE, separator_before=True),
    ActionSpec(ActionId.IMPORT_INDEX_PACKAGE, "Nhận gói bộ chỉ số (.cchcindex)…", Menu.FILE),
    ActionSpec(ActionId.EXPORT_INDEX_PACKAGE, "Xuất gói bộ chỉ số cho đơn vị (.cchcindex)…", Menu.FILE),
    ActionSpec(ActionId.QUIT, "Thoát", Menu.FILE, Shortcut.QUIT, separator_before=True),
    ActionSpec(ActionId.UNDO, UNDO_TEXT, Menu.EDIT, Shortcut.UNDO),
    ActionSpec(ActionId.DELETED_ITEMS, "Mục đã xoá…", Menu.EDIT),
    ActionSpec(ActionId.MY_AGENCY, "Cơ quan của tôi…", Menu.AGENCY),
    ActionSpec(ActionId.MATCH_NAMES, "Đối chiếu tên cơ quan trong kế hoạch…", Menu.AGENCY),
    ActionSpec(ActionId.REASSIGN_DISTRICT, "Chuyển việc cấp huyện cho cấp xã…", Menu.AGENCY),
    ActionSpec(ActionId.REGISTER, "Danh sách đơn vị phải báo cáo…", Menu.AGENCY),
    ActionSpec(ActionId.PERIODS, "Kỳ báo cáo…", Menu.REPORT),
    ActionSpec(ActionId.EXPORT_BUNDLE, "Xuất gói báo cáo…", Menu.REPORT, separator_before=True),
    ActionSpec(ActionId.VERIFY_BUNDLE, "Kiểm tra gói báo cáo…", Menu.REPORT),
    ActionSpec(ActionId.RECEIVE_BUNDLES, "Tiếp nhận gói báo cáo của đơn vị…", Menu.REPORT),
    ActionSpec(ActionId.CONSOLIDATED_REPORT, "Lập báo cáo tổng hợp…", Menu.REPORT),
    ActionSpec(ActionId.REMIND, "Công văn đôn đốc đơn vị chưa nộp…", Menu.REPORT),
    ActionSpec(ActionId.IMPORT_APPRAISAL, "Nhận kết quả thẩm định (.cchcappraisal)…", Menu.REPORT),
    ActionSpec(ActionId.IMPORT_SURVEY, "Nhập điểm điều tra xã hội học…", Menu.REPORT),
    ActionSpec(ActionId.SIGNING, "Chữ ký số…", Menu.REPORT),
    ActionSpec(ActionId.PRINT, "In báo cáo…", Menu.REPORT, Shortcut.PRINT, separator_before=True),
    ActionSpec(ActionId.BACKUP, "Sao lưu ngay", Menu.DATA),
    ActionSpec(ActionId.BACKUP_TO, "Sao lưu ra tệp (USB)…", Menu.DATA),
    ActionSpec(ActionId.RESTORE, "Khôi phục…", Menu.DATA),
    ActionSpec(ActionId.CHECK_DATA, "Kiểm tra dữ liệu", Menu.DATA),
    ActionSpec(ActionId.CLEAN_FILES, "Dọn tệp không dùng…", Menu.DATA),
    ActionSpec(ActionId.HELP, "Hướng dẫn sử dụng", Menu.HELP, Shortcut.HELP),
    ActionSpec(ActionId.ABOUT, "Giới thiệu", Menu.HELP),
)
SPECS = {spec.id: spec for spec in ACTIONS}


class ActionContext(NamedTuple):
    """What a handler may use: the state (data, the op runner, signals to the pages), a parent for its
    dialogs, and the registry to hand over to another action."""

    state: AppState
    parent: QWidget
    registry: Registry


Handler = Callable[..., None]


class HandlerTable(dict[ActionId, Handler]):
    """An action module's handlers; `@table.handles(ActionId.X)` registers one."""

    def handles(self, action_id: ActionId) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            if action_id in self:
                raise ValueError(f"two handlers for {action_id}")
            self[action_id] = fn
            return fn

        return register


class Registry:
    def __init__(self, state: AppState, parent: QWidget) -> None:
        self.context = ActionContext(state=state, parent=parent, registry=self)
        self._handlers: dict[ActionId, Handler] = {}
        self._qactions: dict[ActionId, QAction] = {}
        self._entries: dict[QMenu, list[ActionSpec]] = {}  # each menu's entries, in order
        self._unfilled: set[QMenu] = set()  # menus not opened yet

    def bind(self, tables: Iterable[Mapping[ActionId, Handler]]) -> None:
        for table in tables:
            for action_id, handler in table.items():
                if action_id in self._handlers and self._handlers[action_id] is not handler:
                    raise ValueError(f"two handlers for {action_id}")
                self._handlers[action_id] = handler

    def unbind_data_actions(self, keep: Iterable[ActionId]) -> None:
        """The data directory closed (a restore): only `keep` (quit, about) still does something."""
        kept = set(keep)
        self._handlers = {k: v for k, v in self._handlers.items() if k in kept}

    def is_bound(self, action_id: ActionId) -> bool:
        return action_id in self._handlers

    def trigger(self, action_id: ActionId, *args: Any) -> None:
        """Run an action; before the data directory is open, data actions do nothing."""
        handler = self._handlers.get(action_id)
        if handler is not None:
            handler(self.context, *args)

    def slot(self, action_id: ActionId) -> Callable[..., None]:
        """A slot for a page's signal: its arguments become the action's arguments."""
        return lambda *args: self.trigger(action_id, *args)

    def action(self, action_id: ActionId) -> QAction:
        """The action's QAction, made the first time it is needed: a menu opened, a shortcut bound."""
        action = self._qactions.get(action_id)
        if action is None:
            from PySide6.QtGui import QAction

            spec = SPECS[action_id]
            action = QAction(spec.text, self.context.parent)
            action.setObjectName(action_id.value)
            action.triggered.connect(lambda _checked=False, i=action_id: self.trigger(i))
            self._qactions[action_id] = action
        return action

    @property
    def qactions(self) -> dict[ActionId, QAction]:
        """Every menu entry, each menu filled (for a check of the whole set)."""
        for menu in list(self._unfilled):
            self._fill(menu)
        return dict(self._qactions)

    def bind_shortcuts(self, specs: Iterable[ActionSpec] = ACTIONS) -> None:
        """The menus' keyboard shortcuts, once the window has shown: setting the first one makes PySide create
        every enum of the Qt namespace (15 ms), which nothing on the first screen needs. Each such action is put on
        the window too, so that its key works before its menu was ever opened."""
        from PySide6.QtGui import QKeySequence

        for spec in specs:
            if spec.shortcut is None:
                continue
            action = self.action(spec.id)
            if action.shortcut().isEmpty():
                action.setShortcut(QKeySequence(QKeySequence.StandardKey[spec.shortcut.value]))
                self.context.parent.addAction(action)

    def build_menus(self, menubar: QMenuBar, specs: Iterable[ActionSpec] = ACTIONS) -> None:
        """The menu bar's titles now; each menu's entries when it first opens (32 actions made before the first
        window cost 4 ms)."""
        titles: dict[Menu, QMenu] = {}
        for spec in specs:
            if spec.menu not in titles:
                titles[spec.menu] = menu = menubar.addMenu(spec.menu.value)
                self._entries[menu] = []
                menu.aboutToShow.connect(lambda m=menu: self._fill(m))
            self._entries[titles[spec.menu]].append(spec)
        self._unfilled = set(self._entries)

    def _fill(self, menu: QMenu) -> None:
        if menu not in self._unfilled:
            return
        self._unfilled.discard(menu)
        for spec in self._entries[menu]:
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(self.action(spec.id))
