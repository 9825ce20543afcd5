"""What makes a plan and its tasks the same thing in every data directory, however the plan arrived.

A plan is what it is: issuer, số ký hiệu and year (normalised: «2163 /KH - UBND» = «2163/KH-UBND», «Ủy ban nhân
dân tỉnh Cao Bằng» = «UBND tỉnh Cao Bằng»). A plan whose file carries no number is known by its issuer, title,
year and the fingerprint of its tasks. A task is its plan's, its appendix's (the index its sheet belongs to)
and its code's, with a fingerprint of its normalised text to recognise it when codes were renumbered.

Pure functions only: the importer, the plan package and the receiver all compute the same keys.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.core.agency_names import match_key
from desktop.core.text import fold, nfc

# Every deterministic UUID of ours hangs under this namespace (a fixed, random UUID).
_NAMESPACE = uuid.UUID("5b0a3f0e-8d4c-4c55-9a57-2f2d1c9e6a11")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_GENERIC_SHEETS = re.compile(r"^(sheet|trang tinh|bang|table|worksheet)\s*\d*$")


def normal_number(number: str | None) -> str:
    """«2163 /KH - UBND» → «2163/KH-UBND»; «Số: 12/QĐ-UBND» → «12/QD-UBND»."""
    text = fold(nfc(number).translate(_DASHES)).upper()
    text = re.sub(r"^SO\s*:?\s*", "", text)
    return re.sub(r"\s+", "", text)


def normal_issuer(issuer: str | None) -> str:
    return match_key(issuer or "")


def normal_title(title: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(nfc(title))).split())


def fingerprint(content: str | None) -> str:
    """The task's text with case, accents, spacing, punctuation and Unicode form folded away (16 hex)."""
    words = normal_title(content)
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def appendix_of(sheet: str, framework: str | None) -> str:
    """Which appendix a task belongs to: its index when known (PL01 PAR INDEX, PL02 PAPI…), else its sheet's
    name unless the name is generic («Sheet1»), else the plan's one appendix ("")."""
    if framework:
        return framework
    name = normal_title(sheet)
    return "" if not name or _GENERIC_SHEETS.match(name) else name


def issuer_compatible(a: str, b: str) -> bool:
    """«UBND tỉnh» (an appendix's «của UBND tỉnh») fits «UBND tỉnh Cao Bằng»; two named provinces do not."""
    na, nb = normal_issuer(a), normal_issuer(b)
    if not na or not nb or na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    return long_.startswith(short + " ")


def _digest(parts: list[object]) -> str:
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class PlanIdentity:
    """`key` is the plan's stable key (the first it was ever known by); `keys` every key it answers to."""

    key: str
    keys: tuple[str, ...]
    number: str  # normalised
    amends: str  # normalised number of the plan it amends, or ""

    @property
    def uuid(self) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"plan:{self.key}"))


def plan_year(issued_on: date | None, year: int | None) -> int | None:
    """Numbers restart every calendar year: the year of issue, else the plan's own year."""
    return issued_on.year if issued_on is not None else year


def number_key(number: str, issuer: str, year: int | None) -> str:
    return "n-" + _digest(["number", normal_number(number), normal_issuer(issuer), year])


def content_key(issuer: str, title: str, year: int | None, fingerprints: Iterable[str]) -> str:
    return "c-" + _digest(["content", normal_issuer(issuer), normal_title(title), year, sorted(set(fingerprints))])


def identify_plan(
    number: str,
    issuer: str,
    title: str,
    issued_on: date | None,
    year: int | None,
    fingerprints: Iterable[str],
    amends: str = "",
) -> PlanIdentity:
    """A plan with a number is keyed by it; every plan also answers to its content key, so a copy imported
    without the number (or with it typed in later) still meets the same plan."""
    when = plan_year(issued_on, year)
    by_content = content_key(issuer, title, year, fingerprints)
    keys = [by_content]
    if normal_number(number):
        keys.insert(0, number_key(number, issuer, when))
    return PlanIdentity(keys[0], tuple(keys), normal_number(number), normal_number(amends))


def task_keys(items: Iterable[tuple[str, str, str]]) -> list[str]:
    """(appendix, code, fingerprint) per task, in plan order → its key: «PAR_INDEX|1.3.1». A code written twice
    in one appendix gets «#2», «#3»; a task with no code is known by its fingerprint."""
    seen: dict[str, int] = {}
    out = []
    for appendix, code, fp in items:
        base = f"{appendix}|{fold(nfc(code)).replace(' ', '') or '~' + fp}"
        n = seen[base] = seen.get(base, 0) + 1
        out.append(base if n == 1 else f"{base}#{n}")
    return out


def task_uuid(plan_key: str, key: str, salt: str = "") -> str:
    return str(uuid.uuid5(_NAMESPACE, f"task:{plan_key}:{key}{salt}"))
