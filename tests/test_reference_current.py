"""The current-shape reference document (Kecamatan Sukamaju 2027, Permendagri 90/2019): the
file as shipped, its old-layout workbook, and the model, rules and summary on it.

The model is built by ``tests/current_shape.py`` (a reader for this one fixed layout) until
the column recogniser reads the current shape; the expected values are in
``tests/reference_current_facts.py``.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
import reference_current_facts as facts
from current_shape import (
    REFERENCE,
    build,
    reference_model,
    text_rows,
    workbook_model,
    workbook_rows,
    write_workbook,
)
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook

from renaksi_xl import load
from renaksi_xl.core.compute import kegiatan_budget, recompute
from renaksi_xl.core.findings import Report, Severity
from renaksi_xl.core.model import Kegiatan, Quantity, Renaksi, comparable
from renaksi_xl.core.quantity import budget_value
from renaksi_xl.core.summary import summarize
from renaksi_xl.core.validate import validate


@pytest.fixture(scope="module")
def current() -> Renaksi:
    return reference_model()


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(load(REFERENCE))  # the product's reader (tests/test_reading_current.py)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("sukamaju") / "renaksi-sukamaju-2027.xlsx")


# --- the file --------------------------------------------------------------------------------


def test_the_document_ships_with_the_package_as_exported() -> None:
    shipped = resources.files("renaksi_xl.data") / facts.FILE
    data = shipped.read_bytes()
    assert data == REFERENCE.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 60  # CRLF on every line
    rows = text_rows()
    assert rows[11][:6] == [
        "KODE",
        "PROGRAM / KEGIATAN / SUB KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        "TARGET TAHUNAN",
        "SIFAT TARGET",
    ]
    assert rows[12][6:14] == ["K", "Rp"] * 4
    assert rows[13] == [str(n) for n in range(1, 17)]
    assert all(len(rows[n - 1]) == 16 for n in facts.DATA_LINES)
    assert rows[49][14] == '" 2.924.101.200 "'  # accounting text, as exported
    assert rows[24][7] == "Rp 4.275.000"
    assert rows[16][8] == "-"


# --- the model -------------------------------------------------------------------------------


def test_counts(current: Renaksi) -> None:
    assert current.opd is not None and current.opd.value == facts.OPD
    assert current.tahun == facts.TAHUN
    assert len(current.sasaran) == facts.SASARAN
    assert sum(len(s.indikator) for s in current.sasaran) == facts.INDIKATOR_SASARAN
    assert len(current.program) == facts.PROGRAM
    assert sum(1 for _ in current.iter_kegiatan()) == facts.KEGIATAN
    assert sum(1 for _ in current.iter_sub_kegiatan()) == facts.SUB_KEGIATAN
    assert sum(len(s.aksi) for _, _, s in current.iter_sub_kegiatan()) == facts.AKSI
    assert current.has_sub_kegiatan
    assert {p.kode: len(p.kegiatan) for p in current.program} == facts.KEGIATAN_PER_PROGRAM
    assert {
        k.kode: len(k.sub_kegiatan) for _, k in current.iter_kegiatan()
    } == facts.SUB_KEGIATAN_PER_KEGIATAN


def test_pagu_and_stated_totals(current: Renaksi) -> None:
    assert {k.kode: kegiatan_budget(k) for _, k in current.iter_kegiatan()} == {
        code: Decimal(v) for code, v in facts.KEGIATAN_PAGU.items()
    }
    stated = {
        k.kode: budget_value(k.pagu_tertulis)
        for _, k in current.iter_kegiatan()
        if k.pagu_tertulis is not None
    }
    assert stated == {code: Decimal(v) for code, v in facts.KEGIATAN_PAGU_TERTULIS.items()}
    assert {p.kode: p.subtotal_tertulis.value for p in current.program if p.subtotal_tertulis} == {
        code: Decimal(v) for code, v in facts.PROGRAM_PAGU_TERTULIS.items()
    }
    assert current.total_tertulis is not None
    assert current.total_tertulis.value == facts.TOTAL_TERTULIS
    assert sum(facts.PROGRAM_PAGU.values()) == facts.TOTAL
    assert sum(facts.KEGIATAN_PAGU.values()) == facts.TOTAL


def test_per_quarter_k_and_rp_of_a_sub_kegiatan(current: Renaksi) -> None:
    _, _, gaji = next(t for t in current.iter_sub_kegiatan() if t[2].kode == "7.01.01.2.02.0001")
    assert gaji.nama.value == "Penyediaan Gaji dan Tunjangan ASN"
    assert [q.value for q in gaji.indikator.target.triwulan] == [Decimal(38)] * 4
    assert gaji.indikator.target.tahunan.unit == "orang"
    assert [q.value for q in gaji.anggaran_triwulan] == [Decimal(612_450_300)] * 4
    assert gaji.pagu.value == Decimal(2_449_801_200)
    _, _, rkpd = next(t for t in current.iter_sub_kegiatan() if t[2].kode == "7.01.01.2.01.0002")
    assert [q.is_empty for q in rkpd.anggaran_triwulan] == [True, True, False, True]


def test_the_current_model_survives_json(current: Renaksi) -> None:
    data = json.loads(json.dumps(current.to_dict(), ensure_ascii=False))
    sub = data["program"][0]["kegiatan"][0]["sub_kegiatan"][0]
    assert sub["kode"] == "7.01.01.2.01.0001"
    assert sub["pagu"]["value"] == "6000000"
    assert Renaksi.from_dict(data) == current


def test_an_old_json_without_sub_kegiatan_still_loads(reference: Renaksi) -> None:
    data = reference.to_dict()
    for program in data["program"]:
        for kegiatan in program["kegiatan"]:
            del kegiatan["sub_kegiatan"], kegiatan["pagu_tertulis"]
    assert Renaksi.from_dict(data) == reference


# --- summary and recomputation ---------------------------------------------------------------


def test_summary_adds_sub_kegiatan_pagu(current: Renaksi) -> None:
    summary = summarize(current)
    assert summary.sub_kegiatan == facts.SUB_KEGIATAN
    assert summary.kegiatan == facts.KEGIATAN
    assert summary.aksi == facts.AKSI
    assert summary.anggaran_total == facts.TOTAL
    assert summary.total_tertulis == facts.TOTAL_TERTULIS
    assert summary.anggaran_tak_terbaca == 0
    assert [p.anggaran for p in summary.anggaran_per_program] == list(facts.PROGRAM_PAGU.values())
    data = summary.to_json()
    assert data["sub_kegiatan"] == 20
    assert data["anggaran_total"] == 2_924_101_200
    assert list(data)[:8] == [
        "opd",
        "tahun",
        "sasaran",
        "program",
        "indikator_program",
        "kegiatan",
        "sub_kegiatan",
        "aksi",
    ]


def test_summary_of_the_old_shape_has_no_sub_kegiatan(reference: Renaksi) -> None:
    summary = summarize(reference)
    assert summary.sub_kegiatan == 0
    assert summary.to_json()["sub_kegiatan"] == 0
    assert summary.anggaran_total == 1_021_600_000


def test_an_unreadable_sub_kegiatan_pagu_is_counted(current: Renaksi) -> None:
    broken = _with_sub_pagu(current, "7.01.04.2.01.0001", Quantity(raw="Rp ?", problem="x"))
    summary = summarize(broken)
    assert summary.anggaran_tak_terbaca == 1
    assert summary.anggaran_total == facts.TOTAL - 14_400_000


def test_recompute_totals_come_from_sub_kegiatan(current: Renaksi) -> None:
    computed = recompute(current)
    assert [p.subtotal_tertulis.value for p in computed.program if p.subtotal_tertulis] == [
        Decimal(v) for v in facts.PROGRAM_PAGU.values()
    ]
    assert computed.total_tertulis is not None
    assert computed.total_tertulis.value == facts.TOTAL
    first = computed.program[0].kegiatan[0].sub_kegiatan[0].indikator.target
    assert first.kumulatif == (Decimal(50), Decimal(50), Decimal(100), Decimal(100))


# --- validation ------------------------------------------------------------------------------


def test_every_planted_mistake_is_found_where_it_is(report: Report) -> None:
    found = sorted((f.code, f.source.line) for f in report.findings if f.source)
    assert found == sorted((m.code, m.line) for m in facts.MISTAKES)
    assert all(f.source for f in report.findings)
    for finding in report.findings:
        assert finding.severity.value == facts.SEVERITIES[finding.code]


def test_nothing_is_found_on_the_correct_rows(report: Report) -> None:
    lines = {f.source.line for f in report.findings if f.source}
    assert not lines & set(facts.CLEAN_LINES)


def test_messages_name_the_difference(report: Report) -> None:
    def message(code: str, line: int) -> str:
        return next(
            f.message
            for f in report.findings
            if f.code == code and f.source and f.source.line == line
        )

    assert message("RNX304", 27) == (
        "Rp per triwulan TW I Rp 9.000.000 + TW II Rp 9.000.000 + TW III Rp 9.000.000 + "
        "TW IV Rp 8.000.000 berjumlah Rp 35.000.000, padahal pagu sub kegiatan "
        "Rp 36.000.000 (selisih Rp -1.000.000)."
    )
    assert message("RNX301", 35) == (
        "Pagu kegiatan tertulis Rp 95.400.000, padahal jumlah pagu sub kegiatannya "
        "Rp 94.500.000 (selisih Rp 900.000)."
    )
    assert "tidak diawali kode induknya 7.01.02.2.01" in message("RNX106", 34)
    assert "'7.01.04.2.01.002' tidak berbentuk 7.01.01.2.01.0001" in message("RNX106", 49)
    assert "TW III = 45% lebih rendah dari 50%" in message("RNX202", 24)


def test_before_sub_kegiatan_the_same_document_gave_false_errors(current: Renaksi) -> None:
    """Read as the old shape (sub kegiatan ignored), every kegiatan lacks a budget and every
    stated pagu looks wrong: what a current document gave before this model."""
    flat = dataclasses.replace(
        current,
        program=tuple(
            dataclasses.replace(
                p,
                kegiatan=tuple(
                    dataclasses.replace(k, sub_kegiatan=(), pagu_tertulis=None) for k in p.kegiatan
                ),
            )
            for p in current.program
        ),
    )
    assert sum(f.code.startswith("RNX30") for f in validate(flat).findings) == 13


def _with_sub_pagu(renaksi: Renaksi, code: str, pagu: Quantity) -> Renaksi:
    programs = []
    for program in renaksi.program:
        kegiatan = []
        for item in program.kegiatan:
            subs = tuple(
                dataclasses.replace(s, pagu=dataclasses.replace(pagu, source=s.pagu.source))
                if s.kode == code
                else s
                for s in item.sub_kegiatan
            )
            kegiatan.append(dataclasses.replace(item, sub_kegiatan=subs))
        programs.append(dataclasses.replace(program, kegiatan=tuple(kegiatan)))
    return dataclasses.replace(renaksi, program=tuple(programs))


def test_a_missing_sub_kegiatan_pagu_is_an_error_there_and_warnings_above(
    current: Renaksi,
) -> None:
    broken = validate(_with_sub_pagu(current, "7.01.04.2.01.0001", Quantity()))
    new = [
        (f.code, f.severity, f.source.line if f.source else None)
        for f in broken.findings
        if (f.code, f.source.line if f.source else None)
        not in {(m.code, m.line) for m in facts.MISTAKES}
    ]
    assert sorted(new, key=lambda t: (t[2] or 0, t[0])) == [
        ("RNX302", Severity.WARNING, 46),  # program 7.01.04 states 24.000.000
        ("RNX301", Severity.WARNING, 47),  # kegiatan 7.01.04.2.01 states 24.000.000
        ("RNX301", Severity.ERROR, 48),  # the sub kegiatan itself
        ("RNX303", Severity.WARNING, 50),  # the JUMLAH row
    ]
    warnings = [f.message for f in broken.findings if f.severity is Severity.WARNING]
    assert all(
        "pagu sub kegiatan 7.01.04.2.01.0001 Sinergitas dengan Kepolisian" in m
        for m in warnings
        if "Pagu" in m or "Jumlah pagu" in m
    )
    sub_error = next(f for f in broken.findings if f.source and f.source.line == 48)
    assert sub_error.message == "Pagu sub kegiatan kosong."


# --- the old-layout workbook -----------------------------------------------------------------


def test_the_workbook_has_merged_two_row_headers_and_numbers(workbook: Path) -> None:
    sheet = load_workbook(workbook)[facts.SHEET]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"G12:H12", "I12:J12", "K12:L12", "M12:N12", "A12:A13", "O12:O13"} <= merged
    assert sheet["G12"].value == "TW I" and sheet["G13"].value == "K"
    assert sheet["H13"].value == "Rp"
    assert sheet["A15"].value == "7.01.01" and sheet["A15"].font.b
    assert sheet["O15"].value == 2_746_801_200
    assert sheet["H25"].value == 4_275_000 and sheet["H25"].number_format == '"Rp "#,##0'
    assert sheet["J17"].value == 0 and '"-"' in sheet["J17"].number_format
    assert sheet["I17"].value == "-"  # a K with nothing scheduled
    assert sheet["O50"].value == facts.TOTAL_TERTULIS
    assert sheet["A60"].value == "NIP. " + facts.SIGNER_NIP
    assert_excel_opens(workbook)


def _amounts_as_rupiah(renaksi: Renaksi) -> Renaksi:
    """The document with every Rp per quarter as its rupiah amount: ``-`` in the text is a
    blank, in the workbook a 0 shown as ``-``; ``Rp 4.275.000`` is text in one and a number
    formatted ``"Rp "#,##0`` in the other."""

    def amount(quantity: Quantity) -> Quantity:
        return Quantity(value=budget_value(quantity) or Decimal(0), unit="rupiah")

    def fix(kegiatan: Kegiatan) -> Kegiatan:
        subs = tuple(
            dataclasses.replace(s, anggaran_triwulan=tuple(map(amount, s.anggaran_triwulan)))
            for s in kegiatan.sub_kegiatan
        )
        return dataclasses.replace(kegiatan, sub_kegiatan=subs)

    programs = tuple(
        dataclasses.replace(p, kegiatan=tuple(map(fix, p.kegiatan))) for p in renaksi.program
    )
    return comparable(dataclasses.replace(renaksi, program=programs))


