"""What a parsed workbook looks like before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.records import PlanFields

# Column roles, in the order a header text is tested against them (most specific first).
ROLES = ("code", "lead", "partners", "deadline", "output", "note", "criterion", "agencies", "content")
ROLE_LABELS = {
    "code": "STT / mã",
    "criterion": "Lĩnh vực / tiêu chí",
    "content": "Nội dung nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "deadline": "Thời gian",
    "output": "Sản phẩm / kết quả",
    "note": "Ghi chú",
    "agencies": "Cơ quan thực hiện (chủ trì và phối hợp chung một cột)",
}


# Names of the columns for `cchc import-plan --columns "ma=A,noi_dung=B,…"` (ASCII, as typed on a console).
COLUMN_NAMES = {
    "ma": "code",
    "tieu_chi": "criterion",
    "noi_dung": "content",
    "chu_tri": "lead",
    "phoi_hop": "partners",
    "co_quan": "agencies",
    "thoi_han": "deadline",
    "san_pham": "output",
    "ghi_chu": "note",
}


@dataclass(frozen=True)
class Skip:
    sheet: str
    row: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "reason": self.reason}


@dataclass
class ParsedTask:
    sheet: str
    row: int
    code: str
    section: str
    criterion_text: str
    content: str
    lead: str
    partners: str
    deadline_text: str
    output: str
    note: str
    framework: str | None = None  # the index its section names, in a plan covering several


@dataclass
class SheetOptions:
    """What the user chose in the preview for one sheet; None means "as detected"."""

    mapping: dict[str, int] | None = None
    framework: str | None = None
    include: bool = True


@dataclass
class ParsedSheet:
    name: str
    framework: str | None
    mapping: dict[str, int]
    header_rows: list[int]
    columns: list[str]  # header text per column, for the mapping editor
    tasks: list[ParsedTask] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    title_rows: list[str] = field(default_factory=list)
    include: bool = True
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ParsedPlan:
    file_name: str
    file_sha256: str
    meta: PlanFields
    sheets: list[ParsedSheet]
    year_inferred: bool = True
    warnings: list[str] = field(default_factory=list)  # what the user must know before importing
    source_format: str = "xlsx"
    converted: dict[str, int] = field(default_factory=dict)  # legacy-encoded cells turned into Unicode

    @property
    def tasks(self) -> list[ParsedTask]:
        return [t for s in self.sheets if s.include for t in s.tasks]

    @property
    def all_warnings(self) -> list[str]:
        return [*self.warnings, *(f"Trang «{s.name}»: {w}" for s in self.sheets if s.include for w in s.warnings)]

    @property
    def skipped(self) -> list[Skip]:
        return [k for s in self.sheets if s.include for k in s.skipped]
