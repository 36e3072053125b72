"""Every kind of workbook renaksi writes, judged by tools we did not write: the OOXML checker
(``tests/ooxml``: structure, ECMA-376 schemas, ribbon schema) and LibreOffice, which must
load each. Runs with lxml installed, as users have it (openpyxl serialises differently)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ooxml_judge import assert_excel_opens, ooxml_defects
from strategies import realistic_renaksis

from renaksi_xl import Renaksi
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.package_check import package_problems
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.model import Penandatangan, Text


def test_lxml_is_installed_as_users_have_it() -> None:
    import importlib.util

    import openpyxl.xml

    # openpyxl writes differently with lxml: the tests must see what users' files look like
    assert importlib.util.find_spec("lxml") is not None
    assert openpyxl.xml.LXML is True


@pytest.fixture(scope="module")
def outputs(reference_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file of every kind the tool writes, made through the command line."""
    folder = tmp_path_factory.mktemp("keluaran")

    def run(*arguments: str) -> None:
        assert main(list(arguments)) in (0, 1), arguments

    run("template", "--opd", "Kecamatan Uji", "--tahun", "2027", "-o", str(folder / "kosong"))
    blank = folder / "kosong" / "renaksi-kecamatan-uji-2027.xlsx"
    imported = folder / "sidayu.xlsx"
    run("impor", str(reference_path), "-o", str(imported))
    run("hitung", str(imported), str(blank))
    run("validasi", str(imported), "--tandai")
    marked = folder / "sidayu-divalidasi.xlsx"
    run("bersihkan", str(marked), "-o", str(folder / "bersih.xlsx"))
    saved_by_libreoffice = convert([imported], folder / "lo")[0]
    run("hitung", str(saved_by_libreoffice))
    (folder / "rekap").mkdir()
    shutil.copy2(imported, folder / "rekap" / "sidayu.xlsx")
    shutil.copy2(reference_path, folder / "rekap" / "sidayu-lama.txt")
    run("rekap", str(folder / "rekap"), "-o", str(folder / "rekap.xlsx"))
    run("addin", "build", "-o", str(folder / "renaksi.xlam"))
    return {
        "templat kosong": blank,
        "impor": imported,
        "hitung": folder / "sidayu-dihitung.xlsx",
        "hitung templat kosong": blank.with_name(f"{blank.stem}-dihitung.xlsx"),
        "hitung dari LibreOffice": saved_by_libreoffice.with_name("sidayu-dihitung.xlsx"),
        "validasi --tandai": marked,
        "bersihkan": folder / "bersih.xlsx",
        "rekap": folder / "rekap.xlsx",
        "add-in": folder / "renaksi.xlam",
    }


def test_every_output_passes_the_ooxml_checker(outputs: dict[str, Path]) -> None:
    assert all(p.is_file() for p in outputs.values()), outputs
    assert_excel_opens(*outputs.values())


def test_libreoffice_loads_every_output(outputs: dict[str, Path], tmp_path: Path) -> None:
    workbooks = []
    for kind, path in outputs.items():
        if path.suffix == ".xlam":
            continue  # loads only with an explicit filter: tests/test_addin.py does that
        copy = tmp_path / "masuk" / f"{kind.replace(' ', '_').replace('-', '')}.xlsx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy2(path, copy)
        workbooks.append(copy)
    loaded = convert(workbooks, tmp_path / "keluar")
    assert [p.stat().st_size > 0 for p in loaded] == [True] * len(workbooks)


@st.composite
def documents(draw: st.DrawFn) -> Renaksi:
    """Filled documents of 1–4 programs, or nothing filled at all."""
    if draw(st.booleans()):
        return draw(realistic_renaksis())
    return Renaksi(opd=Text("Kecamatan Kosong"), tahun=2027, penandatangan=Penandatangan())


PROPERTY_OUTPUTS: list[Path] = []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_hitung_tandai_bersihkan_never_fail_on_any_template(renaksi: Renaksi) -> None:
    folder = Path(tempfile.mkdtemp(prefix="renaksi-sifat-"))
    path = write_workbook(renaksi, folder / "r.xlsx")
    assert main(["hitung", str(path)]) == 0
    computed = folder / "r-dihitung.xlsx"
    assert main(["validasi", str(computed), "--tandai"]) in (0, 1)
    marked = folder / "r-dihitung-divalidasi.xlsx"
    assert main(["bersihkan", str(marked), "-o", str(folder / "bersih.xlsx")]) == 0
    for output in (computed, marked, folder / "bersih.xlsx"):
        assert package_problems(output) == []
        PROPERTY_OUTPUTS.append(output)


def test_the_property_outputs_pass_the_ooxml_checker() -> None:
    """Run after the property test (same module, in order): the slower checker once over
    everything it wrote."""
    assert PROPERTY_OUTPUTS, "the property test wrote nothing"
    defects = {name: found for name, found in ooxml_defects(PROPERTY_OUTPUTS).items() if found}
    assert not defects, defects
