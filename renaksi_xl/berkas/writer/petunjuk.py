"""The *Petunjuk* sheet: how to fill the workbook, in the words of the chosen shape."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from renaksi_xl.berkas.writer.page import fit_to_width
from renaksi_xl.berkas.writer.styles import text_lines, wrapped_height
from renaksi_xl.core.layout import CHECK_BUDGET, SHEET_PETUNJUK

PETUNJUK = (
    "PETUNJUK PENGISIAN RENCANA AKSI",
    "",
    "1. Lembar Sasaran, Program dan Kegiatan memuat tiga tabel Renaksi. Isi sel putih; "
    "kolom CEK, subtotal program dan Jumlah komulatif dihitung otomatis, jangan diketik.",
    "2. Target (tahunan dan TW I–IV) diisi angka saja. Satuannya ditulis sekali di kolom "
    "SATUAN (pilih dari daftar atau ketik sendiri); persen ditulis 90 dengan satuan %, "
    "bukan 90% atau 0,9.",
    "3. SIFAT TARGET menentukan cara TW I–IV dijumlahkan: 'kumulatif' = tiap TW adalah capaian "
    "sampai akhir triwulan itu (TW terakhir = target tahunan); 'per triwulan' = tiap TW adalah "
    "jumlah triwulan itu sendiri (jumlah TW = target tahunan); 'tetap' = nilai yang dijaga "
    "setiap triwulan (setiap TW terjadwal = target tahunan).",
    "4. Kolom CEK menampilkan OK bila TW I–IV sesuai dengan sifatnya, TIDAK SESUAI (baris "
    "berwarna merah) bila tidak, PILIH SIFAT bila sifat belum dipilih, KETIK TANPA % bila "
    "angka persen diketik dengan tanda % (18% tersimpan 0,18), dan TEKS bila ada sel "
    "target berisi teks sehingga harus diperiksa dengan tombol Validasi.",
    "5. Pada lembar Kegiatan, baris program (tebal) menampilkan subtotal anggaran kegiatannya. "
    "Baris kegiatan mengisi kolom BIDANG/PROGRAM/KEGIATAN, INDIKATOR KEGIATAN dan JUMLAH "
    "ANGGARAN; baris aksi di bawahnya mengisi kolom AKSI/SUBKEGIATAN, INDIKATOR dan TARGET "
    "TAHUNAN, tanpa anggaran.",
    "6. Perlu baris tambahan? Sisipkan baris (klik kanan → Sisipkan) di dalam blok program "
    "yang sama, maka subtotal dan jumlah ikut menghitungnya.",
    "7. Anggaran ditulis dalam rupiah bulat tanpa titik (Excel menampilkan pemisah ribuan).",
    "8. Blok tanda tangan di bawah tabel Kegiatan dicetak pada halaman terakhir.",
    "",
    "Pemeriksaan lengkap (satuan, kode, NIP, anggaran, program yang hilang) dijalankan dengan "
    "tombol Validasi pada tab Renaksi di Excel atau perintah 'renaksi validasi'.",
)

PETUNJUK_SEKARANG = tuple(
    (
        "5. Pada lembar Kegiatan (bentuk Permendagri 90/2019) tiap baris adalah program, "
        "kegiatan, sub kegiatan atau aksi; KODE diisi kode rekening (mis. 7.01.01.2.01.0001). "
        "Sub kegiatan mengisi target fisik (K) dan rencana anggaran (Rp) TW I–IV serta PAGU; "
        "pagu kegiatan dan program dihitung otomatis. CEK menampilkan "
        f"{CHECK_BUDGET} bila jumlah Rp TW I–IV sub kegiatan tidak sama dengan pagunya."
    )
    if line.startswith("5.")
    else (
        "6. Perlu baris tambahan? Salin baris sub kegiatan (atau kegiatan) yang sudah ada, lalu "
        "sisipkan salinannya (klik kanan → Sisipkan Sel yang Disalin) di bawah kegiatan yang "
        "sama: penanda jenis baris di kolom tersembunyi ikut tersalin, maka pagu kegiatan, "
        "program dan jumlahnya ikut menghitungnya."
    )
    if line.startswith("6.")
    else line
    for line in PETUNJUK
)


_PETUNJUK_WIDTH = 95  # a portrait A4 page's width at 100%


def write_petunjuk(ws: Worksheet, texts: Sequence[str]) -> None:
    """The instructions, one paragraph a row, wrapped in one wide column."""
    ws.title = SHEET_PETUNJUK
    ws.column_dimensions["A"].width = _PETUNJUK_WIDTH
    for row, text in enumerate(texts, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.style = "rnx_petunjuk_judul" if row == 1 else "rnx_petunjuk"
        lines = text_lines(text, _PETUNJUK_WIDTH) if row > 1 else 1
        if lines > 1:
            ws.row_dimensions[row].height = wrapped_height(lines)
    ws.sheet_view.showGridLines = False


def finish_petunjuk(ws: Worksheet, paper: str) -> None:
    """The instructions fit a portrait page, but stay out of the printed Renaksi: their
    print area is one empty cell, so printing the whole workbook starts at the Sasaran
    sheet as page 1 (a user who wants them on paper clears the print area)."""
    fit_to_width(ws, paper, "portrait")
    ws.print_area = "C1"
