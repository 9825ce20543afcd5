"""The agency directory: my agency, resolving names from plans, remembered corrections."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.enums import Role
from db.models import AGENCY_LEVELS, Agency, AgencyAlias, Assignment, Profile, Task
from desktop.core.admin_units import provinces
from desktop.core.agency_names import GROUPS, groups_of, infer_level, key_variants, official_spelling, split_names
from desktop.core.errors import UserError
from desktop.core.records import NameMatchRow
from desktop.core.text import nfc

FUZZY_CUTOFF = 0.88


@dataclass(frozen=True)
class Resolution:
    """What a name as written was resolved to. `how` tells the user how sure we are."""

    key: str
    agency_id: int | None
    groups: frozenset[str]
    how: str  # "alias" | "exact" | "group" | "fuzzy" | "new"


def encode_groups(groups: frozenset[str] | set[str]) -> str | None:
    # Stored as ",huyen,xa," so a LIKE '%,xa,%' finds every assignment to a group.
    return "," + ",".join(sorted(groups)) + "," if groups else None


def decode_groups(stored: str | None) -> frozenset[str]:
    return frozenset(g for g in (stored or "").split(",") if g)


class AgencyDirectory:
    """Resolves names within one session, caching what it has seen (imports resolve thousands)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._aliases = {a.match_key: a for a in session.scalars(select(AgencyAlias))}
        self._by_key: dict[str, Agency] = {}
        self._memo: dict[str, Resolution] = {}  # names repeat thousands of times in one plan
        for agency in session.scalars(select(Agency).order_by(Agency.id)):
            self._by_key.setdefault(agency.match_key, agency)

    def resolve(self, name: str, create: bool = True) -> Resolution:
        known = self._memo.get(name)
        if known is not None:
            return known
        res = self._resolve(name, create)
        if res.how != "new" or res.agency_id is not None:
            self._memo[name] = res
        return res

    def _resolve(self, name: str, create: bool) -> Resolution:
        variants = key_variants(name)
        key = variants[0]
        for k in variants:
            alias = self._aliases.get(k)
            if alias is not None:
                return Resolution(key, alias.agency_id, decode_groups(alias.group_code), "alias")
        groups = groups_of(name)
        if groups:
            return Resolution(key, None, groups, "group")
        for k in variants:
            agency = self._by_key.get(k)
            if agency is not None:
                return Resolution(key, agency.id, frozenset(), "exact")
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=FUZZY_CUTOFF)
        if close:
            agency = self._by_key[close[0]]
            # Remember the guess unconfirmed so the user sees it in the matching dialog.
            self._remember(key, agency.id, None, confirmed=False)
            return Resolution(key, agency.id, frozenset(), "fuzzy")
        if not create:
            return Resolution(key, None, frozenset(), "new")
        canonical = variants[-1]
        # The official spelling, not whichever spelling (or typo of accents) happened to come first.
        agency = Agency(name=official_spelling(name), match_key=canonical, level=infer_level(name))
        self.session.add(agency)
        self.session.flush()
        self._by_key[canonical] = agency
        return Resolution(key, agency.id, frozenset(), "new")

    def _remember(self, key: str, agency_id: int | None, groups: str | None, confirmed: bool) -> None:
        alias = self._aliases.get(key)
        if alias is None:
            alias = AgencyAlias(match_key=key)
            self.session.add(alias)
            self._aliases[key] = alias
        alias.agency_id = agency_id
        alias.group_code = groups
        alias.confirmed = confirmed


def resolve_addressees(lead_text: str, partners_text: str, directory: AgencyDirectory) -> list[dict[str, Any]]:
    """Assignment rows (as column values) for a task's lead and partner text as written."""
    rows: list[dict[str, Any]] = []
    for role, text in ((Role.LEAD, lead_text), (Role.PARTNER, partners_text)):
        for name in split_names(text):
            res = directory.resolve(name)
            rows.append(
                {
                    "role": role,
                    "position": len(rows),
                    "name_as_written": name,
                    "match_key": res.key,
                    "agency_id": res.agency_id,
                    "group_code": encode_groups(res.groups),
                }
            )
    return rows


def assign_addressees(task: Task, directory: AgencyDirectory) -> None:
    """(Re)build a task's assignments from its lead and partner text as written."""
    task.assignments.clear()
    for row in resolve_addressees(task.lead_text, task.partners_text, directory):
        task.assignments.append(Assignment(**row))


