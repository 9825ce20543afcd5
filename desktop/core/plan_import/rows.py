"""Reading the body of an appendix table: sections, parent criteria, tasks, continuations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop.core.agency_names import section_agency
from desktop.core.plan_import.meta import detect_framework
from desktop.core.plan_import.model import ParsedTask, Skip
from desktop.core.plan_import.workbook import CellValue
from desktop.core.text import fold

_NUMERIC = re.compile(r"^\d{1,3}(\.\d{1,3})*$")
_LETTER = re.compile(r"^[A-ZĐ]$")
# Any Roman numeral (XVI, XVII, XL…); single letters other than I, V, X are section letters (A, B, C, D…).
_ROMAN = re.compile(r"^(?=[IVXLC]{2,}$|[IVX]$)(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# «XVI. UBND CÁC XÃ, PHƯỜNG», «PHẦN II - CHỈ SỐ SIPAS», «A. NHIỆM VỤ CHUNG» typed in the text column.
_SECTION_IN_TEXT = re.compile(r"^(?:PHẦN\s+|Phần\s+)?([IVXLC]+|[A-ZĐ])\s*[.)\-–:]\s*(\S.*)$", re.S)
_BULLET = re.compile(r"^[-+*•–]$")
_OTHER_CODE = re.compile(r"^([a-zđ]|\d{1,3}[a-zđ]?)\)?$")  # "a)", "2a", "3)"
FIELDS = ("criterion", "content", "lead", "partners", "deadline", "output", "note")
INHERITED = ("lead", "partners", "deadline", "output")


def normalise_code(raw: CellValue, text: str) -> tuple[str, str | None]:
    """(code, problem). Excel turns "1.3.1" into a date in some locales; we refuse to guess back."""
    if isinstance(raw, (datetime, date)):
        return "", "Ô STT bị Excel đổi thành ngày tháng; hãy định dạng cột STT là Văn bản (Text) rồi gõ lại mã."
    code = text.strip().rstrip(".").strip()
    code = re.sub(r"\s*\.\s*", ".", code)
    if _BULLET.match(code):
        return "", None
    return code, None


def code_kind(code: str) -> str:
    if not code:
        return "none"
    if _NUMERIC.match(code):
        return "numeric"
    if _ROMAN.match(code):
        return "roman"
    if _LETTER.match(code):
        return "letter"
    if _OTHER_CODE.match(code):
        return "other"
    return "bad"


@dataclass
class BodyRow:
    row: int  # 1-based Excel row number
    code: str
    kind: str
    values: dict[str, str]
    problem: str | None = None

    def has(self, *names: str) -> bool:
        return any(self.values.get(n) for n in names)


@dataclass
class Group:
    code: str
    kind: str
    title: str
    defaults: dict[str, str] = field(default_factory=dict)


def _depth(code: str) -> int:
    return code.count(".") + 1


def _is_parent(code: str, next_code: str | None) -> bool:
    return bool(next_code) and code_kind(code) == "numeric" and str(next_code).startswith(code + ".")


class BodyParser:
    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.tasks: list[ParsedTask] = []
        self.skipped: list[Skip] = []
        self.stack: list[Group] = []
        self._last_task: ParsedTask | None = None
        # The index a Roman or lettered section names («II. CHỈ SỐ SIPAS») holds until another section names
        # one: sub-sections (A, B, II…) inside it do not name it again.
        self.framework: str | None = None

    def feed(self, rows: list[BodyRow]) -> None:
        coded = [r for r in rows if r.code]
        next_code: dict[int, str | None] = {}
        for i, r in enumerate(coded):
            next_code[r.row] = coded[i + 1].code if i + 1 < len(coded) else None
        for r in rows:
            self._one(r, next_code.get(r.row))

    def _skip(self, r: BodyRow, reason: str) -> None:
        self.skipped.append(Skip(self.sheet, r.row, reason))

    def _one(self, r: BodyRow, next_code: str | None) -> None:
        if r.problem:
            self._skip(r, r.problem)
            return
        title = r.values.get("criterion") or r.values.get("content") or ""
        if r.kind == "bad":
            self._skip(r, f"Mã «{r.code}» không đúng dạng (ví dụ hợp lệ: 1, 1.3, 1.3.1, A, II).")
            return
        if r.kind in ("letter", "roman"):
            self._open_group(r, title)
            return
        if r.kind in ("numeric", "other"):
            if not title:
                self._skip(r, "Dòng có mã nhưng không có tên tiêu chí hay nội dung nhiệm vụ.")
                return
            parent = _is_parent(r.code, next_code)
            if parent:
                self._open_group(r, title)
                # A parent criterion row may carry a task of its own.
                if r.values.get("content") and r.values.get("criterion") and r.has("lead", "deadline"):
                    self._add_task(r)
                return
            self._close_groups_for(r.code)
            self._add_task(r)
            return
        # No code.
        section = _SECTION_IN_TEXT.match(title) if not r.has("lead", "partners", "deadline", "output") else None
        if section is not None and code_kind(section.group(1)) in ("roman", "letter"):
            code = section.group(1)
            self._open_group(BodyRow(r.row, code, code_kind(code), r.values), section.group(2).strip())
            return
        if r.values.get("content") and r.has("lead", "deadline"):
            self._add_task(r)
        elif self._last_task is not None and r.has(*FIELDS):
            self._continue_task(r)
        elif title and not r.has("lead", "partners", "deadline", "output"):
            return  # a label such as "CÁC TRỤC NỘI DUNG": structure, not a task
        else:
            self._skip(r, "Không hiểu dòng này: không có mã, không có nội dung nhiệm vụ.")

    def _close_groups_for(self, code: str) -> None:
        # Numeric groups end when a code outside them appears; letter/roman groups end at the next one.
        if code_kind(code) != "numeric":
            return
        while (
            self.stack
            and self.stack[-1].kind in ("numeric", "other")
            and not code.startswith(self.stack[-1].code + ".")
        ):
            self.stack.pop()

    def _open_group(self, r: BodyRow, title: str) -> None:
        order = {"letter": 0, "roman": 1}
        if r.kind in order:
            self.stack = [g for g in self.stack if g.kind in order and order[g.kind] < order[r.kind]]
        else:
            self._close_groups_for(r.code)
        defaults = {k: r.values[k] for k in INHERITED if r.values.get(k)}
        if r.kind in ("roman", "letter"):
            self.framework = detect_framework([title]) or self.framework
        if "lead" not in defaults and r.kind in ("roman", "letter"):
            agency = section_agency(title)  # «XVI. UBND CÁC XÃ, PHƯỜNG»: the tasks below are theirs
            if agency:
                defaults["lead"] = agency
        self.stack.append(Group(r.code, r.kind, title, defaults))
        self._last_task = None

    def _full_code(self, code: str) -> str:
        prefix = [g.code for g in self.stack if g.kind in ("letter", "roman")]
        if code and prefix and code_kind(code) == "numeric":
            return ".".join([*prefix, code])
        return code

    def _add_task(self, r: BodyRow) -> None:
        v = dict(r.values)
        for key in INHERITED:
            if not v.get(key):
                for g in reversed(self.stack):
                    if g.defaults.get(key):
                        v[key] = g.defaults[key]
                        break
        content = v.get("content") or v.get("criterion") or ""
        criterion = v.get("criterion", "") if v.get("content") else ""
        task = ParsedTask(
            sheet=self.sheet,
            row=r.row,
            code=self._full_code(r.code),
            section=" › ".join(f"{g.code}. {g.title}" for g in self.stack),
            criterion_text=criterion,
            content=content,
            lead=v.get("lead", ""),
            partners=v.get("partners", ""),
            deadline_text=v.get("deadline", ""),
            output=v.get("output", ""),
            note=v.get("note", ""),
            framework=self.framework,
        )
        self.tasks.append(task)
        self._last_task = task

    def _continue_task(self, r: BodyRow) -> None:
        """A row without a code after a task: text that spilled over a page break."""
        t = self._last_task
        assert t is not None
        pairs = (
            ("criterion", "criterion_text"),
            ("content", "content"),
            ("lead", "lead"),
            ("partners", "partners"),
            ("deadline", "deadline_text"),
            ("output", "output"),
            ("note", "note"),
        )
        for src, attr in pairs:
            extra = r.values.get(src)
            current = getattr(t, attr)
            # A merged cell spread into a spacer row repeats what the task already has.
            if extra and extra not in current:
                sep = "\n" if src in ("lead", "partners") or fold(extra).startswith("-") else " "
                setattr(t, attr, f"{current}{sep}{extra}" if current else extra)
