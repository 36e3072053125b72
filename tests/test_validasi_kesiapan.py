"""When a Renaksi is "siap ditandatangani", and where a finding about the whole document
points: an empty template is not ready, a partial run of the catalogue never says ready, and
a missing OPD, year or signer points at the cell where the value belongs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rule_cases import Case

from renaksi_xl import load
from renaksi_xl.berkas.templates import TemplateRequest
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.findings import Report
from renaksi_xl.core.layout import SIGNATURE_PLACEHOLDERS
from renaksi_xl.core.report_text import format_report
from renaksi_xl.core.validate import RuleConfig, validate


def places(report: Report, code: str = "RNX101") -> dict[str, str]:
    """message → cell of every finding of one rule."""
    return {
        f.message: f.source.describe() if f.source else ""
        for f in report.findings
        if f.code == code
    }


@pytest.fixture
def clean_document(tmp_path: Path) -> Path:
    path = tmp_path / "bersih.txt"
    path.write_text(Case("dasar", "benar", "dokumen dasar", {}).text(), encoding="utf-8")
    return path


def test_a_clean_document_run_by_the_whole_catalogue_is_ready(
    clean_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validasi", str(clean_document)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        "Jumlah temuan: 0 galat, 0 peringatan, 0 info — siap ditandatangani."
    )
    assert "tidak dijalankan" not in out


def test_a_partial_run_says_which_rules_did_not_run_and_never_ready(
    clean_document: Path, reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validasi", str(clean_document), "--abaikan", "RNX104,RNX3"]) == 0
    out = capsys.readouterr().out
    assert "siap ditandatangani." not in out.replace("belum tentu siap ditandatangani", "")
    assert (
        "— belum tentu siap ditandatangani: 7 aturan tidak dijalankan.\n"
        "Aturan yang tidak dijalankan (7): RNX104, RNX301, RNX302, RNX303, RNX304, RNX305, "
        "RNX306.\n"
    ) in out
    # the case: --pilih RNX3 on a document with errors under other rules
    assert main(["validasi", str(reference_path), "--pilih", "RNX3"]) == 0
    out = capsys.readouterr().out
    from renaksi_xl.core.rules import all_rules

    not_run = len([r for r in all_rules() if not r.code.startswith("RNX3")])
    assert "0 galat" in out and f"belum tentu siap ditandatangani: {not_run} aturan" in out
    assert "RNX101, RNX102" in out
    assert main(["validasi", str(reference_path), "--pilih", "RNX3", "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert report["ok"] is True and report["siap"] is False
    assert report["skipped"][:2] == ["RNX101", "RNX102"] and "RNX301" not in report["skipped"]


def test_an_empty_template_is_not_ready_and_each_missing_part_has_its_cell(
    tmp_path: Path,
) -> None:
    path = write_workbook(TemplateRequest("Dinas Sosial", 2022).model(), tmp_path / "t.xlsx")
    report = validate(load(path))
    assert places(report) == {
        "Tabel Sasaran Strategis kosong: belum ada sasaran strategis dengan indikator dan "
        "targetnya.": "Sasaran!B8",
        "Tabel Program kosong: belum ada program dengan indikator.": "Program!C8",
        "Tabel Kegiatan kosong: belum ada kegiatan dengan anggarannya.": "Kegiatan!C8",
        "Nama penandatangan kosong.": "Kegiatan!K135",
        "NIP penandatangan kosong.": "Kegiatan!K137",
    }
    assert {f.code for f in report.findings} == {"RNX101"}
    text = format_report(report)
    assert text.endswith("5 galat, 0 peringatan, 0 info — belum siap ditandatangani.")
    assert "siap ditandatangani" not in text.replace("belum siap ditandatangani", "")


def test_the_template_labels_the_signature_cells_and_reads_typed_values(tmp_path: Path) -> None:
    path = write_workbook(TemplateRequest("Dinas Sosial", 2022).model(), tmp_path / "t.xlsx")
    book = load_workbook(path)
    sheet = book["Kegiatan"]
    block = [sheet[f"K{row}"].value for row in range(130, 138)]
    assert block == [
        "(tempat), (tanggal bulan tahun)",
        "(JABATAN PENANDATANGAN)",
        None,
        None,
        None,
        "(nama penandatangan)",
        "(pangkat / golongan)",
        "NIP. (18 angka)",
    ]
    assert set(SIGNATURE_PLACEHOLDERS.values()) <= {
        part for text in block if text for part in text.removeprefix("NIP. ").split(", ")
    }
    signer = load(path).penandatangan
    assert signer.nip is not None and signer.nip.value == ""
    sheet["K130"] = "Gresik, 4 Januari 2022"
    sheet["K131"] = "KEPALA DINAS SOSIAL"
    sheet["K135"] = "BUDI SANTOSO, S.Sos"
    sheet["K136"] = "Pembina"
    sheet["K137"] = "NIP. 19671020 198803 1 009"
    book.save(path)
    signer = load(path).penandatangan
    values = [
        t.value if t else None
        for t in (
            signer.tempat,
            signer.tanggal,
            signer.jabatan,
            signer.nama,
            signer.pangkat,
            signer.nip,
        )
    ]
    assert values == [
        "Gresik",
        "4 Januari 2022",
        "KEPALA DINAS SOSIAL",
        "BUDI SANTOSO, S.Sos",
        "Pembina",
        "19671020 198803 1 009",
    ]
    assert "Nama penandatangan kosong." not in places(validate(load(path)))


def test_missing_opd_and_year_point_at_the_heading_cells(tmp_path: Path) -> None:
    path = write_workbook(TemplateRequest("Dinas Sosial", 2022).model(), tmp_path / "t.xlsx")
    book = load_workbook(path)
    for name in ("Sasaran", "Program", "Kegiatan"):
        book[name]["A1"] = "RENCANA AKSI PERJANJIAN KINERJA TAHUN …."
        book[name]["A2"] = "NAMA OPD :"
    book.save(path)
    found = places(validate(load(path)))
    assert found["Tahun Renaksi kosong (tulis di judul: '… TAHUN 2021')."] == "Sasaran!A1"
    assert found["Nama OPD kosong (tulis sesudah 'NAMA OPD :')."] == "Sasaran!A2"


def test_a_text_document_without_an_opd_points_at_its_title_line(tmp_path: Path) -> None:
    path = tmp_path / "tanpa-opd.txt"
    case = Case("x", "salah", "", {"judul_dokumen": ["RENCANA AKSI PERJANJIAN KINERJA 2021", ""]})
    path.write_text(case.text(), encoding="utf-8")
    found = places(validate(load(path)))
    assert found["Nama OPD kosong (tulis sesudah 'NAMA OPD :')."] == "baris 1, kolom 1"
    assert found["Tahun Renaksi kosong (tulis di judul: '… TAHUN 2021')."] == "baris 1, kolom 1"


def test_config_records_the_rules_that_did_not_run(clean_document: Path) -> None:
    report = validate(load(clean_document), RuleConfig(select=("RNX2",)))
    assert report.ok and not report.complete and not report.ready
    assert "RNX101" in report.skipped and not any(c.startswith("RNX2") for c in report.skipped)
