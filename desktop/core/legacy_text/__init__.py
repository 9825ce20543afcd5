"""Text typed in the pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI, VISCII), turned into Unicode NFC.

Excel and Word keep such text as the Windows-1252 characters of its bytes, shown right only through a font of
that encoding (.VnTime, VNI-Times…). A cell is converted when its font names an encoding, or when its
characters read as a legacy encoding far better than as Unicode. Text that already holds Vietnamese Unicode
letters is never touched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.core.legacy_text.tables import TCVN3, VISCII, VNI_BREVE, VNI_CIRCUMFLEX, VNI_SINGLE, VNI_TONES


class Charset(StrEnum):
    TCVN3 = "tcvn3"
    VNI = "vni"
    VISCII = "viscii"


CHARSET_LABELS = {Charset.TCVN3: "TCVN3 (ABC)", Charset.VNI: "VNI", Charset.VISCII: "VISCII"}

# Characters only Unicode Vietnamese has (never produced by a legacy byte read as Windows-1252).
# (â ê ô are Latin-1 too: VNI and TCVN3 text is full of them, so they prove nothing.)
_UNICODE_ONLY = re.compile("[ăđơưĂĐƠƯĩĨũŨ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_VIET_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
_WORD = re.compile(r"[^\s,.;:()\[\]/\\\-–—\"'“”?!%+=*&<>|_0-9]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# A Vietnamese syllable without its tone: onset, vowel cluster, final consonant.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|"
    r"ươ|ưu|yê|iêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|yêu)"
    r"(ch|ng|nh|[cmnpt])?$"
)
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|á[º»]|Ä[‘’]|Æ[°¡]|â€")


@functools.lru_cache(maxsize=256)
def font_charset(font: str | None) -> tuple[Charset | None, bool]:
    """(encoding, upper-case font) a font name stands for: .VnTime → TCVN3, .VnTimeH → TCVN3 in capitals."""
    if not font:
        return None, False
    name = font.strip().lower()
    if name.startswith("vni"):
        return Charset.VNI, False
    if name.startswith(".vn") or (name.startswith("vn") and " " not in name[:3] and not name.startswith("vn-")):
        return Charset.TCVN3, name.endswith("h")
    if "viscii" in name:
        return Charset.VISCII, False
    return None, False


def _decode_vni(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        low = ch.lower()
        mark = text[i + 1].lower() if i + 1 < len(text) else ""
        base = VNI_SINGLE.get(low, low) if low in "ôö" else low
        if low in "aeouyôö" and mark:
            letter: str | None = None
            if low in "aeo" and mark in VNI_CIRCUMFLEX:
                letter = unicodedata.normalize("NFC", base + "\u0302" + VNI_CIRCUMFLEX[mark])
            elif low == "a" and mark in VNI_BREVE:
                letter = unicodedata.normalize("NFC", base + "\u0306" + VNI_BREVE[mark])
            elif mark in VNI_TONES:
                letter = unicodedata.normalize("NFC", base + VNI_TONES[mark])
            if letter is not None:
                out.append(letter.upper() if ch.isupper() else letter)
                i += 2
                continue
        single = VNI_SINGLE.get(low)
        out.append((single.upper() if ch.isupper() else single) if single else ch)
        i += 1
    return "".join(out)


def _typed(byte: int) -> str:
    """The character Windows stores for a byte typed with an 8-bit font (its Windows-1252 reading)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D have no Windows-1252 character: kept as the byte


# One translation table per byte encoding, from the character as stored to the character meant. The ABC fonts
# are VN3, which leaves 0x80-0x9F to Windows' own “ ” – …: those stay as they are for TCVN3.
_TRANSLATE = {
    Charset.TCVN3: {ord(_typed(b)): ch for b, ch in TCVN3.items() if not 0x80 <= b < 0xA0},
    # (the C1 bytes also as themselves: a file written without Windows' code page keeps them so)
    Charset.VISCII: {**{b: ch for b, ch in VISCII.items()}, **{ord(_typed(b)): ch for b, ch in VISCII.items()}},
}


