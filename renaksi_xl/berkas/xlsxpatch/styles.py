"""Cell formats added to ``xl/styles.xml``: fonts, fills, borders and cell formats found
again when present, appended (with their count) when not."""

from __future__ import annotations

import re
from collections.abc import Sequence

from renaksi_xl.berkas.xlsxpatch.xmltext import PackageError
from renaksi_xl.core.record import record

FONT = re.compile(r"<font\b[^>]*?(?:/>|>.*?</font>)", re.DOTALL)
XF = re.compile(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.DOTALL)
FILL = re.compile(r"<fill\b[^>]*?(?:/>|>.*?</fill>)", re.DOTALL)
_BORDER = re.compile(r"<border\b[^>]*?(?:/>|>.*?</border>)", re.DOTALL)


@record
class CellStyle:
    """A cell format added to a workbook: the default font made bold, larger or a link, a
    built-in number format (``3`` = ``#,##0``, ``2`` = ``0.00``), text wrapped at the top
    of the cell, a horizontal alignment, a thin box and a solid fill (``RRGGBB``)."""

    bold: bool = False
    size: float | None = None
    link: bool = False
    number_format: int = 0
    wrap: bool = False
    horizontal: str | None = None
    border: bool = False
    fill: str | None = None


def with_cell_styles(xml: str, styles: Sequence[CellStyle]) -> tuple[str, list[int]]:
    """``xml`` (``xl/styles.xml``) with the styles it lacks added, and the ``s`` index of
    each style (a style added before is found again, so reruns do not pile them up)."""
    default_font = FONT.search(xml)
    if default_font is None or "</cellXfs>" not in xml or "</fonts>" not in xml:
        raise PackageError("xl/styles.xml tidak terbaca")
    indices = []
    for style in styles:
        font_id = fill_id = border_id = 0
        if style.bold or style.size or style.link:
            font = font_xml(default_font.group(0), style)
            xml, font_id = find_or_add(xml, "fonts", FONT, font)
        if style.fill:
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            )
            xml, fill_id = find_or_add(xml, "fills", FILL, fill)
        if style.border:
            xml, border_id = find_or_add(xml, "borders", _BORDER, _THIN_BOX)
        xf = (
            f'<xf numFmtId="{style.number_format}" fontId="{font_id}" fillId="{fill_id}" '
            f'borderId="{border_id}" xfId="0" applyNumberFormat="1" applyFont="1"'
        )
        if fill_id:
            xf += ' applyFill="1"'
        if border_id:
            xf += ' applyBorder="1"'
        if style.wrap or style.horizontal or style.border:
            horizontal = f' horizontal="{style.horizontal}"' if style.horizontal else ""
            wrap = ' vertical="top" wrapText="1"' if style.wrap else ' vertical="top"'
            xf += f' applyAlignment="1"><alignment{horizontal}{wrap}/></xf>'
        else:
            xf += "/>"
        xml, xf_id = find_or_add(xml, "cellXfs", XF, xf)
        indices.append(xf_id)
    return xml, indices


_THIN_BOX = (
    "<border>"
    + "".join(
        f'<{side} style="thin"><color rgb="FF000000"/></{side}>'
        for side in ("left", "right", "top", "bottom")
    )
    + "<diagonal/></border>"
)


def font_xml(default: str, style: CellStyle) -> str:
    """The workbook's default font with the style's changes, children in Excel's order."""

    def value(tag: str) -> str | None:
        match = re.search(rf'<{tag}\b[^>]*?val="([^"]*)"', default)
        return match.group(1) if match else None

    parts = ["<b/>"] if style.bold else []
    if style.link:
        parts.append('<u val="single"/>')
    size = f"{style.size:g}" if style.size else value("sz") or "11"
    parts.append(f'<sz val="{size}"/>')
    if style.link:
        parts.append('<color rgb="FF0563C1"/>')
    else:
        colour = re.search(r"<color\b[^>]*?/>", default)
        if colour:
            parts.append(colour.group(0))
    parts.append(f'<name val="{value("name") or "Calibri"}"/>')
    for tag in ("family", "scheme"):
        found = value(tag)
        if found:
            parts.append(f'<{tag} val="{found}"/>')
    return "<font>" + "".join(parts) + "</font>"


def find_or_add(xml: str, container: str, element: re.Pattern[str], wanted: str) -> tuple[str, int]:
    """The index of ``wanted`` among the children of ``<container>``, appended (and the
    count attribute updated) when absent."""
    opening = re.search(rf"<{container}\b[^>]*?>", xml)
    closing = xml.find(f"</{container}>")
    if opening is None or closing < 0:
        raise PackageError(f"<{container}> tidak ada di xl/styles.xml")
    children = element.findall(xml, opening.end(), closing)
    if wanted in children:
        return xml, children.index(wanted)
    count = len(children) + 1
    head = re.sub(r'\bcount="\d+"', f'count="{count}"', opening.group(0))
    if "count=" not in head:
        head = head[:-1] + f' count="{count}">'
    xml = xml[: opening.start()] + head + xml[opening.end() : closing] + wanted + xml[closing:]
    return xml, count - 1
