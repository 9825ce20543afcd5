"""Ctrl+P: the report of the page in front of the user, previewed, then printed through the system's print
dialog. The PDF is made and its pages rendered in a worker; the printer is painted from a worker too (Qt allows
a QPainter on a QPrinter outside the UI thread), page by page, with progress and Cancel."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from desktop.core.errors import Cancelled, UserError
from desktop.core.print_copy import print_copy
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.reports.kinds import TITLES, PrintKind
from desktop.core.reports.pdf import ReportTexts
from desktop.core.reports.render import PageImage, PdfPages
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.print_preview_dialog import PrintPreviewDialog
from desktop.ui.ops import show_error

HANDLERS = HandlerTable()
PREVIEW_DPI = 60  # an A4 page about 500 pixels wide: two pages side by side fit a laptop screen
PRINT_DPI_LIMIT = 300  # enough for 11 pt text; a 1200 dpi printer is sent 300 dpi pages, scaled


def qimage(page: PageImage) -> QImage:
    """A QImage that owns its pixels (made in a worker: QImage is not tied to the UI thread)."""
    return QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_Grayscale8).copy()


@HANDLERS.handles(ActionId.PRINT_REPORT)
def print_report(ctx: ActionContext, kind: PrintKind = PrintKind.REPORT, texts: ReportTexts | None = None) -> None:
    state, parent = ctx.state, ctx.parent
    store, code = state.store, state.period_code
    if store is None or not code:
        return
    label = state.period_label
    title = f"{TITLES[kind]} {label[:1].lower()}{label[1:]}".strip()
    folder = Path(tempfile.mkdtemp(prefix="cchc-in-"))

    def work(progress: ProgressFn, cancel: CancelToken) -> tuple[Path, list[QImage]]:
        pdf = print_copy(store, kind, code, folder, state.today, texts)
        with PdfPages(pdf) as pages:
            return pdf, [qimage(p) for p in pages.pages(PREVIEW_DPI, progress, cancel, "Đang dựng bản xem trước")]

    def preview(made: tuple[Path, list[QImage]]) -> None:
        pdf, images = made
        dialog = PrintPreviewDialog(title, images, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            shutil.rmtree(folder, ignore_errors=True)
            return
        send_to_printer(ctx, pdf, title, lambda: shutil.rmtree(folder, ignore_errors=True))

    def failed(exc: BaseException) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        show_error(parent, exc)

    # Queued behind the page's own loading: Ctrl+P pressed as a page opens still prints.
    state.run("Đang chuẩn bị bản in", work, preview, on_failure=failed, queue=True)


def send_to_printer(ctx: ActionContext, pdf: Path, title: str, finished: Callable[[], None] = lambda: None) -> None:
    """The system's print dialog, then the pages painted on the chosen printer in a worker."""
    state, parent = ctx.state, ctx.parent
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the PDF's pages carry their own margins (Nghị định 30)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"In — {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        finished()
        return

    def work(progress: ProgressFn, cancel: CancelToken) -> int:
        return _paint(printer, pdf, progress, cancel)

    def done(pages: int) -> None:
        finished()
        state.say(f"Đã gửi {pages} trang «{title}» tới máy in.", 10000)

    def failed(exc: BaseException) -> None:
        finished()
        show_error(parent, exc)

    state.run("Đang in", work, done, on_failure=failed)


def _paint(printer: QPrinter, pdf: Path, progress: ProgressFn, cancel: CancelToken) -> int:
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(
            f"Không gửi được bản in tới máy in «{printer.printerName() or printer.outputFileName()}». Hãy kiểm tra "
            "máy in đã bật và được chọn đúng, rồi in lại."
        )
    printed = 0
    try:
        with PdfPages(pdf) as pages:
            first, last = _range(printer, len(pages))
            dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
            for index in range(first, last + 1):
                cancel.check()
                progress(index - first, last - first + 1, f"Đang in trang {index + 1}/{len(pages)}")
                if printed:
                    printer.newPage()
                _draw(painter, printer, pages.render(index, dpi))
                printed += 1
    except Cancelled:
        printer.abort()  # nothing half-printed is sent on
        raise
    finally:
        painter.end()
    return printed


def _range(printer: QPrinter, count: int) -> tuple[int, int]:
    """The pages the user chose in the print dialog (0-based, inclusive); all of them by default."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = min(printer.fromPage(), count) - 1
        return first, max(first, min(printer.toPage() or count, count) - 1)
    return 0, count - 1


def _draw(painter: QPainter, printer: QPrinter, page: PageImage) -> None:
    """The page over the whole sheet; a landscape appendix page turned onto portrait paper, as a copier does."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    image = qimage(page)
    painter.save()
    if page.landscape != (paper.width() > paper.height()):
        painter.translate(paper.width(), 0)
        painter.rotate(90)
        box = QRectF(0, 0, paper.height(), paper.width())
    else:
        box = QRectF(0, 0, paper.width(), paper.height())
    painter.drawImage(box, image)
    painter.restore()
