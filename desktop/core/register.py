"""The register of reporting agencies: who is expected to report to this focal point.

Declaring the province registers its communes, wards and special zones (with their official codes); the
agencies a plan assigns tasks to are expected too; the user adds and retires members. `expected` is what the
submissions picture and reminders count on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.enums import AgencyLevel
from db.models import Agency, AgencyAlias, Assignment
from desktop.core.admin_units import Province, find_province, provinces
from desktop.core.agencies import (
    ProfileFields,
    correct_match,
    find_or_create,
    get_profile,
    set_my_agency,
    set_signer,
)
from desktop.core.agency_names import LEVEL_LABELS, infer_level, key_variants, official_spelling
from desktop.core.errors import UserError
from desktop.core.text import collation_key, fold

# Levels expected to report, in the order the register lists them; «khác» addressees (villages, enterprises)
# are named by plans but never report.
REPORTING_LEVELS = (
    AgencyLevel.DEPARTMENT,
    AgencyLevel.PROVINCE,
    AgencyLevel.COMMUNE,
    AgencyLevel.UNIT,
    AgencyLevel.DISTRICT,
)


@dataclass(frozen=True)
class Member:
    name: str
    level: str  # an AgencyLevel
    unit_code: str | None
    registered: bool  # declared in the register (province units, added by hand); else named by a plan
    active: bool
    flag: str = ""  # why the name needs a look: a district (gone since 1/7/2025), a commune not in the catalog

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "level": self.level,
            "group": LEVEL_LABELS.get(self.level, self.level),
            "unit_code": self.unit_code,
            "registered": self.registered,
            "active": self.active,
            "flag": self.flag or None,
        }


OLD_DISTRICT = "cấp huyện không còn từ 1/7/2025: gộp vào đơn vị thay thế hoặc thôi theo dõi"
NOT_IN_CATALOG = "không có trong danh mục xã, phường từ 1/7/2025 của tỉnh (tên cũ?): gộp vào đơn vị mới"


def _member(a: Agency, province_known: bool = False) -> Member:
    flag = ""
    if not a.retired and a.level == AgencyLevel.DISTRICT:
        flag = OLD_DISTRICT
    elif not a.retired and province_known and a.level == AgencyLevel.COMMUNE and not a.unit_code:
        flag = NOT_IN_CATALOG
    return Member(a.name, a.level, a.unit_code, a.registered, not a.retired, flag)


def set_province(session: Session, text: str) -> tuple[Province, int]:
    """Declare the province; its units join the register (kept when already there). Returns how many joined."""
    province = find_province(text)
    profile = get_profile(session)
    if profile is None:
        raise UserError("Hãy khai báo cơ quan của mình trước (cchc init --agency … --level …).")
    profile.province_code = province.code
    by_code = {a.unit_code: a for a in session.scalars(select(Agency).where(Agency.unit_code.is_not(None)))}
    joined = 0
    for unit in province.units:
        agency = by_code.get(unit.code) or find_or_create(session, unit.agency_name, AgencyLevel.COMMUNE)
        if not agency.registered:
            joined += 1
        agency.level, agency.unit_code, agency.registered = AgencyLevel.COMMUNE, unit.code, True
    session.flush()
    return province, joined


def province_of(session: Session) -> Province | None:
    profile = get_profile(session)
    code = profile.province_code if profile else None
    return next((p for p in provinces() if p.code == code), None)


def expected_agencies(session: Session, include_retired: bool = False) -> list[Agency]:
    """Registered agencies and those a plan assigns tasks to, except this agency itself."""
    profile = get_profile(session)
    mine = profile.agency_id if profile else -1
    named = select(Assignment.agency_id)
    rows = session.scalars(
        select(Agency).where(
            Agency.id != mine,
            Agency.level.in_(REPORTING_LEVELS),
            Agency.registered | Agency.id.in_(named),
        )
    )
    return [a for a in rows if include_retired or not a.retired]


def members(session: Session, include_retired: bool = True) -> list[Member]:
    """The register as the user sees it, departments first, then communes and wards, in Vietnamese order."""
    known = province_of(session) is not None
    found = [_member(a, known) for a in expected_agencies(session, include_retired)]
    order = {level: i for i, level in enumerate(REPORTING_LEVELS)}
    return sorted(found, key=lambda m: (order.get(AgencyLevel(m.level), 9), collation_key(m.name)))


def _as_addressee(name: str) -> str:
    """«Xã Mới», «phường Tân Giang» are written in plans as «UBND xã Mới», «UBND phường Tân Giang»."""
    name = official_spelling(name)  # «Uỷ ban … Hoà An» → «Ủy ban … Hòa An», capitals to a name's case
    if fold(name).startswith(("xa ", "phuong ", "dac khu ")):
        return f"UBND {name[0].lower()}{name[1:]}"
    return name


def add_member(session: Session, name: str, level: str = "") -> Member:
    """`level` empty: guessed from the name («UBND xã …» is a commune, «Sở …» a department)."""
    name = _as_addressee(name)
    if not name:
        raise UserError("Hãy nhập tên cơ quan, đơn vị cần thêm vào danh sách.")
    if not level:
        guessed = infer_level(name)
        level = guessed if guessed in REPORTING_LEVELS else AgencyLevel.DEPARTMENT
    if level not in REPORTING_LEVELS:
        allowed = ", ".join(REPORTING_LEVELS)
        raise UserError(f"Cấp «{level}» không hợp lệ cho danh sách báo cáo; chọn một trong: {allowed}.")
    agency = find_or_create(session, name, level)
    agency.registered, agency.retired = True, False
    session.flush()
    return _member(agency, province_of(session) is not None)


def _find(session: Session, name: str) -> Agency:
    key = key_variants(_as_addressee(name))[-1]
    agency = session.scalars(select(Agency).where(Agency.match_key == key).limit(1)).first()
    if agency is None:
        raise UserError(f"Không có «{name}» trong danh sách cơ quan; xem «cchc register list».")
    return agency


def retire_member(session: Session, name: str) -> Member:
    """Out of the expected list from now on (merged, dissolved); kept with its history, never deleted."""
    agency = _find(session, name)
    agency.retired = True
    session.flush()
    return _member(agency)


def province_committee(session: Session) -> str:
    """«UBND tỉnh Cao Bằng» once the province is declared: the parent line of a department's documents."""
    province = province_of(session)
    return f"UBND {province.label[:1].lower()}{province.label[1:]}" if province else ""


