"""Who issues a report decides its header, number suffix and signature (Nghị định 30/2020, Phụ lục I)."""

from __future__ import annotations

from datetime import date

from desktop.core.reports.letterhead import initials, letterhead, place_date, place_of


def test_a_commune_signs_for_its_committee() -> None:
    head = letterhead("UBND xã Hòa An", "xa")
    assert (head.parent_agency, head.agency) == ("", "UBND XÃ HÒA AN")
    assert head.number.endswith("/BC-UBND") and head.number.startswith("Số:")
    assert (head.signer_prefix, head.signer_position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_a_department_signs_as_its_director_under_the_province() -> None:
    head = letterhead("Sở Nội vụ tỉnh Bắc Giang", "so")
    assert (head.parent_agency, head.agency) == ("UBND TỈNH BẮC GIANG", "SỞ NỘI VỤ")
    assert head.number.endswith("/BC-SNV") and (head.signer_prefix, head.signer_position) == ("", "GIÁM ĐỐC")
    office = letterhead("Văn phòng UBND tỉnh", "so")
    assert office.number.endswith("/BC-VPUBND") and office.signer_position == "THỦ TRƯỞNG CƠ QUAN"


def test_a_unit_under_an_agency_names_its_parent() -> None:
    head = letterhead("Phòng Văn hóa - Xã hội", "phong", parent="UBND xã Hòa An")
    assert (head.parent_agency, head.agency) == ("UBND XÃ HÒA AN", "PHÒNG VĂN HÓA - XÃ HỘI")
    assert head.number.endswith("/BC-PVHXH") and head.signer_position == "TRƯỞNG PHÒNG"


def test_initials_and_places() -> None:
    assert initials("Sở Giáo dục và Đào tạo") == "SGDĐT" and initials("Thanh tra tỉnh") == "TT"
    assert place_of("UBND phường Ba Đình") == "Ba Đình" and place_of("Sở Y tế tỉnh Lào Cai") == "Lào Cai"
    assert place_of("Thanh tra") == ""
    assert place_date("", date(2025, 10, 1)) == "…, ngày 01 tháng 10 năm 2025"
