import unicodedata

import pytest

from desktop.core.agency_names import groups_of, infer_level, key_variants, match_key, split_names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Các Sở, ban, ngành tỉnh; UBND cấp xã", ["Các Sở, ban, ngành tỉnh", "UBND cấp xã"]),
        (
            "Sở Nội vụ;\nVăn phòng UBND tỉnh;\nBáo và Đào PT-TH tỉnh",
            ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Báo và Đào PT-TH tỉnh"],
        ),
        (
            "Sở Tài chính và các Sở, ban, ngành; UBND các xã, phường",
            ["Sở Tài chính", "các Sở, ban, ngành", "UBND các xã, phường"],
        ),
        ("Các sở, ban, ngành, UBND cấp huyện, UBND cấp xã", ["Các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),
        ("Đài Phát thanh và Truyền hình tỉnh, Báo Bắc Giang", ["Đài Phát thanh và Truyền hình tỉnh", "Báo Bắc Giang"]),
        ("Sở Xây dựng, Sở Nông nghiệp và PTNT", ["Sở Xây dựng", "Sở Nông nghiệp và PTNT"]),
        (
            "- UBND cấp xã;\n- Các cơ sở giáo dục trên địa bàn tỉnh và các cơ quan liên quan.",
            ["UBND cấp xã", "Các cơ sở giáo dục trên địa bàn tỉnh", "các cơ quan liên quan"],
        ),
        ("Sở Giáo dục và Đào tạo", ["Sở Giáo dục và Đào tạo"]),
        (
            "Văn phòng UBND tỉnh (Trung tâm PVHCC); Sở Nội vụ; Sở Tài chính",
            ["Văn phòng UBND tỉnh (Trung tâm PVHCC)", "Sở Nội vụ", "Sở Tài chính"],
        ),
        ("", []),
    ],
)
def test_split_names(cell: str, names: list[str]) -> None:
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở Tư pháp", "Sở Tư pháp tỉnh"),
        ("SỞ TƯ PHÁP", "sở tư pháp"),
        ("VP UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Báo và Đài PT-TH tỉnh", "Báo và Đài Phát thanh - Truyền hình tỉnh"),
        ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
        ("Văn phòng UBND tỉnh theo dõi đôn đốc, kiểm tra", "Văn phòng UBND tỉnh"),
        ("Sở Nội vụ.", "Sở  Nội-vụ"),
    ],
)
def test_tolerant_keys(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_nfd_and_nfc_give_the_same_key() -> None:
    assert match_key(unicodedata.normalize("NFD", "Sở Nội vụ")) == match_key("Sở Nội vụ")


def test_province_name_suffix_is_a_variant() -> None:
    assert "so tu phap" in key_variants("Sở Tư pháp tỉnh Tuyên Quang")


@pytest.mark.parametrize(
    ("name", "groups"),
    [
        ("UBND cấp xã", {"xa"}),
        ("UBND các xã, phường", {"xa"}),
        ("UBND xã", {"xa"}),
        ("Các Sở, ban, ngành tỉnh", {"so"}),
        ("Các Sở, ban, ngành (tỉnh)", {"so"}),
        ("Các sở, ngành cấp tỉnh", {"so"}),
        ("Các cơ quan, đơn vị có liên quan", {"related"}),
        ("Các cơ quan đơn vị có liên quan", {"related"}),
        ("UBND cấp huyện", {"huyen"}),
        ("UBND cấp huyện, cấp xã", {"huyen", "xa"}),
        ("UBND các cấp", {"ubnd"}),
        ("Sở Nội vụ", set()),
        ("UBND xã Hòa An", set()),
    ],
)
def test_generic_groups(name: str, groups: set[str]) -> None:
    assert set(groups_of(name)) == groups


def test_infer_level() -> None:
    assert infer_level("Sở Nội vụ") == "so"
    assert infer_level("Văn phòng UBND tỉnh") == "so"
    assert infer_level("UBND xã Hòa An") == "xa"
    assert infer_level("UBND phường Minh Xuân") == "xa"
    assert infer_level("Thôn/Tổ dân phố") == "khac"
