"""Reading a Renaksi in today's shape (Permendagri 90/2019) with the product's reader.

The current-shape reference document (``renaksi-kecamatan-sukamaju-2027.txt``, CRLF, two
header rows with K and Rp under each TW, codes, pagu at every level, accounting text) and
the old-layout workbook ``tests/current_shape.py`` writes from it are read by
:func:`renaksi_xl.load`, and must give the model that ``current_shape``'s fixed-layout
reader builds, the facts' counts and totals, and the planted mistakes where they are.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import reference_current_facts as facts
from current_shape import REFERENCE, reference_model, workbook_model, write_workbook
from openpyxl import load_workbook
from openpyxl.styles import Font

from renaksi_xl import load
from renaksi_xl.cli import main
from renaksi_xl.core.compute import kegiatan_budget
from renaksi_xl.core.model import Quantity, Renaksi, Source, comparable
from renaksi_xl.core.quantity import budget_value, parse_quantity
from renaksi_xl.core.validate import validate


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("sukamaju") / "renaksi-sukamaju-2027.xlsx")


@pytest.fixture(scope="module")
def from_text() -> Renaksi:
    return load(REFERENCE)


@pytest.fixture(scope="module")
def from_workbook(workbook: Path) -> Renaksi:
    return load(workbook)


def _as_the_reader_writes(renaksi: Renaksi) -> Renaksi:
    """The content of a model in the reader's conventions, which the fixed-layout reader of
    ``current_shape`` does not follow: names of the OPD and of programs compared whatever
    their case (the reader writes them in title case), no positional numbers (the document
    has none; that reader counts 1, 2, …), and an amount in a PAGU or Rp column is rupiah."""

    def money(quantity: Quantity) -> Quantity:
        if quantity.value is None:
            return quantity
        return dataclasses.replace(quantity, unit="rupiah")

    def program(item: Any) -> Any:
        kegiatan = tuple(
            dataclasses.replace(
                k,
                nomor=None,
                pagu_tertulis=money(k.pagu_tertulis) if k.pagu_tertulis else None,
                sub_kegiatan=tuple(
                    dataclasses.replace(
                        s,
                        nomor=None,
                        pagu=money(s.pagu),
                        anggaran_triwulan=tuple(map(money, s.anggaran_triwulan)),
                    )
                    for s in k.sub_kegiatan
                ),
            )
            for k in item.kegiatan
        )
        return dataclasses.replace(
            item,
            nama=dataclasses.replace(item.nama, value=item.nama.value.casefold()),
            nomor=None,
            kegiatan=kegiatan,
            subtotal_tertulis=money(item.subtotal_tertulis) if item.subtotal_tertulis else None,
        )

    assert renaksi.opd is not None
    return comparable(
        dataclasses.replace(
            renaksi,
            opd=dataclasses.replace(renaksi.opd, value=renaksi.opd.value.casefold()),
            program=tuple(map(program, renaksi.program)),
            total_tertulis=money(renaksi.total_tertulis) if renaksi.total_tertulis else None,
        )
    )


def _sources(value: object) -> list[Source]:
    """Every source in the model, in order: where each value was read."""
    found: list[Source] = []
    if isinstance(value, Source):
        found.append(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            found.extend(_sources(getattr(value, item.name)))
    elif isinstance(value, tuple):
        for item in value:
            found.extend(_sources(item))
    return found


# --- accounting text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ('" 85.102.670 "', Decimal(85_102_670), None),
        (" 85.102.670 ", Decimal(85_102_670), None),
        ('"Rp 4.275.000"', Decimal(4_275_000), "rupiah"),
        ("Rp 12.500.000", Decimal(12_500_000), "rupiah"),
    ],
)
def test_accounting_text_is_read_as_its_amount(text: str, value: Decimal, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.unit, quantity.problem) == (value, unit, None)
    assert quantity.raw == text  # kept as written


@pytest.mark.parametrize("text", ["-", '" - "', "Rp -", "Rp. -", '""'])
def test_an_accounting_dash_is_nothing_planned(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.is_empty and quantity.is_parsed


# --- the model -------------------------------------------------------------------------------


def test_the_text_reads_as_the_fixed_layout_reader_builds_it(from_text: Renaksi) -> None:
    expected = reference_model()
    assert _as_the_reader_writes(from_text) == _as_the_reader_writes(expected)
    assert _sources(from_text) == _sources(expected)
    assert from_text.tak_dikenal == ()


def test_the_workbook_reads_as_the_fixed_layout_reader_builds_it(
    workbook: Path, from_workbook: Renaksi
) -> None:
    expected = workbook_model(workbook)
    assert _as_the_reader_writes(from_workbook) == _as_the_reader_writes(expected)
    assert _sources(from_workbook) == _sources(expected)
    assert from_workbook.tak_dikenal == ()


@pytest.mark.parametrize("kind", ["text", "workbook"])
def test_counts_codes_pagu_and_stated_totals(
    kind: str, from_text: Renaksi, from_workbook: Renaksi
) -> None:
    renaksi = from_text if kind == "text" else from_workbook
    assert renaksi.opd is not None and renaksi.opd.value.upper() == facts.OPD
    assert renaksi.tahun == facts.TAHUN
    assert len(renaksi.sasaran) == facts.SASARAN
    assert sum(len(s.indikator) for s in renaksi.sasaran) == facts.INDIKATOR_SASARAN
    assert {p.kode: len(p.kegiatan) for p in renaksi.program} == facts.KEGIATAN_PER_PROGRAM
    assert {
        k.kode: len(k.sub_kegiatan) for _, k in renaksi.iter_kegiatan()
    } == facts.SUB_KEGIATAN_PER_KEGIATAN
    assert sum(1 for _ in renaksi.iter_sub_kegiatan()) == facts.SUB_KEGIATAN
    assert sum(len(s.aksi) for _, _, s in renaksi.iter_sub_kegiatan()) == facts.AKSI
    assert {k.kode: kegiatan_budget(k) for _, k in renaksi.iter_kegiatan()} == {
        code: Decimal(v) for code, v in facts.KEGIATAN_PAGU.items()
    }
    assert {
        k.kode: budget_value(k.pagu_tertulis)
        for _, k in renaksi.iter_kegiatan()
        if k.pagu_tertulis is not None
    } == {code: Decimal(v) for code, v in facts.KEGIATAN_PAGU_TERTULIS.items()}
    assert {p.kode: budget_value(p.subtotal_tertulis or Quantity()) for p in renaksi.program} == {
        code: Decimal(v) for code, v in facts.PROGRAM_PAGU_TERTULIS.items()
    }
    assert renaksi.total_tertulis is not None
    assert budget_value(renaksi.total_tertulis) == facts.TOTAL_TERTULIS
    assert renaksi.penandatangan.nip is not None
    assert renaksi.penandatangan.nip.value == facts.SIGNER_NIP


@pytest.mark.parametrize("kind", ["text", "workbook"])
def test_k_per_quarter_is_the_target_and_rp_per_quarter_the_plan(
    kind: str, from_text: Renaksi, from_workbook: Renaksi
) -> None:
    renaksi = from_text if kind == "text" else from_workbook
    subs = {s.kode: s for _, _, s in renaksi.iter_sub_kegiatan()}
    gaji = subs["7.01.01.2.02.0001"]
    assert [q.value for q in gaji.indikator.target.triwulan] == [38] * 4
    assert gaji.indikator.target.tahunan.unit == "orang"
    assert [budget_value(q) for q in gaji.anggaran_triwulan] == [Decimal(612_450_300)] * 4
    assert budget_value(gaji.pagu) == 2_449_801_200
    logistik = subs["7.01.01.2.06.0004"]  # "Rp 4.275.000" in the text, a number in the sheet
    assert [budget_value(q) for q in logistik.anggaran_triwulan] == [Decimal(4_275_000)] * 4
    rkpd = subs["7.01.01.2.01.0002"]  # "-" in the text, 0 shown as "-" in the sheet
    assert [budget_value(q) or 0 for q in rkpd.anggaran_triwulan] == [0, 0, 2_400_000, 0]
    program = renaksi.program[0]
    (indikator,) = program.indikator  # a coded program row states its indicator
    assert indikator.nama.value.startswith("Persentase pemenuhan layanan penunjang")
    assert [q.value for q in indikator.target.triwulan] == [25, 50, 75, 100]
    assert program.stray == ()
    kegiatan = program.kegiatan[0]
    assert kegiatan.anggaran.is_empty and kegiatan.anggaran_triwulan == ()
    desa = subs["7.01.03.2.01.0001"]
    assert [a.nama.value for a in desa.aksi] == [
        "a. Sosialisasi jadwal musyawarah desa",
        "b. Pendampingan musyawarah perencanaan pembangunan desa",
        "c. Penyusunan laporan hasil pendampingan",
    ]
    assert [q.value for q in desa.aksi[1].indikator.target.triwulan] == [None, 6, 8, None]


# --- the commands ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "workbook"])
def test_ringkas_gives_the_facts(
    kind: str, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = REFERENCE if kind == "text" else workbook
    assert main(["ringkas", str(path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {
        key: summary[key]
        for key in ("program", "kegiatan", "sub_kegiatan", "aksi", "anggaran_total")
    } == {
        "program": facts.PROGRAM,
        "kegiatan": facts.KEGIATAN,
        "sub_kegiatan": facts.SUB_KEGIATAN,
        "aksi": facts.AKSI,
        "anggaran_total": facts.TOTAL,
    }
    assert summary["total_tertulis"] == facts.TOTAL_TERTULIS
    assert summary["anggaran_tak_terbaca"] == summary["anggaran_kosong"] == 0
    assert [p["anggaran"] for p in summary["anggaran_per_program"]] == list(
        facts.PROGRAM_PAGU.values()
    )


def _findings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["validasi", str(path), "--format", "json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["files"]
    findings: list[dict[str, Any]] = report["findings"]
    return findings


def test_validasi_finds_each_planted_mistake_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _findings(REFERENCE, capsys)
    assert sorted((f["code"], f["line"]) for f in findings) == sorted(
        (m.code, m.line) for m in facts.MISTAKES
    )
    assert all(f["severity"] == facts.SEVERITIES[f["code"]] for f in findings)
    assert not {f["line"] for f in findings} & set(facts.CLEAN_LINES)


def test_validasi_finds_each_planted_mistake_in_its_cell(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = _findings(workbook, capsys)
    assert sorted((f["code"], f["sheet"], f["cell"]) for f in findings) == sorted(
        (m.code, facts.SHEET, m.cell) for m in facts.MISTAKES
    )
    rows = {int("".join(ch for ch in f["cell"] if ch.isdigit())) for f in findings}
    assert not rows & set(facts.CLEAN_LINES)


# --- variants of the same document -----------------------------------------------------------


def _lines() -> list[str]:
    return REFERENCE.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str], name: str = "renaksi.tsv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_lf_line_ends_read_the_same(tmp_path: Path, from_text: Renaksi) -> None:
    renaksi = load(_write(tmp_path, _lines()))
    assert comparable(renaksi) == comparable(from_text)


def test_codes_in_the_name_column_give_the_levels(tmp_path: Path, from_text: Renaksi) -> None:
    """No KODE column: each code written before the name, as many documents do."""
    lines = []
    for number, line in enumerate(_lines(), 1):
        fields = line.split("\t")
        if number == 12:
            fields = fields[1:]
        elif number in (13, 14):
            fields = fields[1:] if number == 13 else [str(n) for n in range(1, 16)]
        elif number in facts.DATA_LINES:
            code, name, *rest = fields
            fields = [f"{code} {name}".strip(), *rest]
        lines.append("\t".join(fields))
    renaksi = load(_write(tmp_path, lines))
    assert {p.kode: len(p.kegiatan) for p in renaksi.program} == facts.KEGIATAN_PER_PROGRAM
    assert {
        k.kode: len(k.sub_kegiatan) for _, k in renaksi.iter_kegiatan()
    } == facts.SUB_KEGIATAN_PER_KEGIATAN
    assert [s.nama for _, _, s in renaksi.iter_sub_kegiatan()] == [
        dataclasses.replace(s.nama, source=Source(line=s.nama.source.line, column=1))
        for _, _, s in from_text.iter_sub_kegiatan()
        if s.nama.source is not None
    ]
    assert sum(len(s.aksi) for _, _, s in renaksi.iter_sub_kegiatan()) == facts.AKSI


def test_outline_numbers_give_the_levels_where_there_are_no_codes(tmp_path: Path) -> None:
    """Numbering 1 / 1.1 / 1.1.1 in the NO column: program, kegiatan, sub kegiatan."""
    header = (
        "NO\tPROGRAM / KEGIATAN / SUB KEGIATAN\tINDIKATOR\tSATUAN\tTARGET\t"
        "TW I\t\tTW II\t\tTW III\t\tTW IV\t\tPAGU\n"
        "\t\t\t\t\tK\tRp\tK\tRp\tK\tRp\tK\tRp\t\n"
    )
    rows = [
        "RENCANA AKSI TAHUN 2027",
        "PERANGKAT DAERAH : DINAS CONTOH",
        "",
        header.rstrip("\n"),
        "1\tPROGRAM PENUNJANG\t\t\t\t\t\t\t\t\t\t\t\t 30.000.000 ",
        "1.1\tAdministrasi Umum\tJumlah paket\tPaket\t4\t1\t\t1\t\t1\t\t1\t\t 30.000.000 ",
        "1.1.1\tBahan Logistik\tJumlah paket\tPaket\t4\t1\tRp 5.000.000\t1\t5.000.000\t1\t"
        "5.000.000\t1\t5.000.000\t 20.000.000 ",
        "1.1.2\tCetakan\tJumlah paket\tPaket\t2\t1\t5.000.000\t-\t-\t1\t5.000.000\t-\t-\t"
        "Rp 10.000.000",
        '\tJUMLAH\t\t\t\t\t\t\t\t\t\t\t\t" 30.000.000 "',
    ]
    renaksi = load(_write(tmp_path, rows))
    (program,) = renaksi.program
    (kegiatan,) = program.kegiatan
    assert (program.nomor, kegiatan.nomor) == ("1", "1.1")
    assert [(s.nomor, s.kode, budget_value(s.pagu)) for s in kegiatan.sub_kegiatan] == [
        ("1.1.1", None, Decimal(20_000_000)),
        ("1.1.2", None, Decimal(10_000_000)),
    ]
    assert budget_value(kegiatan.pagu_tertulis or Quantity()) == 30_000_000
    assert renaksi.total_tertulis is not None
    assert budget_value(renaksi.total_tertulis) == 30_000_000
    assert renaksi.tak_dikenal == ()


def test_a_hidden_row_is_read(tmp_path: Path, workbook: Path) -> None:
    """A row an office hid is still part of the plan it signs: read, not dropped."""
    book = load_workbook(workbook)
    book[facts.SHEET].row_dimensions[20].hidden = True  # sub kegiatan 7.01.01.2.01.0007
    hidden = tmp_path / "tersembunyi.xlsx"
    book.save(hidden)
    renaksi = load(hidden)
    assert sum(1 for _ in renaksi.iter_sub_kegiatan()) == facts.SUB_KEGIATAN
    assert any(s.kode == "7.01.01.2.01.0007" for _, _, s in renaksi.iter_sub_kegiatan())


def test_fisik_and_keuangan_under_each_quarter_read_as_k_and_rp(
    tmp_path: Path, from_text: Renaksi
) -> None:
    lines = _lines()
    lines[12] = lines[12].replace("\tK\tRp", "\tFisik\tKeuangan")
    assert lines[12].count("Keuangan") == 4
    assert comparable(load(_write(tmp_path, lines))) == comparable(from_text)


def test_validasi_tandai_marks_the_planted_cells_of_the_workbook(
    tmp_path: Path, workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marked = tmp_path / "ditandai.xlsx"
    assert main(["validasi", str(workbook), "--tandai", "--output", str(tmp_path / "r.txt")]) == 1
    (workbook.parent / f"{workbook.stem}-divalidasi.xlsx").replace(marked)
    sheet = load_workbook(marked)[facts.SHEET]
    with_note = {
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None and "Validasi Renaksi" in cell.comment.text
    }
    assert with_note == {m.cell for m in facts.MISTAKES}
    assert "[RNX301] Pagu kegiatan tertulis Rp 95.400.000" in (sheet["O35"].comment.text or "")


def test_program_and_kegiatan_rows_stating_rp_per_quarter(tmp_path: Path, workbook: Path) -> None:
    """A program or kegiatan row may show its Rp per quarter: kept as stated values, not as
    misplaced cells; a 0 shown as ``-`` on every quarter says nothing."""
    book = load_workbook(workbook)
    sheet = book[facts.SHEET]
    for column in "HJLN":
        sheet[f"{column}15"] = 0  # program 7.01.01: "-" in accounting format
        sheet[f"{column}15"].number_format = '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)'
        sheet[f"{column}31"] = 27_525_000  # program 7.01.02: 110.100.000 / 4
        sheet[f"{column}21"] = 613_575_300  # kegiatan 7.01.01.2.02: 2.454.301.200 / 4
    path = tmp_path / "rp-program.xlsx"
    book.save(path)
    renaksi = load(path)
    first, second = renaksi.program[:2]
    assert first.anggaran_triwulan == () and first.stray == ()
    assert [budget_value(q) for q in second.anggaran_triwulan] == [Decimal(27_525_000)] * 4
    assert second.stray == ()
    kegiatan = first.kegiatan[1]
    assert [budget_value(q) for q in kegiatan.anggaran_triwulan] == [Decimal(613_575_300)] * 4
    assert kegiatan.anggaran.is_empty
    assert Renaksi.from_dict(renaksi.to_dict()) == renaksi


def test_capitals_and_bold_give_the_levels_where_there_are_no_codes(
    tmp_path: Path, workbook: Path
) -> None:
    """No codes: programs in capitals, kegiatan in bold, sub kegiatan plain with their own
    pagu, aksi plain without one."""
    book = load_workbook(workbook)
    sheet = book[facts.SHEET]
    for line in facts.DATA_LINES[:-1]:
        code = str(sheet.cell(line, 1).value or "")
        sheet.cell(line, 1).value = None
        if code.count(".") == 4:
            sheet.cell(line, 2).font = Font(bold=True)
    path = tmp_path / "tanpa-kode.xlsx"
    book.save(path)
    renaksi = load(path)
    assert [len(p.kegiatan) for p in renaksi.program] == list(facts.KEGIATAN_PER_PROGRAM.values())
    assert [len(k.sub_kegiatan) for _, k in renaksi.iter_kegiatan()] == list(
        facts.SUB_KEGIATAN_PER_KEGIATAN.values()
    )
    assert sum(len(s.aksi) for _, _, s in renaksi.iter_sub_kegiatan()) == facts.AKSI
    assert sum(budget_value(s.pagu) or 0 for _, _, s in renaksi.iter_sub_kegiatan()) == (
        facts.TOTAL
    )
    assert renaksi.tak_dikenal == ()


def test_a_program_name_in_capitals_is_written_in_title_case(from_text: Renaksi) -> None:
    program = from_text.program[0]
    assert program.nama.value == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    assert program.judul_kegiatan is not None
    assert program.judul_kegiatan.value == (
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    )


def test_a_sub_kegiatan_column_beside_the_program_and_kegiatan_column(tmp_path: Path) -> None:
    """KODE | PROGRAM / KEGIATAN | SUB KEGIATAN | one INDIKATOR column for every level: the
    rows named in the SUB KEGIATAN column with a code and a pagu are sub kegiatan."""
    rows = [
        "RENCANA AKSI TAHUN 2027",
        "PERANGKAT DAERAH : DINAS CONTOH",
        "",
        "KODE\tPROGRAM / KEGIATAN\tSUB KEGIATAN\tINDIKATOR\tSATUAN\tTARGET\t"
        "TW I\t\tTW II\t\tTW III\t\tTW IV\t\tPAGU",
        "\t\t\t\t\t\tK\tRp\tK\tRp\tK\tRp\tK\tRp\t",
        "7.01.01\tPROGRAM PENUNJANG\t\tPersentase layanan\t%\t100\t25\t\t50\t\t75\t\t100\t\t"
        " 30.000.000 ",
        "7.01.01.2.06\tAdministrasi Umum\t\tJumlah paket\tPaket\t4\t1\t\t1\t\t1\t\t1\t\t"
        " 31.000.000 ",
        "7.01.01.2.06.0004\t\tBahan Logistik\tJumlah paket\tPaket\t4\t1\t5.000.000\t1\t"
        "5.000.000\t1\t5.000.000\t1\t5.000.000\t 20.000.000 ",
        "\t\ta. Pengadaan\tJumlah paket\tPaket\t4\t1\t\t1\t\t1\t\t1\t\t",
        "7.01.01.2.06.0005\t\tCetakan\tJumlah paket\tPaket\t2\t1\t5.000.000\t-\t-\t1\t"
        "5.000.000\t-\t-\t 10.000.000 ",
        '\tJUMLAH\t\t\t\t\t\t\t\t\t\t\t\t\t" 30.000.000 "',
    ]
    renaksi = load(_write(tmp_path, rows))
    (program,) = renaksi.program
    assert [q.value for q in program.indikator[0].target.triwulan] == [25, 50, 75, 100]
    (kegiatan,) = program.kegiatan
    assert kegiatan.indikator.nama.value == "Jumlah paket" and kegiatan.stray == ()
    assert budget_value(kegiatan.pagu_tertulis or Quantity()) == 31_000_000
    logistik, cetakan = kegiatan.sub_kegiatan
    assert (logistik.kode, logistik.nama.value, budget_value(logistik.pagu)) == (
        "7.01.01.2.06.0004",
        "Bahan Logistik",
        Decimal(20_000_000),
    )
    assert [a.nama.value for a in logistik.aksi] == ["Pengadaan"]
    assert [budget_value(q) for q in cetakan.anggaran_triwulan] == [
        Decimal(5_000_000),
        None,
        Decimal(5_000_000),
        None,
    ]
    assert all(s.stray == () for s in kegiatan.sub_kegiatan)
    path = _write(tmp_path, rows, "dinas.tsv")
    findings = [f for f in validate(load(path)).findings if f.source and f.source.line]
    assert [(f.code, f.source.line) for f in findings if f.source] == [("RNX301", 7)]


def test_impor_of_todays_shape_writes_the_template_of_todays_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every sub kegiatan comes into the template with its pagu and Rp per quarter."""

    source = tmp_path / REFERENCE.name
    source.write_bytes(REFERENCE.read_bytes())
    target = tmp_path / "hasil.xlsx"
    assert main(["impor", str(source), "-o", str(target)]) == 0
    assert "Diimpor ke" in capsys.readouterr().out
    assert source.read_bytes() == REFERENCE.read_bytes()
    original, back = load(REFERENCE), load(target)
    subs = [s for p in original.program for k in p.kegiatan for s in k.sub_kegiatan]
    read = [s for p in back.program for k in p.kegiatan for s in k.sub_kegiatan]
    assert [(s.kode, s.pagu.value) for s in read] == [(s.kode, s.pagu.value) for s in subs]
    assert [[q.value for q in s.anggaran_triwulan] for s in read] == [
        [q.value for q in s.anggaran_triwulan] for s in subs
    ]


