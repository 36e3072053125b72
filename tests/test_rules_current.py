"""The budget and code rules on documents in today's shape (Permendagri 90/2019), as
properties: a document whose every amount adds up gives no finding, and one defect in a sub
kegiatan or a kegiatan is reported there, its consequences at the parents as warnings that
name it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import current_renaksis

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Kegiatan, Renaksi, SubKegiatan
from renaksi_xl.core.summary import summarize
from renaksi_xl.core.validate import validate

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _change_kegiatan(
    renaksi: Renaksi, index: int, change: Callable[[Kegiatan], Kegiatan]
) -> tuple[Renaksi, Kegiatan]:
    """The document with its ``index``-th kegiatan (counted over all programs) changed."""
    flat = [
        (p, k) for p, program in enumerate(renaksi.program) for k in range(len(program.kegiatan))
    ]
    p, k = flat[index % len(flat)]
    program = renaksi.program[p]
    original = program.kegiatan[k]
    kegiatan = (*program.kegiatan[:k], change(original), *program.kegiatan[k + 1 :])
    programs = list(renaksi.program)
    programs[p] = dataclasses.replace(program, kegiatan=kegiatan)
    return dataclasses.replace(renaksi, program=tuple(programs)), original


def _change_first_sub(
    change: Callable[[SubKegiatan], SubKegiatan],
) -> Callable[[Kegiatan], Kegiatan]:
    def apply(kegiatan: Kegiatan) -> Kegiatan:
        first, *rest = kegiatan.sub_kegiatan
        return dataclasses.replace(kegiatan, sub_kegiatan=(change(first), *rest))

    return apply


@SETTINGS
@given(current_renaksis())
def test_a_document_that_adds_up_gives_no_finding(renaksi: Renaksi) -> None:
    assert validate(renaksi).findings == ()
    summary = summarize(renaksi)
    assert summary.anggaran_total == renaksi.total_tertulis.value  # type: ignore[union-attr]
    assert summary.sub_kegiatan == sum(1 for _ in renaksi.iter_sub_kegiatan())


@SETTINGS
@given(current_renaksis(), st.integers(0, 20), st.sampled_from([1, 500, 2_500_000]))
def test_a_wrong_sub_kegiatan_pagu_is_an_error_there_and_warnings_above(
    renaksi: Renaksi, index: int, delta: int
) -> None:
    def wrong_pagu(sub: SubKegiatan) -> SubKegiatan:
        value = (sub.pagu.value or Decimal(0)) + delta
        return dataclasses.replace(sub, pagu=dataclasses.replace(sub.pagu, value=value))

    changed, kegiatan = _change_kegiatan(renaksi, index, _change_first_sub(wrong_pagu))
    sub = kegiatan.sub_kegiatan[0]
    program = next(p for p in renaksi.program if kegiatan in p.kegiatan)
    found = {(f.code, f.severity, f.source) for f in validate(changed).findings}
    assert found == {
        ("RNX304", Severity.ERROR, sub.pagu.source),
        ("RNX301", Severity.WARNING, kegiatan.pagu_tertulis.source),  # type: ignore[union-attr]
        ("RNX302", Severity.WARNING, program.subtotal_tertulis.source),  # type: ignore[union-attr]
        ("RNX303", Severity.WARNING, renaksi.total_tertulis.source),  # type: ignore[union-attr]
    }
    for finding in validate(changed).findings:
        if finding.severity is Severity.WARNING:
            assert f"pagu sub kegiatan {sub.kode} {sub.nama.value}" in finding.message


@SETTINGS
@given(current_renaksis(), st.integers(0, 20))
def test_an_empty_sub_kegiatan_pagu_is_an_error_there_and_warnings_above(
    renaksi: Renaksi, index: int
) -> None:
    def no_pagu(sub: SubKegiatan) -> SubKegiatan:
        return dataclasses.replace(
            sub, pagu=dataclasses.replace(sub.pagu, raw="", value=None), anggaran_triwulan=()
        )

    changed, kegiatan = _change_kegiatan(renaksi, index, _change_first_sub(no_pagu))
    findings = validate(changed).findings
    errors = [(f.code, f.source) for f in findings if f.severity is Severity.ERROR]
    assert errors == [("RNX301", kegiatan.sub_kegiatan[0].pagu.source)]
    assert sorted(f.code for f in findings if f.severity is Severity.WARNING) == [
        "RNX301",
        "RNX302",
        "RNX303",
    ]


@SETTINGS
@given(current_renaksis(), st.integers(0, 20))
def test_a_wrong_kegiatan_pagu_is_one_error_with_the_difference(
    renaksi: Renaksi, index: int
) -> None:
    def wrong_stated(kegiatan: Kegiatan) -> Kegiatan:
        stated = kegiatan.pagu_tertulis
        assert stated is not None and stated.value is not None
        return dataclasses.replace(
            kegiatan, pagu_tertulis=dataclasses.replace(stated, value=stated.value + 900_000)
        )

    changed, kegiatan = _change_kegiatan(renaksi, index, wrong_stated)
    findings = validate(changed).findings
    assert [(f.code, f.severity, f.source) for f in findings] == [
        ("RNX301", Severity.ERROR, kegiatan.pagu_tertulis.source)  # type: ignore[union-attr]
    ]
    assert findings[0].message.endswith("(selisih Rp 900.000).")


@SETTINGS
@given(current_renaksis(), st.integers(0, 20))
def test_a_sub_kegiatan_code_of_another_kegiatan_is_found_there(
    renaksi: Renaksi, index: int
) -> None:
    def other_code(sub: SubKegiatan) -> SubKegiatan:
        assert sub.kode is not None
        head, kegiatan_number, number = sub.kode.rsplit(".", 2)
        return dataclasses.replace(sub, kode=f"{head}.{int(kegiatan_number) + 1:02d}.{number}")

    changed, kegiatan = _change_kegiatan(renaksi, index, _change_first_sub(other_code))
    findings = validate(changed).findings
    assert [(f.code, f.source) for f in findings] == [("RNX106", kegiatan.sub_kegiatan[0].source)]
    assert f"tidak diawali kode induknya {kegiatan.kode}" in findings[0].message


def _findings_of(
    text: str, tmp_path: Path
) -> list[tuple[str, Severity, int | None, int | None, str]]:
    from renaksi_xl import load

    path = tmp_path / "renaksi.txt"
    path.write_text(text, encoding="utf-8")
    return [
        (f.code, f.severity, f.source.line, f.source.column, f.message)
        for f in validate(load(path)).findings
        if f.code.startswith("RNX3") and f.source is not None
    ]


HEADER = [
    "KODE|PROGRAM / KEGIATAN / SUB KEGIATAN|INDIKATOR KINERJA|SATUAN|TARGET TAHUNAN|"
    "SIFAT TARGET|TW I||TW II||TW III||TW IV||PAGU ANGGARAN (Rp)|PENANGGUNG JAWAB",
    "||||||K|Rp|K|Rp|K|Rp|K|Rp||",
]


def test_accounting_negatives_are_read_and_named_at_their_cell(tmp_path: Path) -> None:
    """``(1.000.000)`` in an Rp cell is minus one million, reported once, there; the pagu of
    the sub kegiatan adds up with it (RNX304 quiet), the kegiatan's and program's Rp that
    state the same sum are not disputed."""
    from rule_cases import Case

    document = Case(
        "RNX305",
        "salah",
        "",
        {
            "tabel_program": False,
            "kepala_kegiatan": HEADER,
            "baris_program": [
                "7.01.01|PROGRAM UJI COBA|Persentase|%|100|Kumulatif|25||50||75||100|"
                "|(Rp 5.000.000)|Camat"
            ],
            "kegiatan": [
                "7.01.01.2.01|Penyusunan laporan|Jumlah laporan|Laporan|12||3||3||3||3|"
                "| 5.000.000 |Sekcam",
                "7.01.01.2.01.0001|Laporan triwulan|Jumlah laporan|Laporan|12||3|3.250.000|3|"
                "(1.000.000)|3|-|3|2.750.000| 5.000.000 |Sekcam",
            ],
            "total": "|JUMLAH||||||||||||| 5.000.000 |",
        },
    )
    assert _findings_of(document.text(), tmp_path) == [
        (
            "RNX305",
            Severity.ERROR,
            10,
            15,
            "Pagu program negatif: Rp -5.000.000 (tertulis '(Rp 5.000.000)'); anggaran tidak "
            "boleh kurang dari nol (angka dalam kurung berarti minus dalam format akuntansi).",
        ),
        (
            "RNX305",
            Severity.ERROR,
            12,
            10,
            "Rp TW II sub kegiatan negatif: Rp -1.000.000 (tertulis '(1.000.000)'); anggaran "
            "tidak boleh kurang dari nol (angka dalam kurung berarti minus dalam format "
            "akuntansi).",
        ),
    ]


def test_a_kegiatans_stated_rp_per_quarter_is_checked_against_its_sub_kegiatan(
    tmp_path: Path,
) -> None:
    from rule_cases import Case

    document = Case(
        "RNX306",
        "salah",
        "",
        {
            "tabel_program": False,
            "kepala_kegiatan": HEADER,
            "baris_program": [
                "7.01.01|PROGRAM UJI COBA|Persentase|%|100|Kumulatif|25|5.650.000|50|-|75|-|"
                "100|-| 10.000.000 |Camat"
            ],
            "kegiatan": [
                "7.01.01.2.01|Penyusunan laporan|Jumlah laporan|Laporan|12||3|5.000.000|3|"
                "4.350.000|3|-|3|-| 10.000.000 |Sekcam",
                "7.01.01.2.01.0001|Laporan triwulan|Jumlah laporan|Laporan|8||2|3.250.000|2|"
                "1.750.000|2|-|2|-| 5.000.000 |Sekcam",
                "7.01.01.2.01.0002|Laporan tahunan|Jumlah laporan|Laporan|4||1|2.400.000|1|"
                "2.600.000|1|-|1|-| 5.000.000 |Sekcam",
            ],
            "total": "|JUMLAH||||||||||||| 10.000.000 |",
        },
    )
    # the kegiatan's TW I differs (a warning there naming both sub kegiatan); the program
    # states the sub kegiatan's sum for TW I and nothing for TW II (a '-' is a stated 0,
    # which differs from 4.350.000)
    assert _findings_of(document.text(), tmp_path) == [
        (
            "RNX306",
            Severity.WARNING,
            10,
            10,
            "Rp TW II program tertulis Rp 0, padahal jumlah Rp TW II sub kegiatannya "
            "Rp 4.350.000 (selisih Rp -4.350.000): 7.01.01.2.01.0001 Laporan triwulan "
            "Rp 1.750.000, 7.01.01.2.01.0002 Laporan tahunan Rp 2.600.000.",
        ),
        (
            "RNX306",
            Severity.WARNING,
            11,
            8,
            "Rp TW I kegiatan tertulis Rp 5.000.000, padahal jumlah Rp TW I sub kegiatannya "
            "Rp 5.650.000 (selisih Rp -650.000): 7.01.01.2.01.0001 Laporan triwulan "
            "Rp 3.250.000, 7.01.01.2.01.0002 Laporan tahunan Rp 2.400.000.",
        ),
    ]


def test_an_accounting_negative_typed_in_a_workbook_is_found_at_its_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from rule_cases import load_cases

    from renaksi_xl import load

    case = next(c for c in load_cases() if c.code == "RNX305" and c.kind == "salah")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Renaksi 2027"
    for row, line in enumerate(case.text().splitlines(), start=1):
        for column, text in enumerate(line.split("\t"), start=1):
            if text:
                sheet.cell(row, column, text)  # as typed: text, brackets and all
    book.save(tmp_path / "renaksi.xlsx")
    found = [
        (f.code, f.source.sheet, f.source.cell)
        for f in validate(load(tmp_path / "renaksi.xlsx")).findings
        if f.code.startswith("RNX3") and f.source is not None
    ]
    assert found == [("RNX305", "Renaksi 2027", "J12")]
