"""The robustness corpus: broken, hostile and huge files a user might hand the tool, each
generated from a good workbook (or from nothing) in a fraction of a second.

``build_corpus(folder, good)`` writes every case and returns them; each case says what it is
and which part of the file is broken, so tests and the benchmark share one list.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KEGIATAN_PART = "xl/worksheets/sheet3.xml"


@dataclass(frozen=True)
class Case:
    """A generated file, and whether it is a workbook (so ``--tandai`` and ``hitung`` apply)."""

    name: str
    path: Path
    what: str

    @property
    def workbook(self) -> bool:
        """Whether the file is named like a workbook."""
        return self.path.suffix.lower() in (".xlsx", ".xlsm")


def parts_of(path: Path) -> dict[str, bytes]:
    """Every part of a workbook, in order."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes], stored: frozenset[str] = frozenset()) -> Path:
    """A zip of ``parts`` (deflated, except the names in ``stored``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return path


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The part holding ``sheet`` (the workbook lists sheets in part order here)."""
    workbook = parts["xl/workbook.xml"].decode()
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def with_cells(xml: bytes, cells: bytes) -> bytes:
    """A worksheet's XML with extra cell rows appended to its sheetData."""
    if b"<sheetData/>" in xml:
        return xml.replace(b"<sheetData/>", b"<sheetData>" + cells + b"</sheetData>")
    return xml.replace(b"</sheetData>", cells + b"</sheetData>", 1)


