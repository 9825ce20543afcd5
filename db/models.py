"""Typed SQLAlchemy 2 models. English names; the glossary in DESIGN.md maps the Vietnamese terms."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.enums import AgencyLevel, FrameworkOrigin, PlanOrigin


def new_uuid() -> str:
    return str(uuid.uuid4())


def local_now() -> datetime:
    """This machine's wall-clock time. SQLite keeps it without its offset, so it reads back as local time."""
    return datetime.now().astimezone().replace(microsecond=0)


class Base(DeclarativeBase):
    pass


AGENCY_LEVELS = tuple(AgencyLevel)


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(300))
    match_key: Mapped[str] = mapped_column(String(300), index=True)
    level: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    # The register of reporting agencies: who is expected to report to this focal point.
    unit_code: Mapped[str | None] = mapped_column(String(10))  # the statistics office's code of a commune/ward
    registered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    parent: Mapped[Agency | None] = relationship(remote_side=[id])


class AgencyAlias(Base):
    """A name as written in some plan, remembered as meaning one agency or one generic group."""

    __tablename__ = "agency_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_key: Mapped[str] = mapped_column(String(300), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    group_code: Mapped[str | None] = mapped_column(String(20))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped[Agency | None] = relationship()


class Profile(Base):
    """Who uses this data directory: one row."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    focal_person: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    province_code: Mapped[str | None] = mapped_column(String(4))  # the province whose communes report here
    # Who signs the agency's documents («Người ký»): not the focal person, who prepares them.
    signer_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signer_position: Mapped[str] = mapped_column(String(200), default="", server_default="")  # PHÓ CHỦ TỊCH
    signer_authority: Mapped[str] = mapped_column(String(200), default="", server_default="")  # KT. CHỦ TỊCH

    agency: Mapped[Agency] = relationship()


class Framework(Base):
    __tablename__ = "framework"
    __table_args__ = (UniqueConstraint("code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    max_score: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    catalog_sha256: Mapped[str] = mapped_column(String(64), default="")
    # A province's own index (Bộ Chỉ số CCHC cấp sở / cấp xã): its level; None for the national indices.
    level: Mapped[str | None] = mapped_column(String(10))
    origin: Mapped[str] = mapped_column(String(10), default=FrameworkOrigin.CATALOG, server_default="catalog")
    fingerprint: Mapped[str] = mapped_column(String(64), default="", server_default="")  # of its normalised content
    # The province's classification bands: [{"name": "Xuất sắc", "min": 90.0}, …], highest first.
    classes: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)

    criteria: Mapped[list[Criterion]] = relationship(back_populates="framework", order_by="Criterion.position")


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criterion.id"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(Text)
    max_score: Mapped[float | None] = mapped_column(Float)
    self_assessed_max: Mapped[float | None] = mapped_column(Float)
    survey_max: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
    rule: Mapped[str] = mapped_column(Text, default="", server_default="")  # how it is scored, as written
    evidence_required: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A rule that is a table of bands: [{"low", "high", "low_open", "high_open", "points", "text"}], else None.
    bands: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    survey: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # points from the survey

    framework: Mapped[Framework] = relationship(back_populates="criteria")
    parent: Mapped[Criterion | None] = relationship(remote_side=[id])


class Target(Base):
    """Last year's result and this year's target for one criterion (seed 000's target table)."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("criterion_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    year: Mapped[int] = mapped_column(Integer)
    previous_score: Mapped[float | None] = mapped_column(Float)
    previous_rank: Mapped[str | None] = mapped_column(String(20))
    planned_increase: Mapped[float | None] = mapped_column(Float)
    target_score: Mapped[float | None] = mapped_column(Float)


class ImportRecord(Base):
    __tablename__ = "import_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    task_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    number: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    issuer: Mapped[str] = mapped_column(String(300), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    period_text: Mapped[str] = mapped_column(String(200), default="")
    parent_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    owner_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    # Identity (desktop/core/plan_identity.py): the key it was first known by, never changed afterwards.
    key: Mapped[str | None] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    origin: Mapped[str] = mapped_column(String(10), default=PlanOrigin.IMPORTED)

    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", order_by="Task.position", cascade="all, delete-orphan"
    )
    parent_plan: Mapped[Plan | None] = relationship(remote_side=[id])


