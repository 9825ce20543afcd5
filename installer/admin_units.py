"""Regenerate `vn-2025-07.json`: Việt Nam's provinces and their communes, wards and special zones as they are
since 1 July 2025, with the official unit codes of the national statistics office.

The names and codes are official administrative information. They are read here from the `vietnam-provinces`
package (GPL-3.0-or-later), which is used only by this script at development time: it is never installed
with the app nor imported by it. Run:

    pip install "vietnam-provinces>=2025.10"
    python installer/admin_units.py
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "admin_units" / "vn-2025-07.json"
KINDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}


def main() -> None:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH  # development only (GPL): never shipped

    source = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    provinces = []
    for p in sorted(source, key=lambda p: int(p["code"])):
        units = []
        for w in sorted(p["wards"], key=lambda w: int(w["code"])):
            kind = KINDS[w["division_type"]]
            prefix = {"xa": "Xã ", "phuong": "Phường ", "dac_khu": "Đặc khu "}[kind]
            name = unicodedata.normalize("NFC", w["name"])
            units.append([f"{int(w['code']):05d}", name.removeprefix(prefix), kind])
        name = unicodedata.normalize("NFC", p["name"]).removeprefix("Thành phố ")
        kind = "thanh_pho" if p["division_type"] == "thành phố trung ương" else "tinh"
        provinces.append({"code": f"{int(p['code']):02d}", "name": name, "kind": kind, "units": units})
    data = {
        "effective": "2025-07-01",
        "source": "Danh mục đơn vị hành chính (Cục Thống kê), qua gói vietnam-provinces (chỉ dùng khi sinh tệp này)",
        "provinces": provinces,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(provinces)} tỉnh, thành phố; {sum(len(p['units']) for p in provinces)} đơn vị cấp xã → {OUT}")


if __name__ == "__main__":
    main()
