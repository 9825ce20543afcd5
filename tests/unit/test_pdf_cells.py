"""Table cells of the long PDF tables: plain text where it fits, shared paragraphs laid out once, and the same
document as one paragraph per cell would give."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from desktop.core.reports.pdf import official_document
from desktop.core.reports.pdf_text import MM, cell_value, grid_table, para, register_fonts, styles

NAME = "Ủy ban nhân dân xã Tân Tiến, huyện Yên Thế, tỉnh Bắc Giang (nay là xã Tân Tiến, tỉnh Bắc Ninh)"
TASK = (
    "Sửa đổi, bổ sung, hợp nhất, ban hành mới Kế hoạch và báo cáo kết quả thực hiện (hoàn thành 100% nhiệm vụ "
    "đề ra); rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã. "
)
WIDTHS = [14 * MM, 60 * MM, 90 * MM, 30 * MM]


def test_short_texts_stay_plain_and_a_long_one_is_one_paragraph_per_column() -> None:
    register_fonts()
    cell = styles()["cell"]
    made: dict[str, Any] = {}
    decomposed = unicodedata.normalize("NFD", "Đã nộp")
    assert cell_value(decomposed, 30 * MM, cell, made) == "Đã nộp"  # drawn as NFC, one glyph per letter
    assert cell_value("4013", 14 * MM, cell, made) == "4013"
    first = cell_value(NAME, 60 * MM, cell, made)
    assert not isinstance(first, str) and cell_value(NAME, 60 * MM, cell, made) is first
    assert not isinstance(cell_value("Có\nKhông", 60 * MM, cell, {}), str)  # a line break needs a paragraph
    assert not isinstance(cell_value("Đang thực hiện", 8 * MM, cell, {}), str)  # too wide for its column
    assert cell_value(NAME * 3, 60 * MM, cell, made).wrap(1e-9, 1000)[0] == 0  # no room at all: nothing laid out
    width, height = first.wrap(60 * MM - 12, 1000)
    assert first.wrap(60 * MM - 12, 1000) == (width, height) and height >= 2 * cell.leading


def _pdf(path: Path, rows: list[list[str]], shared: bool, gap: float = 0) -> Path:
    """The rows as a table, its cells made by `cell_value` (shared) or one paragraph each, `gap` points down."""
    from reportlab.platypus import Spacer

    register_fonts()
    st = styles()
    header = [para(h, st["cell"], "b") for h in ("STT", "Cơ quan", "Nhiệm vụ", "Trạng thái")]
    if shared:
        made: list[dict[str, Any]] = [{} for _ in WIDTHS]
        body = [[cell_value(v, w, st["cell"], m) for v, w, m in zip(r, WIDTHS, made, strict=True)] for r in rows]
    else:
        body = [[para(v, st["cell"]) for v in r] for r in rows]
    return official_document(path, "Bảng thử", "Sở Nội vụ", [Spacer(1, gap), grid_table([header, *body], WIDTHS)])


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_shared_cells_give_the_document_one_paragraph_per_cell_gives(tmp_path: Path) -> None:
    rows = [[str(i), NAME if i % 3 else f"UBND xã số {i}", TASK, "Đang thực hiện"] for i in range(1, 241)]
    rows.insert(120, ["121a", NAME, TASK * 40, "Chưa cập nhật"])  # a row taller than a page, split across two
    rows.insert(121, ["121b", NAME, TASK * 40, "Chưa cập nhật"])  # the same long text again: split again

    fast = _text(_pdf(tmp_path / "fast.pdf", rows, shared=True))
    plain = _text(_pdf(tmp_path / "plain.pdf", rows, shared=False))
    assert fast == plain
    assert fast.count("Tân Tiến, tỉnh Bắc Ninh)") == 162 and fast.count("UBND xã số ") == 80
    assert fast.split().count("đánh") == 240 + 2 * 40 and fast.count("Đang thực hiện") == 240
    assert fast.count("\f") >= 20 and "121b" in fast


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_a_row_reaching_the_foot_of_a_page_at_every_height_is_drawn_whole(tmp_path: Path) -> None:
    """Wherever the table starts, some row's shared paragraph has room for one line only at the foot of a page
    and moves whole to the next (reportlab then drops its layout): it is laid out again, never drawn without."""
    rows = [[str(i), NAME, TASK, "Đang thực hiện"] for i in range(1, 40)]
    for gap in range(0, 48, 2):
        text = _text(_pdf(tmp_path / f"{gap}.pdf", rows, shared=True, gap=gap))
        assert text.split().count("đánh") == 39 and text.count("Tân Tiến, tỉnh Bắc Ninh)") == 39, gap


def test_reportlab_draws_with_its_c_accelerator() -> None:
    from reportlab.lib import rl_accel

    assert not rl_accel._py_funcs, f"pure-Python fallbacks in use: {sorted(rl_accel._py_funcs)}"
