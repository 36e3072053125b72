"""The ``renaksi`` command."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from enum import IntEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from renaksi_xl import __version__
from renaksi_xl.berkas.files import publish, refuse_existing, replace_in_place
from renaksi_xl.berkas.loading import load, load_mapped, sample_path
from renaksi_xl.core.layout import BENTUK, BENTUK_LAMA, BENTUK_SEKARANG, PAPER_SIZES
from renaksi_xl.core.quantity import format_number, rupiah
from renaksi_xl.errors import RenaksiError, UnreadableFileError

if TYPE_CHECKING:
    from renaksi_xl.berkas.hitung import FileOutcome
    from renaksi_xl.berkas.templates import TemplateRequest
    from renaksi_xl.cli.progress import Progress
    from renaksi_xl.core.findings import Report
    from renaksi_xl.core.summary import Ringkasan
    from renaksi_xl.core.validate import RuleConfig


class ExitCode(IntEnum):
    """Exit codes shared by every sub-command (the table in the README)."""

    OK = 0
    TEMUAN = 1
    """validation found an error, or some of several files/rows failed"""
    PENGGUNAAN = 2
    """the command is mistyped: an unknown option, a missing or invalid argument"""
    MASUKAN = 3
    """the request is refused: an input cannot be read, or the output already exists
    without ``--timpa``"""


# argparse's own messages (msgids of Python 3.11–3.13), in Indonesian. argparse looks them up
# through ``gettext`` when it formats them; :func:`_indonesian` swaps that lookup in while
# one of our parsers works, so this table is the one place the command's English goes.
ARGPARSE_TEXTS = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "optional arguments": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi renaksi lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "unrecognized arguments: %(args)s": "argumen tidak dikenal: %(args)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan %(value)r tidak ada (pilih salah satu: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "nilai %(value)r bukan %(type)s",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "memerlukan paling banyak satu nilai",
    "expected at least one argument": "memerlukan sekurang-kurangnya satu nilai",
    "expected %s argument": "memerlukan %s nilai",
    "expected %s arguments": "memerlukan %s nilai",
    "ambiguous option: %(option)s could match %(matches)s": (
        "pilihan %(option)s tidak jelas: bisa berarti %(matches)s"
    ),
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen ini wajib: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah %(parser_name)r tidak ada (pilih salah satu: %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
}


def _translate(message: str) -> str:
    return ARGPARSE_TEXTS.get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextmanager
def _indonesian() -> Iterator[None]:
    """argparse speaks Indonesian inside this block (and only there: other parsers in the
    same process, pytest's for one, keep their language)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _typed(convert: Callable[[str], object], name: str) -> Callable[[str], object]:
    """An argument type whose name argparse shows in Indonesian (``nilai 'x' bukan
    bilangan bulat``)."""

    def typed(text: str) -> object:
        return convert(text)

    typed.__name__ = name
    return typed


INTEGER = _typed(int, "bilangan bulat")


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian section titles, messages and error lines."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        with _indonesian():
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument(
            "-h", "--help", action="help", help=_translate("show this help message and exit")
        )

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _indonesian():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _indonesian():
            return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            ExitCode.PENGGUNAAN,
            f"{self.prog}: galat: {message}\nKetik '{self.prog} --help' untuk bantuan.\n",
        )

    def format_usage(self) -> str:
        with _indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with _indonesian():
            return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``renaksi`` and its sub-commands."""
    parser = _Parser(
        prog="renaksi",
        description="Renaksi: Rencana Aksi Perjanjian Kinerja — impor, ringkasan dan pemeriksaan.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"renaksi {__version__}",
        help=_translate("show program's version number and exit"),
    )
    commands = parser.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)
    commands.required = True

    ringkas = commands.add_parser(
        "ringkas",
        help="ringkasan dokumen: OPD, tahun, jumlah butir per tabel, anggaran per program",
        description="Ringkasan sebuah Renaksi: OPD, tahun, jumlah butir per tabel, "
        "anggaran per program dan total.",
    )
    ringkas.add_argument(
        "berkas", nargs="?", type=Path, metavar="BERKAS", help="Renaksi (.xlsx, .xlsm, .txt, .tsv)"
    )
    ringkas.add_argument(
        "--contoh", action="store_true", help="pakai contoh bawaan (Kecamatan Sidayu 2020)"
    )
    ringkas.add_argument(
        "--format", choices=("teks", "json"), default="teks", help="bentuk keluaran (bawaan: teks)"
    )
    ringkas.set_defaults(handler=_ringkas, tanpa_gc=True)

    template = commands.add_parser(
        "template",
        help="buat templat Renaksi kosong untuk satu OPD, atau untuk setiap baris daftar OPD",
        description="Membuat buku kerja Renaksi kosong yang siap diisi: tiga tabel, daftar "
        "pilihan, rumus subtotal dan cek, tata letak cetak dengan blok tanda tangan.",
    )
    template.add_argument("--opd", help='nama OPD, mis. "Kecamatan Sidayu"')
    template.add_argument("--tahun", help="tahun Renaksi, mis. 2021")
    template.add_argument("--tempat", help="tempat penandatanganan, mis. Gresik")
    template.add_argument("--tanggal", help='tanggal penandatanganan, mis. "4 Januari 2021"')
    template.add_argument("--penandatangan", help="nama penandatangan beserta gelar")
    template.add_argument("--jabatan", help='jabatan penandatangan, mis. "CAMAT SIDAYU"')
    template.add_argument("--pangkat", help="pangkat/golongan penandatangan")
    template.add_argument("--nip", help="NIP penandatangan (18 angka)")
    template.add_argument(
        "--daftar",
        type=Path,
        metavar="BERKAS",
        help="daftar OPD (.csv atau .xlsx): satu templat per baris",
    )
    template.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="folder tujuan (bawaan: folder kerja)",
    )
    template.add_argument(
        "--bentuk",
        choices=BENTUK,
        default=BENTUK_SEKARANG,
        help="bentuk lembar Kegiatan: sekarang (Permendagri 90/2019: program, kegiatan, sub "
        "kegiatan dengan K dan Rp per triwulan dan pagu) atau lama (bentuk 2020: kegiatan "
        "dan aksi); bawaan: sekarang",
    )
    _add_writing_options(template)
    template.set_defaults(handler=_template)

    impor = commands.add_parser(
        "impor",
        help="ubah dokumen Renaksi lama (.txt/.tsv/.xlsx) menjadi buku kerja templat",
        description="Mengimpor Renaksi berformat lama ke buku kerja templat terstruktur; sifat "
        "target tiap indikator disimpulkan dari angka TW-nya.",
    )
    impor.add_argument("sumber", type=Path, metavar="SUMBER", help="dokumen Renaksi lama")
    impor.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="buku kerja hasil (bawaan: SUMBER-templat.xlsx di folder yang sama)",
    )
    impor.add_argument(
        "--peta",
        action="store_true",
        help="tampilkan peta kolom yang dipakai: peran setiap kolom tiap tabel (juga bila "
        "dokumen ditolak)",
    )
    _add_writing_options(impor)
    impor.set_defaults(handler=_impor)

    validasi = commands.add_parser(
        "validasi",
        help="periksa Renaksi dan laporkan setiap ketidaksesuaian",
        description="Memeriksa satu atau beberapa Renaksi (buku kerja templat atau dokumen "
        "lama .txt/.tsv/.xlsx) dengan katalog aturan (lihat 'renaksi aturan'). Kode keluar: 0 "
        "tanpa galat, 1 ada galat, 2 perintah salah, 3 berkas tidak dapat dibaca.",
    )
    validasi.add_argument(
        "berkas", nargs="+", type=Path, metavar="BERKAS", help="Renaksi yang diperiksa"
    )
    validasi.add_argument(
        "--format", choices=("teks", "json"), default="teks", help="bentuk laporan (bawaan: teks)"
    )
    validasi.add_argument(
        "--output",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        dest="output",
        help="tulis laporan ke berkas, bukan ke layar",
    )
    validasi.add_argument(
        "--pilih",
        metavar="KODE[,KODE…]",
        default="",
        help="jalankan hanya aturan ini (awalan boleh: RNX2)",
    )
    validasi.add_argument(
        "--abaikan", metavar="KODE[,KODE…]", default="", help="lewati aturan ini (awalan boleh)"
    )
    validasi.add_argument(
        "--tingkat",
        metavar="KODE=TINGKAT",
        action="append",
        default=[],
        help="ubah tingkat aturan: galat, peringatan atau info (juga error, warning; boleh "
        "berulang), mis. RNX205=galat",
    )
    validasi.add_argument(
        "--tandai",
        action="store_true",
        help="tandai temuan di buku kerja: warna dan catatan pada sel, lembar Hasil Validasi; "
        "ditulis ke BERKAS-divalidasi.xlsx",
    )
    validasi.add_argument(
        "--di-tempat",
        action="store_true",
        dest="di_tempat",
        help="dengan --tandai: tulis ke berkas itu sendiri (aslinya disimpan sebagai cadangan)",
    )
    validasi.add_argument(
        "--timpa",
        action="store_true",
        help="timpa berkas hasil (--output, BERKAS-divalidasi.xlsx) yang sudah ada",
    )
    validasi.set_defaults(handler=_validasi, tanpa_gc=True)

    bersihkan = commands.add_parser(
        "bersihkan",
        help="hapus semua tanda validasi dari buku kerja",
        description="Menghapus warna, catatan dan lembar Hasil Validasi yang dibuat "
        "'renaksi validasi --tandai'; warna dan catatan buatan pengguna tetap.",
    )
    bersihkan.add_argument("berkas", type=Path, metavar="BERKAS", help="buku kerja (.xlsx)")
    bersihkan.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="tulis hasil ke berkas lain (bawaan: berkas itu sendiri)",
    )
    bersihkan.add_argument("--timpa", action="store_true", help="timpa berkas -o yang sudah ada")
    bersihkan.set_defaults(handler=_bersihkan)

    hitung = commands.add_parser(
        "hitung",
        help="hitung ulang subtotal, jumlah, cek dan capaian kumulatif buku kerja Renaksi",
        description="Menghitung ulang buku kerja templat: rumus subtotal dan Jumlah komulatif "
        "dipulihkan bila tertimpa angka ketikan, semua hasil rumus dihitung dan disimpan, dan "
        "lembar Capaian berisi capaian kumulatif, porsi dan progres program. BERKAS boleh "
        "folder: semua .xlsx di dalamnya diproses. Kode keluar 0 bila semua berhasil, 1 bila "
        "ada yang gagal.",
    )
    hitung.add_argument(
        "berkas",
        nargs="+",
        type=Path,
        metavar="BERKAS|FOLDER",
        help="buku kerja templat, atau folder berisi buku kerja",
    )
    hitung.add_argument(
        "--jobs",
        "-j",
        type=INTEGER,
        metavar="N",
        help="jumlah proses sejajar (bawaan: sebanyak inti prosesor, paling banyak 8)",
    )
    hitung.add_argument(
        "--di-tempat",
        action="store_true",
        dest="di_tempat",
        help="tulis ke berkas itu sendiri (aslinya disimpan sebagai cadangan); "
        "bawaan: BERKAS-dihitung.xlsx",
    )
    hitung.add_argument(
        "--timpa", action="store_true", help="timpa BERKAS-dihitung.xlsx yang sudah ada"
    )
    hitung.set_defaults(handler=_hitung)

    rekap = commands.add_parser(
        "rekap",
        help="rekap banyak Renaksi OPD: anggaran, program, temuan dan progres",
        description="Membuat rekap untuk kantor pusat dari semua Renaksi di FOLDER: satu baris "
        "per OPD (anggaran total, anggaran per program, jumlah galat dan peringatan, progres "
        "per triwulan), satu lembar per program, dan grafik.",
    )
    rekap.add_argument("folder", type=Path, metavar="FOLDER", help="folder berisi Renaksi OPD")
    rekap.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        required=True,
        metavar="BERKAS",
        help="REKAP.xlsx, atau REKAP.csv dengan --format csv",
    )
    rekap.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        default=None,
        help="bentuk rekap (bawaan: menurut akhiran BERKAS)",
    )
    rekap.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    rekap.set_defaults(handler=_rekap)

    addin = commands.add_parser(
        "addin",
        help="bangun atau pasang add-in Excel (tab Renaksi)",
        description="Membangun add-in Excel (.xlam) dari folder vba/ dan modul VBA xlwings, "
        "atau memasangnya untuk pengguna ini (Windows/macOS).",
    )
    addin_commands = addin.add_subparsers(dest="aksi", metavar="AKSI", parser_class=_Parser)
    addin_commands.required = True
    build = addin_commands.add_parser("build", help="bangun berkas .xlam")
    build.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="add-in hasil (bawaan: renaksi.xlam, atau renaksi.xlsm dengan --xlsm, di folder "
        "kerja)",
    )
    build.add_argument(
        "--vba",
        type=Path,
        metavar="FOLDER",
        help="folder ribbon dan modul VBA (bawaan: vba/ proyek)",
    )
    build.add_argument(
        "--xlsm",
        action="store_true",
        help="bangun buku kerja .xlsm bermakro yang sama (untuk pengujian)",
    )
    build.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    build.set_defaults(handler=_addin_build)
    install = addin_commands.add_parser("install", help="pasang add-in untuk pengguna ini")
    install.add_argument(
        "berkas",
        type=Path,
        nargs="?",
        metavar="BERKAS",
        help="add-in yang dipasang (bawaan: dibangun saat itu dari renaksi_xl yang terpasang)",
    )
    install.set_defaults(handler=_addin_install)

    aturan = commands.add_parser(
        "aturan",
        help="daftar aturan pemeriksaan",
        description="Menampilkan katalog aturan; dengan KODE, penjelasannya beserta contoh "
        "yang salah dan yang benar.",
    )
    aturan.add_argument(
        "kode", nargs="*", metavar="KODE", help="aturan yang dijelaskan (awalan boleh)"
    )
    aturan.set_defaults(handler=_aturan)

    contoh = commands.add_parser(
        "contoh",
        help="tampilkan lokasi contoh Renaksi bawaan",
        description="Menampilkan lokasi berkas contoh bawaan (Renaksi Kecamatan Sidayu 2020, "
        "bentuk lama; dengan --sekarang: Kecamatan Sukamaju 2027, bentuk Permendagri 90/2019).",
    )
    contoh.add_argument(
        "--sekarang",
        action="store_true",
        help="contoh bentuk sekarang (program, kegiatan, sub kegiatan, pagu, K dan Rp per TW)",
    )
    contoh.set_defaults(handler=_contoh)
    _add_lite_command(commands)
    return parser


def _add_lite_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``renaksi lite``: the buttons for xlwings Lite (Excel without Python on the PC)."""
    lite = commands.add_parser(
        "lite",
        help="tulis main.py dan requirements.txt untuk xlwings Lite (tanpa Python di PC)",
        description="Menulis main.py (tombol Validasi, Hitung Ulang, Hapus Tanda, Template "
        "Baru) dan requirements.txt untuk diimpor ke add-in xlwings Lite.",
    )
    lite.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        default=Path("renaksi-lite"),
        metavar="FOLDER",
        help="folder hasil (bawaan: renaksi-lite)",
    )
    lite.add_argument(
        "--satu-berkas",
        action="store_true",
        help="bundel paket renaksi_xl ke dalam main.py (bagi kantor tanpa akses indeks paket)",
    )
    lite.add_argument(
        "--paket",
        metavar="PERSYARATAN",
        help="baris renaksi_xl di requirements.txt, mis. URL wheel yang dilayani kantor "
        "(bawaan: renaksi_xl==VERSI dari PyPI)",
    )
    lite.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    lite.set_defaults(handler=_lite)


