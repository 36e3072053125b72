"""The ``renaksi`` command: the summary and clear errors for bad input."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from reference_facts import PROGRAM_BUDGETS

from renaksi_xl.cli import main

EXPECTED_SUMMARY = {
    "opd": "Kecamatan Sidayu",
    "tahun": 2020,
    "sasaran": 1,
    "program": 9,
    "indikator_program": 10,
    "kegiatan": 29,
    "aksi": 91,
    "anggaran_total": 1_021_600_000,
    "total_tertulis": 1_021_600_000,
}


def test_ringkas_json_on_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ringkas", "--contoh", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in EXPECTED_SUMMARY} == EXPECTED_SUMMARY
    assert [p["anggaran"] for p in summary["anggaran_per_program"]] == PROGRAM_BUDGETS
    assert sum(PROGRAM_BUDGETS) == 1_021_600_000
    assert summary["anggaran_per_program"][0] == {
        "nomor": "1",
        "nama": "Pelayanan Administrasi Perkantoran",
        "kegiatan": 5,
        "anggaran": 287_238_000,
    }


def test_ringkas_text_table(reference_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ringkas", str(reference_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Renaksi Kecamatan Sidayu — tahun 2020\n")
    assert "Program                 9  (10 indikator)" in out
    assert "Kegiatan               29" in out
    assert "    1  Pelayanan Administrasi Perkantoran" in out
    assert "287.238.000" in out
    assert "Jumlah" in out and "1.021.600.000" in out
    assert "Total tertulis di dokumen: Rp 1.021.600.000 — sama dengan jumlah kegiatan" in out


def test_console_script_is_installed_and_runs() -> None:
    script = Path(sys.executable).parent / "renaksi"
    result = subprocess.run(
        [str(script), "ringkas", "--contoh", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["anggaran_total"] == 1_021_600_000


def test_contoh_prints_the_sample_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contoh"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "renaksi-kecamatan-sidayu-2020.txt" and path.is_file()


def test_usage_errors_exit_2_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ringkas"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "galat: sebutkan satu BERKAS" in err and "penggunaan:" in err
    with pytest.raises(SystemExit) as caught:
        main(["ringkas", "--contoh", "--format", "xml"])
    assert caught.value.code == 2


def _xlsx_without_tables(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Daftar hadir"
    sheet["A2"] = "Nama"
    book.save(path)


def _corrupt_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "bukan excel")


BAD_INPUTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "kosong.txt": (lambda p: p.write_bytes(b""), "berkas kosong"),
    "spasi.txt": (lambda p: p.write_text("  \n\t\n"), "berkas kosong"),
    "catatan.txt": (
        lambda p: p.write_text("Notulen rapat\nHadir 12 orang\n"),
        "tidak ditemukan tabel",
    ),
    "biner.txt": (lambda p: p.write_bytes(bytes(range(256)) * 4), "bukan berkas teks"),
    "lama.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), ".xls"),
    "terkunci.xlsx": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        "kata sandi",
    ),
    "acak.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(100)), "bukan buku kerja Excel"),
    "rusak.xlsx": (_corrupt_xlsx, "bukan buku kerja Excel"),
    "daftar.xlsx": (_xlsx_without_tables, "tidak ditemukan tabel"),
    "gambar.png": (lambda p: p.write_bytes(b"\x89PNG\r\n"), "tidak didukung"),
}


@pytest.mark.parametrize("command", ["ringkas", "validasi", "impor"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_3_with_a_message_naming_the_file(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = BAD_INPUTS[name]
    path = tmp_path / name
    make(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main([command, str(path)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written beside it
    assert captured.err.startswith(f"renaksi: galat: berkas '{path}'")
    assert expected in captured.err
    assert "Traceback" not in captured.err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ringkas", str(tmp_path / "tidak-ada.xlsx")]) == 3
    assert "berkas tidak ditemukan" in capsys.readouterr().err
    assert main(["ringkas", str(tmp_path)]) == 3
    assert "bukan berkas" in capsys.readouterr().err


def test_bad_input_through_the_real_process_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "kosong.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "renaksi_xl", "ringkas", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert result.stderr == f"renaksi: galat: berkas '{path}': berkas kosong\n"


def test_the_real_process_exits_with_the_code_and_all_its_output(reference_path: Path) -> None:
    """The command leaves without tearing its objects down; nothing written may be lost."""
    result = subprocess.run(
        [sys.executable, "-m", "renaksi_xl", "validasi", str(reference_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1  # the reference document has errors
    report = json.loads(result.stdout)
    assert report["counts"] == {"error": 24, "warning": 10, "info": 4}
    assert result.stderr == ""


def test_output_cut_short_by_a_pipe_has_no_traceback(reference_path: Path) -> None:
    """``renaksi validasi … | head``: the reader goes away after a line, while more than a
    pipe holds (64 KiB) is still to be written."""
    files = " ".join([f"'{reference_path}'"] * 5)
    result = subprocess.run(
        f"{sys.executable} -m renaksi_xl validasi --format json {files} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.startswith("{")
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
