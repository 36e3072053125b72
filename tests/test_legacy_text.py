"""Import of the reference document (old free-text layout) and of variations of it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from renaksi_xl import LayoutError, Renaksi, load
from renaksi_xl.berkas.legacy import quarter_of, split_name
from renaksi_xl.core.model import Kegiatan, Source


def _kegiatan(renaksi: Renaksi, line: int) -> Kegiatan:
    return next(k for _, k in renaksi.iter_kegiatan() if k.source == Source(line=line, column=2))


def test_header_facts(reference: Renaksi) -> None:
    assert reference.opd is not None and reference.opd.value == "Kecamatan Sidayu"
    assert reference.tahun == 2020
    assert reference.judul is not None and reference.judul.source == Source(line=3, column=1)
    assert reference.tak_dikenal == ()


def test_sasaran_strategis(reference: Renaksi) -> None:
    (sasaran,) = reference.sasaran
    assert sasaran.nama.value == "Meningkatnya Kualitas pelayanan Publik di Tingkat Kecamatan"
    (indikator,) = sasaran.indikator
    assert indikator.nama.value == "Nilai SKM Kecamatan Sidayu"
    target = indikator.target
    assert (target.tahunan.value, target.tahunan.unit) == (Decimal(90), "persen")
    assert [q.value for q in target.triwulan] == [None, None, Decimal(90), None]
    assert target.tahunan.source == Source(line=9, column=4)


def test_programs_and_their_indicators(reference: Renaksi) -> None:
    assert len(reference.program) == 9
    assert sum(len(p.indikator) for p in reference.program) == 10
    assert [p.nomor for p in reference.program] == [str(n) for n in range(1, 10)]
    first = reference.program[0]
    assert first.nama.value == "Pelayanan Administrasi Perkantoran"
    assert [q.value for q in first.indikator[0].target.triwulan] == [18, 48, 72, 100]
    sixth = reference.program[5]
    assert [i.nama.value for i in sixth.indikator] == [
        "Persentase pelayanan publik dilingkup Kecamatan sesuai SOP",
        "persentase kegiatan pemerintahan desa yang difasilitasi",
    ]
    assert sixth.indikator[1].nama.source == Source(line=20, column=3)


def test_program_table_and_kegiatan_table_are_joined_despite_spelling(reference: Renaksi) -> None:
    fifth = reference.program[4]
    assert fifth.nama.value == "Koordinasi Pemberdayaan dan Pembinaan Kemasyatan Desa"
    assert fifth.judul_kegiatan is not None
    assert fifth.judul_kegiatan.value == "KOORDINASI PEMBERDAYAAN DAN PEMBINAAN KEMASYARAKATAN DESA"
    assert fifth.judul_kegiatan.source == Source(line=72, column=2)
    assert [len(p.kegiatan) for p in reference.program] == [5, 4, 1, 2, 4, 5, 3, 3, 2]


def test_kegiatan_budgets_and_stated_total(reference: Renaksi) -> None:
    budgets = [k.anggaran.value for _, k in reference.iter_kegiatan()]
    assert len(budgets) == 29
    assert all(b is not None for b in budgets)
    assert sum(b for b in budgets if b is not None) == Decimal(1_021_600_000)
    assert reference.total_tertulis is not None
    assert reference.total_tertulis.value == Decimal(1_021_600_000)
    assert reference.total_tertulis.source == Source(line=164, column=12)
    first = _kegiatan(reference, 30)
    assert (first.nomor, first.nama.value) == ("1", "Penyediaan barang cetakan dan penggandaan")
    assert (first.anggaran.value, first.anggaran.unit) == (Decimal(20_381_000), "rupiah")


def test_aksi_rows(reference: Renaksi) -> None:
    assert sum(len(k.aksi) for _, k in reference.iter_kegiatan()) == 91
    cetakan = _kegiatan(reference, 30).aksi[1]
    assert cetakan.nama.value == "Belanja barang cetakan"
    assert cetakan.source == Source(line=32, column=5)
    target = cetakan.indikator.target
    assert (target.tahunan.value, target.tahunan.unit) == (Decimal(1360), "buah")
    assert [(q.value, q.unit) for q in target.triwulan] == [
        (Decimal(316), "buah"),
        (Decimal(514), "buah"),
        (Decimal(266), "buah"),
        (Decimal(264), "buah"),
    ]
    penggandaan = _kegiatan(reference, 30).aksi[2].indikator.target
    assert penggandaan.tahunan.value == Decimal(25302)


def test_aksi_without_indicator_keeps_an_empty_indicator_name(reference: Renaksi) -> None:
    pkk = _kegiatan(reference, 73)
    last = pkk.aksi[-1]
    assert last.nama.value == "Evaluasi Kinerja kegiatan dan pengiriman laporan"
    assert last.indikator.nama.value == ""
    assert last.indikator.target.tahunan.value == 4


def test_compound_and_noted_cells(reference: Renaksi) -> None:
    keuangan = _kegiatan(reference, 108).indikator.target
    assert keuangan.tahunan.is_compound
    assert [(p.value, p.unit) for p in keuangan.tahunan.parts] == [
        (Decimal(25), "peserta"),
        (Decimal(122), "kali"),
    ]
    assert all(q.is_compound for q in keuangan.triwulan)
    tenaga = _kegiatan(reference, 43).aksi[1].indikator.target.triwulan[0]
    assert (tenaga.value, tenaga.unit, tenaga.note) == (Decimal(6), "orang", "3 bln")


def test_values_in_unused_columns_are_kept_as_stray(reference: Renaksi) -> None:
    bumdes = _kegiatan(reference, 126)
    monev = bumdes.aksi[1]
    assert monev.nama.value == "Pelaksanaan Monev"
    assert [(s.header, s.text.value, s.text.source) for s in monev.stray] == [
        ("JUMLAH ANGGARAN", "21 kali", Source(line=128, column=12))
    ]
    assert monev.indikator.target.triwulan[0].is_empty
    peralatan = _kegiatan(reference, 53)
    assert [(s.header, s.text.value) for s in peralatan.stray] == [
        ("INDIKATOR KINERJA AKSI/SUBKEGIATAN", "Jumlah peralatan kantor yang di Service"),
        ("TARGET TAHUNAN", "28 Unit"),
    ]
    quarters = peralatan.indikator.target.triwulan
    assert [(q.value, q.unit, q.unit_inferred) for q in quarters] == [
        (Decimal(n), "unit", True) for n in (3, 7, 8, 10)
    ]


def test_signature_block_is_kept_as_written(reference: Renaksi) -> None:
    signer = reference.penandatangan
    assert signer.tempat is not None and signer.tempat.value == "Gresik"
    assert signer.tanggal is not None and signer.tanggal.value == "10 Januari 2020"
    assert signer.jabatan is not None and signer.jabatan.value == "CAMAT SIDAYU"
    assert signer.nama is not None and signer.nama.value == "NURYADI, S.Pd. MM"
    assert signer.pangkat is not None and signer.pangkat.value == "Pembina Tk. I"
    assert signer.nip is not None and signer.nip.value == "19671020 1988031 1 009"
    assert signer.nip.source == Source(line=171, column=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Penyediaan barang", ("1", None, "Penyediaan barang")),
        ("2.Penyediaan jasa Gedung", ("2", None, "Penyediaan jasa Gedung")),
        ("7.01.01 PROGRAM PENUNJANG", (None, "7.01.01", "PROGRAM PENUNJANG")),
        ("7.01.01.2.01 Perencanaan", (None, "7.01.01.2.01", "Perencanaan")),
        ("7.01.01.2.01.0001 Penyusunan Renja", (None, "7.01.01.2.01.0001", "Penyusunan Renja")),
        ("Monev Dana Desa & ADD", (None, None, "Monev Dana Desa & ADD")),
        ("3.Pemeliharaan Rutin", ("3", None, "Pemeliharaan Rutin")),
    ],
)
def test_split_name(text: str, expected: tuple[str | None, str | None, str]) -> None:
    assert split_name(text) == expected


@pytest.mark.parametrize(
    ("label", "quarter"),
    [
        ("TW I", 0),
        ("TW. II", 1),
        ("III", 2),
        ("IV", 3),
        ("Triwulan 4", 3),
        ("TW.III", 2),
        ("1", None),
        ("V", None),
        ("JUMLAH", None),
    ],
)
def test_quarter_headings(label: str, quarter: int | None) -> None:
    assert quarter_of(label) == quarter


HEADER_KEGIATAN = (
    "NO\tPROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR KEGIATAN\tTARGET\tAKSI\t"
    "INDIKATOR AKSI\tTARGET AKSI\tTW. I\tTW. II\tTW. III\tTW. IV\tPAGU ANGGARAN"
)


def _write(tmp_path: Path, text: str, name: str = "renaksi.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_document_with_permendagri_codes_and_no_program_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "RENCANA AKSI TAHUN 2024\nPERANGKAT DAERAH : DINAS KOMUNIKASI DAN INFORMATIKA\n\n"
        f"{HEADER_KEGIATAN}\n"
        "\t2.16.02 PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK\n"
        "\t2.16.02.2.01 Pengelolaan Informasi\tJumlah konten\t40 konten\t\t\t\t"
        "10\t10\t10\t10\tRp 150.000.000\n"
        "\t\t\t\t2.16.02.2.01.0002 Produksi konten\tJumlah video\t8 video\t2\t2\t2\t2\t\n"
        "\tJUMLAH\t\t\t\t\t\t\t\t\t\t150.000.000\n",
    )
    renaksi = load(path)
    assert renaksi.opd is not None
    assert renaksi.opd.value == "Dinas Komunikasi dan Informatika"
    assert renaksi.tahun == 2024
    (program,) = renaksi.program
    assert program.kode == "2.16.02" and program.indikator == ()
    (kegiatan,) = program.kegiatan
    assert (kegiatan.kode, kegiatan.nama.value) == ("2.16.02.2.01", "Pengelolaan Informasi")
    assert kegiatan.anggaran.value == Decimal(150_000_000)
    (aksi,) = kegiatan.aksi
    assert (aksi.kode, aksi.nama.value) == ("2.16.02.2.01.0002", "Produksi konten")
    assert [q.value for q in aksi.indikator.target.triwulan] == [2, 2, 2, 2]
    assert [q.unit for q in aksi.indikator.target.triwulan] == ["video"] * 4
    assert renaksi.total_tertulis is not None and renaksi.total_tertulis.value == 150_000_000


def test_text_without_any_table_is_a_layout_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "Notulen rapat\nHadir: 12 orang\n")
    with pytest.raises(LayoutError, match="tidak ditemukan tabel Renaksi"):
        load(path)


def test_header_without_name_column_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "judul\n\nNO\tINDIKATOR PROGRAM\tTARGET\tTW I\tTW II\n")
    with pytest.raises(LayoutError) as caught:
        load(path)
    assert str(caught.value).startswith(f"berkas '{path}', baris 3: ")