def _lite(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.lite import write_files

    folder: Path = args.keluaran
    if args.satu_berkas and args.paket:
        parser.error("--paket tidak dipakai bersama --satu-berkas (paket sudah di main.py)")
    existing = [folder / n for n in ("main.py", "requirements.txt") if (folder / n).exists()]
    if existing and not args.timpa:
        parser.error(f"{existing[0]} sudah ada (pakai --timpa untuk menimpa)")
    for path in write_files(folder, single_file=args.satu_berkas, package=args.paket):
        print(f"Ditulis: {path}")
    print("Impor kedua berkas ke xlwings Lite (lihat README, bagian xlwings Lite).")
    return ExitCode.OK


def _add_writing_options(parser: argparse.ArgumentParser) -> None:
    """Options of every command that writes workbooks."""
    parser.add_argument(
        "--kertas",
        choices=tuple(PAPER_SIZES),
        default="A4",
        help="ukuran kertas cetak (bawaan: A4)",
    )
    parser.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")


def run() -> NoReturn:
    """The ``renaksi`` command: :func:`main`, then exit at once. A large document is a
    hundred thousand small objects; tearing them down one by one at interpreter exit costs
    more than the operating system reclaiming the whole process."""
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # ``renaksi ringkas … | head``: the reader has gone, say nothing
        code = ExitCode.TEMUAN
    except KeyboardInterrupt:
        code = _cancelled()
    os._exit(code)


INTERRUPTED = 130
"""The exit code of a command stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


def _cancelled() -> int:
    with contextlib.suppress(OSError, ValueError):
        print("Dibatalkan.", file=sys.stderr, flush=True)
    return INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    """The command line, for the ``renaksi`` console script and for tests."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return _cancelled()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Reading and checking builds many small objects and no reference cycles that matter; the
    # cyclic collector would only slow it down (a fifth of a validation run). Commands that
    # open workbooks with openpyxl (cyclic by design) keep it, or a bulk run would hoard them.
    collecting = gc.isenabled()
    if getattr(args, "tanpa_gc", False) and not getattr(args, "tandai", False):
        gc.disable()
    try:
        code: int = args.handler(parser, args)
    except RenaksiError as error:
        print(f"renaksi: galat: {error}", file=sys.stderr)
        return error.exit_code
    finally:
        if collecting:
            gc.enable()
    return code


def _ringkas(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.summary import summarize

    if (args.berkas is None) == (not args.contoh):
        parser.error("sebutkan satu BERKAS, atau --contoh untuk contoh bawaan")
    path = sample_path() if args.contoh else args.berkas
    summary = summarize(*load_mapped(path))
    if args.format == "json":
        import json

        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary, Path(path).name))
    return ExitCode.OK


