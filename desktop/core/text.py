"""Vietnamese text: NFC on the way in, accent-insensitive folding for search, collation for sorting."""

from __future__ import annotations

import unicodedata

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# Letters of the Vietnamese alphabet in order; ă â đ ê ô ơ ư are letters of their own, not accents.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {ch: i for i, ch in enumerate(_ALPHABET)}


def nfc(text: str | None) -> str:
    """NFC-normalised text with Excel's non-breaking spaces and stray whitespace tidied."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").replace("\r\n", "\n").strip()


def fold(text: str | None) -> str:
    """Lower case with every diacritic removed and đ → d: "Cải cách" → "cai cach"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def collation_key(text: str | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key following the Vietnamese alphabet: letters first, tones break ties."""
    primary: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", (text or "").lower()):
        base = unicodedata.normalize("NFD", ch)
        letter, marks = base[0], base[1:]
        tone = 0
        for mark in marks:
            if mark in _TONE_MARKS:
                tone = _TONE_MARKS[mark]
            else:
                letter = unicodedata.normalize("NFC", letter + mark)
        if letter in _PRIMARY:
            primary.append(100 + _PRIMARY[letter])
        elif letter.isdigit():
            primary.append(ord(letter) - ord("0") + 10)  # digits before letters
        elif letter.isspace():
            primary.append(1)
        else:
            primary.append(200 + ord(letter))
        tones.append(tone)
    return tuple(primary), tuple(tones)


def natural_code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Orders codes like 1.2 < 1.10 and A.II.3 < A.II.13."""
    parts: list[tuple[int, int | str]] = []
    for part in code.replace(" ", "").split("."):
        if part.isdigit():
            parts.append((0, int(part)))
        else:
            parts.append((1, part))
    return tuple(parts)