def test_the_current_sample_is_one_command_away(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contoh", "--sekarang"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "renaksi-kecamatan-sukamaju-2027.txt" and path.is_file()
    assert main(["ringkas", str(path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["program"], summary["kegiatan"], summary["sub_kegiatan"]) == (4, 8, 20)
    assert summary["anggaran_total"] == 2_924_101_200


def test_a_program_stating_rp_in_a_table_without_tw_i_rp_keeps_each_quarter_in_place(
    tmp_path: Path,
) -> None:
    """TW I with K only, TW II–IV with K and Rp: a program's stated Rp stay under their own
    quarters (TW I states nothing), as a kegiatan's do, not shifted one quarter left."""
    lines = []
    for number, line in enumerate(_lines(), 1):
        fields = line.split("\t")
        if number == 31:  # program 7.01.02 states its Rp for TW II–IV
            for index in (9, 11, 13):
                fields[index] = "27.525.000"
        if number in (12, 13, 14, *facts.DATA_LINES) and len(fields) > 7:
            del fields[7]  # TW I's Rp column
        if number == 14:
            fields = [str(n) for n in range(1, len(fields) + 1)]
        lines.append("\t".join(fields))
    renaksi = load(_write(tmp_path, lines))
    program = renaksi.program[1]
    assert program.kode == "7.01.02"
    assert [budget_value(q) for q in program.anggaran_triwulan] == [
        None,
        Decimal(27_525_000),
        Decimal(27_525_000),
        Decimal(27_525_000),
    ]
    assert program.anggaran_triwulan[0].is_empty
