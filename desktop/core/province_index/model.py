"""What a province's criteria set file says, before it is stored: plain records, no database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from db.enums import IndexLevel
from desktop.core.bands import Band
from desktop.core.text import natural_code_key

YEARS = range(2000, 2101)  # the years a criteria set may be for


@dataclass(frozen=True)
class ParsedCriterion:
    code: str  # 1 / 1.1 / 1.1.1
    name: str
    max_score: float | None  # None only for a parent whose maximum is the sum of its children
    rule: str = ""
    evidence_required: str = ""
    survey: bool = False  # its points come from the sociological survey, not from the agency
    bands: tuple[Band, ...] = ()
    row: int = 0  # 1-based row in the file (0 from a package)

    @property
    def parent_code(self) -> str | None:
        head, sep, _ = self.code.rpartition(".")
        return head if sep else None

    @property
    def depth(self) -> int:
        return self.code.count(".")

    def identity(self) -> dict[str, object]:
        """What the criterion is, for the set's fingerprint: the same whether read from xlsx, docx or a package."""
        return {
            "code": self.code,
            "name": " ".join(self.name.split()),
            "max": self.max_score,
            "rule": " ".join(self.rule.split()),
            "evidence": " ".join(self.evidence_required.split()),
            "survey": self.survey,
        }


@dataclass(frozen=True)
class SkippedRow:
    row: int
    text: str
    reason: str


@dataclass(frozen=True)
class SumProblem:
    code: str  # "" for the whole set against its «Tổng cộng» row
    declared: float
    summed: float


@dataclass
class ParsedIndex:
    file_name: str
    level: IndexLevel
    year: int
    name: str
    source: str  # the decision that issued it, as its title block says
    criteria: list[ParsedCriterion] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    declared_total: float | None = None  # the file's «Tổng cộng» row
    classes: list[dict[str, object]] = field(default_factory=list)  # from a package; else the defaults

    @property
    def code(self) -> str:
        return self.level.framework_code

    def children(self, code: str | None) -> list[ParsedCriterion]:
        return [c for c in self.criteria if c.parent_code == code]

    def leaf_codes(self) -> set[str]:
        parents = {c.parent_code for c in self.criteria}
        return {c.code for c in self.criteria if c.code not in parents}

    @property
    def max_total(self) -> float:
        return round(sum(c.max_score or 0.0 for c in self.children(None)), 4)

    def sum_problems(self) -> list[SumProblem]:
        """Parents whose maximum is not the sum of their children's, and the set against its declared total."""
        problems = []
        for c in self.criteria:
            kids = self.children(c.code)
            if kids and c.max_score is not None:
                summed = round(sum(k.max_score or 0.0 for k in kids), 4)
                if abs(summed - c.max_score) > 1e-6:
                    problems.append(SumProblem(c.code, c.max_score, summed))
        if self.declared_total is not None and abs(self.declared_total - self.max_total) > 1e-6:
            problems.append(SumProblem("", self.declared_total, self.max_total))
        return problems

    def fingerprint(self) -> str:
        body = {
            "level": self.level.value,
            "year": self.year,
            "criteria": [c.identity() for c in sorted(self.criteria, key=lambda c: natural_code_key(c.code))],
        }
        return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
