"""Cell styles of the marks in ``xl/styles.xml``: a style derived from the cell's own with
the severity's fill, and the plain styles of the *Hasil Validasi* sheet."""

from __future__ import annotations

import re

from renaksi_xl.berkas.xlsxpatch import CellStyle, Package, PackageError, SheetXml
from renaksi_xl.berkas.xlsxpatch.styles import FILL, FONT, XF, find_or_add, font_xml
from renaksi_xl.core.findings import Severity
from renaksi_xl.core.marks import COLORS

NO_FILL = '<fill><patternFill patternType="none"/></fill>'


def solid_fill(color: str) -> str:
    """The ``<fill>`` of a solid ``color`` (``RRGGBB``)."""
    return (
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
    )


class Styles:
    """Cell styles added to ``xl/styles.xml``; one found again rather than added twice."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.xml = package.part_text("xl/styles.xml")
        self.original = self.xml
        self._marked: dict[tuple[str | None, Severity], int] = {}

    def _fill(self, color: str) -> int:
        self.xml, index = find_or_add(self.xml, "fills", FILL, solid_fill(color))
        return index

    def _children(self, container: str, element: re.Pattern[str]) -> list[str]:
        opening = re.search(rf"<{container}\b[^>]*?>", self.xml)
        closing = self.xml.find(f"</{container}>")
        if opening is None or closing < 0:
            raise PackageError(f"xl/styles.xml tanpa <{container}>")
        return element.findall(self.xml, opening.end(), closing)

    def cell_xf(self, style: str | None) -> str:
        """The ``<xf>`` of cells styled ``style`` (``None``: the default, 0)."""
        xfs = self._children("cellXfs", XF)
        if not xfs:
            raise PackageError("xl/styles.xml tanpa gaya sel")
        index = int(style) if style and style.isdigit() else 0
        return xfs[index] if index < len(xfs) else xfs[0]

    def fill_of(self, xf: str) -> str | None:
        """The ``<fill>`` an ``<xf>`` uses."""
        found = re.search(r'\bfillId="(\d+)"', xf[: xf.find(">")])
        fills = self._children("fills", FILL)
        index = int(found.group(1)) if found else 0
        return fills[index] if index < len(fills) else None

    def marked(self, style: str | None, severity: Severity) -> int:
        """The style index of a cell styled ``style`` (its ``s``) filled for ``severity``."""
        key = (style, severity)
        if key not in self._marked:
            fill = self._fill(COLORS[severity])
            xf = _with_attributes(self.cell_xf(style), fillId=str(fill), applyFill="1")
            self.xml, self._marked[key] = find_or_add(self.xml, "cellXfs", XF, xf)
        return self._marked[key]

    def refilled(self, style: str | None, fill: str, apply_fill: str | None) -> int:
        """The style index of a cell styled ``style`` with ``fill`` instead of its own:
        the user's fill put back where another program renumbered the styles."""
        self.xml, fill_id = find_or_add(self.xml, "fills", FILL, fill)
        values = {"fillId": str(fill_id)}
        xf = _with_attributes(self.cell_xf(style), **values)
        xf = re.sub(r'\sapplyFill="[^"]*"', "", xf, count=1)
        if apply_fill is not None:
            xf = _with_attributes(xf, applyFill=apply_fill)
        self.xml, index = find_or_add(self.xml, "cellXfs", XF, xf)
        return index

    def refill(self, sheet: SheetXml, cell: str, fill: str) -> None:
        """Give ``cell`` of ``sheet`` its present style with ``fill`` applied instead."""
        sheet.set_style(cell, str(self.refilled(sheet.style_now(cell), fill, "1")))

    def xf(
        self,
        *,
        font: CellStyle | None = None,
        fill: str | None = None,
        top: bool = False,
        wrap: bool = False,
    ) -> int:
        """A style on the workbook's own font (bolder, larger or a link: one typeface for
        the whole sheet), optionally filled, aligned to the top and wrapped."""
        font_id = 0
        if font is not None:
            default = FONT.search(self.xml)
            if default is None:
                raise PackageError("xl/styles.xml tanpa <font>")
            self.xml, font_id = find_or_add(self.xml, "fonts", FONT, font_xml(default[0], font))
        fill_id = self._fill(fill) if fill else 0
        alignment = ""
        if top or wrap:
            alignment = (
                "<alignment"
                + (' vertical="top"' if top else "")
                + (' wrapText="1"' if wrap else "")
                + "/>"
            )
        xf = (
            f'<xf numFmtId="0" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"'
            + (' applyFont="1"' if font_id else "")
            + (' applyFill="1"' if fill_id else "")
            + (' applyAlignment="1"' if alignment else "")
            + (f">{alignment}</xf>" if alignment else "/>")
        )
        self.xml, index = find_or_add(self.xml, "cellXfs", XF, xf)
        return index

    def save(self) -> None:
        if self.xml != self.original:
            self.package.put_part("xl/styles.xml", self.xml)


def _with_attributes(element: str, **values: str) -> str:
    """``element`` with the attributes of its opening tag set to ``values``."""
    match = re.match(r"<\w+\b([^>]*?)(/?)>", element)
    if match is None:
        return element
    attributes = match.group(1)
    for name, value in values.items():
        if re.search(rf'\b{name}="[^"]*"', attributes):
            attributes = re.sub(rf'\b{name}="[^"]*"', f'{name}="{value}"', attributes)
        else:
            attributes += f' {name}="{value}"'
    tag = element[1 : match.start(1)]
    return f"<{tag}{attributes}{match.group(2)}>{element[match.end() :]}"
