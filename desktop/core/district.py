"""Tasks still addressed to the district level (UBND cấp huyện), which no longer exists since 1 July 2025.

Local government has two levels since then (Nghị quyết 202/2025/QH15): a plan for 2025 or later that names
«UBND cấp huyện» or «UBND các huyện, thành phố» is warned about on import, and the user can hand all such tasks
to the communes in one step. That step is remembered as a name correction, so later imports follow it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Agency, Assignment
from desktop.core.agencies import correct_match, decode_groups

LEVEL_GONE = (
    "Từ ngày 01/7/2025 không còn cấp huyện (chính quyền địa phương hai cấp): kế hoạch từ tháng 7/2025 giao việc "
    "cho UBND cấp xã. Chỉ dùng cấp huyện để theo dõi kế hoạch ban hành trước đó."
)


@dataclass(frozen=True)
class Reassigned:
    names: int  # distinct names as written now meaning the communes
    assignments: int  # task assignments changed

    def as_json(self) -> dict[str, int]:
        return {"names": self.names, "assignments": self.assignments}


def reassign_district_to_communes(session: Session) -> Reassigned:
    """Every name that stands for the district level (a group or a district's UBND) now means «UBND cấp xã»."""
    rows = session.execute(
        select(Assignment.match_key, Assignment.group_code, Agency.level)
        .outerjoin(Agency, Assignment.agency_id == Agency.id)
        .where(or_(Assignment.group_code.like("%,huyen,%"), Agency.level == "huyen"))
    )
    keys = {
        key
        for key, groups, level in rows
        if level == "huyen" or ("huyen" in decode_groups(groups) and "ubnd" not in decode_groups(groups))
    }
    changed = sum(correct_match(session, key, None, frozenset({"xa"})) for key in sorted(keys))
    return Reassigned(len(keys), changed)
