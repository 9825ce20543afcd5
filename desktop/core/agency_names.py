"""Agency names as plans write them: splitting a cell into names, match keys, generic groups, levels.

Pure functions over strings; the directory lookup that uses them lives in `agencies.py`.
"""

from __future__ import annotations

import functools
import re

from desktop.core.text import fold, nfc

# Generic addressees, resolved by agency level. Codes are stored on assignments.
GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "so": ("Các sở, ban, ngành tỉnh", frozenset({"so"})),
    "xa": ("UBND cấp xã (xã, phường)", frozenset({"xa"})),
    "huyen": ("UBND cấp huyện (trước 1/7/2025)", frozenset({"huyen"})),
    "ubnd": ("UBND các cấp", frozenset({"tinh", "huyen", "xa"})),
    "phong": ("Các phòng, đơn vị thuộc cơ quan", frozenset({"phong"})),
    "related": ("Các cơ quan, đơn vị có liên quan", frozenset({"tinh", "so", "huyen", "xa", "phong"})),
}

LEVEL_LABELS = {
    "tinh": "UBND tỉnh",
    "so": "Sở, ban, ngành tỉnh",
    "huyen": "UBND cấp huyện (cũ)",
    "xa": "UBND xã, phường",
    "phong": "Phòng, đơn vị thuộc sở",
    "khac": "Khác",
}

# Words a new addressee starts with; a comma-piece that starts otherwise continues the previous name
# ("Các Sở, ban, ngành" is one name, "Sở Xây dựng, Sở Nông nghiệp" is two).
_HEADS = (
    "so ",
    "ubnd",
    "uy ban",
    "van phong",
    "vp ",
    "bao ",
    "dai ",
    "thanh tra",
    "cong an",
    "bao hiem",
    "ban ",
    "cac ",
    "benh vien",
    "trung tam",
    "toa an",
    "vien kiem sat",
    "hoi ",
    "doan ",
    "thon",
    "to dan pho",
    "phong ",
    "chi cuc",
    "kho bac",
    "cuc ",
    "quan doi",
    "bo chi huy",
    "lien doan",
    "truong ",
    "doanh nghiep",
    "mat tran",
    "dang uy",
    "tinh uy",
    "huyen uy",
)
_ROLE_SUFFIX_RE = re.compile(r"\s+(theo doi|chu tri|phoi hop|huong dan)\b.*$")
_BULLET_RE = re.compile(r"^[\s\-+•*–]+")

# Canonical spellings applied to folded text before comparing names.
_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bvan phong\b", "vp"),
    (r"\bphat thanh\s*(?:-|va)?\s*truyen hinh\b", "ptth"),
    (r"\bpt\s*-?\s*th\b", "ptth"),
    (r"\bbao va\b", "bao"),  # "Báo và Đài PT-TH": the paper and the station merged in 2025
    (r"\bmat tran to quoc( viet nam| vn)?\b", "mttq"),
    (r"\bkhoa hoc va cong nghe\b", "khcn"),
    (r"\bkh\s*&?\s*cn\b", "khcn"),
    (r"\bgiao duc va dao tao\b", "gddt"),
    (r"\bgd\s*&?\s*dt\b", "gddt"),
    (r"\bnong nghiep va moi truong\b", "nnmt"),
    (r"\bvan hoa,? the thao va du lich\b", "vhttdl"),
    (r"\bcong thuong\b", "cong thuong"),
)


def split_names(cell: str | None) -> list[str]:
    """Split an agency cell on ';', newlines and ', ' between names, keeping each name as written."""
    return list(_split_names(cell or ""))


@functools.lru_cache(maxsize=4096)
def _split_names(cell: str) -> tuple[str, ...]:
    text = nfc(cell)
    if not text:
        return ()
    names: list[str] = []
    for chunk in re.split(r"[;\n]+", text):
        chunk = _BULLET_RE.sub("", chunk).strip(" .,")
        if not chunk:
            continue
        # " và các Sở…", " và UBND…" join two addressees; "Sở Giáo dục và Đào tạo" does not.
        parts = re.split(r"\s+và\s+(?=(?:các|UBND|Ủy ban|Uỷ ban)\b)", chunk, flags=re.IGNORECASE)
        for part in parts:
            pieces = [p.strip() for p in part.split(",")]
            current = ""
            for piece in pieces:
                if not piece:
                    continue
                if current and _starts_new_name(piece):
                    names.append(current.strip(" .,"))
                    current = piece
                else:
                    current = f"{current}, {piece}" if current else piece
            if current.strip(" .,"):
                names.append(current.strip(" .,"))
    return tuple(names)