class PlanKey(Base):
    """Every key a plan answers to: by number, by content, the number of an amendment, a sender's key."""

    __tablename__ = "plan_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)


class PlanVersion(Base):
    """One version of a plan as imported: the document it came from and what changed against the previous."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    added: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)


class Task(Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    parent_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"))
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(50), default="")
    section: Mapped[str] = mapped_column(Text, default="")
    criterion_text: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    lead_text: Mapped[str] = mapped_column(Text, default="")
    partners_text: Mapped[str] = mapped_column(Text, default="")
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    deadline_kind: Mapped[str] = mapped_column(String(20), default="none")
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    milestones: Mapped[list[str]] = mapped_column(JSON, default=list)
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    expected_output: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source_sheet: Mapped[str] = mapped_column(String(200), default="")
    source_row: Mapped[int | None] = mapped_column(Integer)
    # Identity: appendix|code (see plan_identity.task_keys) and the fingerprint of the text, with every
    # fingerprint it has had, so a bundle made against an older version is still recognised.
    key: Mapped[str] = mapped_column(String(200), default="", index=True)
    fingerprint: Mapped[str] = mapped_column(String(16), default="", index=True)
    past_fingerprints: Mapped[list[str]] = mapped_column(JSON, default=list)
    removed_in: Mapped[int | None] = mapped_column(Integer)  # the plan version that dropped it: read-only

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    parent_task: Mapped[Task | None] = relationship(remote_side=[id])
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", order_by="Assignment.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list[Criterion]] = relationship(secondary="task_criterion")


class Assignment(Base):
    """One addressee of a task as written, with what it was matched to (an agency or a group)."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # "lead" | "partner"
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_as_written: Mapped[str] = mapped_column(Text)
    match_key: Mapped[str] = mapped_column(String(300), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    group_code: Mapped[str | None] = mapped_column(String(20))

    task: Mapped[Task] = relationship(back_populates="assignments")
    agency: Mapped[Agency | None] = relationship()


class TaskCriterion(Base):
    __tablename__ = "task_criterion"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), primary_key=True)


class ReportingPeriod(Base):
    """A reporting period (kỳ báo cáo): its data window and the date the report is due."""

    __tablename__ = "reporting_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # "2025-Q1", "2025-H1", "2025-DX1"
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # Q1 H1 Q3 Y Q2 Q4 ADHOC
    name: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)


