"""A report's PDF as page images, for the print preview and for the printer: the printed copy is the PDF the
bundle holds, page for page, not a second layout of the same texts.

PDFium (pypdfium2, BSD/Apache) renders; it is not thread-safe, so one `PdfPages` is used by one worker at a
time. Pages are grey (documents are black on white): a quarter of the memory of colour.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from desktop.core.errors import UserError
from desktop.core.progress import CancelToken, ProgressFn

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    """One rendered page: 8-bit grey rows of `stride` bytes, and the page's size in points."""

    width: int
    height: int
    stride: int
    pixels: bytes
    width_pt: float
    height_pt: float

    @property
    def landscape(self) -> bool:
        return self.width_pt > self.height_pt


class PdfPages:
    """An open PDF whose pages render at any resolution; a context manager that closes the document."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        try:
            self._doc = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise UserError(f"Không mở được bản PDF «{path.name}» để in: {exc}. Hãy lập lại báo cáo.") from exc

    def __len__(self) -> int:
        return len(self._doc)

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._doc.close()

    def render(self, index: int, dpi: float) -> PageImage:
        page = self._doc[index]
        try:
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True, may_draw_forms=False)
            try:
                return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer), width_pt, height_pt)
            finally:
                bitmap.close()
        finally:
            page.close()

    def pages(self, dpi: float, progress: ProgressFn, cancel: CancelToken, what: str) -> Iterator[PageImage]:
        total = len(self)
        for index in range(total):
            cancel.check()
            progress(index, total, f"{what}: trang {index + 1}/{total}")
            yield self.render(index, dpi)
        progress(total, total, what)
