"""The guard's sheet scan: how far a sheet reaches and how many cells it has, whatever way
a program writes its cell tags (the quick scan and the tag-by-tag one must agree); what it
refuses; and python-calamine reading beside its second half."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import parts_of, sheet_part, with_cells, write_parts

from renaksi_xl import Renaksi
from renaksi_xl.berkas import guard
from renaksi_xl.berkas.guard import calamine_sheets, check_workbook
from renaksi_xl.berkas.limits import MIB, LimitError
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.errors import UnreadableFileError


@pytest.fixture(scope="module")
def workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(
        with_inferred_sifat(reference), tmp_path_factory.mktemp("guard") / "rujukan.xlsx"
    )


def _with_row(workbook: Path, target: Path, cells: bytes) -> Path:
    parts = parts_of(workbook)
    part = sheet_part(parts, "Kegiatan")
    parts[part] = with_cells(parts[part], b'<row r="900">' + cells + b"</row>")
    return write_parts(target, parts)


@pytest.mark.parametrize(
    ("cells", "columns", "added"),
    [
        (b'<c r="AB900"><v>1</v></c>', 28, 1),  # as every spreadsheet program writes it
        (b'<c r="$AB$900"><v>1</v></c>', 28, 1),  # absolute reference
        (b'<c r="ab900"><v>1</v></c>', 28, 1),  # lower case
        (b'<c s="1" r="AB900"><v>1</v></c>', 28, 1),  # reference not first
        (b'<c\tr="AB900"><v>1</v></c>', 28, 1),  # a tab before it
        (b'<x:c r="AB900" xmlns:x="urn:x"><x:v>1</x:v></x:c>', 28, 1),  # prefixed
        (b"<c><v>1</v></c>" * 30, 30, 30),  # no references: each cell takes the next column
        (b'<c r="A900"/><c/><c r=""/>', 3, 3),  # some with, some without
    ],
)
def test_every_way_of_writing_a_cell_is_counted_and_reached(
    workbook: Path, tmp_path: Path, cells: bytes, columns: int, added: int
) -> None:
    before = check_workbook(workbook)["Kegiatan"]
    extent = check_workbook(_with_row(workbook, tmp_path / "sel.xlsx", cells))["Kegiatan"]
    assert extent.rows == 900
    assert extent.columns == max(columns, before.columns)
    assert extent.cells == before.cells + added


def test_a_far_cell_written_oddly_is_still_refused(workbook: Path, tmp_path: Path) -> None:
    odd = _with_row(workbook, tmp_path / "jauh.xlsx", b'<c s="1" r="XFD900"><v>1</v></c>')
    with pytest.raises(LimitError, match="kolom sampai XFD"):
        check_workbook(odd)


def _sheet_with(workbook: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    parts = parts_of(workbook)
    part = sheet_part(parts, "Kegiatan")
    parts[part] = change(parts[part])
    return write_parts(target, parts)


def test_a_byte_that_is_not_utf8_is_named_by_its_place_past_the_first_mebibyte(
    workbook: Path, tmp_path: Path
) -> None:
    # two mebibytes of cells first: the bad byte lies in the part's third read
    filler = b'<c r="A900" t="inlineStr"><is><t>' + b"x" * (2 * MIB) + b"</t></is></c>"
    bad = b'<c r="B900" t="inlineStr"><is><t>caf\xe9</t></is></c>'

    def change(xml: bytes) -> bytes:
        return with_cells(xml, b'<row r="900">' + filler + bad + b"</row>")

    broken = _sheet_with(workbook, tmp_path / "latin1.xlsx", change)
    parts = parts_of(broken)
    position = parts[sheet_part(parts, "Kegiatan")].index(b"caf\xe9") + 4
    with pytest.raises(
        UnreadableFileError, match=f"bukan UTF-8 yang sah \\(di bita ke-{position}\\)"
    ):
        check_workbook(broken)


def test_a_sequence_cut_off_at_the_end_of_a_part_is_named_as_utf8(
    workbook: Path, tmp_path: Path
) -> None:
    broken = _sheet_with(workbook, tmp_path / "terpotong.xlsx", lambda xml: xml + b"\xe2\x82")
    with pytest.raises(UnreadableFileError, match="bukan UTF-8 yang sah"):
        check_workbook(broken)


def test_broken_xml_in_utf8_is_named_as_broken_xml(workbook: Path, tmp_path: Path) -> None:
    broken = _sheet_with(
        workbook,
        tmp_path / "rusak.xlsx",
        lambda xml: xml.replace(b"</sheetData>", b"<row>&</sheetData>"),
    )
    with pytest.raises(UnreadableFileError, match="bukan XML yang sah"):
        check_workbook(broken)


def test_a_sheet_in_utf16_is_refused_not_read_as_empty(workbook: Path, tmp_path: Path) -> None:
    # python-calamine reads such a sheet as no rows at all, and the guard's scan reads UTF-8
    def to_utf16(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16")

    converted = _sheet_with(workbook, tmp_path / "utf16.xlsx", to_utf16)
    with pytest.raises(UnreadableFileError, match=r"lembar 'Kegiatan' .*UTF-16.*simpan ulang"):
        check_workbook(converted)


@pytest.mark.parametrize(
    "merges",
    [
        b'<mergeCells count="1"><mergeCell ref="A900:C901"/></mergeCells>',
        b'<x:mergeCells xmlns:x="urn:x"><x:mergeCell ref="A900:C901"/></x:mergeCells>',
    ],
)
def test_merged_ranges_after_the_cells_are_reached_and_counted(
    workbook: Path, tmp_path: Path, merges: bytes
) -> None:
    before = check_workbook(workbook)["Kegiatan"]
    merged = _sheet_with(
        workbook,
        tmp_path / "gabung.xlsx",
        lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merges, 1),
    )
    extent = check_workbook(merged)["Kegiatan"]
    assert (extent.rows, extent.columns) == (901, before.columns)
    assert extent.cells == before.cells + 6


def test_a_far_merged_range_after_the_cells_is_refused(workbook: Path, tmp_path: Path) -> None:
    far = b'<mergeCells count="1"><mergeCell ref="A1:A25000"/></mergeCells>'
    merged = _sheet_with(
        workbook,
        tmp_path / "jauh.xlsx",
        lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + far, 1),
    )
    with pytest.raises(LimitError, match="baris sampai 25000"):
        check_workbook(merged)


def _sequential_values(path: Path, names: list[str]) -> dict[str, object]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names}


def test_sheets_read_beside_the_check_are_those_read_after_it(workbook: Path) -> None:
    names = ["Program", "Kegiatan", "Sasaran"]  # Kegiatan, the largest, is read first
    guard._checked.clear()
    interval = sys.getswitchinterval()
    values = calamine_sheets(workbook, lambda found: names if "Kegiatan" in found else None)
    assert values is not None and list(values) == names  # in the order asked for
    assert values == _sequential_values(workbook, names)
    assert sys.getswitchinterval() == interval
    # checked once: read again, straight away, alike
    assert calamine_sheets(workbook, lambda found: names) == values
    assert calamine_sheets(workbook, lambda found: None) is None


def test_sheets_are_read_one_after_the_other_where_no_thread_can_start(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    guard._checked.clear()
    assert calamine_sheets(workbook, lambda found: ["Kegiatan"]) == _sequential_values(
        workbook, ["Kegiatan"]
    )


@pytest.mark.parametrize(
    ("part", "change", "message"),
    [
        ("Kegiatan", lambda xml: xml.replace(b"</sheetData>", b"<row>&</sheetData>"), "XML"),
        (
            "docProps/core.xml",
            lambda xml: b"<!DOCTYPE x [<!ENTITY a 'b'>]>" + xml,
            "DOCTYPE",
        ),
    ],
)
def test_what_the_check_refuses_is_refused_though_calamine_read_it_beside(
    workbook: Path, tmp_path: Path, part: str, change: Callable[[bytes], bytes], message: str
) -> None:
    parts = parts_of(workbook)
    name = sheet_part(parts, part) if "/" not in part else part
    parts[name] = change(parts[name])
    broken = write_parts(tmp_path / "rusak.xlsx", parts)
    interval = sys.getswitchinterval()
    with pytest.raises(UnreadableFileError, match=message):
        calamine_sheets(broken, lambda found: found)
    assert sys.getswitchinterval() == interval
    with pytest.raises(UnreadableFileError, match=message):  # not remembered as checked
        calamine_sheets(broken, lambda found: found)


def test_what_calamine_raises_in_its_thread_names_the_file_and_sheet(workbook: Path) -> None:
    guard._checked.clear()
    with pytest.raises(UnreadableFileError) as raised:
        calamine_sheets(workbook, lambda found: ["Tidak Ada"])
    assert raised.value.file == str(workbook)
    assert raised.value.source is not None and raised.value.source.sheet == "Tidak Ada"


def test_parts_beyond_what_is_kept_are_inflated_again_and_checked_alike(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing kept between the halves: every XML part is inflated a second time to parse
    monkeypatch.setattr(guard, "KEEP_BYTES", 0)
    filler = b'<c r="A900" t="inlineStr"><is><t>' + b"x" * (2 * MIB) + b"</t></is></c>"
    bad = b'<c r="B900" t="inlineStr"><is><t>caf\xe9</t></is></c>'
    broken = _sheet_with(
        workbook,
        tmp_path / "latin1.xlsx",
        lambda xml: with_cells(xml, b'<row r="900">' + filler + bad + b"</row>"),
    )
    parts = parts_of(broken)
    position = parts[sheet_part(parts, "Kegiatan")].index(b"caf\xe9") + 4
    with pytest.raises(UnreadableFileError, match=f"di bita ke-{position}\\)"):
        check_workbook(broken)
    guard._checked.clear()
    names = ["Kegiatan"]
    assert calamine_sheets(workbook, lambda found: names) == _sequential_values(workbook, names)
