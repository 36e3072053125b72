"""A real spreadsheet engine (LibreOffice Calc, headless) recalculates the generated
workbooks: every formula must give what Python computed and stored as its cached value."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from reference_facts import PROGRAM_BUDGETS
from strategies import realistic_renaksis
from uno_typing import type_in_calc
from workbook_content import workbook_content

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import CHECK_MISMATCH, CHECK_OK, CHECK_PERCENT, KEGIATAN
from renaksi_xl.core.model import Quantity, Sifat, Target, Text
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate

TABLE_SHEETS = ("Sasaran", "Program", "Kegiatan")


@pytest.fixture(scope="module")
def workbooks(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ditulis")
    imported = with_inferred_sifat(reference)
    first = imported.program[0]
    evil = dataclasses.replace(first.kegiatan[0], nama=Text("=1+1"))
    tricky = dataclasses.replace(imported, program=(dataclasses.replace(first, kegiatan=(evil,)),))
    models = {
        "sidayu": imported,
        "kosong": Renaksi(opd=Text("Kecamatan Bungah"), tahun=2021),
        "teks-rumus": tricky,
        "persen-pecahan": _percent_fractions(imported),
    }
    return {name: write_workbook(model, folder / f"{name}.xlsx") for name, model in models.items()}


def _percent(value: str) -> Quantity:
    return Quantity(raw=value, value=Decimal(value), unit="persen", unit_text="%")


def _percent_fractions(imported: Renaksi) -> Renaksi:
    """Program 1's quarters as Excel stores 18%, 48%, 72%, 100% typed (values only); program
    2 a 4% target reached in quarters of 1% (a plan that adds up, not a typing slip)."""
    programs = list(imported.program)
    for index, (sifat, quarters, annual) in enumerate(
        (
            (Sifat.KUMULATIF, ("0.18", "0.48", "0.72", "1"), "100"),
            (Sifat.PER_TRIWULAN, ("1", "1", "1", "1"), "4"),
        )
    ):
        indikator = programs[index].indikator[0]
        target = Target(_percent(annual), tuple(_percent(q) for q in quarters), sifat)  # type: ignore[arg-type]
        programs[index] = dataclasses.replace(
            programs[index], indikator=(dataclasses.replace(indikator, target=target),)
        )
    return dataclasses.replace(imported, program=tuple(programs))


@pytest.fixture(scope="module")
def recalculated(
    workbooks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    outputs = convert(list(workbooks.values()), tmp_path_factory.mktemp("libreoffice"))
    return dict(zip(workbooks, outputs, strict=True))


def _same(ours: object, engine: object) -> bool:
    if ours in (None, "") and engine in (None, ""):
        return True
    if isinstance(ours, int | float) and isinstance(engine, int | float):
        return math.isclose(ours, engine, rel_tol=1e-12, abs_tol=1e-9)
    return ours == engine


def assert_formulas_match(ours: Path, engine: Path) -> int:
    """Every formula cell: our cached value equals the engine's result. Returns how many."""
    formulas = load_workbook(ours)
    cached = load_workbook(ours, data_only=True)
    recalculated = load_workbook(engine, data_only=True)
    checked = 0
    for sheet in TABLE_SHEETS:
        for row in formulas[sheet].iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine = cached[sheet][cell.coordinate].value
                theirs = recalculated[sheet][cell.coordinate].value
                assert _same(mine, theirs), (
                    ours.name,
                    sheet,
                    cell.coordinate,
                    cell.value,
                    mine,
                    theirs,
                )
                checked += 1
    return checked


def test_every_formula_gives_the_value_python_computed(
    workbooks: dict[str, Path], recalculated: dict[str, Path]
) -> None:
    counts = {
        name: assert_formulas_match(path, recalculated[name]) for name, path in workbooks.items()
    }
    assert counts["sidayu"] == 131 + 9 + 1  # a check per indicator row, 9 subtotals, the total
    assert counts["kosong"] == 5 + 15 + 8 * 14 + 8 + 1


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(realistic_renaksis())
def test_generated_documents_recalculate_to_the_cached_values(renaksi: Renaksi) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(renaksi, Path(folder) / "acak.xlsx")
        (output,) = convert([path], Path(folder) / "hasil")
        assert assert_formulas_match(path, output) > 0


def test_reference_totals_and_checks_in_libreoffice(recalculated: dict[str, Path]) -> None:
    sheet = load_workbook(recalculated["sidayu"], data_only=True)["Kegiatan"]
    budget = KEGIATAN.letter("anggaran")
    total_row = next(r for r in range(8, 300) if sheet[f"C{r}"].value == "Jumlah komulatif")
    assert sheet[f"{budget}{total_row}"].value == 1_021_600_000
    subtotals = [
        sheet[f"{budget}{r}"].value
        for r in range(8, total_row)
        if sheet[f"C{r}"].font.b and sheet[f"C{r}"].value
    ]
    assert subtotals == PROGRAM_BUDGETS
    checks = {sheet[f"C{r}"].value: sheet[f"P{r}"].value for r in range(8, total_row)}
    assert checks["Penyediaan barang cetakan dan penggandaan"] == CHECK_OK
    assert checks["Rapat-rapat koordinasi dan konsultasi ke luar Daerah"] == CHECK_MISMATCH  # 101%
    assert checks["Monev Keuangan Desa"] == "TEKS"  # 25 Peserta/122 Kali stays text


