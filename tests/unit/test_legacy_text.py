"""Legacy Vietnamese encodings: the tables against the system's iconv, the conversions against every seed cell."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from desktop.core.legacy_text import Charset, Converter, decode, font_charset, guess, looks_garbled
from desktop.core.legacy_text.tables import TCVN3, VISCII
from tests.fixtures.cao_bang import TASKS
from tests.fixtures.real_shapes import as_vn3_shows, to_tcvn3, to_vni
from tests.fixtures.workbooks import seed002_tables, seed003_table


def seed_cells() -> list[str]:
    cells = [c for t in [*seed002_tables(), seed003_table()] for r in t["rows"] for c in r if c]
    cells += [c for row in TASKS for c in row if c]
    return [unicodedata.normalize("NFC", c) for c in cells]


def _iconv(charset: str, byte: int) -> str | None:
    done = subprocess.run(["iconv", "-f", charset, "-t", "UTF-8"], input=bytes([byte]), capture_output=True)
    return done.stdout.decode("utf-8") if done.returncode == 0 else None


def _has_iconv(charset: str) -> bool:
    if shutil.which("iconv") is None:
        return False
    listed = subprocess.run(["iconv", "-l"], capture_output=True, text=True).stdout.upper()
    return charset in listed


@pytest.mark.skipif(not _has_iconv("TCVN5712-1"), reason="iconv without TCVN 5712")
def test_tcvn3_table_is_the_standard_as_iconv_has_it() -> None:
    for byte, char in TCVN3.items():
        assert _iconv("TCVN5712-1", byte) == char, hex(byte)
    # and no byte iconv maps to a Vietnamese letter is missing
    for byte in range(0xA1, 0x100):
        if byte not in TCVN3:
            assert _iconv("TCVN5712-1", byte) in (chr(byte), None), hex(byte)


@pytest.mark.skipif(not _has_iconv("VISCII"), reason="iconv without VISCII")
def test_viscii_table_is_rfc_1456_as_iconv_has_it() -> None:
    for byte, char in VISCII.items():
        assert _iconv("VISCII", byte) == char, hex(byte)
    for byte in range(0x80, 0x100):
        if byte not in VISCII:
            assert _iconv("VISCII", byte) == chr(byte), hex(byte)


def test_every_seed_cell_typed_in_tcvn3_or_vni_comes_back() -> None:
    for text in seed_cells():
        assert decode(to_tcvn3(text), Charset.TCVN3) == as_vn3_shows(text)
        assert decode(to_tcvn3(text.upper(), capitals_font=True), Charset.TCVN3, upper=True) == text.upper()
        assert decode(to_vni(text), Charset.VNI) == text


def test_viscii_text_comes_back() -> None:
    inverse = {c: b for b, c in VISCII.items()}
    text = "Ủy ban nhân dân xã Hòa An thực hiện cải cách thủ tục hành chính"
    typed = "".join(chr(inverse[c]) if c in inverse else c for c in text)
    assert decode(typed, Charset.VISCII) == text


def test_the_letters_alone_tell_the_encoding_of_every_seed_cell_and_never_touch_unicode() -> None:
    cells = seed_cells()
    for text in cells:
        assert guess(text) is None, text  # Unicode is never converted
        typed = to_tcvn3(text)
        if typed != text:
            assert guess(typed) is Charset.TCVN3, text
        typed = to_vni(text)
        if typed != text:
            assert guess(typed) is Charset.VNI, text


@pytest.mark.parametrize(
    ("font", "charset", "upper"),
    [
        (".VnTime", Charset.TCVN3, False),
        (".VnTimeH", Charset.TCVN3, True),
        (".VnArial NarrowH", Charset.TCVN3, True),
        ("VnTime", Charset.TCVN3, False),
        ("VNI-Times", Charset.VNI, False),
        ("VNI-Helve", Charset.VNI, False),
        ("VISCII Times", Charset.VISCII, False),
        ("Times New Roman", None, False),
        ("Calibri", None, False),
        (None, None, False),
    ],
)
def test_font_names(font: str | None, charset: Charset | None, upper: bool) -> None:
    assert font_charset(font) == (charset, upper)


def test_converter_follows_the_font_keeps_unicode_in_an_old_font_and_counts() -> None:
    conv = Converter()
    assert conv.cell(to_tcvn3("Sở Nội vụ"), ".VnTime", "dòng 5") == "Sở Nội vụ"
    assert conv.cell(to_tcvn3("ubnd các xã, phường", capitals_font=True), ".VnTimeH") == "UBND CÁC XÃ, PHƯỜNG"
    assert conv.cell("a", ".VnTimeH") == "A"
    assert conv.cell("Sở Nội vụ", ".VnTime") == "Sở Nội vụ"  # Unicode typed with the old font left on
    assert conv.cell("Hòa An", "Times New Roman") == "Hòa An"
    assert dict(conv.converted) == {Charset.TCVN3: 2}
    assert "2 ô mã TCVN3 (ABC)" in conv.summary()


def test_text_still_garbled_is_flagged_not_passed() -> None:
    assert looks_garbled("Káº¿ hoáº¡ch cáº£i cÃ¡ch hÃ nh chÃ­nh")  # UTF-8 read as Windows-1252
    assert not looks_garbled("Kế hoạch cải cách hành chính")
    assert not looks_garbled("UBND xã Hòa An")
    conv = Converter()
    conv.cell("Káº¿ hoáº¡ch cáº£i cÃ¡ch", "Calibri", "trang «PL01», dòng 7, cột 2")
    assert conv.garbled == ["trang «PL01», dòng 7, cột 2"]
