"""Domain values stored in the database, spelled once."""

from __future__ import annotations

from enum import StrEnum


class PlanOrigin(StrEnum):
    IMPORTED = "import"  # from the appendix file (xlsx) or the sample
    PACKAGE = "package"  # from a .cchcplan sent down by a focal point
    OWN = "own"  # typed in or cascaded by this agency
    LEARNED = "bundle"  # learned from a received bundle; importing the real plan merges into it


class Status(StrEnum):
    """Where a task stands in a reporting period (ProgressEntry.status)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DONE_LATE = "done_late"
    CANNOT = "cannot"


class Role(StrEnum):
    """What an addressee does for a task (Assignment.role)."""

    LEAD = "lead"  # cơ quan chủ trì
    PARTNER = "partner"  # cơ quan phối hợp


class AgencyLevel(StrEnum):
    """Agency.level. `huyen` only appears in plans issued before the two-tier reform of 1/7/2025; `khac` is for
    addressees outside the hierarchy we track (enterprises, villages, police units)."""

    PROVINCE = "tinh"
    DEPARTMENT = "so"
    DISTRICT = "huyen"
    COMMUNE = "xa"
    UNIT = "phong"
    OTHER = "khac"


class FrameworkCode(StrEnum):
    """The national indices (Framework.code)."""

    PAR_INDEX = "PAR_INDEX"
    SIPAS = "SIPAS"
    PAPI = "PAPI"


class FrameworkOrigin(StrEnum):
    """Where a framework came from (Framework.origin)."""

    CATALOG = "catalog"  # shipped with the app (the national indices)
    IMPORTED = "import"  # a province's criteria set read from its xlsx or docx
    PACKAGE = "package"  # a province's criteria set sent down by the Sở as a package


class IndexLevel(StrEnum):
    """Whom a province's own index scores (Framework.level); its framework code follows from it."""

    DEPARTMENT = "so"  # các sở, ban, ngành
    COMMUNE = "xa"  # UBND cấp xã

    @property
    def framework_code(self) -> str:
        return f"CCHC_{self.value.upper()}"


class AuditEntity(StrEnum):
    """What an audit entry is about (AuditEntry.entity)."""

    TASK = "task"
    PROGRESS = "progress"
    EVIDENCE = "evidence"
    LINK = "link"
    SCORE = "score"
    TARGET = "target"
    PERIOD = "period"
    PLAN = "plan"


class AuditAction(StrEnum):
    """What was done (AuditEntry.action). A deletion keeps the whole rows it removed in AuditEntry.snapshot,
    and a restore names the deletion it undid there."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LINK = "link"
    UNLINK = "unlink"
    RESTORE = "restore"