def test_libreoffice_really_recalculates(workbooks: dict[str, Path], tmp_path: Path) -> None:
    """Guard against a profile that keeps cached values: a wrong cached total is replaced."""
    import zipfile

    source = workbooks["sidayu"]
    tampered = tmp_path / "diubah.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet4.xml":
                data = data.replace(b"<v>287238000</v>", b"<v>999</v>", 1)
            new.writestr(info, data)
    assert load_workbook(tampered, data_only=True)["Kegiatan"]["O8"].value == 999
    (output,) = convert([tampered], tmp_path / "hasil")
    assert load_workbook(output, data_only=True)["Kegiatan"]["O8"].value == 287_238_000


def test_check_names_a_percentage_typed_with_its_sign(recalculated: dict[str, Path]) -> None:
    sheet = load_workbook(recalculated["persen-pecahan"], data_only=True)["Program"]
    assert [sheet[f"L{row}"].value for row in (8, 9, 10)] == [CHECK_PERCENT, CHECK_OK, CHECK_OK]


def test_formula_looking_text_is_not_evaluated(recalculated: dict[str, Path]) -> None:
    sheet = load_workbook(recalculated["teks-rumus"], data_only=True)["Kegiatan"]
    assert sheet["C9"].value == "=1+1"


def test_validations_and_conditional_formats_survive_a_libreoffice_save(
    workbooks: dict[str, Path], recalculated: dict[str, Path]
) -> None:
    for name in ("sidayu", "kosong"):
        ours, theirs = workbook_content(workbooks[name]), workbook_content(recalculated[name])
        for sheet in TABLE_SHEETS:
            assert theirs[sheet]["validations"] == ours[sheet]["validations"]
            assert theirs[sheet]["conditional"] == ours[sheet]["conditional"]
            assert theirs[sheet]["merged"] == ours[sheet]["merged"]
            assert theirs[sheet]["print_titles"] == ours[sheet]["print_titles"]


def _pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def test_kegiatan_sheet_prints_with_the_signature_on_the_last_page(
    workbooks: dict[str, Path], tmp_path: Path
) -> None:
    book = load_workbook(workbooks["sidayu"])
    for name in book.sheetnames:
        if name != "Kegiatan":
            del book[name]
    only_kegiatan = tmp_path / "kegiatan.xlsx"
    book.save(only_kegiatan)
    (pdf,) = convert([only_kegiatan], tmp_path / "pdf", "pdf")
    pages = _pdf_pages(pdf)
    assert len(pages) == 5
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari 5" in text
        assert "JADWAL PELAKSANAAN" in text  # header rows repeat on every page
    last = pages[-1]
    for part in (
        "Jumlah komulatif",
        "1.021.600.000",
        "Gresik, 10 Januari 2020",
        "CAMAT SIDAYU",
        "NURYADI, S.Pd. MM",
        "Pembina Tk. I",
        "NIP. 19671020 1988031 1 009",
    ):
        assert part in last, part
    assert all("NIP." not in text for text in pages[:-1])


def test_typing_18_percent_into_a_percent_row_is_refused_and_flagged(tmp_path: Path) -> None:
    """A user types 18%, 48%, 72%, 100% into a % row of a blank template in Calc: the data
    validation refuses the fractions, the CEK names the slip, and the reader still reads
    what the sheet shows (18 %), never a false TIDAK SESUAI."""
    blank = write_workbook(Renaksi(opd=Text("Kecamatan Bungah"), tahun=2021), tmp_path / "t.xlsx")
    typed = {"H8": "18%", "I8": "48%", "J8": "72%", "K8": "100%"}
    setup: dict[str, str | float] = {
        "C8": "Program Uji Coba",
        "D8": "Persentase kegiatan terlaksana",
        "E8": 100,
        "F8": "%",
        "G8": "kumulatif",
    }
    saved = tmp_path / "diketik.xlsx"
    result = type_in_calc(blank, saved, "Program", setup, typed)
    assert [result["cells"][c]["value"] for c in typed] == [0.18, 0.48, 0.72, 1.0]
    assert all("%" in result["cells"][c]["format"] for c in typed)  # Calc formats as % too
    # 1 is a legitimate 1%; the fractions are what 18% typed leaves
    assert result["marked"] is True and result["invalid"] == ["H8", "I8", "J8"]
    sheet = load_workbook(saved, data_only=True)["Program"]
    assert sheet["L8"].value == CHECK_PERCENT
    quarters = load(saved).program[0].indikator[0].target.triwulan
    assert [(q.value, q.unit) for q in quarters] == [
        (Decimal(18), "persen"),
        (Decimal(48), "persen"),
        (Decimal(72), "persen"),
        (Decimal(100), "persen"),
    ]
    assert [f.code for f in validate(load(saved)).findings if f.code.startswith("RNX2")] == []
