"""Index frameworks (PAR INDEX, SIPAS, PAPI) shipped as data files, one folder per year."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Criterion, Framework
from desktop.core.resources import resources_dir
from desktop.core.text import fold, nfc


@dataclass(frozen=True)
class CatalogFile:
    path: Path
    code: str
    year: int


def catalog_files(root: Path | None = None) -> list[CatalogFile]:
    base = (root or resources_dir()) / "catalogs"
    found = []
    for path in sorted(base.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append(CatalogFile(path, str(data["code"]), int(data["year"])))
    return found


def load_catalogs(session: Session, root: Path | None = None) -> int:
    """Bring the DB up to the shipped catalogs. Adds and renames; never deletes (tasks link to them)."""
    changed = 0
    for cf in catalog_files(root):
        raw = cf.path.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        fw = session.scalars(select(Framework).where(Framework.code == cf.code, Framework.year == cf.year)).first()
        if fw is not None and fw.catalog_sha256 == sha:
            continue
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        if fw is None:
            fw = Framework(code=cf.code, year=cf.year, name="")
            session.add(fw)
        fw.name = nfc(data["name"])
        fw.max_score = data.get("max_score")
        fw.source = nfc(data.get("source", ""))
        fw.catalog_sha256 = sha
        session.flush()
        existing = {c.code: c for c in session.scalars(select(Criterion).where(Criterion.framework_id == fw.id))}
        _upsert_criteria(session, fw, existing, data["criteria"])
        changed += 1
    return changed


def _upsert_criteria(
    session: Session, fw: Framework, existing: dict[str, Criterion], roots: list[dict[str, Any]]
) -> None:
    position = 0

    def walk(nodes: list[dict[str, Any]], parent: Criterion | None) -> None:
        nonlocal position
        for node in nodes:
            position += 1
            crit = existing.get(node["code"])
            if crit is None:
                crit = Criterion(framework_id=fw.id, code=node["code"], name="")
                session.add(crit)
            crit.name = nfc(node["name"])
            crit.parent = parent
            crit.max_score = node.get("max_score")
            crit.self_assessed_max = node.get("self_assessed_max")
            crit.survey_max = node.get("survey_max")
            crit.position = position
            session.flush()
            walk(node.get("children", []), crit)

    walk(roots, None)


def frameworks(session: Session, year: int | None = None) -> list[Framework]:
    q = select(Framework).order_by(Framework.year.desc(), Framework.code)
    if year is not None:
        q = q.where(Framework.year == year)
    return list(session.scalars(q))


def framework_for(session: Session, code: str, year: int | None) -> Framework | None:
    """The framework of that index for the year, else the nearest earlier year, else the latest."""
    rows = list(session.scalars(select(Framework).where(Framework.code == code)))
    if not rows:
        return None
    if year is not None:
        earlier = [f for f in rows if f.year <= year]
        if earlier:
            return max(earlier, key=lambda f: f.year)
    return max(rows, key=lambda f: f.year)


class CriterionIndex:
    """Finds catalog criteria of one framework by code or by name."""

    def __init__(self, session: Session, framework: Framework) -> None:
        crits = list(session.scalars(select(Criterion).where(Criterion.framework_id == framework.id)))
        self.by_code = {c.code: c for c in crits}
        self.by_name = {fold(c.name): c for c in crits}

    def by_code_or_parent(self, code: str) -> Criterion | None:
        parts = code.split(".")
        while parts:
            crit = self.by_code.get(".".join(parts))
            if crit is not None:
                return crit
            parts.pop()
        return None

    def by_text(self, text: str) -> Criterion | None:
        return self.by_name.get(fold(nfc(text))) if text else None


def field_names(session: Session) -> dict[tuple[str, str], str]:
    """Each index's lĩnh vực (its top-level criteria) by (index code, lĩnh vực code), named as in the
    latest catalog year that has it."""
    names: dict[tuple[str, str], str] = {}
    for fw in sorted(frameworks(session), key=lambda f: f.year):  # a later year's name wins
        for c in fw.criteria:
            if c.parent_id is None:
                names[(fw.code, c.code)] = c.name
    return names


def catalog_listing(session: Session) -> list[dict[str, object]]:
    """Every framework with its criteria, as plain values (the CLI's `catalog --json`)."""
    return [
        {
            "code": fw.code,
            "year": fw.year,
            "name": fw.name,
            "max_score": fw.max_score,
            "criteria": [
                {
                    "code": c.code,
                    "name": c.name,
                    "max_score": c.max_score,
                    "parent": c.parent.code if c.parent else None,
                }
                for c in fw.criteria
            ],
        }
        for fw in frameworks(session)
    ]


@dataclass(frozen=True)
class CatalogCriterion:
    code: str
    name: str
    max_score: float | None
    self_assessed_max: float | None
    survey_max: float | None
    parent_code: str | None


@dataclass(frozen=True)
class CatalogFramework:
    code: str
    name: str
    year: int
    max_score: float | None
    source: str
    criteria: tuple[CatalogCriterion, ...]


def catalog_tree(session: Session) -> list[CatalogFramework]:
    """Every framework with its criteria as plain records (the Chỉ số page), newest year first."""
    return [
        CatalogFramework(
            code=fw.code,
            name=fw.name,
            year=fw.year,
            max_score=fw.max_score,
            source=fw.source or "",
            criteria=tuple(
                CatalogCriterion(
                    code=c.code,
                    name=c.name,
                    max_score=c.max_score,
                    self_assessed_max=c.self_assessed_max,
                    survey_max=c.survey_max,
                    parent_code=c.parent.code if c.parent else None,
                )
                for c in fw.criteria
            ),
        )
        for fw in frameworks(session)
    ]


def top_fields(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Each index's lĩnh vực (code, name) in its latest catalog year: the task page's lĩnh vực filter."""
    fields: dict[str, list[tuple[str, str]]] = {}
    for fw in frameworks(session):  # newest year first: the first seen wins
        if fw.code not in fields:
            fields[fw.code] = [(c.code, c.name) for c in fw.criteria if c.parent_id is None]
    return fields
