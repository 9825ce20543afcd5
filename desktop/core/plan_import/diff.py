"""What changes when a plan arrives again: tasks added, removed, changed (text, lead, partners, deadline…).

Pure: the incoming tasks (with their keys and fingerprints) against a snapshot of the stored ones. A file speaks
only for the appendices it holds: PL02 imported alone never removes PL01's tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop.core.plan_identity import appendix_of, fingerprint, task_keys
from desktop.core.plan_import.model import ParsedPlan, ParsedTask


class TaskField(StrEnum):
    CODE = "code"
    CONTENT = "content"
    LEAD = "lead"
    PARTNERS = "partners"
    DEADLINE = "deadline_text"
    OUTPUT = "output"
    CRITERION = "criterion_text"


FIELD_LABELS = {
    TaskField.CODE: "mã",
    TaskField.CONTENT: "nội dung",
    TaskField.LEAD: "chủ trì",
    TaskField.PARTNERS: "phối hợp",
    TaskField.DEADLINE: "thời hạn",
    TaskField.OUTPUT: "sản phẩm",
    TaskField.CRITERION: "tiêu chí",
}


@dataclass(frozen=True)
class Incoming:
    task: ParsedTask
    framework: str | None
    appendix: str
    key: str
    fingerprint: str

    def value(self, f: TaskField) -> str:
        t = self.task
        return {
            TaskField.CODE: t.code,
            TaskField.CONTENT: t.content,
            TaskField.LEAD: t.lead,
            TaskField.PARTNERS: t.partners,
            TaskField.DEADLINE: t.deadline_text,
            TaskField.OUTPUT: t.output,
            TaskField.CRITERION: t.criterion_text,
        }[f]


@dataclass(frozen=True)
class Stored:
    """A stored task as the diff sees it."""

    id: int
    appendix: str
    key: str
    fingerprint: str
    past_fingerprints: tuple[str, ...]
    removed: bool
    values: dict[TaskField, str]


@dataclass
class Change:
    stored: Stored
    incoming: Incoming
    fields: dict[TaskField, tuple[str, str]]  # field → (old, new)
    restored: bool = False  # a task an earlier version had dropped comes back

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.incoming.task.code,
            "old_code": self.stored.values[TaskField.CODE],
            "restored": self.restored,
            "fields": {str(f): {"old": old, "new": new} for f, (old, new) in self.fields.items()},
        }


@dataclass
class PlanDiff:
    same: list[tuple[Stored, Incoming]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    added: list[Incoming] = field(default_factory=list)
    removed: list[Stored] = field(default_factory=list)
    new_appendices: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.removed)

    @property
    def amends(self) -> bool:
        """Anything beyond whole new appendices changes the plan: a new version."""
        in_new = set(self.new_appendices)
        return bool(self.changed or self.removed or any(i.appendix not in in_new for i in self.added))

    def as_json(self) -> dict[str, object]:
        return {
            "added": [{"code": i.task.code, "content": i.task.content} for i in self.added],
            "removed": [
                {"code": s.values[TaskField.CODE], "content": s.values[TaskField.CONTENT]} for s in self.removed
            ],
            "changed": [c.as_json() for c in self.changed],
            "unchanged": len(self.same),
            "new_appendices": list(self.new_appendices),
        }

    def summary(self) -> str:
        """One Vietnamese line: «thêm 2, bỏ 1, sửa 3 nhiệm vụ»."""
        parts = []
        if self.added:
            parts.append(f"thêm {len(self.added)}")
        if self.removed:
            parts.append(f"bỏ {len(self.removed)}")
        if self.changed:
            parts.append(f"sửa {len(self.changed)}")
        return (", ".join(parts) + " nhiệm vụ") if parts else "không thay đổi nhiệm vụ nào"


def incoming_tasks(parsed: ParsedPlan) -> list[Incoming]:
    sheet_frameworks = {s.name: s.framework for s in parsed.sheets}
    tasks = parsed.tasks
    # A section naming an index (a plan covering PAR INDEX, SIPAS and PAPI on one sheet) wins over the sheet's.
    frameworks = [t.framework or sheet_frameworks.get(t.sheet) for t in tasks]
    appendices = [appendix_of(t.sheet, f) for t, f in zip(tasks, frameworks, strict=True)]
    fps = [fingerprint(t.content) for t in tasks]
    keys = task_keys(zip(appendices, (t.code for t in tasks), fps, strict=True))
    return [Incoming(t, f, a, k, fp) for t, f, a, k, fp in zip(tasks, frameworks, appendices, keys, fps, strict=True)]


def diff_plan(stored: list[Stored], incoming: list[Incoming]) -> PlanDiff:
    """Match in passes: same key and text; same text under another code (renumbered); same key, new text.
    Then tasks an earlier version dropped may come back. What is left is added, or removed."""
    speaks_for = {i.appendix for i in incoming}
    known_appendices = {s.appendix for s in stored}
    live = [s for s in stored if not s.removed and s.appendix in speaks_for]
    dropped = [s for s in stored if s.removed and s.appendix in speaks_for]
    result = PlanDiff(new_appendices=sorted(speaks_for - known_appendices))
    pairs: list[tuple[Stored, Incoming, bool]] = []
    left = list(incoming)
    for pool, restored in ((live, False), (dropped, True)):
        for same_key, same_text in ((True, True), (False, True), (True, False)):
            left, pool = _match(left, pool, same_key, same_text, pairs, restored)
        if not restored:
            result.removed = pool
    result.added = left
    for s, i, restored in pairs:
        fields = {f: (s.values[f], i.value(f)) for f in TaskField if s.values[f] != i.value(f)}
        if fields or restored or s.key != i.key:
            result.changed.append(Change(s, i, fields, restored))
        else:
            result.same.append((s, i))
    return result


def _match(
    incoming: list[Incoming],
    pool: list[Stored],
    same_key: bool,
    same_text: bool,
    pairs: list[tuple[Stored, Incoming, bool]],
    restored: bool,
) -> tuple[list[Incoming], list[Stored]]:
    def ident(s: Stored | Incoming) -> tuple[str, ...]:
        out: tuple[str, ...] = (s.appendix,)
        if same_key:
            out += (s.key,)
        if same_text:
            out += (s.fingerprint,)
        return out

    by_ident: dict[tuple[str, ...], list[Stored]] = {}
    for s in pool:
        by_ident.setdefault(ident(s), []).append(s)
    unmatched = []
    taken: set[int] = set()
    for i in incoming:
        candidates = by_ident.get(ident(i))
        if candidates:
            s = candidates.pop(0)
            taken.add(s.id)
            pairs.append((s, i, restored))
        else:
            unmatched.append(i)
    return unmatched, [s for s in pool if s.id not in taken]


def diff_lines(diff: PlanDiff, limit: int = 200) -> list[str]:
    """The diff as lines a person reads: «Thêm 1.8: …», «Bỏ 1.7: …», «Sửa 1.4 (chủ trì): A → B»."""
    lines = [f"Thêm {i.task.code or '(không mã)'}: {_short(i.task.content)}" for i in diff.added]
    lines += [
        f"Bỏ {s.values[TaskField.CODE] or '(không mã)'}: {_short(s.values[TaskField.CONTENT])}" for s in diff.removed
    ]
    for c in diff.changed:
        if c.restored:
            lines.append(f"Khôi phục {c.incoming.task.code}: {_short(c.incoming.task.content)}")
        for f, (old, new) in c.fields.items():
            before, after = _around_change(old, new)
            code = c.stored.values[TaskField.CODE] or c.incoming.task.code
            lines.append(f"Sửa {code} ({FIELD_LABELS[f]}): {before} → {after}")
    if diff.new_appendices:
        lines.append("Phụ lục mới: " + ", ".join(diff.new_appendices))
    return lines[:limit] + ([f"… và {len(lines) - limit} thay đổi khác"] if len(lines) > limit else [])


def _short(text: str, n: int = 90) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


def _around_change(old: str, new: str, n: int = 60) -> tuple[str, str]:
    """Both texts cut to where they differ, so a change at the end of a long text shows."""
    a, b = " ".join(old.split()), " ".join(new.split())
    same = 0
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    start = max(same - 20, 0)
    lead = "…" if start else ""
    return _short(lead + a[start:], n) or "(trống)", _short(lead + b[start:], n) or "(trống)"