class ProgressEntry(Base):
    """What was done on one task in one period. Every change is kept in the audit log."""

    __tablename__ = "progress_entry"
    __table_args__ = (UniqueConstraint("task_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text, default="")
    measured_value: Mapped[str] = mapped_column(String(100), default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    updated_by: Mapped[str] = mapped_column(String(200), default="")


class Evidence(Base):
    """A stored file (evidence/<sha256[:2]>/<sha256>) and the document it is (tài liệu kiểm chứng)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(500))
    doc_type: Mapped[str] = mapped_column(String(10), default="khac")
    number: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    proves_date: Mapped[date | None] = mapped_column(Date)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    added_by: Mapped[str] = mapped_column(String(200), default="")

    links: Mapped[list[EvidenceLink]] = relationship(back_populates="evidence")


class EvidenceLink(Base):
    """Evidence attached to a task or to a criterion (exactly one of the two), with an optional note."""

    __tablename__ = "evidence_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int | None] = mapped_column(ForeignKey("criterion.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)

    evidence: Mapped[Evidence] = relationship(back_populates="links")


class Score(Base):
    """The agency's self-score (tự chấm điểm) on one criterion; the criterion fixes framework and year."""

    __tablename__ = "score"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), unique=True)
    value: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    measured: Mapped[str] = mapped_column(String(100), default="", server_default="")  # the value a band scored


class SurveyPoint(Base):
    """At the Sở: the sociological survey's points for one agency on one survey criterion of a province index."""

    __tablename__ = "survey_point"
    __table_args__ = (UniqueConstraint("framework_id", "agency_key", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    agency_key: Mapped[str] = mapped_column(String(300))
    agency_name: Mapped[str] = mapped_column(String(300))
    criterion_code: Mapped[str] = mapped_column(String(30))
    points: Mapped[float] = mapped_column(Float)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)


class AuditEntry(Base):
    """Who changed what, when: old → new per field. No foreign keys, so history outlives what it describes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    entity: Mapped[str] = mapped_column(String(20))  # task progress evidence link score target period
    entity_id: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))  # create update delete link unlink
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, list[object]]] = mapped_column(JSON, default=dict)
    # A deletion: every row it removed, to undo it; a restore: {"restores": the deletion's id}.
    snapshot: Mapped[dict[str, object] | None] = mapped_column(JSON)


_VIEW_COLUMNS = "period_code status agency_name received_at bundle_uuid task_count done_count evidence_count signature"


class Submission(Base):
    """A report bundle received at a focal point, kept at `folder` (inbox/<bundle_uuid>.zip, or a folder); a newer
    bundle from the same agency and period supersedes it, and it stays as history."""

    __tablename__ = "submission"
    # An agency's bundles of a period (superseding, appraisals): without it SQLite walked the whole period's
    # bundles for each one received, thousands at a national period.
    __table_args__ = (
        Index("ix_submission_agency_period", "agency_key", "period_code"),
        # Everything the submissions view reads, so it never touches the rows: each row holds its task list,
        # and reading the columns stored after it walked that list's overflow pages (50 ms for 4,000 bundles).
        Index("ix_submission_period_view", *_VIEW_COLUMNS.split()),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    agency_name: Mapped[str] = mapped_column(String(300))
    agency_key: Mapped[str] = mapped_column(String(300), index=True)  # folded name, to match the directory
    period_code: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[str] = mapped_column(String(40))  # as the sender's clock wrote it (ISO 8601)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    # The report PDF's signature as checked on receipt (status, signer, organisation, signed_at, reason).
    signature: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # The self-assessments on the province's own index a yearly bundle carried (data.index_assessments), kept
    # so the ranking never re-reads thousands of manifests.
    assessments: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    # Counted from `tasks` on receipt, so the submissions view of thousands of agencies reads no JSON.
    task_count: Mapped[int | None] = mapped_column(Integer)
    done_count: Mapped[int | None] = mapped_column(Integer)
    evidence_count: Mapped[int | None] = mapped_column(Integer)  # tasks with evidence
    # The criteria it self-scored without evidence ({framework, code, score}), and its task entries carry their
    # result, difficulties and proposals: the consolidated report reads no manifest. None: received before 0009.
    criterion_gaps: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="current")  # current | superseded
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"))
    folder: Mapped[str] = mapped_column(String(300))  # relative to the data directory
    tasks: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)  # uuid, code, status, percent …


class ReportText(Base):
    """What the user edited in a report before export (number, recipients, signer, narrative), kept per period
    and kind so the next export starts from it."""

    __tablename__ = "report_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # consolidated
    texts: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now, onupdate=local_now)

    __table_args__ = (UniqueConstraint("period_code", "kind"),)


class Appraisal(Base):
    """At a focal point: its appraisal (thẩm định) of one agency's report for one period, item by item."""

    __tablename__ = "appraisal"
    __table_args__ = (UniqueConstraint("agency_key", "period_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_key: Mapped[str] = mapped_column(String(300))
    agency_name: Mapped[str] = mapped_column(String(300))
    period_code: Mapped[str] = mapped_column(String(20))
    bundle_uuid: Mapped[str] = mapped_column(String(36))  # the bundle appraised
    framework: Mapped[str] = mapped_column(String(20), default="")
    general_comment: Mapped[str] = mapped_column(Text, default="")
    # "criterion:1.3.1" / "task:<uuid>" → {"code", "score", "evidence": accepted|rejected|None, "comment"}
    items: Mapped[dict[str, dict[str, object]]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now, onupdate=local_now)


class ReceivedAppraisal(Base):
    """At an agency: an appraisal package received from its focal point; a newer one supersedes, kept as history."""

    __tablename__ = "appraisal_received"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    period_code: Mapped[str] = mapped_column(String(20), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[str] = mapped_column(String(40))  # as the focal point's clock wrote it
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=local_now)
    status: Mapped[str] = mapped_column(String(12), default="current")  # current | superseded
    framework: Mapped[str] = mapped_column(String(20), default="")
    general_comment: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
