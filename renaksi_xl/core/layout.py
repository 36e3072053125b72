"""The structured Renaksi workbook: sheet names, headers, columns and rows.

One place shared by the writer, the reader (through the header texts, which the importer
recognises), the rules' cell addresses and the tests. Header texts follow the official
document so that a printed template looks like the Renaksi offices already sign.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field

from renaksi_xl.core.record import record

SHEET_SASARAN = "Sasaran"
SHEET_PROGRAM = "Program"
SHEET_KEGIATAN = "Kegiatan"
SHEET_PETUNJUK = "Petunjuk"
SHEET_DAFTAR = "Daftar"

TITLE_ROW = 1
OPD_ROW = 2
TABLE_TITLE_ROW = 3
HEADER_ROW = 5
SUBHEADER_ROW = 6
NUMBERING_ROW = 7
FIRST_DATA_ROW = 8

# rows a blank template offers for filling in, per table
BLANK_ROWS = {SHEET_SASARAN: 5, SHEET_PROGRAM: 15, SHEET_KEGIATAN: 120}

# marker in the workbook's custom properties: the layout version this writer produced
LAYOUT_PROPERTY = "renaksi_xl.tata_letak"
LAYOUT_VERSION = 1

TOTAL_LABEL = "Jumlah komulatif"
JENIS_HEADER = "JENIS BARIS"
JENIS_PROGRAM = "program"
# short markers: a row saying "kegiatan" or "aksi" could pass for a table's header row
JENIS_KEGIATAN = "keg"
JENIS_SUB_KEGIATAN = "subkeg"
JENIS_AKSI = "aks"
# the two shapes of the Kegiatan table a template can take: today's (Permendagri 90/2019,
# sub kegiatan holding the pagu and its Rp per quarter) and the 2020 one
BENTUK_SEKARANG = "sekarang"
BENTUK_LAMA = "lama"
BENTUK = (BENTUK_SEKARANG, BENTUK_LAMA)
PAPER_SIZES = {"A4": 9, "F4": 14}  # Excel paper codes; F4/folio is "Folio 8.5 x 13 in"
CHECK_OK = "OK"
CHECK_MISMATCH = "TIDAK SESUAI"
CHECK_TEXT = "TEKS"
CHECK_UNSCHEDULED = "BELUM DIJADWALKAN"
CHECK_NO_SIFAT = "PILIH SIFAT"
# a percentage typed with its % sign (18% is stored as 0,18): named, not TIDAK SESUAI
CHECK_PERCENT = "KETIK TANPA %"
# today's shape: a sub kegiatan whose Rp TW I–IV do not add up to its pagu
CHECK_BUDGET = "RP ≠ PAGU"

# what the signature block shows where a value is still to be typed: staff see what belongs
# there, and the reader takes a placeholder for an empty value at that cell
SIGNATURE_PLACEHOLDERS = {
    "tempat": "(tempat)",
    "tanggal": "(tanggal bulan tahun)",
    "jabatan": "(JABATAN PENANDATANGAN)",
    "nama": "(nama penandatangan)",
    "pangkat": "(pangkat / golongan)",
    "nip": "(18 angka)",
}
NIP_PREFIX = "NIP. "


_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]+)")


def split_coordinate(coordinate: str) -> tuple[str, int] | None:
    """``O137`` → (``O``, 137); None for anything that is not a cell address."""
    match = _COORDINATE.fullmatch(coordinate)
    return (match.group(1), int(match.group(2))) if match else None


def column_number(letters: str) -> int:
    """``A`` → 1, ``AA`` → 27 (the inverse of :func:`get_column_letter`)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def get_column_letter(number: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@record
class Column:
    """One column: a stable key, the header text and its width in characters."""

    key: str
    header: str
    width: float
    group: str | None = None
    hidden: bool = False


@record
class TableLayout:
    """The columns of one table sheet."""

    sheet: str
    title: str
    columns: tuple[Column, ...]
    _positions: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)
    _letters: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        positions = {column.key: n for n, column in enumerate(self.columns, start=1)}
        object.__setattr__(self, "_positions", positions)
        letters = {key: get_column_letter(n) for key, n in positions.items()}
        object.__setattr__(self, "_letters", letters)

    def index(self, key: str) -> int:
        """1-based column number of a key."""
        return self._positions[key]

    def letter(self, key: str) -> str:
        """Column letter of a key, e.g. ``anggaran`` → ``O``."""
        return self._letters[key]

    def has(self, key: str) -> bool:
        """Whether the table has that column."""
        return key in self._positions

    @property
    def last_letter(self) -> str:
        """Letter of the right-most visible (printed) column."""
        visible = [n for n, c in enumerate(self.columns, start=1) if not c.hidden]
        return get_column_letter(visible[-1])