@functools.lru_cache(maxsize=8192)  # plans repeat the same agency and deadline cells thousands of times
def decode(text: str, charset: Charset, upper: bool = False) -> str:
    """The Unicode NFC text a legacy-encoded string stands for."""
    result = _decode_vni(text) if charset is Charset.VNI else text.translate(_TRANSLATE[charset])
    result = unicodedata.normalize("NFC", result)
    return result.upper() if upper else result


def _bad_words(text: str) -> int:
    """Words that no Vietnamese writer would type: a letter outside the alphabet, two tone marks, or letters
    that make no syllable. Plain ASCII words (UBND, CCHC, PAPI) read the same in every encoding: not counted."""
    bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        low = word.lower()
        if any(c not in _VIET_LETTERS for c in low):
            bad += 1
            continue
        decomposed = unicodedata.normalize("NFD", low)
        tones = sum(1 for c in decomposed if c in _TONES)
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        syllable = _SYLLABLE.match(bare)
        if tones > 1 or syllable is None or not _rhyme_fits(syllable.group(2), syllable.group(3) or ""):
            bad += 1
    return bad


def _rhyme_fits(vowels: str, final: str) -> bool:
    """«-nh», «-ch» follow only a, ê, i, y (anh, ênh, inh, uynh); «-ng», «-c» never follow i or y."""
    if final in ("nh", "ch"):
        return vowels[-1] in "aêiy"
    if final in ("ng", "c"):
        return vowels[-1] not in "iy"
    return True


def has_unicode_vietnamese(text: str) -> bool:
    return _UNICODE_ONLY.search(text) is not None


def guess(text: str) -> Charset | None:
    """The legacy encoding a string reads as, judged by its characters alone; None when it reads as Unicode."""
    if text.isascii() or has_unicode_vietnamese(text):
        return None
    before = _bad_words(text)
    if before == 0:
        return None
    best: tuple[int, Charset] | None = None
    for charset in (Charset.TCVN3, Charset.VNI, Charset.VISCII):
        after = _bad_words(decode(text, charset))
        if best is None or after < best[0]:
            best = (after, charset)
    assert best is not None
    # Converting must explain nearly all of the odd words, not trade some for others.
    return best[1] if best[0] * 4 <= before and best[0] < before else None


def looks_garbled(text: str) -> bool:
    """Text that still reads as mojibake: UTF-8 read as Windows-1252, or many words no writer would type."""
    if _MOJIBAKE.search(text):
        return True
    if text.isascii() or has_unicode_vietnamese(text):
        return False
    words = len(_WORD.findall(text))
    bad = _bad_words(text)
    return bad >= 2 and bad * 3 >= words


@dataclass
class Converter:
    """Converts cells as a reader meets them, and counts what it did for the preview."""

    converted: Counter[Charset] = field(default_factory=Counter)
    garbled: list[str] = field(default_factory=list)  # where: «Trang PL01, dòng 12»

    def cell(self, text: str, font: str | None, where: str = "") -> str:
        if not text:
            return text
        charset, upper = font_charset(font)
        if text.isascii():
            return text.upper() if upper else text  # «a» in .VnTimeH shows as «A»
        if charset is not None and has_unicode_vietnamese(text):
            charset = None  # a Unicode text left in an old font: the font is wrong, not the text
        elif charset is None:
            charset, upper = guess(text), False
        if charset is not None:
            text = decode(text, charset, upper)
            self.converted[charset] += 1
        if where and looks_garbled(text):
            self.garbled.append(where)
        return text

    def counts(self) -> dict[str, int]:
        """Cells converted, by encoding code («tcvn3»: 412): what a grid carries to the preview and the JSON."""
        return {str(charset): n for charset, n in self.converted.items()}

    def summary(self) -> str:
        return converted_summary(self.counts())


def converted_summary(counts: Mapping[str, int]) -> str:
    """«Đã chuyển sang Unicode 412 ô mã TCVN3 (ABC), 30 ô mã VNI» or an empty string."""
    if not counts:
        return ""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "Đã chuyển sang Unicode " + ", ".join(f"{n} ô mã {CHARSET_LABELS[Charset(c)]}" for c, n in ordered)
