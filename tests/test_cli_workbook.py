"""``renaksi template`` and ``renaksi impor``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from renaksi_xl import load
from renaksi_xl.cli import main
from renaksi_xl.core.model import Sifat


def test_single_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "template",
            "--opd",
            "Kecamatan Sidayu",
            "--tahun",
            "2021",
            "--tempat",
            "Gresik",
            "--penandatangan",
            "NURYADI, S.Pd. MM",
            "--jabatan",
            "CAMAT SIDAYU",
            "--pangkat",
            "Pembina Tk. I",
            "--nip",
            "196710201988031009",
            "-o",
            str(tmp_path),
        ]
    )
    assert code == 0
    path = tmp_path / "renaksi-kecamatan-sidayu-2021.xlsx"
    assert f"Templat dibuat: {path}" in capsys.readouterr().out
    renaksi = load(path)
    assert renaksi.opd is not None and renaksi.opd.value == "Kecamatan Sidayu"
    assert renaksi.tahun == 2021
    signer = renaksi.penandatangan
    assert [
        t.value if t else None
        for t in (signer.tempat, signer.jabatan, signer.nama, signer.pangkat, signer.nip)
    ] == ["Gresik", "CAMAT SIDAYU", "NURYADI, S.Pd. MM", "Pembina Tk. I", "196710201988031009"]
    assert signer.tanggal is not None and signer.tanggal.value.endswith("2021")


def test_template_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["template", "--opd", "Dinas Sosial", "--tahun", "2022", "-o", str(tmp_path)]
    assert main(args) == 0
    path = tmp_path / "renaksi-dinas-sosial-2022.xlsx"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(args) == 3  # the same code as impor, rekap and addin build
    err = capsys.readouterr().err
    assert err == f"renaksi: galat: berkas '{path}': sudah ada (pakai --timpa untuk menimpa)\n"
    assert "baris gagal" not in err and "templat lain" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert main([*args, "--timpa"]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["template"], "sebutkan --opd dan --tahun"),
        (["template", "--opd", "X", "--tahun", "dua ribu"], "--tahun 'dua ribu' tidak sah"),
        (["template", "--daftar", "x.csv", "--opd", "X"], "tidak dapat digabung"),
    ],
)
def test_template_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_templates_from_an_indonesian_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "daftar-opd.csv"
    listing.write_bytes(
        "\ufeffNama OPD;Tahun;Tempat;Jabatan;Penandatangan;Pangkat;NIP\r\n"
        "Kecamatan Sidayu;2021;Gresik;CAMAT SIDAYU;NURYADI, S.Pd. MM;Pembina Tk. I;"
        "196710201988031009\r\n"
        "Dinas Kesehatan;20x1;Gresik;;;;\r\n"
        ";2021;Gresik;;;;\r\n"
        "Kecamatan Bungah;2021;Gresik;CAMAT BUNGAH;Drs. SUKARDI;Pembina;196801011990031002\r\n"
        "Kecamatan Sidayu;2021;Gresik;;;;\r\n".encode("utf-8")
    )
    out = tmp_path / "templat"
    assert main(["template", "--daftar", str(listing), "-o", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "renaksi-kecamatan-bungah-2021.xlsx",
        "renaksi-kecamatan-sidayu-2021.xlsx",
    ]
    err = capsys.readouterr().err
    assert f"{listing}, baris 3: tahun '20x1' tidak sah" in err
    assert f"{listing}, baris 4: nama OPD kosong" in err
    assert f"{listing}, baris 6: nama berkas renaksi-kecamatan-sidayu-2021.xlsx sama dengan" in err
    assert "3 baris gagal; templat lain tetap dibuat." in err
    bungah = load(out / "renaksi-kecamatan-bungah-2021.xlsx")
    assert bungah.penandatangan.nip is not None
    assert bungah.penandatangan.nip.value == "196801011990031002"


def test_templates_from_an_xlsx_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "OPD"
    sheet.append(["OPD", "TAHUN", "NIP"])
    sheet.append(["Kecamatan Manyar", 2023, "196710201988031009"])
    sheet.append(["Kecamatan Duduksampeyan", 2023, None])
    sheet.append(["Kecamatan Kebomas", 2023, 196710201988031009])  # Excel keeps 15 digits
    listing = tmp_path / "daftar.xlsx"
    book.save(listing)
    assert main(["template", "--daftar", str(listing), "-o", str(tmp_path / "out")]) == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "renaksi-kecamatan-duduksampeyan-2023.xlsx",
        "renaksi-kecamatan-manyar-2023.xlsx",
    ]
    manyar = load(tmp_path / "out" / "renaksi-kecamatan-manyar-2023.xlsx")
    assert manyar.tahun == 2023
    assert manyar.penandatangan.nip is not None
    assert manyar.penandatangan.nip.value == "196710201988031009"
    err = capsys.readouterr().err
    assert f"{listing}, OPD!A4: NIP tersimpan sebagai angka" in err


def test_list_without_required_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "salah.csv"
    listing.write_text("Nama;Alamat\nA;B\n", encoding="utf-8")
    assert main(["template", "--daftar", str(listing), "-o", str(tmp_path)]) == 3
    assert "harus memuat kolom OPD dan TAHUN" in capsys.readouterr().err


def test_impor_reference_document(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sidayu.xlsx"
    before = hashlib.sha256(reference_path.read_bytes()).hexdigest()
    assert main(["impor", str(reference_path), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "9 program, 29 kegiatan, 91 aksi, anggaran Rp 1.021.600.000" in out
    assert hashlib.sha256(reference_path.read_bytes()).hexdigest() == before
    renaksi = load(target)
    assert renaksi.total_tertulis is not None and renaksi.total_tertulis.value == 1_021_600_000
    program_target = renaksi.program[0].indikator[0].target
    assert program_target.sifat is Sifat.KUMULATIF  # 18%, 48%, 72%, 100%
    cetakan = renaksi.program[0].kegiatan[0].aksi[1].indikator.target
    assert cetakan.sifat is Sifat.PER_TRIWULAN  # 316 + 514 + 266 + 264 = 1360
    kendaraan = renaksi.program[1].kegiatan[2].indikator.target
    assert kendaraan.sifat is Sifat.TETAP  # 7 unit every quarter
    sheet = load_workbook(target)["Kegiatan"]
    assert sheet["J9"].font.i  # an inferred sifat is shown in italics


def test_impor_refuses_to_overwrite_or_replace_its_source(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ada.xlsx"
    target.write_bytes(b"milik pengguna")
    assert main(["impor", str(reference_path), "-o", str(target)]) == 3
    assert target.read_bytes() == b"milik pengguna"
    assert "sudah ada (pakai --timpa" in capsys.readouterr().err


def test_impor_of_a_bad_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "kosong.txt"
    source.write_bytes(b"")
    assert main(["impor", str(source)]) == 3
    assert "berkas kosong" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kosong.txt"]