def test_the_workbook_holds_the_same_document(workbook: Path, current: Renaksi) -> None:
    rows, formats = workbook_rows(workbook)
    from_cells = build(rows, formats=formats)
    assert _amounts_as_rupiah(from_cells) == _amounts_as_rupiah(current)
    plan = _amounts_as_rupiah(from_cells).program[0].kegiatan[0].sub_kegiatan[0].anggaran_triwulan
    assert [q.value for q in plan] == [3_250_000, 0, 2_750_000, 0]


def test_every_planted_mistake_is_found_in_its_cell(workbook: Path) -> None:
    found = validate(workbook_model(workbook)).findings
    assert sorted((f.code, f.source.cell) for f in found if f.source) == sorted(
        (m.code, m.cell) for m in facts.MISTAKES
    )
    assert {f.source.sheet for f in found if f.source} == {facts.SHEET}


def test_a_program_adding_a_wrong_kegiatan_pagu_is_a_warning_naming_it(
    current: Renaksi,
) -> None:
    """Program 7.01.02 states 15.600.000 + 95.400.000, the pagu its kegiatan rows state:
    its difference follows the kegiatan whose pagu is wrong (RNX301 at line 35)."""
    program = current.program[1]
    assert program.subtotal_tertulis is not None
    stated = dataclasses.replace(program.subtotal_tertulis, value=Decimal(111_000_000))
    changed = dataclasses.replace(
        current,
        program=(
            current.program[0],
            dataclasses.replace(program, subtotal_tertulis=stated),
            *current.program[2:],
        ),
    )
    finding = next(f for f in validate(changed).findings if f.code == "RNX302")
    assert finding.source is not None and finding.source.line == 31
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "Pagu program tertulis Rp 111.000.000, padahal jumlah pagu sub kegiatannya "
        "Rp 110.100.000 (selisih Rp 900.000); sama dengan jumlah pagu kegiatan yang tertulis, "
        "jadi selisihnya berasal dari pagu kegiatan 7.01.02.2.02 yang tidak sama dengan "
        "jumlah sub kegiatannya."
    )


