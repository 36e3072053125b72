"""Blank templates per OPD, one or many at once, and the list of OPDs they come from."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from renaksi_xl.berkas.files import read_text_file
from renaksi_xl.berkas.limits import LimitError
from renaksi_xl.core.model import Penandatangan, Renaksi, Source, Text
from renaksi_xl.core.record import record
from renaksi_xl.errors import LayoutError, UnreadableFileError

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


@record
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
        """``renaksi-kecamatan-sidayu-2021.xlsx``: the OPD name in plain Latin letters
        (accents dropped). A name that loses letters on the way (another script) or is too
        long for a file name gets a short fingerprint of the whole name instead, so that
        two OPDs never share a file; the workbook itself keeps the full name."""
        return f"renaksi-{name_slug(self.opd)}-{self.tahun}.xlsx"


MAX_SLUG = 80
"""Characters of the OPD name in a file name (file systems allow 255 bytes in all)."""


def name_slug(name: str) -> str:
    """``Kecamatan Sidayu`` → ``kecamatan-sidayu``; ``Dinas Pendidikan … (300 characters)``
    → its first words and a fingerprint; a name in another script → ``opd-`` and one."""
    import hashlib
    import unicodedata

    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    lost = any(c.isalnum() and not c.isascii() for c in plain)
    if slug and not lost and len(slug) <= MAX_SLUG:
        return slug
    fingerprint = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    short = slug[:MAX_SLUG].rstrip("-")
    return f"{short}-{fingerprint}" if short else f"opd-{fingerprint}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def clean_text(text: str) -> str:
    """Text as a cell can hold it: control characters (a stray tab, a NUL, a line break
    pasted into a name) become one space; surrounding space is dropped."""
    return " ".join(_CONTROL.sub(" ", text).split())


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


@record
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
    from renaksi_xl.berkas.guard import check_file

    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFileError("berkas daftar OPD tidak ditemukan", file=path)
    check_file(path)
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
    rows: list[ListRow] = []
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_LIST_ROWS:
                raise LimitError(
                    f"daftar OPD terlalu panjang (paling banyak {MAX_LIST_ROWS} baris)", file=path
                )
            rows.append((number, [(c, False) for c in row]))
    except csv.Error as error:
        too_long = "field larger than field limit" in str(error)
        reason = (
            f"isian lebih panjang dari {csv.field_size_limit() // 1024} KB"
            if too_long
            else "tanda kutip tidak berpasangan atau isian rusak"
        )
        raise UnreadableFileError(
            f"daftar CSV tidak dapat dibaca: {reason}",
            file=path,
            source=Source(line=reader.line_num),
        ) from error
    return rows


MAX_LIST_ROWS = 20_000
"""Rows of an OPD list (one template each)."""


def _xlsx_rows(path: Path) -> tuple[str, list[ListRow]]:
    from renaksi_xl.berkas.reader import read_workbook_rows

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
            field: clean_text(row[index][0])
            for index, field in fields.items()
            if field is not None and index < len(row) and clean_text(row[index][0])
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
