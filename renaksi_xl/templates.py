"""Blank templates per OPD, one or many at once, and the list of OPDs they come from."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from renaksi_xl.errors import LayoutError, UnreadableFileError
from renaksi_xl.files import read_text_file
from renaksi_xl.model import Penandatangan, Renaksi, Source, Text

# column name in a list file → field; compared case-folded without spaces, dots, underscores
_LIST_COLUMNS = {
    "opd": "opd",
    "namaopd": "opd",
    "perangkatdaerah": "opd",
    "skpd": "opd",
    "tahun": "tahun",
    "tempat": "tempat",
    "tanggal": "tanggal",
    "jabatan": "jabatan",
    "penandatangan": "penandatangan",
    "namapenandatangan": "penandatangan",
    "nama": "penandatangan",
    "pangkat": "pangkat",
    "pangkatgolongan": "pangkat",
    "nip": "nip",
}


@dataclass(frozen=True)
class TemplateRequest:
    """What one blank template needs: the OPD, the year and the signer's fields."""

    opd: str
    tahun: int
    tempat: str | None = None
    tanggal: str | None = None
    jabatan: str | None = None
    penandatangan: str | None = None
    pangkat: str | None = None
    nip: str | None = None
    source: Source | None = None

    def model(self) -> Renaksi:
        """The empty Renaksi the writer turns into a blank template."""

        def text(value: str | None) -> Text | None:
            return Text(value) if value else None

        tanggal = self.tanggal or (
            f"........................ {self.tahun}" if self.tempat else None
        )
        signer = Penandatangan(
            tempat=text(self.tempat),
            tanggal=text(tanggal),
            jabatan=text(self.jabatan),
            nama=text(self.penandatangan),
            pangkat=text(self.pangkat),
            nip=text(self.nip),
        )
        return Renaksi(opd=Text(self.opd), tahun=self.tahun, penandatangan=signer)

    @property
    def file_name(self) -> str:
        """``renaksi-kecamatan-sidayu-2021.xlsx``."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.opd.casefold()).strip("-") or "opd"
        return f"renaksi-{slug}-{self.tahun}.xlsx"


SAMPLE_REQUEST = TemplateRequest(
    opd="Kecamatan Sidayu",
    tahun=2021,
    tempat="Gresik",
    jabatan="CAMAT SIDAYU",
    penandatangan="NURYADI, S.Pd. MM",
    pangkat="Pembina Tk. I",
    nip="196710201988031009",
)
"""The blank template the samples and golden files are made of (the reference OPD, a year on)."""


@dataclass(frozen=True)
class RowError:
    """A row of the list that cannot become a template, and why."""

    source: Source
    message: str


def parse_year(text: str) -> int | None:
    """``2021`` or ``2021.0`` → 2021; anything outside 2000–2100 → None."""
    match = re.fullmatch(r"\s*(\d{4})(?:[.,]0+)?\s*", text)
    if match is None:
        return None
    year = int(match.group(1))
    return year if 2000 <= year <= 2100 else None


def read_list(path: Path) -> tuple[list[TemplateRequest], list[RowError]]:
    """Read an OPD list (``.csv`` with ``;`` or ``,``, or ``.xlsx``): one template per row."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFileError("berkas daftar OPD tidak ditemukan", file=path)
    if suffix == ".csv":
        rows = _csv_rows(path)
        sheet = None
    elif suffix in (".xlsx", ".xlsm"):
        sheet, rows = _xlsx_rows(path)
    else:
        raise UnreadableFileError("daftar OPD harus .csv atau .xlsx", file=path)
    return _requests(rows, sheet, path)


ListRow = tuple[int, list[tuple[str, bool]]]
"""A list row: its number and each cell's text with whether the cell held a number."""


def _csv_rows(path: Path) -> list[ListRow]:
    text = read_text_file(path, "berkas CSV")
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first_line.count) if first_line else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(number, [(c, False) for c in row]) for number, row in enumerate(reader, start=1)]


def _xlsx_rows(path: Path) -> tuple[str, list[ListRow]]:
    from renaksi_xl.reader import read_workbook_rows

    sheets = read_workbook_rows(path)
    name, grid = next(iter(sheets.items()))
    rows = []
    for row in grid:
        cell = row.source.cell or "A0"
        number = int(re.sub(r"\D", "", cell))
        rows.append(
            (
                number,
                [
                    (_list_cell(c.value, c.text), isinstance(c.value, int | float))
                    if c is not None
                    else ("", False)
                    for c in row.cells
                ],
            )
        )
    return name, rows


def _list_cell(value: object, text: str) -> str:
    # an id typed as a number (NIP, year) must not gain thousands separators
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text


def _requests(
    rows: list[ListRow], sheet: str | None, path: Path
) -> tuple[list[TemplateRequest], list[RowError]]:
    filled = [(n, r) for n, r in rows if any(text.strip() for text, _ in r)]
    if not filled:
        raise LayoutError("daftar OPD kosong", file=path)
    header_number, header = filled[0]
    fields = {
        index: _LIST_COLUMNS.get(re.sub(r"[\s._/-]+", "", name.casefold()))
        for index, (name, _) in enumerate(header)
    }
    if "opd" not in fields.values() or "tahun" not in fields.values():
        raise LayoutError(
            "baris judul daftar harus memuat kolom OPD dan TAHUN (juga boleh: TEMPAT, TANGGAL, "
            "JABATAN, PENANDATANGAN, PANGKAT, NIP)",
            file=path,
            source=_where(sheet, header_number),
        )
    requests: list[TemplateRequest] = []
    errors: list[RowError] = []
    for number, row in filled[1:]:
        values = {
            field: row[index][0].strip()
            for index, field in fields.items()
            if field is not None and index < len(row) and row[index][0].strip()
        }
        numeric = {field for index, field in fields.items() if index < len(row) and row[index][1]}
        where = _where(sheet, number)
        if "nip" in numeric and len(values.get("nip", "")) > 15:
            errors.append(
                RowError(
                    where,
                    "NIP tersimpan sebagai angka sehingga digit terakhirnya bisa berubah; "
                    "format kolom NIP sebagai Teks lalu ketik ulang",
                )
            )
            continue
        if "opd" not in values:
            errors.append(RowError(where, "nama OPD kosong"))
            continue
        year = parse_year(values.get("tahun", ""))
        if year is None:
            shown = values.get("tahun", "")
            errors.append(
                RowError(where, f"tahun '{shown}' tidak sah (isi empat angka, mis. 2021)")
            )
            continue
        requests.append(
            TemplateRequest(
                opd=values["opd"],
                tahun=year,
                tempat=values.get("tempat"),
                tanggal=values.get("tanggal"),
                jabatan=values.get("jabatan"),
                penandatangan=values.get("penandatangan"),
                pangkat=values.get("pangkat"),
                nip=values.get("nip"),
                source=where,
            )
        )
    return requests, errors


def _where(sheet: str | None, number: int) -> Source:
    return Source(sheet=sheet, cell=f"A{number}") if sheet else Source(line=number)