def _quarters(group: str, labels: tuple[str, str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(f"tw{n}", label, 9, group) for n, label in enumerate(labels, start=1))


TW_LABELS = ("TW I", "TW II", "TW III", "TW IV")
JADWAL_LABELS = ("I", "II", "III", "IV")

SASARAN = TableLayout(
    SHEET_SASARAN,
    "A. SASARAN STRATEGIS",
    (
        Column("no", "NO", 5),
        Column("nama", "SASARAN STRATEGIS", 40),
        Column("indikator", "INDIKATOR SASARAN STRATEGIS", 40),
        Column("target", "TARGET KINERJA TAHUNAN", 12),
        Column("satuan", "SATUAN", 11),
        Column("sifat", "SIFAT TARGET", 13),
        *_quarters("TARGET KINERJA TRIWULAN", TW_LABELS),
        Column("cek", "CEK", 14),
    ),
)

PROGRAM = TableLayout(
    SHEET_PROGRAM,
    "B. PROGRAM",
    (
        Column("no", "NO", 5),
        Column("kode", "KODE", 11),
        Column("nama", "PROGRAM", 40),
        Column("indikator", "INDIKATOR KINERJA PROGRAM", 40),
        Column("target", "TARGET KINERJA TAHUNAN", 12),
        Column("satuan", "SATUAN", 11),
        Column("sifat", "SIFAT TARGET", 13),
        *_quarters("TARGET KINERJA TRIWULAN", TW_LABELS),
        Column("cek", "CEK", 14),
    ),
)

KEGIATAN = TableLayout(
    SHEET_KEGIATAN,
    "C. KEGIATAN DAN AKSI",
    (
        Column("no", "NO", 5),
        Column("kode", "KODE", 11),
        Column("nama", "BIDANG/PROGRAM/KEGIATAN", 34),
        Column("indikator", "INDIKATOR KEGIATAN", 28),
        Column("target", "TARGET KINERJA TAHUNAN", 11),
        Column("aksi", "AKSI/SUBKEGIATAN", 30),
        Column("aksi_indikator", "INDIKATOR KINERJA AKSI/SUBKEGIATAN", 28),
        Column("aksi_target", "TARGET TAHUNAN", 11),
        Column("satuan", "SATUAN", 11),
        Column("sifat", "SIFAT TARGET", 13),
        *_quarters("JADWAL PELAKSANAAN", JADWAL_LABELS),
        Column("anggaran", "JUMLAH ANGGARAN", 16),
        Column("cek", "CEK", 14),
        # marks program header rows, so that readers without fonts (python-calamine, an
        # Excel client) know them; hidden and not printed
        Column("jenis", JENIS_HEADER, 10, hidden=True),
    ),
)

KEGIATAN_SEKARANG = TableLayout(
    SHEET_KEGIATAN,
    "C. PROGRAM, KEGIATAN DAN SUB KEGIATAN",
    (
        Column("kode", "KODE", 17),
        Column("nama", "PROGRAM / KEGIATAN / SUB KEGIATAN", 34),
        Column("indikator", "INDIKATOR KINERJA", 28),
        Column("satuan", "SATUAN", 11),
        Column("target", "TARGET TAHUNAN", 11),
        Column("sifat", "SIFAT TARGET", 13),
        *_quarters("TARGET FISIK (K)", TW_LABELS),
        *(
            Column(f"rp{n}", label, 13, "RENCANA ANGGARAN (Rp)")
            for n, label in enumerate(TW_LABELS, start=1)
        ),
        Column("anggaran", "PAGU ANGGARAN (Rp)", 16),
        Column("penanggung_jawab", "PENANGGUNG JAWAB", 16),
        Column("cek", "CEK", 14),
        Column("jenis", JENIS_HEADER, 10, hidden=True),
    ),
)
"""The Kegiatan sheet in today's shape. The four K columns stand together, as do the four
Rp columns, so that the CEK formula checks K over one range as on the 2020 sheet."""

TABLES = (SASARAN, PROGRAM, KEGIATAN)


def kegiatan_layout_of(grid: Sequence[Sequence[object]]) -> TableLayout:
    """The shape of a template's Kegiatan sheet (its values from A1), told by its header
    row: today's (``KODE`` first, ``PAGU ANGGARAN (Rp)``) or the 2020 one."""
    if len(grid) >= HEADER_ROW:
        header = [str(v).strip() for v in grid[HEADER_ROW - 1]]
        wanted = [c.header for c in KEGIATAN_SEKARANG.columns if c.group is None]
        found = [
            h for h, c in zip(header, KEGIATAN_SEKARANG.columns, strict=False) if c.group is None
        ]
        if found == wanted:
            return KEGIATAN_SEKARANG
    return KEGIATAN