def _changed(good: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    parts = parts_of(good)
    change(parts)
    return write_parts(target, parts)


def _far_cell(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Kegiatan")
    parts[part] = with_cells(parts[part], b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def _far_formula_other_sheet(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Daftar")
    parts[part] = with_cells(
        parts[part], b'<row r="1048576"><c r="XFD1048576"><f>1+1</f><v>2</v></c></row>'
    )


def _far_merge(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Daftar")
    xml = parts[part]
    merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    if b"<mergeCells" in xml:
        xml = re.sub(rb"<mergeCells.*?</mergeCells>", merge, xml, count=1, flags=re.S)
    else:
        xml = xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    parts[part] = xml


def _malformed(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Kegiatan")
    parts[part] = parts[part].replace(b"</sheetData>", b"<row><c r=</sheetData>", 1)


def _invalid_utf8(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Kegiatan")
    parts[part] = with_cells(
        parts[part], b'<row r="900"><c r="A900" t="inlineStr"><is><t>\xff\xfe</t></is></c></row>'
    )


def _doctype(parts: dict[str, bytes]) -> None:
    """The "billion laughs": ten entities, each ten of the one before."""
    part = sheet_part(parts, "Kegiatan")
    entities = [b'<!ENTITY e0 "lol">'] + [
        b'<!ENTITY e%d "%s">' % (n, b"&e%d;" % (n - 1) * 10) for n in range(1, 10)
    ]
    laughs = b'<?xml version="1.0"?><!DOCTYPE worksheet [' + b"".join(entities) + b"]>"
    xml = re.sub(rb"^<\?xml[^>]*\?>", b"", parts[part])
    parts[part] = laughs + with_cells(
        xml, b'<row r="900"><c r="A900" t="inlineStr"><is><t>&e9;</t></is></c></row>'
    )


def _missing_sheet(parts: dict[str, bytes]) -> None:
    del parts[sheet_part(parts, "Kegiatan")]


def _million_rows(parts: dict[str, bytes]) -> None:
    part = sheet_part(parts, "Daftar")
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(30, 1_000_030)
    )
    parts[part] = with_cells(parts[part], rows)


def _many_cells(parts: dict[str, bytes]) -> None:
    # cells without references: each takes the next column, so a row of 300 reaches KN
    part = sheet_part(parts, "Daftar")
    parts[part] = with_cells(parts[part], b'<row r="2000">' + b"<c><v>1</v></c>" * 300 + b"</row>")


def stored_numbers(good: Path, target: Path, values: dict[str, bytes]) -> Path:
    """``good`` with the stored numbers of some Kegiatan cells replaced (``{"O9": b"1e309"}``):
    what another program may write, and Excel itself cannot."""
    parts = parts_of(good)
    part = sheet_part(parts, "Kegiatan")
    xml = parts[part]
    for cell, value in values.items():
        xml, count = re.subn(
            rb'(<c r="%s"[^>]*>)(<f>[^<]*</f>)?<v>[^<]*</v>' % cell.encode(),
            rb"\g<1><v>" + value + rb"</v>",
            xml,
        )
        assert count == 1, cell
    parts[part] = xml
    return write_parts(target, parts)


def _corrupt_deflate(good: Path, target: Path) -> Path:
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(KEGIATAN_PART)
    # the local header is 30 bytes plus the name and extra field; damage the middle of the
    # compressed stream, leaving the directory intact
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for offset in range(middle, middle + 64):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def _zip_bomb(good: Path, target: Path, megabytes: int = 200) -> Path:
    """A sheet of ``megabytes`` MB of blank space (valid XML) in a file a thousand times
    smaller."""
    parts = parts_of(good)
    part = sheet_part(parts, "Kegiatan")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != part:
                archive.writestr(name, data)
                continue
            head, _, tail = data.partition(b"</sheetData>")
            with archive.open(name, "w", force_zip64=True) as stream:
                stream.write(head)
                blank = b" " * (1024 * 1024)
                for _ in range(megabytes):
                    stream.write(blank)
                stream.write(b"</sheetData>" + tail)
    return target


def _many_stored_cells(parts: dict[str, bytes]) -> None:
    # 210,000 cells within the rows and columns allowed
    part = sheet_part(parts, "Daftar")
    row = b"".join(b"<c><v>%d</v></c>" % n for n in range(200))
    rows = b"".join(b'<row r="%d">%s</row>' % (n, row) for n in range(1000, 2050))
    parts[part] = with_cells(parts[part], rows)


def _million_lines(target: Path) -> Path:
    target.write_bytes(b"1\t2\n" * 1_000_000)
    return target


def build_corpus(folder: Path, good: Path) -> list[Case]:
    """Write every case into ``folder``; ``good`` is a valid template workbook (filled)."""
    folder.mkdir(parents=True, exist_ok=True)
    good_bytes = good.read_bytes()
    rng = random.Random(11)
    cases: list[Case] = []

    def add(name: str, what: str, make: Callable[[Path], Path]) -> None:
        cases.append(Case(name, make(folder / name), what))

    def data(content: bytes) -> Callable[[Path], Path]:
        def write(path: Path) -> Path:
            path.write_bytes(content)
            return path

        return write

    def changed(change: Callable[[dict[str, bytes]], None]) -> Callable[[Path], Path]:
        return lambda path: _changed(good, path, change)

    add("kosong.xlsx", "empty file", data(b""))
    add("terpotong.xlsx", "truncated download", data(good_bytes[: len(good_bytes) // 2]))
    add("acak.xlsx", "random bytes", data(rng.randbytes(64 * 1024)))
    add("acak-zip.xlsx", "zip magic then random bytes", data(b"PK\x03\x04" + rng.randbytes(4096)))
    add("terenkripsi.xlsx", "password-protected (OLE container)", data(OLE_MAGIC + bytes(4088)))
    add("lama.xls", "Excel 97-2003 file", data(OLE_MAGIC + bytes(4088)))
    add("lama-diganti-nama.xlsx", "a .xls renamed .xlsx", data(OLE_MAGIC + rng.randbytes(4088)))
    add("opendocument.ods", "OpenDocument spreadsheet", data(b"PK\x03\x04" + bytes(100)))
    add("bom-zip.xlsx", "sheet inflating to 200 MB", lambda p: _zip_bomb(good, p))
    add("rasio.xlsx", "sheet compressed a thousandfold", lambda p: _zip_bomb(good, p, 20))
    add("sel-banyak.xlsx", "210,000 cells", changed(_many_stored_cells))
    add("sel-jauh.xlsx", "one cell at XFD1048576", changed(_far_cell))
    add(
        "rumus-jauh.xlsx",
        "formula at XFD1048576 in another sheet",
        changed(_far_formula_other_sheet),
    )
    add("gabung-jauh.xlsx", "merged range over the whole sheet", changed(_far_merge))
    add("xml-rusak.xlsx", "malformed sheet XML", changed(_malformed))
    add("utf8-rusak.xlsx", "invalid UTF-8 in sheet XML", changed(_invalid_utf8))
    add("doctype.xlsx", "DOCTYPE with entities", changed(_doctype))
    add("lembar-hilang.xlsx", "sheet part missing", changed(_missing_sheet))
    add("deflate-rusak.xlsx", "corrupt deflate stream", lambda p: _corrupt_deflate(good, p))
    add("sejuta-baris.xlsx", "a million rows in a sheet", changed(_million_rows))
    add("kolom-banyak.xlsx", "300 cells without references in a row", changed(_many_cells))
    add("sejuta-baris.txt", "a million-line old-layout text", _million_lines)
    add("biner.txt", "binary data named .txt", data(rng.randbytes(8192)))
    return cases


def _old_layout_cells(parts: dict[str, bytes], rows: int, columns: int) -> None:
    """A first sheet of ``rows`` × ``columns`` filled cells (text and numbers)."""
    from renaksi_xl.core.layout import get_column_letter

    letters = [get_column_letter(c).encode() for c in range(1, columns + 1)]

    def cell(letter: bytes, row: int, index: int) -> bytes:
        if index < 3:
            return b'<c r="%s%d" t="inlineStr"><is><t>teks %d</t></is></c>' % (letter, row, index)
        return b'<c r="%s%d"><v>%d</v></c>' % (letter, row, row * index)

    body = b"".join(
        b'<row r="%d">' % row
        + b"".join(cell(letter, row, index) for index, letter in enumerate(letters))
        + b"</row>"
        for row in range(1, rows + 1)
    )
    xml = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb"<sheetData>.*</sheetData>|<sheetData/>",
        b"<sheetData>" + body + b"</sheetData>",
        xml,
        flags=re.S,
    )


def build_near_limits(folder: Path, good: Path) -> list[Case]:
    """Files just inside every limit, which must be read (or refused for their content) in
    bounded memory and time: the limits are only worth their name if these pass."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    blank = folder / "kosong-openpyxl.xlsx"
    book = Workbook()
    book.active["A1"] = "x"  # type: ignore[index]
    book.save(blank)
    cases: list[Case] = []

    def old_layout(path: Path) -> Path:
        parts = parts_of(blank)
        _old_layout_cells(parts, 19_990, 10)  # 199,900 cells
        return write_parts(path, parts)

    def far_template(path: Path) -> Path:
        parts = parts_of(good)
        part = sheet_part(parts, "Kegiatan")
        parts[part] = with_cells(parts[part], b'<row r="2499"><c r="GR2499"><v>1</v></c></row>')
        return write_parts(path, parts)

    def long_text(path: Path) -> Path:
        path.write_bytes(b"1\tKegiatan\tIndikator\t100\t25\t25\t25\t25\n" * 19_990)
        return path

    cases.append(Case("dekat-sel.xlsx", old_layout(folder / "dekat-sel.xlsx"), "199,900 cells"))
    cases.append(
        Case("dekat-rentang.xlsx", far_template(folder / "dekat-rentang.xlsx"), "range GR2499")
    )
    cases.append(Case("dekat-baris.txt", long_text(folder / "dekat-baris.txt"), "19,990 lines"))
    cases.append(
        Case("dekat-rasio.xlsx", _zip_bomb(good, folder / "dekat-rasio.xlsx", 1), "ratio < 100")
    )
    blank.unlink()
    return cases