def correct_match(session: Session, key: str, agency_id: int | None, groups: frozenset[str] = frozenset()) -> int:
    """The user says names with this key mean this agency (or groups). Remembered; returns rows changed."""
    if agency_id is None and not groups:
        raise UserError("Hãy chọn một cơ quan hoặc một nhóm cơ quan.")
    if agency_id is not None and session.get(Agency, agency_id) is None:
        raise UserError("Không tìm thấy cơ quan đã chọn.")
    directory = AgencyDirectory(session)
    encoded = encode_groups(groups)
    directory._remember(key, agency_id, encoded, confirmed=True)
    result = session.execute(
        update(Assignment).where(Assignment.match_key == key).values(agency_id=agency_id, group_code=encoded)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def get_profile(session: Session) -> Profile | None:
    return session.scalars(select(Profile).limit(1)).first()


def set_my_agency(
    session: Session,
    name: str,
    level: str,
    parent_name: str | None = None,
    focal_person: str = "",
    phone: str = "",
    email: str = "",
) -> Profile:
    """Say which agency uses this data directory. Reuses a directory entry with the same name."""
    name = nfc(name)
    if not name:
        raise UserError("Hãy nhập tên cơ quan, đơn vị.")
    if level not in AGENCY_LEVELS or level == "khac":
        allowed = ", ".join(x for x in AGENCY_LEVELS if x != "khac")
        raise UserError(f"Cấp «{level}» không hợp lệ; chọn một trong: {allowed}.")
    parent: Agency | None = None
    if level == "phong":
        if not nfc(parent_name):
            raise UserError("Phòng, đơn vị thuộc sở cần có cơ quan cấp trên (--parent).")
        parent = find_or_create(session, nfc(parent_name), "so")
    elif parent_name:
        parent = find_or_create(session, nfc(parent_name), infer_level(parent_name))
    agency = find_or_create(session, name, level)
    agency.level = level
    agency.parent = parent
    profile = get_profile(session)
    if profile is None:
        profile = Profile(agency=agency)
        session.add(profile)
    profile.agency = agency
    profile.focal_person = nfc(focal_person)
    profile.phone = nfc(phone)
    profile.email = nfc(email)
    session.flush()
    return profile


def find_or_create(session: Session, name: str, level: str) -> Agency:
    # Directory keys drop a trailing province name, so "Sở Tư pháp tỉnh X" is the plans' "Sở Tư pháp".
    key = key_variants(name)[-1]
    agency = session.scalars(select(Agency).where(Agency.match_key == key).limit(1)).first()
    if agency is None:
        agency = Agency(name=name, match_key=key, level=level)
        session.add(agency)
        session.flush()
    return agency


def list_agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.level, Agency.name)))


def list_name_matches(session: Session) -> list[NameMatchRow]:
    from sqlalchemy import func

    aliases = {a.match_key: a for a in session.scalars(select(AgencyAlias))}
    agencies = {a.id: a.name for a in session.scalars(select(Agency))}
    q = (
        select(
            Assignment.match_key,
            func.min(Assignment.name_as_written),
            func.count(Assignment.id),
            func.max(Assignment.agency_id),
            func.max(Assignment.group_code),
        )
        .group_by(Assignment.match_key)
        .order_by(Assignment.match_key)
    )
    rows = []
    for key, example, uses, agency_id, group_code in session.execute(q):
        groups = decode_groups(group_code)
        label = agencies.get(agency_id, "") if agency_id else "; ".join(GROUPS[g][0] for g in sorted(groups))
        alias = aliases.get(key)
        rows.append(
            NameMatchRow(
                key, example, uses, agency_id, groups, label or "(chưa xác định)", bool(alias and alias.confirmed)
            )
        )
    return rows


def agency_listing(session: Session) -> list[dict[str, object]]:
    """The directory as plain values (the CLI's `agencies --json`)."""
    return [
        {"id": a.id, "name": a.name, "level": a.level, "parent": a.parent.name if a.parent else None}
        for a in list_agencies(session)
    ]


@dataclass(frozen=True)
class Signer:
    """Who signs the agency's documents («Người ký»): the leader or the deputy who signs for them, not the focal
    person who prepares them. `authority` is the TM./KT./Q. line; blank when the head signs in their own name."""

    name: str = ""
    position: str = ""  # «PHÓ CHỦ TỊCH»
    authority: str = ""  # «KT. CHỦ TỊCH»

    def __bool__(self) -> bool:
        return bool(self.name or self.position or self.authority)


def signer_of(session: Session) -> Signer:
    p = get_profile(session)
    return Signer(p.signer_name, p.signer_position, p.signer_authority) if p else Signer()


def set_signer(session: Session, signer: Signer) -> None:
    """The position and authority are printed in capitals (Nghị định 30): kept so, as the user sees them."""
    profile = get_profile(session)
    if profile is None:
        raise UserError("Hãy khai báo cơ quan của tôi trước khi khai báo người ký.")
    if signer.authority and not signer.position:
        raise UserError("Hãy nhập chức vụ người ký (ví dụ «PHÓ CHỦ TỊCH») cùng với dòng thẩm quyền ký.")
    profile.signer_name = nfc(signer.name).strip()
    profile.signer_position = nfc(signer.position).strip().upper()
    profile.signer_authority = nfc(signer.authority).strip().upper()
    session.flush()


@dataclass(frozen=True)
class ProfileFields:
    """The «Cơ quan của tôi» form as plain values."""

    name: str
    level: str
    parent_name: str = ""
    focal_person: str = ""
    phone: str = ""
    email: str = ""
    province: str = ""  # the province name, for a focal point (its communes and wards report to it)
    signer: Signer = Signer()


def profile_fields(session: Session) -> ProfileFields | None:
    p = get_profile(session)
    if p is None:
        return None
    return ProfileFields(
        name=p.agency.name,
        level=p.agency.level,
        parent_name=p.agency.parent.name if p.agency.parent else "",
        focal_person=p.focal_person,
        phone=p.phone,
        email=p.email,
        province=next((pr.name for pr in provinces() if pr.code == p.province_code), ""),
        signer=Signer(p.signer_name, p.signer_position, p.signer_authority),
    )


def agency_choices(session: Session) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in list_agencies(session)]
