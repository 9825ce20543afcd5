"""Draw the app icon: `python installer/make_icon.py` writes resources/icons/cchc.png and installer/cchc.ico.

Drawn with Qt (no image editor needed); the .ico holds the sizes Windows asks for. Run again after a change.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int = 256) -> object:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#b3261e")))  # the red of the state's documents
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QBrush(QColor("#ffd54f")))
    p.drawEllipse(QPointF(128 * s, 104 * s), 64 * s, 64 * s)
    pen = QPen(QColor("#b3261e"), 20 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.drawPolyline([QPointF(96 * s, 106 * s), QPointF(120 * s, 130 * s), QPointF(162 * s, 80 * s)])
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(int(46 * s))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 178 * s, 256 * s, 56 * s), Qt.AlignmentFlag.AlignCenter, "CCHC")
    p.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv)
    png = ROOT / "resources" / "icons" / "cchc.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(png))  # type: ignore[attr-defined]
    Image.open(png).save(ROOT / "installer" / "cchc.ico", sizes=[(n, n) for n in ICO_SIZES])
    print(f"wrote {png} and installer/cchc.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