def rename_member(session: Session, old: str, new: str) -> Member:
    """A new official name; the old one keeps meaning this agency in plans and bundles."""
    agency = _find(session, old)
    name = _as_addressee(new)
    if not name:
        raise UserError("Hãy nhập tên mới.")
    key = key_variants(name)[-1]
    other = session.scalars(select(Agency).where(Agency.match_key == key, Agency.id != agency.id)).first()
    if other is not None:
        raise UserError(f"Đã có «{other.name}» trong danh sách; dùng «gộp» để gộp hai tên thành một.")
    correct_match(session, agency.match_key, agency.id)  # the old name stays an alias of this agency
    agency.name, agency.match_key = name, key
    session.flush()
    return _member(agency)


def merge_members(session: Session, duplicate: str, keep: str) -> Member:
    """Two spellings (or an old unit and the one that replaced it) become one: plans' tasks and bundles under the
    first name count for the second. The first is kept, retired, never deleted."""
    gone, kept = _find(session, duplicate), _find(session, keep)
    if gone.id == kept.id:
        raise UserError("Hai tên này đã là một cơ quan; không cần gộp.")
    profile = get_profile(session)
    if profile is not None and gone.id == profile.agency_id:
        raise UserError("Không gộp được cơ quan của chính bạn vào cơ quan khác.")
    keys = {gone.match_key, *session.scalars(select(Assignment.match_key).where(Assignment.agency_id == gone.id))}
    for key in keys:
        correct_match(session, key, kept.id)
    session.execute(update(AgencyAlias).where(AgencyAlias.agency_id == gone.id).values(agency_id=kept.id))
    kept.registered = kept.registered or gone.registered
    if not kept.unit_code and gone.unit_code:
        kept.unit_code, gone.unit_code = gone.unit_code, None
    gone.registered, gone.retired = False, True
    session.flush()
    return _member(kept)


def canonical_names(session: Session) -> dict[str, str]:
    """Match key of a name as written → the name of the agency it was merged into or renamed to."""
    rows = session.execute(select(AgencyAlias.match_key, Agency.name).join(Agency, AgencyAlias.agency_id == Agency.id))
    return {key: name for key, name in rows}


def save_profile(session: Session, f: ProfileFields) -> None:
    """«Cơ quan của tôi»: the agency, and for a focal point its province (whose units then join the register)."""
    set_my_agency(session, f.name, f.level, f.parent_name or None, f.focal_person, f.phone, f.email)
    set_signer(session, f.signer)
    if f.province:
        set_province(session, f.province)