def test_a_kegiatan_adding_the_rp_of_a_disputed_sub_kegiatan_is_a_warning_naming_it(
    current: Renaksi,
) -> None:
    """Sub kegiatan 7.01.01.2.06.0009 plans Rp 35.000.000 for a pagu of 36.000.000 (RNX304,
    line 27). A kegiatan row that added its Rp (60.600.000) is wrong because of it."""
    program = current.program[0]
    kegiatan = program.kegiatan[2]
    assert kegiatan.pagu_tertulis is not None
    stated = dataclasses.replace(kegiatan.pagu_tertulis, value=Decimal(60_600_000))
    changed_program = dataclasses.replace(
        program,
        kegiatan=(
            *program.kegiatan[:2],
            dataclasses.replace(kegiatan, pagu_tertulis=stated),
            *program.kegiatan[3:],
        ),
    )
    changed = dataclasses.replace(current, program=(changed_program, *current.program[1:]))
    finding = next(
        f
        for f in validate(changed).findings
        if f.code == "RNX301" and f.source and f.source.line == 24
    )
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "Pagu kegiatan tertulis Rp 60.600.000, padahal jumlah pagu sub kegiatannya "
        "Rp 61.600.000 (selisih Rp -1.000.000); sama dengan jumlahnya bila pagu sub kegiatan "
        "7.01.01.2.06.0009 Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD sebesar "
        "jumlah Rp per triwulannya, yang tidak sama dengan pagunya: periksa pagu itu dahulu."
    )
