"""``renaksi validasi`` and ``renaksi aturan``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renaksi_xl import Renaksi
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.sifat import with_inferred_sifat


def test_json_report_has_exactly_the_documented_shape(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validasi", str(reference_path), "--format", "json"]) == 1
    envelope = json.loads(capsys.readouterr().out)
    assert list(envelope) == ["version", "ok", "counts", "files", "failed"]
    assert envelope["version"] == 2
    assert envelope["ok"] is False and envelope["failed"] == []
    assert envelope["counts"] == {"error": 24, "warning": 10, "info": 4}
    (report,) = envelope["files"]
    assert list(report) == ["file", "ok", "siap", "counts", "skipped", "findings"]
    assert report["file"] == str(reference_path)
    assert report["ok"] is False and report["siap"] is False and report["skipped"] == []
    assert report["counts"] == {"error": 24, "warning": 10, "info": 4}
    first = report["findings"][0]
    assert list(first) == [
        "code",
        "severity",
        "message",
        "sheet",
        "cell",
        "line",
        "item",
        "context",
    ]
    assert first["sheet"] is None and first["cell"] is None and isinstance(first["line"], int)
    nip = next(f for f in report["findings"] if f["code"] == "RNX107")
    assert nip["line"] == 171 and nip["item"] == "Penandatangan"
    assert nip["context"]["nip"] == "19671020 1988031 1 009"


def test_json_envelope_is_the_same_for_several_files_and_names_unreadable_ones(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "tidak-ada.txt"
    code = main(["validasi", str(reference_path), str(missing), "--format", "json"])
    assert code == 3
    envelope = json.loads(capsys.readouterr().out)
    assert envelope["version"] == 2 and envelope["ok"] is False
    assert [r["file"] for r in envelope["files"]] == [str(reference_path)]
    (failure,) = envelope["failed"]
    assert failure["file"] == str(missing) and "tidak ditemukan" in failure["error"]


def test_text_report_groups_by_table_and_item(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validasi", str(reference_path)]) == 1
    out = capsys.readouterr().out
    assert "\nKegiatan\n  Program 1 › Kegiatan 2\n    galat RNX103 baris 34, kolom 7:" in out
    assert "\n  Program 1 › Kegiatan 4\n    galat RNX207 baris 40, kolom 4:" in out
    assert "\nPenandatangan\n    galat RNX107 baris 171, kolom 1: NIP" in out
    assert out.rstrip().endswith(
        "Jumlah temuan: 24 galat, 10 peringatan, 4 info — belum siap ditandatangani."
    )


def test_workbook_with_cells_and_a_clean_document(
    reference: Renaksi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")
    assert main(["validasi", str(path), "--format", "json", "--pilih", "RNX207"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["files"]
    (finding,) = report["findings"]
    assert (finding["sheet"], finding["cell"], finding["line"]) == ("Kegiatan", "E19", None)
    assert main(["validasi", str(path), "--pilih", "RNX303,RNX302"]) == 0
    assert "Tidak ada temuan." in capsys.readouterr().out


def test_output_file_and_several_inputs(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "laporan.json"
    code = main(
        [
            "validasi",
            str(reference_path),
            str(reference_path),
            "--format",
            "json",
            "--output",
            str(target),
        ]
    )
    assert code == 1
    assert capsys.readouterr().out == ""
    envelope = json.loads(target.read_text(encoding="utf-8"))
    assert [r["counts"]["error"] for r in envelope["files"]] == [24, 24]
    assert envelope["counts"]["error"] == 48


def test_a_50_mb_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * 1024 * 1024)
    assert main(["validasi", str(path)]) == 3
    assert "terlalu besar" in capsys.readouterr().err


def test_text_that_looks_like_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    only_formula = tmp_path / "rumus.txt"
    only_formula.write_text("=cmd|' /C calc'!A0\n=HYPERLINK(\"http://x\")\n", encoding="utf-8")
    assert main(["validasi", str(only_formula)]) == 3
    assert "tidak ditemukan tabel Renaksi" in capsys.readouterr().err
    from rule_cases import Case

    document = Case(
        "x",
        "salah",
        "rumus di sel target",
        {
            "kegiatan": ["|1. Penyusunan laporan|Jumlah laporan|=1+1||||3|3|3|3|10.000.000"],
        },
    )
    path = tmp_path / "dok.txt"
    path.write_text(document.text(), encoding="utf-8")
    assert main(["validasi", str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert any(f["code"] == "RNX102" and "'=1+1'" in f["message"] for f in findings)


def test_usage_errors(reference_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["validasi"],
        ["validasi", str(reference_path), "--pilih", "RNX999"],
        ["validasi", str(reference_path), "--tingkat", "RNX201=parah"],
    ):
        with pytest.raises(SystemExit) as caught:
            main(args)
        assert caught.value.code == 2
    assert "kode aturan tidak dikenal: RNX999" in capsys.readouterr().err


def test_aturan_lists_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aturan"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 24 and listing[0].startswith("RNX101")
    assert listing[-2].startswith("RNX306  peringatan  Rp per triwulan kegiatan")
    assert main(["aturan", "RNX207"]) == 0
    text = capsys.readouterr().out
    assert "Salah:" in text and "Benar:" in text and "101%" in text