def _template(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.templates import TemplateRequest, clean_text, parse_year, read_list
    from renaksi_xl.cli.progress import Progress

    single = [
        args.opd,
        args.tahun,
        args.tempat,
        args.tanggal,
        args.penandatangan,
        args.jabatan,
        args.pangkat,
        args.nip,
    ]
    if args.daftar is not None:
        if any(v is not None for v in single):
            parser.error(
                "--daftar tidak dapat digabung dengan --opd/--tahun/…; isi kolomnya di daftar"
            )
        requests, errors = read_list(args.daftar)
        where = str(args.daftar)
    else:
        if not args.opd or not args.tahun:
            parser.error("sebutkan --opd dan --tahun, atau --daftar BERKAS")
        year = parse_year(args.tahun)
        if year is None:
            parser.error(f"--tahun '{args.tahun}' tidak sah (isi empat angka, mis. 2021)")
        opd = clean_text(args.opd)
        if not opd:
            parser.error("--opd berisi hanya spasi atau karakter kendali")
        fields = (args.tempat, args.tanggal, args.jabatan, args.penandatangan, args.pangkat)
        tempat, tanggal, jabatan, penandatangan, pangkat = (
            clean_text(v) or None if v is not None else None for v in fields
        )
        nip = clean_text(args.nip) or None if args.nip is not None else None
        problem = _nip_problem(nip)
        if problem:
            parser.error(f"--nip '{args.nip}' tidak sah: {problem}")
        requests = [
            TemplateRequest(opd, year, tempat, tanggal, jabatan, penandatangan, pangkat, nip)
        ]
        errors = []
        where = ""
    failures = [
        (f"{where}, {e.source.describe()}" if where else e.source.describe(), e.message)
        for e in errors
    ]
    written: list[Path] = []
    taken: dict[Path, str] = {}
    progress = Progress(len(requests), "Membuat templat")
    for request in requests:
        target = args.keluaran / request.file_name
        label = f"{where}, {request.source.describe()}" if request.source else request.opd
        nip_problem = _nip_problem(request.nip)
        if target in taken:
            failures.append((label, f"nama berkas {target.name} sama dengan {taken[target]}"))
        elif nip_problem:
            failures.append((label, f"NIP '{request.nip}' tidak sah: {nip_problem}"))
        else:
            try:
                publish(
                    target,
                    partial(_write_template, request, args.kertas, args.bentuk),
                    inputs=[args.daftar] if args.daftar is not None else [],
                    overwrite=args.timpa,
                )
            except RenaksiError as error:
                if args.daftar is None:
                    raise
                failures.append((label, str(error)))
            else:
                written.append(target)
                taken[target] = label
        progress.advance(request.opd)
    seconds = progress.close()
    for path in written if len(written) <= 3 else ():
        print(f"Templat dibuat: {path}")
    if len(written) > 3:
        print(f"{len(written)} templat dibuat di {args.keluaran} ({seconds:.1f} detik).")
    for label, message in failures:
        print(f"renaksi: galat: {label}: {message}", file=sys.stderr)
    if failures:
        rest = "templat lain tetap dibuat" if written else "tidak ada templat yang dibuat"
        print(f"{len(failures)} baris gagal; {rest}.", file=sys.stderr)
        return ExitCode.TEMUAN
    return ExitCode.OK


def _nip_problem(nip: str | None) -> str | None:
    """Why a signer's NIP given for a template is not valid (the RNX107 check), or None."""
    if nip is None or not nip.strip():
        return None
    from renaksi_xl.core.rules.struktur import nip_problem

    return nip_problem(nip)


def _write_template(request: TemplateRequest, paper: str, bentuk: str, path: Path) -> None:
    from renaksi_xl.berkas.writer import write_workbook  # openpyxl: only when writing

    write_workbook(request.model(), path, paper=paper, bentuk=bentuk)


def _impor(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    source: Path = args.sumber
    target: Path = args.keluaran or source.with_name(f"{source.stem}-templat.xlsx")
    if target.suffix.lower() != ".xlsx":
        parser.error(f"berkas hasil harus berakhiran .xlsx: {target}")
    refuse_existing(target, overwrite=args.timpa, inputs=[source])
    from renaksi_xl.berkas.recognise import NotAPlanError, format_map
    from renaksi_xl.berkas.writer import write_workbook  # openpyxl: only when writing
    from renaksi_xl.core.sifat import infer_counts, with_inferred_sifat
    from renaksi_xl.core.summary import summarize

    try:
        renaksi, tables = load_mapped(source)
    except NotAPlanError as refused:
        if args.peta:
            print(format_map(refused.tables))
        raise
    if args.peta:
        print(format_map(tables))
    # a document in today's shape (sub kegiatan with pagu and Rp per quarter) goes into the
    # template of today's shape; the 2020 one could not hold them
    bentuk = BENTUK_SEKARANG if renaksi.has_sub_kegiatan else BENTUK_LAMA
    inferred = with_inferred_sifat(renaksi)
    publish(
        target,
        lambda p: write_workbook(inferred, p, paper=args.kertas, bentuk=bentuk),
        inputs=[source],
        overwrite=args.timpa,
    )
    summary = summarize(inferred)
    counts = infer_counts(renaksi)
    print(
        f"Diimpor ke {target}: {summary.program} program, {summary.kegiatan} kegiatan, "
        f"{summary.aksi} aksi, anggaran {_budget_text(summary.anggaran_total)}."
    )
    print(
        f"Sifat target disimpulkan untuk {counts.inferred} indikator; {counts.inexact} di "
        "antaranya tidak pas dengan sifat apa pun (lihat kolom CEK)."
    )
    if counts.unknown:
        print(
            f"{counts.unknown} indikator tanpa angka TW yang dapat dinilai: pilih sifatnya "
            "sendiri di kolom SIFAT TARGET."
        )
    return ExitCode.OK


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in text.split(",") if c.strip())


def _rule_config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> RuleConfig:
    from renaksi_xl.core.findings import Severity
    from renaksi_xl.core.validate import RuleConfig, unknown_codes

    severities: dict[str, Severity] = {}
    for item in args.tingkat:
        code, _, level = item.partition("=")
        severity = Severity.parse(level)
        if not code.strip() or severity is None:
            parser.error(
                f"--tingkat '{item}': tulis KODE=galat, KODE=peringatan atau KODE=info "
                "(atau error, warning, info)"
            )
        severities[code.strip().upper()] = severity
    config = RuleConfig(_codes(args.pilih), _codes(args.abaikan), severities)
    unknown = unknown_codes([*config.select, *config.ignore, *severities])
    if unknown:
        parser.error(f"kode aturan tidak dikenal: {', '.join(unknown)} (lihat 'renaksi aturan')")
    return config


def _validasi(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.report_text import format_report
    from renaksi_xl.core.validate import validate

    config = _rule_config(parser, args)
    if args.di_tempat and not args.tandai:
        parser.error("--di-tempat hanya berlaku bersama --tandai")
    if args.tandai:
        not_workbooks = [str(p) for p in args.berkas if p.suffix.lower() not in WORKBOOKS]
        if not_workbooks:
            parser.error(f"--tandai hanya untuk buku kerja .xlsx/.xlsm: {', '.join(not_workbooks)}")
    if args.output is not None:
        refuse_existing(args.output, overwrite=args.timpa, inputs=args.berkas)
    if args.tandai and not args.di_tempat:  # before any work: nothing half done
        for path in args.berkas:
            refuse_existing(marked_path(path), overwrite=args.timpa, inputs=args.berkas)
    reports = []
    notes: list[str] = []
    failed: list[tuple[str, str]] = []
    for path in args.berkas:
        try:
            renaksi = load(path)
        except RenaksiError as error:
            print(f"renaksi: galat: {error}", file=sys.stderr)
            failed.append((str(path), str(error)))
            continue
        report = dataclasses.replace(validate(renaksi, config), file=str(path))
        reports.append(report)
        if args.tandai:
            try:
                notes.append(_mark(path, report, args.di_tempat, args.timpa, args.berkas))
            except RenaksiError as error:
                print(f"renaksi: galat: {error}", file=sys.stderr)
                failed.append((str(path), str(error)))
    if args.format == "json":
        import json

        from renaksi_xl.core.findings import json_envelope

        text = json.dumps(json_envelope(reports, failed), ensure_ascii=False, indent=2)
    else:
        text = "\n\n".join(format_report(r) for r in reports)
    if text and reports:  # nothing read, nothing to report: no empty report file
        if args.output is not None:
            publish(
                args.output,
                lambda p: p.write_text(text + "\n", encoding="utf-8"),
                inputs=args.berkas,
                overwrite=args.timpa,
            )
        else:
            print(text)
    for note in notes:
        print(
            note, file=sys.stderr if args.format == "json" and args.output is None else sys.stdout
        )
    if failed:
        return ExitCode.MASUKAN
    return ExitCode.OK if all(r.ok for r in reports) else ExitCode.TEMUAN


WORKBOOKS = (".xlsx", ".xlsm")


def _mark(
    path: Path, report: Report, in_place: bool, overwrite: bool, inputs: Sequence[Path]
) -> str:
    """Mark the findings in the workbook; returns the line telling the user where."""
    from renaksi_xl.berkas.flags import mark_workbook

    if in_place:
        backup = replace_in_place(path, lambda p: mark_workbook(path, report, p))
        return f"Ditandai: {path} (aslinya disimpan sebagai {backup.name})"
    target = marked_path(path)
    publish(target, lambda p: mark_workbook(path, report, p), inputs=inputs, overwrite=overwrite)
    return f"Ditandai: {target}"


def marked_path(path: Path) -> Path:
    """Where ``validasi --tandai`` writes: ``x.xlsx`` → ``x-divalidasi.xlsx``."""
    return path.with_name(f"{path.stem}-divalidasi{path.suffix}")


def _bersihkan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.flags import clear_marks, has_marks

    source: Path = args.berkas
    if source.suffix.lower() not in WORKBOOKS:
        parser.error(f"bersihkan hanya untuk buku kerja .xlsx/.xlsm: {source}")
    if not source.is_file():
        raise UnreadableFileError("berkas tidak ditemukan", file=source)
    target: Path = args.keluaran or source
    if args.keluaran is not None:
        refuse_existing(target, overwrite=args.timpa, inputs=[source])
    if not has_marks(source):  # nothing to write: no copy, and the file stays as it is
        print(f"Tidak ada tanda validasi di {source}; berkas tidak diubah.")
        return ExitCode.OK
    if args.keluaran is None:
        backup = replace_in_place(source, lambda p: clear_marks(source, p))
        print(f"Tanda validasi dihapus: {target} (aslinya disimpan sebagai {backup.name})")
        return ExitCode.OK
    publish(target, lambda p: clear_marks(source, p), inputs=[source], overwrite=args.timpa)
    print(f"Tanda validasi dihapus: {target}")
    return ExitCode.OK


MAX_DEFAULT_JOBS = 8
"""Bulk recalculation uses every core by default, up to this many processes."""


def _hitung(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.hitung import FileOutcome, find_workbooks, skipped_lines
    from renaksi_xl.cli.progress import Progress

    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs harus 1 atau lebih")
    missing = [str(p) for p in args.berkas if not p.exists()]
    if missing:
        raise UnreadableFileError("berkas atau folder tidak ditemukan", file=", ".join(missing))
    files = find_workbooks(args.berkas)
    for line in skipped_lines(args.berkas):
        print(line, file=sys.stderr)
    others = _unreadable_in(args.berkas)
    if not files and not others:
        print("Tidak ada buku kerja .xlsx untuk dihitung.", file=sys.stderr)
        return ExitCode.TEMUAN
    progress = Progress(len(files), "Menghitung ulang")
    jobs = args.jobs or min(os.cpu_count() or 1, MAX_DEFAULT_JOBS)
    outcomes = _recalculate_all(files, args.di_tempat, args.timpa, jobs, progress)
    outcomes += [
        FileOutcome(
            path,
            None,
            None,
            f"format {path.suffix.lower()} tidak dapat dibaca; simpan sebagai .xlsx lalu ulangi",
        )
        for path in others
    ]
    seconds = progress.close()
    print(format_outcomes(outcomes, seconds))
    return ExitCode.OK if all(o.error is None for o in outcomes) else ExitCode.TEMUAN


def _unreadable_in(paths: Sequence[Path]) -> list[Path]:
    """Spreadsheets in the folders named that the tool cannot read (.xls, .ods…): they are
    reported as failed rather than skipped without a word."""
    from renaksi_xl.berkas.rekap import UNREADABLE_SUFFIXES

    return [
        candidate
        for path in paths
        if path.is_dir()
        for candidate in sorted(path.rglob("*"))
        if candidate.suffix.lower() in UNREADABLE_SUFFIXES
        and not candidate.name.startswith(("~$", "."))
    ]


WORKER_DIED = (
    "proses yang membacanya berhenti mendadak (berkas mungkin rusak atau terlalu besar); "
    "tidak diubah"
)


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops handing out files and says
    so), not a traceback from every worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _recalculate_all(
    files: Sequence[Path], in_place: bool, overwrite: bool, jobs: int, progress: Progress
) -> list[FileOutcome]:
    """Recalculate every file, in ``jobs`` processes when there are several; a worker that
    dies takes only its own file with it: the files it left unfinished are run again, each in
    a process of its own, and the one that dies again is reported as failed."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from renaksi_xl.berkas.hitung import FileOutcome, recalculate_file

    if jobs == 1 or len(files) == 1:
        outcomes = []
        for path in files:
            outcomes.append(recalculate_file(path, in_place, overwrite, files))
            progress.advance(path.name)
        return outcomes
    done: dict[Path, FileOutcome] = {}
    again: list[Path] = []
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(files)), initializer=ignore_interrupts
    ) as pool:
        futures = {
            pool.submit(recalculate_file, path, in_place, overwrite, files): path for path in files
        }
        try:
            for future in as_completed(futures):
                path = futures[future]
                try:
                    done[path] = future.result()
                except BrokenProcessPool:
                    again.append(path)
                    continue
                progress.advance(path.name)
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)  # the files under way finish whole
            raise
    for path in again:
        with ProcessPoolExecutor(max_workers=1, initializer=ignore_interrupts) as alone:
            try:
                done[path] = alone.submit(
                    recalculate_file, path, in_place, overwrite, files
                ).result()
            except BrokenProcessPool:
                done[path] = FileOutcome(path, None, None, WORKER_DIED)
        progress.advance(path.name)
    return [done[path] for path in files]


def format_outcomes(outcomes: Sequence[FileOutcome], seconds: float) -> str:
    """The final table of a bulk recalculation: one line per file, then the counts."""
    width = max([len(str(o.source)) for o in outcomes] + [6])
    lines = [f"{'Berkas':<{width}}  {'Hasil':<6}  {'Sel berubah':>11}  Keterangan"]
    for outcome in outcomes:
        if outcome.error is not None or outcome.result is None:
            lines.append(f"{outcome.source!s:<{width}}  {'galat':<6}  {'-':>11}  {outcome.error}")
            continue
        result = outcome.result
        notes = [f"ditulis ke {outcome.target}"]
        if result.restored:
            cells = ", ".join(
                f"{r.sheet}!{r.cell} (tertulis {r.typed})" for r in result.restored[:5]
            )
            more = f" dan {len(result.restored) - 5} lagi" if len(result.restored) > 5 else ""
            notes.append(f"rumus dipulihkan: {cells}{more}")
        lines.append(
            f"{outcome.source!s:<{width}}  {'ok':<6}  {result.changed:>11}  {'; '.join(notes)}"
        )
    failed = sum(1 for o in outcomes if o.error is not None)
    lines.append(
        f"{len(outcomes) - failed} berhasil, {failed} gagal, {len(outcomes)} berkas "
        f"({seconds:.1f} detik)."
    )
    return "\n".join(lines)


def _rekap(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas import rekap

    folder: Path = args.folder
    target: Path = args.keluaran
    kind = args.format or ("csv" if target.suffix.lower() == ".csv" else "xlsx")
    if target.suffix.lower() != f".{kind}":
        parser.error(f"berkas rekap {kind.upper()} harus berakhiran .{kind}: {target}")
    if not folder.is_dir():
        raise UnreadableFileError("folder tidak ditemukan", file=folder)
    sources = rekap.sources_in(folder)
    refuse_existing(target, overwrite=args.timpa, inputs=sources)
    if not sources:
        print(f"Tidak ada Renaksi di {folder}.", file=sys.stderr)
        return ExitCode.TEMUAN
    result = rekap.consolidate(sources)
    writer = rekap.write_csv if kind == "csv" else rekap.write_workbook
    publish(target, lambda path: writer(result, path), inputs=sources, overwrite=args.timpa)
    print(f"Rekap {len(result.opd)} OPD ditulis ke {target}.")
    for path, reason in result.failed:
        print(f"renaksi: galat: berkas '{path}': {reason}", file=sys.stderr)
    return ExitCode.TEMUAN if result.failed else ExitCode.OK


def _addin_build(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.addin import build

    wanted = ".xlsm" if args.xlsm else ".xlam"
    target: Path = args.keluaran or Path(f"renaksi{wanted}")
    if target.suffix.lower() != wanted:
        parser.error(f"berkas hasil harus berakhiran {wanted}: {target}")
    publish(
        target, lambda p: build(p, macro_workbook=args.xlsm, vba=args.vba), overwrite=args.timpa
    )
    print(f"Add-in dibangun: {target}")
    return ExitCode.OK


def _addin_install(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.addin import install

    if args.berkas is not None and not args.berkas.is_file():
        raise UnreadableFileError(
            "add-in tidak ditemukan; bangun dulu dengan 'renaksi addin build'", file=args.berkas
        )
    print(install(args.berkas))
    return ExitCode.OK


def _aturan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.report_text import format_rules
    from renaksi_xl.core.rules import all_rules
    from renaksi_xl.core.validate import unknown_codes

    codes = [c.upper() for c in args.kode]
    unknown = unknown_codes(codes)
    if unknown:
        parser.error(f"kode aturan tidak dikenal: {', '.join(unknown)}")
    rules = [r for r in all_rules() if not codes or any(r.code.startswith(c) for c in codes)]
    print(format_rules(rules, detail=bool(codes)))
    return ExitCode.OK


def _contoh(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.loading import CURRENT_SAMPLE_NAME, SAMPLE_NAME

    print(sample_path(CURRENT_SAMPLE_NAME if args.sekarang else SAMPLE_NAME))
    return ExitCode.OK


def _budget_text(amount: Decimal | None) -> str:
    return rupiah(amount) if amount is not None else "tidak terbaca"


def format_summary(summary: Ringkasan, name: str) -> str:
    """The human-readable ``ringkas`` report; a budget that cannot be read is written as
    such, never as 0."""
    title = f"Renaksi {summary.opd or '(OPD tidak disebut)'}"
    title += f" — tahun {summary.tahun}" if summary.tahun else " — tahun tidak disebut"
    lines = [title, f"Sumber: {name}", ""]
    counts = [
        ("Sasaran strategis", summary.sasaran, ""),
        ("Program", summary.program, f"({summary.indikator_program} indikator)"),
        ("Kegiatan", summary.kegiatan, ""),
    ]
    if summary.sub_kegiatan:  # today's shape: sub kegiatan carry the pagu, aksi are below them
        counts += [("Sub kegiatan", summary.sub_kegiatan, ""), ("Aksi", summary.aksi, "")]
    else:
        counts.append(("Aksi/sub-kegiatan", summary.aksi, ""))
    summed = "pagu sub kegiatan" if summary.sub_kegiatan else "kegiatan"
    lines += [f"  {label:<20}{count:>5}  {extra}".rstrip() for label, count, extra in counts]
    lines.append("")
    unreadable = "tak terbaca"
    name_width = min(58, max([len(p.nama) for p in summary.anggaran_per_program] + [20]))
    amounts = [
        format_number(p.anggaran) if p.anggaran is not None else unreadable
        for p in summary.anggaran_per_program
    ]
    total = (
        format_number(summary.anggaran_total) if summary.anggaran_total is not None else unreadable
    )
    amount_width = max([len(a) for a in amounts] + [len(total), 13])
    header = (
        f"  {'No':>3}  {'Program':<{name_width}}  {'Kegiatan':>8}  "
        f"{'Anggaran (Rp)':>{amount_width}}"
    )
    lines += [header, "  " + "-" * (len(header) - 2)]
    for program, amount in zip(summary.anggaran_per_program, amounts, strict=True):
        nama = (
            program.nama
            if len(program.nama) <= name_width
            else program.nama[: name_width - 1] + "…"
        )
        lines.append(
            f"  {program.nomor or '':>3}  {nama:<{name_width}}  {program.kegiatan:>8}  "
            f"{amount:>{amount_width}}"
        )
    lines.append("  " + "-" * (len(header) - 2))
    lines.append(
        f"  {'':>3}  {'Jumlah':<{name_width}}  {summary.kegiatan:>8}  {total:>{amount_width}}"
    )
    lines.append("")
    if summary.total_tertulis is None:
        lines.append("Total tertulis di dokumen: tidak ada")
    elif summary.anggaran_total is None:
        lines.append(
            f"Total tertulis di dokumen: {rupiah(summary.total_tertulis)} — tidak dapat "
            "dibandingkan: anggaran kegiatan tidak terbaca"
        )
    else:
        same = summary.total_tertulis == summary.anggaran_total
        verdict = (
            f"sama dengan jumlah {summed}"
            if same
            else (f"BERBEDA dari jumlah {summed} ({rupiah(summary.anggaran_total)})")
        )
        lines.append(f"Total tertulis di dokumen: {rupiah(summary.total_tertulis)} — {verdict}")
    if summary.anggaran_tak_terbaca:
        lines.append(
            f"Perhatian: {summary.anggaran_tak_terbaca} anggaran kegiatan tidak terbaca dan "
            "tidak dijumlahkan."
        )
    if summary.anggaran_kosong:
        lines.append(
            f"Perhatian: {summary.anggaran_kosong} kegiatan tanpa anggaran tertulis; tidak "
            "dijumlahkan."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
