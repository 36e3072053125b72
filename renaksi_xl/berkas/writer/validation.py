"""Dropdown lists, input validation with Indonesian messages, and the red rows of a
mismatched check."""

from __future__ import annotations

from typing import Literal

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl.berkas.writer.sheet import Sheet
from renaksi_xl.berkas.writer.styles import MISMATCH_FILL
from renaksi_xl.core.layout import CHECK_BUDGET, CHECK_MISMATCH, FIRST_DATA_ROW, SHEET_DAFTAR
from renaksi_xl.core.quantity import UNIT_TYPES
from renaksi_xl.core.sifat import LABELS

SIFAT_CHOICES = tuple(LABELS.values())
SATUAN_CHOICES = ("%", *sorted(u.capitalize() for u in UNIT_TYPES if u != "persen"))

# Dropdowns take their choices through workbook names: Excel keeps a list drawn straight from
# another sheet in an extension of the sheet XML, which openpyxl (and so validasi --tandai on
# a file saved by Excel) would drop; a name is kept in the standard place.
LIST_SIFAT = "DAFTAR_SIFAT"
LIST_SATUAN = "DAFTAR_SATUAN"

PERCENT_HINT = "Untuk satuan %, ketik angka persennya: 18, bukan 18% atau 0,18 (0–100)."


def write_lists(book: Workbook, ws: Worksheet) -> None:
    """The hidden sheet of the dropdowns' choices, and the names the dropdowns refer to."""
    book.defined_names[LIST_SIFAT] = DefinedName(
        LIST_SIFAT, attr_text=f"{SHEET_DAFTAR}!$A$2:$A${1 + len(SIFAT_CHOICES)}"
    )
    book.defined_names[LIST_SATUAN] = DefinedName(
        LIST_SATUAN, attr_text=f"{SHEET_DAFTAR}!$B$2:$B${1 + len(SATUAN_CHOICES)}"
    )
    ws.cell(row=1, column=1, value="Sifat target")
    ws.cell(row=1, column=2, value="Satuan")
    for row, label in enumerate(SIFAT_CHOICES, start=2):
        ws.cell(row=row, column=1, value=label)
    for row, unit in enumerate(SATUAN_CHOICES, start=2):
        ws.cell(row=row, column=2, value=unit)
    ws.sheet_state = "hidden"


def _validation(
    kind: Literal["list", "custom"],
    formula: str,
    title: str,
    prompt: str,
    error: str,
    *,
    stop: bool = True,
) -> DataValidation:
    return DataValidation(
        type=kind,
        formula1=formula,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
        errorTitle=title[:32],
        error=error[:255],
        errorStyle="stop" if stop else "warning",
    )


def add_validations(sheet: Sheet, last_row: int) -> None:
    """Validation of every input column of the data rows, and the mismatch fill."""
    layout, ws = sheet.layout, sheet.ws
    first = FIRST_DATA_ROW
    if last_row < first:
        return

    def span(key: str, end_key: str | None = None) -> str:
        return f"{layout.letter(key)}{first}:{layout.letter(end_key or key)}{last_row}"

    def number_rule(key: str, title: str, prompt: str, error: str) -> DataValidation:
        cell = f"{layout.letter(key)}{first}"
        satuan = f"${layout.letter('satuan')}{first}"
        return _validation(
            "custom",
            # a % row refuses a fraction: 18% typed is stored as 0,18 (issue 16)
            f"AND(ISNUMBER({cell}),{cell}>=0,"
            f'OR({satuan}<>"%",AND({cell}<=100,OR({cell}=0,{cell}>=1))))',
            title,
            prompt,
            error,
        )

    def rupiah_rule(key: str, title: str, prompt: str, error: str) -> DataValidation:
        cell = f"{layout.letter(key)}{first}"
        return _validation(
            "custom", f"AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))", title, prompt, error
        )

    rules: list[tuple[DataValidation, str]] = [
        (
            _validation(
                "list",
                LIST_SIFAT,
                "Sifat target",
                "Pilih: kumulatif (TW terakhir = target), per triwulan (jumlah TW = target) "
                "atau tetap (setiap TW = target).",
                "Sifat target harus kumulatif, per triwulan atau tetap.",
            ),
            span("sifat"),
        ),
        (
            _validation(
                "list",
                LIST_SATUAN,
                "Satuan",
                "Pilih satuan dari daftar, atau ketik satuan lain. Persen: pilih %.",
                "Satuan ini tidak ada di daftar. Tetap gunakan?",
                stop=False,
            ),
            span("satuan"),
        ),
        (
            number_rule(
                "tw1",
                "Target triwulan",
                "Isi angka triwulan ini saja; kosongkan bila tidak dijadwalkan. "
                "Persen: ketik 18, bukan 18%.",
                "Target triwulan harus angka tidak negatif, tanpa satuan. " + PERCENT_HINT,
            ),
            span("tw1", "tw4"),
        ),
    ]
    for key in ("target", "aksi_target"):
        if layout.has(key):
            rule = number_rule(
                key,
                "Target tahunan",
                "Isi angka saja; satuannya di kolom SATUAN. Persen: ketik 18, bukan 18%.",
                "Target harus angka tidak negatif, tanpa satuan. " + PERCENT_HINT,
            )
            rules.append((rule, span(key)))
    if layout.has("anggaran"):
        rupiah = rupiah_rule(
            "anggaran",
            "Anggaran (Rp)",
            "Isi rupiah bulat tanpa titik, mis. 20381000.",
            "Anggaran harus rupiah bulat, tidak negatif.",
        )
        rules.append((rupiah, span("anggaran")))
    if layout.has("rp1"):
        plan = rupiah_rule(
            "rp1",
            "Rencana anggaran TW (Rp)",
            "Isi rupiah bulat tanpa titik untuk triwulan ini; jumlah TW I–IV = pagu.",
            "Rencana anggaran harus rupiah bulat, tidak negatif.",
        )
        rules.append((plan, span("rp1", "rp4")))
        code = f"{layout.letter('kode')}{first}"
        kode = _validation(
            "custom",
            # digits in groups separated by single dots: 7.01.01.2.01.0001
            f'AND(ISNUMBER(--SUBSTITUTE({code},".","")),ISERROR(SEARCH("..",{code})),'
            f'ISERROR(SEARCH("E",{code})),LEFT({code},1)<>".",RIGHT({code},1)<>".",'
            f'ISERROR(SEARCH("-",{code})),ISERROR(SEARCH("+",{code})),'
            f'ISERROR(SEARCH(" ",{code})),ISERROR(SEARCH(",",{code})))',
            "Kode",
            "Isi kode rekening: angka dipisah titik, mis. 7.01.01.2.01.0001.",
            "Kode harus berupa angka yang dipisah titik tunggal, mis. 7.01.01.2.01.0001.",
        )
        rules.append((kode, span("kode")))
    for rule, cells in rules:
        rule.add(cells)
        ws.add_data_validation(rule)
    cek = layout.letter("cek")
    checks = (CHECK_MISMATCH, CHECK_BUDGET) if layout.has("rp1") else (CHECK_MISMATCH,)
    for check in checks:
        ws.conditional_formatting.add(
            f"A{first}:{layout.last_letter}{last_row}",
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'${cek}{first}="{check}"'], fill=MISMATCH_FILL
            ),
        )
