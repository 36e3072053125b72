"""The ribbon's entry points, run for real through xlwings' remote engine on payloads made
from workbooks the writer produced (values as Excel sends them: LibreOffice-computed)."""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_client import file_names_and_notes, payload, sheet_name_entry
from openpyxl import load_workbook

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.berkas.xlsxpatch import OWN_SHEET_MARK
from renaksi_xl.cli import main
from renaksi_xl.core.capaian import CAPAIAN_SHEET, WIDTHS, budget_formula_plan, capaian_rows
from renaksi_xl.core.capaian import TITLE as CAPAIAN_TITLE
from renaksi_xl.core.compute import recompute
from renaksi_xl.core.layout import KEGIATAN_SEKARANG
from renaksi_xl.core.marks import (
    COLORS,
    NOTE_MARK,
    RESULT_HEADER,
    RESULT_SHEET,
    STATE_SHEET,
    cell_marks,
    result_rows,
)
from renaksi_xl.core.model import Text
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate
from renaksi_xl.excel import tombol as excel

VBA = Path(__file__).resolve().parents[1] / "vba"
CUSTOM_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"


@pytest.fixture(scope="module")
def computed_workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document's workbook with every formula computed by a real engine."""
    folder = tmp_path_factory.mktemp("excel")
    written = write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    (computed,) = convert([written], folder / "lo")
    return computed


