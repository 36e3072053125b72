"""RNX1xx and RNX401: what the document holds and where — missing fields, unreadable or
misplaced values, units, copied rows, codes, the signer's NIP, the two program lists."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterator

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.layout import FIRST_DATA_ROW, OPD_ROW, SHEET_SASARAN, TITLE_ROW
from renaksi_xl.core.model import Kegiatan, Quantity, Source
from renaksi_xl.core.quantity import same_quantity, unit_type
from renaksi_xl.core.rules import Hit, rule
from renaksi_xl.core.rules.document import (
    TW,
    Document,
    Site,
    all_read,
    program_path,
    shown,
)
from renaksi_xl.core.sifat import LABELS, infer

# urusan.bidang.program · .kegiatan (1 digit).(2 digits) · .sub-kegiatan (4 digits)
_CODE_SHAPES = {
    "program": re.compile(r"\d\.\d{2}\.\d{2}"),
    "kegiatan": re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}"),
    "sub-kegiatan": re.compile(r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}"),
}
_CODE_EXAMPLES = {
    "program": "7.01.01",
    "kegiatan": "7.01.01.2.01",
    "sub-kegiatan": "7.01.01.2.01.0001",
}


_RP_LABELS = tuple(f"Rp {quarter}" for quarter in TW)


@rule(
    "RNX101",
    Severity.ERROR,
    "Isian wajib kosong",
    "{kolom} kosong{keterangan}.",
)
def required_fields(document: Document) -> Iterator[Hit]:
    """Setiap indikator punya nama dan target tahunan; dokumen menyebut OPD, tahun, dan
    penandatangan dengan NIP-nya, dan ketiga tabelnya (Sasaran Strategis, Program,
    Kegiatan) berisi. Templat yang belum diisi belum siap ditandatangani.

    Salah: aksi "Pelaksanaan Lomba" dengan target 1 keg. tetapi kolom indikator kosong.
    Benar: aksi "Pelaksanaan Lomba", indikator "Jumlah lomba yang dilaksanakan", target 1 keg.
    """
    renaksi = document.renaksi
    heading = renaksi.judul.source if renaksi.judul is not None else None
    if renaksi.opd is None or not renaksi.opd.value.strip():
        where = renaksi.opd.source if renaksi.opd is not None else None
        yield Hit(
            where or document.template_cell(SHEET_SASARAN, OPD_ROW) or heading,
            "Dokumen",
            {"kolom": "Nama OPD", "keterangan": " (tulis sesudah 'NAMA OPD :')"},
        )
    if renaksi.tahun is None:
        yield Hit(
            heading or document.template_cell(SHEET_SASARAN, TITLE_ROW),
            "Dokumen",
            {"kolom": "Tahun Renaksi", "keterangan": " (tulis di judul: '… TAHUN 2021')"},
        )
    for table, present, what in (
        ("Sasaran Strategis", renaksi.sasaran, "sasaran strategis dengan indikator dan targetnya"),
        ("Program", any(p.indikator for p in renaksi.program), "program dengan indikator"),
        ("Kegiatan", any(p.kegiatan for p in renaksi.program), "kegiatan dengan anggarannya"),
    ):
        if not present:
            yield Hit(
                document.template_cell(table.split()[0], FIRST_DATA_ROW),
                table,
                {"kolom": f"Tabel {table}", "keterangan": f": belum ada {what}"},
            )
    signer = renaksi.penandatangan
    for label, value in (("Nama penandatangan", signer.nama), ("NIP penandatangan", signer.nip)):
        if value is None or not value.value.strip():
            where = value.source if value is not None else None
            yield Hit(where, "Penandatangan", {"kolom": label, "keterangan": ""})
    for site in document.sites:
        target = site.target
        has_target = not target.tahunan.is_empty or any(not q.is_empty for q in target.triwulan)
        if not site.indikator.nama.value.strip() and has_target:
            yield Hit(
                site.indikator.nama.source or site.row_source,
                site.item,
                {
                    "kolom": "Indikator",
                    "keterangan": f" padahal ada target {shown(target.tahunan)}",
                },
            )
        if site.indikator.nama.value.strip() and target.tahunan.is_empty:
            yield Hit(
                target.tahunan.source or site.row_source,
                site.item,
                {
                    "kolom": "Target tahunan",
                    "keterangan": f" untuk indikator '{site.indikator.nama.value}'",
                },
            )


@rule(
    "RNX102",
    Severity.ERROR,
    "Nilai tidak dapat dibaca",
    "{kolom} '{teks}' tidak dapat dibaca sebagai angka: {alasan}.",
)
def unreadable(document: Document) -> Iterator[Hit]:
    """Target, TW dan anggaran ditulis sebagai angka Indonesia dengan satuan: titik pemisah
    ribuan, koma desimal. Yang tidak dapat dibaca dengan pasti tidak ditebak.

    Salah: ``82.5%`` (titik bukan pemisah ribuan), ``Terlaksana``.
    Benar: ``82,5%``, ``25.302 Lbr``, ``25 peserta / 30 kali``.
    """
    for label, quantity, fallback, item in _unreadable_amounts(document):
        yield Hit(
            quantity.source or fallback,
            item,
            {"kolom": label, "teks": quantity.raw.strip(), "alasan": quantity.problem},
        )


def _unreadable_amounts(
    document: Document,
) -> Iterator[tuple[str, Quantity, Source | None, str]]:
    """Every number the document states that could not be read: (column, quantity, where
    to point when the quantity has no cell of its own, item)."""
    for site in document.sites:
        if all_read(site.target):
            continue
        source, item = site.source, site.item
        for label, quantity in site.quantities():
            if quantity.problem is not None:
                yield label, quantity, source, item
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        if kegiatan.anggaran.problem is not None:
            yield "Anggaran", kegiatan.anggaran, kegiatan.source, entry.item
    for sub_entry in document.sub_kegiatan:
        sub = sub_entry.sub
        if sub.pagu.problem is not None:
            yield "Pagu", sub.pagu, sub.source, sub_entry.item
        for label, amount in zip(_RP_LABELS, sub.anggaran_triwulan, strict=False):
            if amount.problem is not None:
                yield label, amount, sub.source, sub_entry.item
    for entry in document.kegiatan:
        stated = entry.kegiatan.pagu_tertulis
        if stated is not None and stated.problem is not None:
            yield "Pagu kegiatan", stated, entry.kegiatan.source, entry.item
    total = document.renaksi.total_tertulis
    if total is not None and total.problem is not None:
        yield "Jumlah komulatif", total, None, "Jumlah komulatif"


@rule(
    "RNX103",
    Severity.ERROR,
    "Nilai di kolom yang salah",
    "{uraian}",
)
def misplaced(document: Document) -> Iterator[Hit]:
    """Setiap nilai berada di kolom yang dipakai jenis barisnya: baris aksi tidak punya
    anggaran, baris kegiatan tidak memakai kolom aksi. Baris yang bergeser satu kolom ke
    kanan dikenali dan nilainya bila digeser kembali disebutkan.

    Salah: aksi "Pelaksanaan Monev" 96 kali dengan TW I kosong, TW II–IV 24, 26, 25 kali dan
    "21 kali" di kolom JUMLAH ANGGARAN.
    Benar: TW I–IV 24, 26, 25, 21 kali dan kolom anggaran kosong.
    """
    for site in document.sites:
        shifted = site.shifted_quarters()
        for stray in site.stray:
            uraian = (
                f"'{stray.text.value}' berada di kolom {stray.header}, yang tidak dipakai baris "
                f"{site.table.lower()}."
            )
            if shifted is not None and stray in site.budget_strays():
                uraian = (
                    f"Baris bergeser satu kolom ke kanan: TW I kosong dan '{stray.text.value}' "
                    f"berada di kolom {stray.header}. Bila digeser ke kiri, TW I–IV = "
                    f"{', '.join(shown(q) for q in shifted)}{_fit_note(site, shifted)}."
                )
            yield Hit(stray.text.source or site.source, site.item, {"uraian": uraian})
    for program in document.renaksi.program:
        for stray in program.stray:
            yield Hit(
                stray.text.source or program.source,
                program_path(program, 0),
                {"uraian": f"'{stray.text.value}' berada di kolom {stray.header} baris program."},
            )
    for text in document.renaksi.tak_dikenal:
        yield Hit(
            text.source,
            "Dokumen",
            {"uraian": f"Baris atau nilai tidak dapat ditempatkan pada tabel: '{text.value}'."},
        )


def _fit_note(site: Site, quarters: tuple[Quantity, ...]) -> str:
    """`` — sesuai target tahunan 96 kali (per triwulan)`` when the shifted values fit."""
    q1, q2, q3, q4 = quarters
    moved = dataclasses.replace(site.target, triwulan=(q1, q2, q3, q4))
    fitted = infer(moved) if moved.sifat is None else None
    if fitted is None or not fitted.exact:
        return ""
    return f", sesuai target tahunan {shown(site.target.tahunan)} ({LABELS[fitted.sifat]})"


@rule(
    "RNX104",
    Severity.INFO,
    "Satuan tidak dikenal",
    "Satuan '{satuan}' tidak ada di daftar satuan; periksa ejaannya.",
)
def unknown_units(document: Document) -> Iterator[Hit]:
    """Satuan dikenali lewat daftar ejaan (``keg.``/``kegiatan``, ``org``/``orang``, …).
    Satuan lain boleh dipakai, tetapi sering berupa salah ketik.

    Salah: ``46 Kahafila``.
    Benar: ``46 Khafilah``.
    """
    for site in document.sites:
        seen: set[str] = set()  # a row writes one unit in its five cells, as a rule
        for _, quantity in site.quantities():
            for piece in quantity.parts or (quantity,):
                unit = piece.unit
                if unit and unit not in seen:
                    seen.add(unit)
                    if unit_type(unit) is not None:
                        continue
                    yield Hit(
                        quantity.source or site.source,
                        site.item,
                        {"satuan": piece.unit_text or unit},
                    )


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


# words every Renaksi uses; they say nothing about what an aksi is about
_GENERIC_WORDS = frozenset(
    {
        "jumlah",
        "persentase",
        "penyediaan",
        "pengadaan",
        "pelaksanaan",
        "pelaksana",
        "kegiatan",
        "keg",
        "kantor",
        "dan",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "pada",
        "dengan",
        "dalam",
        "atau",
        "serta",
        "tahun",
        "skpd",
        "opd",
        "perangkat",
        "daerah",
        "kecamatan",
        "program",
        "tersedia",
        "terlaksana",
        "terlaksananya",
    }
)


def specific_words(text: str) -> set[str]:
    """The words of a text that say what it is about (no generic Renaksi vocabulary)."""
    return {w for w in re.findall(r"[a-z]{3,}", text.casefold()) if w not in _GENERIC_WORDS}


@rule(
    "RNX105",
    Severity.WARNING,
    "Aksi tersalin dari kegiatan lain",
    "Aksi '{aksi}' dengan indikator '{indikator}' sama persis dengan aksi di {asal} "
    "(target {target_asal}) tetapi bertarget {target}, dan isinya tidak berkaitan dengan "
    "kegiatannya sendiri melainkan dengan kegiatan itu: salinan yang lupa diganti?",
)
def copied_aksi(document: Document) -> Iterator[Hit]:
    """Aksi yang sama (nama dan indikator) muncul di bawah dua kegiatan dengan target berbeda,
    dan kata-katanya cocok dengan kegiatan lain itu, bukan dengan kegiatannya sendiri.

    Salah: di bawah "Penyediaan jasa Gedung /Kantor" ada aksi "Penyediaan
    peralatan/perengkapan kantor" (4 Unit), salinan aksi kegiatan "Pengadaan
    peralatan/perlengkapan kantor" (1180 bh).
    Benar: aksi "Pelaksanaan Monev" di beberapa kegiatan monev, masing-masing sesuai
    kegiatannya.
    """
    groups: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (_, aksi, _) in enumerate(document.aksi):
        key = (_squash(aksi.nama.value), _squash(aksi.indikator.nama.value))
        if key[0]:
            groups[key].append(index)
    for members in groups.values():
        if len({id(document.aksi[i][0].kegiatan) for i in members}) < 2:
            continue
        for index in members:
            entry, aksi, path = document.aksi[index]
            words = specific_words(f"{aksi.nama.value} {aksi.indikator.nama.value}")
            if words & specific_words(_kegiatan_text(entry.kegiatan)):
                continue
            for other in members:
                other_entry, other_aksi, _ = document.aksi[other]
                if other_entry.kegiatan is entry.kegiatan:
                    continue
                if same_quantity(
                    aksi.indikator.target.tahunan, other_aksi.indikator.target.tahunan
                ):
                    continue
                if len(words & specific_words(_kegiatan_text(other_entry.kegiatan))) >= 2:
                    yield Hit(
                        aksi.source,
                        path,
                        {
                            "aksi": aksi.nama.value,
                            "indikator": aksi.indikator.nama.value,
                            "asal": other_entry.item,
                            "target_asal": shown(other_aksi.indikator.target.tahunan),
                            "target": shown(aksi.indikator.target.tahunan),
                        },
                    )
                    break


def _kegiatan_text(kegiatan: Kegiatan) -> str:
    return f"{kegiatan.nama.value} {kegiatan.indikator.nama.value}"


@rule(
    "RNX106",
    Severity.WARNING,
    "Kode tidak berbentuk Permendagri 90/2019",
    "Kode {tingkat} '{kode}' tidak berbentuk {contoh}{keterangan}.",
)
def malformed_codes(document: Document) -> Iterator[Hit]:
    """Kode program, kegiatan dan sub-kegiatan mengikuti Permendagri 90/2019 sesuai
    tingkatnya, dan kode kegiatan diawali kode programnya, kode sub-kegiatan diawali kode
    kegiatannya.

    Salah: program ``7.1.01``; sub-kegiatan ``7.01.04.2.01.002``; kegiatan ``7.01.02.2.01`` di
    bawah program ``7.01.01``; sub-kegiatan ``7.01.02.2.02.0002`` di bawah kegiatan
    ``7.01.02.2.01``.
    Benar: program ``7.01.01``, kegiatan ``7.01.01.2.01``, sub-kegiatan ``7.01.01.2.01.0001``.
    """
    for number, program in enumerate(document.renaksi.program, start=1):
        path = program_path(program, number)
        yield from _code_hits("program", program.kode, None, program.source, path)
        for entry in document.kegiatan_of.get(id(program), []):
            kegiatan = entry.kegiatan
            yield from _code_hits(
                "kegiatan", kegiatan.kode, program.kode, kegiatan.source, entry.item
            )
            for aksi, aksi_path in document.aksi_of.get(id(kegiatan), []):
                yield from _code_hits(
                    "sub-kegiatan", aksi.kode, kegiatan.kode, aksi.source, aksi_path
                )
            for sub_entry in document.sub_kegiatan_of.get(id(kegiatan), []):
                sub = sub_entry.sub
                yield from _code_hits(
                    "sub-kegiatan", sub.kode, kegiatan.kode, sub.source, sub_entry.item
                )


def _code_hits(
    level: str, code: str | None, parent: str | None, source: Source | None, item: str
) -> Iterator[Hit]:
    if not code:
        return
    if not _CODE_SHAPES[level].fullmatch(code):
        yield Hit(
            source,
            item,
            {"tingkat": level, "kode": code, "contoh": _CODE_EXAMPLES[level], "keterangan": ""},
        )
    elif parent and _CODE_SHAPES_PARENT_OK(parent) and not code.startswith(f"{parent}."):
        yield Hit(
            source,
            item,
            {
                "tingkat": level,
                "kode": code,
                "contoh": f"{parent}.…",
                "keterangan": f" (tidak diawali kode induknya {parent})",
            },
        )


@functools.lru_cache(maxsize=1024)  # a kegiatan's code is asked once per sub kegiatan
def _CODE_SHAPES_PARENT_OK(parent: str) -> bool:  # noqa: N802
    return any(shape.fullmatch(parent) for shape in _CODE_SHAPES.values())


def nip_problem(nip: str) -> str | None:
    """Why an NIP is malformed, or None: 18 digits = birth date (8), appointment year and
    month (6), gender (1: 1 or 2), sequence (3)."""
    digits = re.sub(r"[\s.\-]", "", nip)
    if not digits.isdigit():
        return "NIP hanya boleh berisi angka (spasi pemisah boleh)"
    if len(digits) != 18:
        return f"NIP harus 18 angka, tertulis {len(digits)} angka"
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return f"tanggal lahir {digits[6:8]}-{digits[4:6]}-{digits[0:4]} (angka 1–8) tidak ada"
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        return f"bulan pengangkatan {month:02d} (angka 13–14) tidak ada"
    if not born.year + 15 <= year <= dt.date.today().year:
        return (
            f"tahun pengangkatan {year} (angka 9–12) tidak masuk akal untuk kelahiran {born.year}"
        )
    if digits[14] not in "12":
        return f"kode jenis kelamin {digits[14]} (angka 15) harus 1 atau 2"
    if digits[15:18] == "000":
        return "nomor urut (angka 16–18) tidak boleh 000"
    return None


@rule(
    "RNX107",
    Severity.ERROR,
    "NIP penandatangan tidak sah",
    "NIP '{nip}' tidak sah: {alasan}.",
)
def signer_nip(document: Document) -> Iterator[Hit]:
    """NIP terdiri dari 18 angka: tanggal lahir (8), tahun dan bulan pengangkatan (6), jenis
    kelamin (1) dan nomor urut (3), dan tanggal-tanggalnya ada.

    Salah: ``19671020 1988031 1 009`` (19 angka).
    Benar: ``19671020 198803 1 009``.
    """
    nip = document.renaksi.penandatangan.nip
    if nip is None or not nip.value.strip():
        return
    problem = nip_problem(nip.value)
    if problem:
        yield Hit(nip.source, "Penandatangan", {"nip": nip.value, "alasan": problem})


@rule(
    "RNX401",
    Severity.ERROR,
    "Program tabel Kegiatan dan tabel Program tidak sama",
    "{uraian}",
)
def program_lists(document: Document) -> Iterator[Hit]:
    """Setiap program di tabel Kegiatan ada di tabel Program (dengan indikatornya), dan
    sebaliknya.

    Salah: tabel Kegiatan memuat "KOORDINASI PELAKSANAAN PEMBANGUNAN" yang tidak ada di tabel
    Program.
    Benar: kedua tabel memuat program yang sama (ejaan boleh sedikit berbeda).
    """
    renaksi = document.renaksi
    has_program_table = any(p.indikator for p in renaksi.program)
    has_kegiatan_table = any(p.judul_kegiatan is not None for p in renaksi.program)
    if not (has_program_table and has_kegiatan_table):
        return
    for number, program in enumerate(renaksi.program, start=1):
        path = program_path(program, number)
        if program.judul_kegiatan is None:
            yield Hit(
                program.source,
                path,
                {"uraian": f"Program '{program.nama.value}' tanpa kegiatan di tabel Kegiatan."},
            )
        elif not program.indikator:
            yield Hit(
                program.judul_kegiatan.source,
                path,
                {
                    "uraian": f"Program '{program.judul_kegiatan.value}' di tabel Kegiatan "
                    "tidak ada di tabel Program."
                },
            )