_CONTINUATION_RE = re.compile(r"^(ban $|ban nganh\b|nganh\b|phuong\b|thi tran\b|xa\b|cap\s|tuyen\s)")


def _starts_new_name(piece: str) -> bool:
    f = fold(piece) + " "
    if _CONTINUATION_RE.match(f):
        return False
    return f.startswith(_HEADS)


def match_key(name: str) -> str:
    """A comparison key: folded, abbreviations unified, punctuation and a trailing "tỉnh …" dropped."""
    f = fold(nfc(name))
    f = re.sub(r"\([^)]*\)", " ", f)  # "Văn phòng UBND tỉnh (Trung tâm PVHCC)"
    f = _ROLE_SUFFIX_RE.sub("", f)
    f = re.sub(r"[^\w\s]", " ", f)
    f = " ".join(f.split())
    for pattern, repl in _REWRITES:
        f = re.sub(pattern, repl, f)
    f = " ".join(f.split())
    # "Sở Tư pháp tỉnh" means "Sở Tư pháp" to a provincial plan.
    if f not in ("ubnd tinh", "vp ubnd tinh", "tinh"):
        f = re.sub(r"\s+tinh$", "", f)
    return f


def key_variants(name: str) -> list[str]:
    """The match key, then the key without a trailing province name ("Sở Tư pháp tỉnh Tuyên Quang")."""
    key = match_key(name)
    variants = [key]
    m = re.match(r"^(.+?)\s+tinh\s+\w+(\s+\w+)?$", key)
    if m and not m.group(1).endswith(("ubnd", "vp ubnd")):
        variants.append(m.group(1))
    return variants


def groups_of(name: str) -> frozenset[str]:
    """The generic groups a name stands for; empty when it names one agency."""
    f = " ".join(re.sub(r"[^\w\s]", " ", fold(nfc(name))).split())
    found: set[str] = set()
    if re.match(r"^(cac\s+)?so\b.*\b(ban|nganh)\b", f) or re.match(r"^cac\s+(so|nganh)\b", f):
        found.add("so")
    if re.match(r"^(ubnd|uy ban nhan dan)\s+(cac\s+)?cap\b", f) or re.match(r"^(ubnd|uy ban nhan dan)\s+cac\b", f):
        if "cac cap" in f:
            found.add("ubnd")
        if re.search(r"\b(cap xa|cac xa|xa phuong)\b", f):
            found.add("xa")
        if re.search(r"\b(cap huyen|cac huyen)\b", f):
            found.add("huyen")
    elif re.match(r"^(ubnd|uy ban nhan dan)\s+(cap\s+)?huyen\b", f):
        found.add("huyen")
        if re.search(r"\bcap xa\b", f):
            found.add("xa")
    elif re.match(r"^(ubnd|uy ban nhan dan)\s+xa$", f):
        found.add("xa")
    if re.match(r"^cac\s+phong\b", f) or re.match(r"^cac\s+don vi\s+thuoc\b", f):
        found.add("phong")
    if not found and (re.match(r"^cac\s+co quan\b", f) or re.match(r"^cac\s+(co quan\s+)?don vi\b.*\blien quan\b", f)):
        found.add("related")
    return frozenset(found)


def infer_level(name: str) -> str:
    """A best guess of a new agency's level from its name; the user can change it."""
    f = " ".join(re.sub(r"[^\w\s]", " ", fold(nfc(name))).split())
    for pattern, repl in _REWRITES:
        f = re.sub(pattern, repl, f)
    if f in ("ubnd tinh", "ubnd", "tinh"):
        return "tinh"
    if re.match(r"^ubnd\s+(xa|phuong|thi tran)\b", f):
        return "xa"
    if re.match(r"^ubnd\s+(huyen|thanh pho|thi xa|quan)\b", f):
        return "huyen"
    if re.match(r"^phong\b", f):
        return "phong"
    if re.match(r"^(so|ban|vp ubnd tinh|thanh tra tinh|thanh tra|bao dai|bao|dai|cong an tinh|bao hiem xa hoi)\b", f):
        return "so"
    return "khac"


_BARE_UNIT = re.compile(r"^(xa|phuong|thi tran|dac khu)\s")


def reporting_key(name: str) -> str:
    """One key for the spellings of one reporting agency: «Xã Yên Thổ», «UBND xã Yên Thổ», «Ủy ban nhân dân xã
    Yên Thổ», «UBND xã Yên Thổ, tỉnh Cao Bằng» — so a commune is never counted twice."""
    key = key_variants(name)[-1]
    return f"ubnd {key}" if _BARE_UNIT.match(key) else key