def run(data: dict[str, Any], entry: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Run an entry point on the payload; returns the actions and the sheet names."""
    names = [s["name"] for s in data["sheets"]]
    book = xw.Book(json=data)
    book.set_mock_caller()
    entry(book)
    return book.json()["actions"], names


OLD_RESULTS = [["Hasil Validasi Renaksi"], ["1 galat"], [""], list(RESULT_HEADER)]
"""A *Hasil Validasi* as the ribbon wrote it before it marked its sheets."""


def sheets_after(actions: list[dict[str, Any]], names: list[str]) -> list[str]:
    """The sheet names once the actions ran (deleted and added sheets followed)."""
    sheets = list(names)
    for action in actions:
        if action["func"] == "sheetDelete":  # positions as they are when the action runs
            sheets.pop(action["sheet_position"])
        elif action["func"] == "addSheet":
            sheets.insert(action["args"][0], action["args"][1])
    return sheets


def deleted_sheets(actions: list[dict[str, Any]], names: list[str]) -> list[str]:
    sheets, deleted = list(names), []
    for action in actions:
        if action["func"] == "sheetDelete":
            deleted.append(sheets.pop(action["sheet_position"]))
        elif action["func"] == "addSheet":
            sheets.insert(action["args"][0], action["args"][1])
    return deleted


def marked_sheets(actions: list[dict[str, Any]], names: list[str]) -> dict[str, str]:
    """The sheets given the tool's marker by the actions, with its value."""
    sheets, marked = list(names), {}
    for action in actions:
        if action["func"] == "sheetDelete":
            sheets.pop(action["sheet_position"])
        elif action["func"] == "addSheet":
            sheets.insert(action["args"][0], action["args"][1])
        elif action["func"] == "namesAdd":
            name, refers_to = action["args"]
            assert name == OWN_SHEET_MARK
            marked[sheets[action["sheet_position"]]] = refers_to.strip('="')
    return marked


def marker(sheet: str, names: list[str], kind: str) -> dict[str, Any]:
    return sheet_name_entry(sheet, names.index(sheet), OWN_SHEET_MARK, f'="{kind}"')


def cell_of(action: dict[str, Any], names: list[str]) -> tuple[str, str]:
    column = chr(ord("A") + action["start_column"])
    return names[action["sheet_position"]], f"{column}{action['start_row'] + 1}"


def test_validasi_marks_the_cells_the_file_based_marking_marks(computed_workbook: Path) -> None:
    actions, names = run(payload(computed_workbook), excel.validasi)
    report = validate(load(computed_workbook))
    marks, _ = cell_marks(report, names)
    colored = {cell_of(a, names): a["args"][0] for a in actions if a["func"] == "setRangeColor"}
    assert colored == {(m.sheet, m.cell): f"#{COLORS[m.severity]}" for m in marks}
    noted = {cell_of(a, names): a["args"][1] for a in actions if a["func"] == "addNote"}
    assert noted == {(m.sheet, m.cell): m.note() for m in marks}
    assert all(text.startswith(NOTE_MARK) for text in noted.values())
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == [RESULT_SHEET, STATE_SHEET]
    # each sheet the ribbon adds carries the tool's marker, as the command line writes it
    assert marked_sheets(actions, names) == {RESULT_SHEET: "hasil", STATE_SHEET: "tanda"}
    table = next(a["values"] for a in actions if a["func"] == "setValues" and a["start_row"] == 3)
    assert table == result_rows(report)
    links = [a["args"][0] for a in actions if a["func"] == "addHyperlink"]
    assert links == [f"#'{f.source.sheet}'!{f.source.cell}" for f in report.findings if f.source]
    alert = next(a for a in actions if a["func"] == "alert")
    assert (
        alert["args"][0]
        == "Validasi selesai: 24 galat, 10 peringatan, 4 info — belum siap ditandatangani."
    )


def test_validasi_keeps_a_users_own_note(computed_workbook: Path) -> None:
    actions, names = run(payload(computed_workbook, notes={"Kegiatan": ["E19"]}), excel.validasi)
    noted = {cell_of(a, names) for a in actions if a["func"] == "addNote"}
    colored = {cell_of(a, names) for a in actions if a["func"] == "setRangeColor"}
    assert ("Kegiatan", "E19") in colored and ("Kegiatan", "E19") not in noted
    state = next(
        a["values"] for a in actions if a["func"] == "setValues" and a["values"][0][0] == "lembar"
    )
    assert ["Kegiatan", "E19", "warna", ""] in state  # the remote engine cannot read fills


def test_bersihkan_undoes_only_the_tools_marks(computed_workbook: Path) -> None:
    state = [
        ["lembar", "sel", "tanda", "warna_asli"],
        ["Kegiatan", "H13", "catatan", ""],
        ["Kegiatan", "E19", "warna", "#C6EFCE"],  # the user's own green, as desktop Excel told
    ]
    data = payload(
        computed_workbook,
        extra={STATE_SHEET: state, RESULT_SHEET: OLD_RESULTS},
        notes={"Kegiatan": ["H13", "E19", "C9"]},  # E19 and C9 carry the user's own notes
    )
    actions, names = run(data, excel.bersihkan)
    cleared = {cell_of(a, names): a["args"] for a in actions if a["func"] == "setRangeColor"}
    assert cleared == {("Kegiatan", "H13"): [None], ("Kegiatan", "E19"): ["#C6EFCE"]}
    deleted_notes = [cell_of(a, names) for a in actions if a["func"] == "deleteNote"]
    assert deleted_notes == [("Kegiatan", "H13")]
    assert deleted_sheets(actions, names) == [STATE_SHEET, RESULT_SHEET]
    assert "Kegiatan" in sheets_after(actions, names)


def test_a_users_own_hasil_validasi_is_never_cleared(computed_workbook: Path) -> None:
    # the user's sheets called as the tool's, without the marker and not in its layout
    own = {RESULT_SHEET: [["Catatan rapat evaluasi"]], STATE_SHEET: [["lembar", "sel"]]}
    actions, names = run(payload(computed_workbook, extra=own), excel.validasi)
    assert deleted_sheets(actions, names) == []
    results, state = f"{RESULT_SHEET} (2)", f"{STATE_SHEET} (2)"
    assert marked_sheets(actions, names) == {results: "hasil", state: "tanda"}
    touched = {a["sheet_position"] for a in actions if a["sheet_position"] is not None}
    assert names.index(RESULT_SHEET) not in touched and names.index(STATE_SHEET) not in touched
    assert sheets_after(actions, names)[-4:] == [RESULT_SHEET, STATE_SHEET, results, state]
    actions, names = run(payload(computed_workbook, extra=own), excel.bersihkan)
    assert deleted_sheets(actions, names) == []
    assert next(a for a in actions if a["func"] == "alert")["args"][0] == (
        "Tidak ada tanda validasi."
    )


def test_the_tools_sheets_are_found_by_their_marker(computed_workbook: Path) -> None:
    # the ribbon's sheets once a user has renamed them, beside a user's own Hasil Validasi
    state = [["lembar", "sel", "tanda", "warna_asli"], ["Kegiatan", "H13", "catatan", ""]]
    extra = {RESULT_SHEET: [["Catatan saya"]], "Temuan": [["x"]], "Tanda lama": state}
    base = payload(computed_workbook, extra=extra)
    names = [s["name"] for s in base["sheets"]]
    markers = [marker("Temuan", names, "hasil"), marker("Tanda lama", names, "tanda")]
    data = payload(computed_workbook, extra=extra, names=markers, notes={"Kegiatan": ["H13"]})
    actions, names = run(data, excel.bersihkan)
    assert deleted_sheets(actions, names) == ["Temuan", "Tanda lama"]
    assert [cell_of(a, names) for a in actions if a["func"] == "deleteNote"] == [
        ("Kegiatan", "H13")
    ]
    # validating again: the old marks go, the user's sheet stays, the new ones are marked
    actions, names = run(payload(computed_workbook, extra=extra, names=markers), excel.validasi)
    assert deleted_sheets(actions, names) == ["Temuan", "Tanda lama"]
    assert marked_sheets(actions, names) == {f"{RESULT_SHEET} (2)": "hasil", STATE_SHEET: "tanda"}


@pytest.fixture(scope="module")
def cli_marked(computed_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook with a user's green fill and note on Kegiatan!E19 and a theme fill on
    H13, marked by ``renaksi validasi --tandai``."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.styles.colors import Color

    folder = tmp_path_factory.mktemp("cli-marked")
    workbook = load_workbook(computed_workbook)
    sheet = workbook["Kegiatan"]
    sheet["E19"].fill = PatternFill("solid", fgColor="FFC6EFCE")
    sheet["E19"].comment = Comment("Cek lagi dengan Bappeda", "Ani")
    sheet["H13"].fill = PatternFill("solid", fgColor=Color(theme=4))
    workbook.save(folder / "sidayu.xlsx")
    assert main(["validasi", str(folder / "sidayu.xlsx"), "--tandai"]) == 1
    return folder / "sidayu-divalidasi.xlsx"


def test_hapus_tanda_undoes_the_command_lines_marks(cli_marked: Path) -> None:
    markers, notes = file_names_and_notes(cli_marked)
    assert {m["scope_sheet_name"]: m["refers_to"] for m in markers} == {
        RESULT_SHEET: '="hasil"',
        STATE_SHEET: '="tanda"',
    }
    actions, names = run(payload(cli_marked, names=markers, notes=notes), excel.bersihkan)
    colors = {cell_of(a, names): a["args"][0] for a in actions if a["func"] == "setRangeColor"}
    assert colors[("Kegiatan", "E19")] == "#C6EFCE"  # the user's own green back
    assert ("Kegiatan", "H13") not in colors  # a theme colour: Office.js cannot set it
    assert len(colors) == len(notes["Kegiatan"]) - 1
    assert set(colors.values()) == {None, "#C6EFCE"}
    texts = [(cell_of(a, names), a["args"]) for a in actions if a["func"] == "setNoteText"]
    assert texts == [(("Kegiatan", "E19"), ["$E$19", "Cek lagi dengan Bappeda"])]
    deleted_notes = {cell_of(a, names) for a in actions if a["func"] == "deleteNote"}
    assert deleted_notes == {("Kegiatan", c) for c in notes["Kegiatan"]} - {("Kegiatan", "E19")}
    assert deleted_sheets(actions, names) == [RESULT_SHEET, STATE_SHEET]
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert alert.startswith(f"Tanda validasi dihapus dari {len(notes['Kegiatan']) - 1} sel.")
    assert "Warna asli 1 sel (Kegiatan!H13) tidak dapat dipulihkan" in alert
    assert "renaksi bersihkan" in alert


def test_hitung_ulang_writes_what_renaksi_hitung_writes(computed_workbook: Path) -> None:
    renaksi = load(computed_workbook)
    computed = recompute(renaksi)
    cell, formula, expected = budget_formula_plan(renaksi, computed)[0]
    assert (cell, expected) == ("O8", 287_238_000)
    data = payload(computed_workbook, changes={("Kegiatan", "O8"): 290_000_000})
    actions, names = run(data, excel.hitung_ulang)
    formulas = [(cell_of(a, names), a["values"]) for a in actions if a["func"] == "setFormula"]
    assert formulas == [(("Kegiatan", "O8"), [[formula]])]
    assert any(a["func"] == "addSheet" and a["args"][1] == CAPAIAN_SHEET for a in actions)
    written = next(a["values"] for a in actions if a["func"] == "setValues")
    rows, _ = capaian_rows(recompute(load(computed_workbook)))
    width = max(len(r) for r in rows)
    assert written == [
        [("" if v is None else v) for v in r + [None] * (width - len(r))] for r in rows
    ]
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert "Rp 1.021.600.000" in alert and "Kegiatan!O8" in alert
    assert marked_sheets(actions, names) == {CAPAIAN_SHEET: "capaian"}


def test_hitung_ulang_sets_the_capaian_up_for_printing(computed_workbook: Path) -> None:
    actions, names = run(payload(computed_workbook), excel.hitung_ulang)
    names = sheets_after(actions, names)
    on_capaian = [a for a in actions if a["sheet_position"] == names.index(CAPAIAN_SHEET)]
    rows, layout = capaian_rows(recompute(load(computed_workbook)))

    def cells(a: dict[str, Any]) -> str:
        first = f"{chr(65 + a['start_column'])}{a['start_row'] + 1}"
        last = f"{chr(64 + a['start_column'] + a['column_count'])}"
        return f"{first}:{last}{a['start_row'] + a['row_count']}"

    widths = [a["args"][0] for a in on_capaian if a["func"] == "setColumnWidth"]
    assert widths == [round(int(w * 7 + 5) * 0.75, 2) for w in WIDTHS]  # points
    assert widths[:2] == [51.0, 255.75]
    formats = {cells(a): a["args"][0] for a in on_capaian if a["func"] == "setNumberFormat"}
    first, total = layout.program_rows[0], layout.program_rows[-1]
    assert formats == {
        f"D{first}:D{total}": "#,##0",
        f"E{first}:I{total}": "0.00",
        f"F{layout.indicator_header + 1}:I{len(rows)}": "0.00",
    }
    bold = [
        cells(a) for a in on_capaian if a["func"] == "setFontProperty" and a["args"][0] == "bold"
    ]
    assert bold == [
        "A1:A1",
        "A3:I3",
        f"A{layout.indicator_header}:I{layout.indicator_header}",
        f"A{total}:I{total}",
    ]
    merged = [cells(a) for a in on_capaian if a["func"] == "rangeMerge"]
    assert merged == layout.merges
    assert [a["args"] for a in on_capaian if a["func"] == "setPrintArea"] == [[f"A1:I{len(rows)}"]]


def test_hitung_ulang_replaces_only_its_own_capaian(computed_workbook: Path) -> None:
    # a user's Capaian: kept, the tool's goes beside it
    user = {CAPAIAN_SHEET: [["Capaian kinerja triwulan (isian Bagian Organisasi)"]]}
    actions, names = run(payload(computed_workbook, extra=user), excel.hitung_ulang)
    assert deleted_sheets(actions, names) == []
    assert marked_sheets(actions, names) == {f"{CAPAIAN_SHEET} (2)": "capaian"}
    # the tool's, found by its marker under another name, or as written before the marker
    ours = {"Capaian lama": [["apa saja"]], CAPAIAN_SHEET: [[f"{CAPAIAN_TITLE} — Kec. Sidayu"]]}
    base = [s["name"] for s in payload(computed_workbook, extra=ours)["sheets"]]
    data = payload(computed_workbook, extra=ours, names=[marker("Capaian lama", base, "capaian")])
    actions, names = run(data, excel.hitung_ulang)
    assert deleted_sheets(actions, names) == ["Capaian lama", CAPAIAN_SHEET]
    assert marked_sheets(actions, names) == {CAPAIAN_SHEET: "capaian"}


CURRENT = Path(__file__).parents[1] / "renaksi_xl" / "data" / "renaksi-kecamatan-sukamaju-2027.txt"
PAGU = KEGIATAN_SEKARANG.letter("anggaran")


@pytest.fixture(scope="module")
def current_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Today's shape as the writer makes it, every formula computed by a real engine: the
    reference document (total on row 43) and a blank template."""
    folder = tmp_path_factory.mktemp("excel-sekarang")
    written = [
        write_workbook(
            with_inferred_sifat(load(CURRENT)), folder / "sukamaju.xlsx", bentuk="sekarang"
        ),
        write_workbook(
            Renaksi(opd=Text("Kecamatan Bungah"), tahun=2027),
            folder / "kosong.xlsx",
            bentuk="sekarang",
        ),
    ]
    sukamaju, kosong = convert(written, folder / "lo")
    return {"sukamaju": sukamaju, "kosong": kosong}


def test_hitung_ulang_puts_back_todays_pagu_formulas_as_renaksi_hitung_does(
    current_workbooks: dict[str, Path], tmp_path: Path
) -> None:
    computed = current_workbooks["sukamaju"]
    typed = {f"{PAGU}8": 1, f"{PAGU}9": 2, f"{PAGU}43": 3}  # program, kegiatan, total
    data = payload(computed, changes={("Kegiatan", c): v for c, v in typed.items()})
    actions, names = run(data, excel.hitung_ulang)
    formulas = {
        cell_of(a, names)[1]: a["values"][0][0] for a in actions if a["func"] == "setFormula"
    }
    assert formulas == {
        "O9": '=IF(B9="","",SUMIFS(O10:O13,R10:R13,"subkeg"))',
        "O8": '=IF(B8="","",SUMIFS(O9:O23,R9:R23,"keg"))',
        "O43": "=SUM(O8,O24,O32,O39)",
    }
    # the file path, on the same typed-over workbook, puts back the same formulas there
    book = load_workbook(computed)
    for cell, value in typed.items():
        book["Kegiatan"][cell] = value
    book.save(tmp_path / "diketik.xlsx")
    result = recalculate(tmp_path / "diketik.xlsx", tmp_path / "dihitung.xlsx")
    assert {r.cell for r in result.restored} == set(formulas)
    sheet = load_workbook(tmp_path / "dihitung.xlsx")["Kegiatan"]
    assert {cell: sheet[cell].value for cell in formulas} == formulas
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert alert == (
        "Hitung ulang selesai: Jumlah komulatif Rp 2.924.101.200. "
        "Rumus dipulihkan di Kegiatan!O9, Kegiatan!O8, Kegiatan!O43."
    )
    assert marked_sheets(actions, names) == {CAPAIAN_SHEET: "capaian"}


def test_hitung_ulang_leaves_todays_formulas_that_agree_alone(
    current_workbooks: dict[str, Path],
) -> None:
    for name in ("sukamaju", "kosong"):  # the blank template's pagu formulas show nothing
        actions, _ = run(payload(current_workbooks[name]), excel.hitung_ulang)
        assert [a for a in actions if a["func"] == "setFormula"] == [], name
        alert = next(a for a in actions if a["func"] == "alert")["args"][0]
        assert "Rumus dipulihkan" not in alert, name
    # a kegiatan's pagu typed as the very sum its formula gives cannot be told from it
    data = payload(current_workbooks["sukamaju"], changes={("Kegiatan", "O9"): 14_900_000})
    actions, _ = run(data, excel.hitung_ulang)
    assert [a for a in actions if a["func"] == "setFormula"] == []


def test_dispatch_runs_the_button_handler(
    monkeypatch: pytest.MonkeyPatch, computed_workbook: Path
) -> None:
    called = []
    monkeypatch.setitem(excel.HANDLERS, "rnxValidasi", lambda book: called.append(book.name))
    run(payload(computed_workbook), lambda book: excel.dispatch("rnxValidasi"))
    assert called == [computed_workbook.name]  # the caller's workbook, as the ribbon gives it
    actions, _ = run(payload(computed_workbook), lambda book: excel.dispatch("rnxTidakAda"))
    assert (
        next(a for a in actions if a["func"] == "alert")["args"][0]
        == "Tombol tidak dikenal: rnxTidakAda"
    )


def test_ribbon_buttons_have_a_callback_and_a_handler() -> None:
    ribbon = ET.parse(VBA / "customUI14.xml").getroot()
    assert ribbon.tag == f"{CUSTOM_UI}customUI"
    buttons = ribbon.findall(f".//{CUSTOM_UI}button")
    assert {b.get("id") for b in buttons} == set(excel.HANDLERS)
    module = (VBA / "Renaksi.bas").read_text(encoding="utf-8")
    subs = set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)", module, re.MULTILINE))
    assert {b.get("onAction") for b in buttons} <= subs
    assert all(b.get("imageMso") and b.get("screentip") and b.get("supertip") for b in buttons)
    assert "renaksi.dispatch('\" & control.Id & \"')" in module


class _FakeApp:
    """Desktop Excel's InputBox, answering from a script."""

    def __init__(self, answers: list[object]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, str]] = []
        self.alerts: list[str] = []
        self.api = self

    def InputBox(self, prompt: str, title: str, default: str) -> object:  # noqa: N802
        self.asked.append((prompt, default))
        return self.answers.pop(0)

    def alert(self, text: str, title: str) -> None:
        self.alerts.append(text)


def test_template_baru_offers_the_next_year_and_opens_the_template(
    computed_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renaksi_xl import load as load_file

    opened: list[str] = []
    book = xw.Book(json=payload(computed_workbook))
    app = _FakeApp(["Kecamatan Sidayu", "2021"])
    fake = type("B", (), {"sheets": book.sheets, "name": book.name, "app": app})()
    monkeypatch.setattr(xw, "Book", lambda path: opened.append(path))
    excel.template_baru_dialog(fake)
    assert app.asked == [("Nama OPD:", "Kecamatan Sidayu"), ("Tahun Renaksi:", "2021")]
    (path,) = opened
    assert Path(path).name == "renaksi-kecamatan-sidayu-2021.xlsx"
    created = load_file(path)
    assert created.tahun == 2021 and created.opd is not None
    assert created.opd.value == "Kecamatan Sidayu"


def test_template_baru_cancelled_or_with_a_bad_year(
    computed_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = xw.Book(json=payload(computed_workbook))
    for answers, alert in (
        (["Dinas Sosial", False], None),
        (["Dinas Sosial", "20x1"], "tidak sah"),
    ):
        app = _FakeApp(list(answers))
        fake = type("B", (), {"sheets": book.sheets, "name": book.name, "app": app})()
        monkeypatch.setattr(xw, "Book", lambda path: pytest.fail("no template expected"))
        excel.template_baru_dialog(fake)
        assert (alert is None and not app.alerts) or (alert and alert in app.alerts[0])
