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


@functools.lru_cache(maxsize=65536)  # the same names come back on every refresh of a focal point's pages
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
    return list(_key_variants(name))


@functools.lru_cache(maxsize=65536)
def _key_variants(name: str) -> tuple[str, ...]:
    key = match_key(name)
    variants = [key]
    m = re.match(r"^(.+?)\s+tinh\s+\w+(\s+\w+)?$", key)
    if m and not m.group(1).endswith(("ubnd", "vp ubnd")):
        variants.append(m.group(1))
    return tuple(variants)


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


@functools.lru_cache(maxsize=65536)
def reporting_key(name: str) -> str:
    """One key for the spellings of one reporting agency: «Xã Yên Thổ», «UBND xã Yên Thổ», «Ủy ban nhân dân xã
    Yên Thổ», «UBND xã Yên Thổ, tỉnh Cao Bằng» — so a commune is never counted twice."""
    key = key_variants(name)[-1]
    return f"ubnd {key}" if _BARE_UNIT.match(key) else key


# «Chủ trì: Sở Nội vụ; phối hợp: các sở, ban, ngành» in one «Cơ quan thực hiện» cell.
_LABELLED_RE = re.compile(
    r"(?:^|[\n;,.]|\s-)\s*[-+•]?\s*(?:cơ quan\s+|đơn vị\s+)?(chủ trì|phối hợp)(?:\s+thực hiện)?\s*[:\-–]\s*",
    re.IGNORECASE,
)
_SUFFIX_ROLE_RE = re.compile(r"^(.*?)\s*\(?\s*(chủ trì|phối hợp)\s*\)?\s*$", re.IGNORECASE)


def split_lead_partners(cell: str) -> tuple[str, str, bool]:
    """(lead, partners, labelled) from one cell naming both. Without the words «chủ trì»/«phối hợp» nothing is
    guessed: the whole cell is the lead and `labelled` is False, so the import can say so."""
    text = nfc(cell)
    marks = list(_LABELLED_RE.finditer(text))
    if marks:
        found: dict[str, list[str]] = {"chủ trì": [], "phối hợp": []}
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            part = text[m.end() : end].strip(" ;,\n")
            if part:
                found[m.group(1).lower()].append(part)
        return "; ".join(found["chủ trì"]), "; ".join(found["phối hợp"]), True
    # «Sở Nội vụ (chủ trì); các sở, ban, ngành (phối hợp)», or «Sở Nội vụ chủ trì, … phối hợp».
    lead: list[str] = []
    partners: list[str] = []
    pieces = [p.strip() for p in re.split(r"[;\n]+", text) if p.strip()]
    for piece in pieces:
        role = _SUFFIX_ROLE_RE.match(piece)
        if role is None:
            return text, "", False
        (lead if role.group(2).lower() == "chủ trì" else partners).append(role.group(1).strip(" ,"))
    return "; ".join(lead), "; ".join(partners), True


# Section titles that name who does the tasks under them («XVI. UBND CÁC XÃ, PHƯỜNG», «II. SỞ NỘI VỤ»).
_SECTION_AGENCY_RE = re.compile(
    r"^(so |ubnd|uy ban nhan dan|van phong|thanh tra|cong an|bao hiem xa hoi|buu dien|mat tran|"
    r"ban dan toc|dai phat thanh|bao |kho bac|cac so|cac co quan|toa an|vien kiem sat)"
)
_PROPER_AFTER = ("tỉnh", "xã", "phường", "huyện", "thành phố", "thị xã", "đặc khu", "khu vực")
_KEEP_UPPER = {"ubnd", "hđnd", "mttq", "cchc", "pt-th", "ptth", "vn", "tthc", "bhxh"}


def section_agency(title: str) -> str | None:
    """The agency a section title names, spelt as a name («UBND các xã, phường»), or None."""
    text = re.sub(r"^\s*đề nghị\s+", "", nfc(title), flags=re.IGNORECASE).strip(" :.")
    f = fold(text)
    if len(text) > 150 or not (_SECTION_AGENCY_RE.match(f) or groups_of(text)):
        return None
    return official_spelling(text)


# Official spellings of the provincial bodies after the 2025 reorganisation (Nghị định 45/2025/NĐ-CP).
OFFICIAL_NAMES = (
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Công an tỉnh",
    "Bưu điện tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "UBND các xã, phường",
    "Các sở, ban, ngành",
)
_OFFICIAL_BY_KEY = {match_key(n): n for n in OFFICIAL_NAMES}


def official_spelling(name: str) -> str:
    """A name as the official list spells it; otherwise, a name typed in capitals in name case
    («UBND XÃ HÒA AN» → «UBND xã Hòa An»). Accent placement (Hoà/Hòa, Uỷ/Ủy) is made modern either way."""
    text = modern_accents(" ".join(nfc(name).split()))
    known = _OFFICIAL_BY_KEY.get(match_key(text))
    if known is not None:
        return known
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return text
    words = text.lower().split(" ")
    out: list[str] = []
    proper = False  # inside a place name: «tỉnh Cao Bằng», «khu vực IX»
    for i, word in enumerate(words):
        bare = word.strip(",.;:()")
        if bare in _KEEP_UPPER or (proper and _ROMAN_WORD.match(bare)):
            out.append(word.upper())
        elif proper or i == 0:
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
        after = words[i + 1].strip(",.;:()") if i + 1 < len(words) else ""
        pair = f"{words[i - 1].strip(',.;:()')} {bare}" if i else bare
        before = words[i - 1] if i else ""
        if word.endswith((",", ";")) or bare in ("và", "-", "của", "thuộc"):
            proper = False
        elif (bare in _PROPER_AFTER or pair in _PROPER_AFTER) and after != "hội" and before != "các":
            proper = True  # «tỉnh Cao Bằng», but not «các xã, phường» nor «xã hội»
    spelt = " ".join(out)
    for phrase, proper_form in _PROPER_PHRASES:
        spelt = re.sub(phrase, proper_form, spelt, flags=re.IGNORECASE)
    return spelt


_ROMAN_WORD = re.compile(r"^[ivxl]{1,5}$")
_PROPER_PHRASES = (("tổ quốc việt nam", "Tổ quốc Việt Nam"), ("việt nam", "Việt Nam"), ("nhà nước", "Nhà nước"))


# Old-style tone placement (hoà, thuỷ, uỷ) → the placement of current official documents (hòa, thủy, ủy).
_OLD_ACCENTS = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_ACCENT_RE = re.compile("(" + "|".join(_OLD_ACCENTS) + ")(?![a-zà-ỹ])", re.IGNORECASE)


def modern_accents(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        old = m.group(1)
        new = _OLD_ACCENTS[old.lower()]
        return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new, strict=True))

    # «qu» and «gi» start a syllable: «quý», «quà» keep their marks where they are.
    return re.sub(r"(?<![qQgG])" + _OLD_ACCENT_RE.pattern, swap, text, flags=re.IGNORECASE)


NO_DISTRICTS_FROM = 2025  # plans of this year on are for two-level local government (no district)


def names_district(text: str) -> bool:
    """Whether an agency cell names the district level: a group («UBND cấp huyện») or one district."""
    for name in split_names(text):
        groups = groups_of(name)
        if "huyen" in groups and "ubnd" not in groups:
            return True
        if not groups and infer_level(name) == "huyen":
            return True
    return False
