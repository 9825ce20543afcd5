import unicodedata

from desktop.core.text import collation_key, fold, natural_code_key, nfc


def test_fold_removes_every_accent_and_maps_d() -> None:
    assert fold("Cải cách hành chính") == "cai cach hanh chinh"
    assert fold("ĐÀO TẠO") == "dao tao"
    assert fold(unicodedata.normalize("NFD", "Ủy ban")) == "uy ban"


def test_nfc_tidies_excel_text() -> None:
    assert nfc(unicodedata.normalize("NFD", "Sở Nội vụ\u00a0")) == "Sở Nội vụ"
    assert nfc(None) == ""


def test_vietnamese_collation_order() -> None:
    words = ["Đồng", "Dương", "Anh", "Ân", "Ăn", "Bình", "Ơn", "Ô", "O", "Ưu", "Uy", "Á", "À", "A"]
    ordered = sorted(words, key=collation_key)
    # a < ă < â, d < đ, o < ô < ơ, u < ư; tones only break ties (A, À, Á).
    assert ordered == ["A", "À", "Á", "Anh", "Ăn", "Ân", "Bình", "Dương", "Đồng", "O", "Ô", "Ơn", "Uy", "Ưu"]


def test_natural_code_order() -> None:
    codes = ["1.10", "1.2", "B.II.13", "A.III.3", "1.3.1", "2", "A.I.1"]
    assert sorted(codes, key=natural_code_key) == ["1.2", "1.3.1", "1.10", "2", "A.I.1", "A.III.3", "B.II.13"]
