"""What is not a Renaksi plan is recognised and refused; what is one is mapped column by
column, whatever the order of its columns.

The documents in ``data/dokumen-lain`` are real quarterly *Realisasi Kinerja* reports and an
*Evaluasi Renja* workbook (sources beside each file); they look like a Renaksi and are not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi_xl import LayoutError, Renaksi, load
from renaksi_xl.berkas.grid import rows_from_text
from renaksi_xl.berkas.legacy import read_sheets
from renaksi_xl.berkas.recognise import (
    REQUIRED,
    ROLE_LABELS,
    NotAPlanError,
    Role,
    TableKind,
    TableMap,
    recognise_table,
    table_kind,
)
from renaksi_xl.cli import main
from renaksi_xl.core.model import StrayValue, without_sources

CORPUS = Path(__file__).parent / "data" / "dokumen-lain"
REALISASI = "laporan realisasi triwulan"
EVALUASI = "evaluasi hasil Renja/RKPD"
# what each document is, as a careful reader sees it (its *.expect.json, "jenis_dokumen")
DOCUMENTS = {
    "01-tangsel-damkar-2023.txt": REALISASI,
    "01-tangsel-damkar-2023.xlsx": REALISASI,
    "02-tangsel-kec-ciputat-2023.txt": REALISASI,
    "03-tangsel-inspektorat-2023.txt": REALISASI,
    "04-deliserdang-bappedalitbang-2025.txt": EVALUASI,
    "04-deliserdang-bappedalitbang-2025.xlsx": EVALUASI,
}
WHERE = {
    "01-tangsel-damkar-2023.txt": "baris 1: ",
    "01-tangsel-damkar-2023.xlsx": "lembar 'TW II 2023', sel A4: ",
    "04-deliserdang-bappedalitbang-2025.txt": "baris 6: ",
    "04-deliserdang-bappedalitbang-2025.xlsx": "lembar 'Realisasi TW IV', sel A6: ",
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_is_what_the_tests_say() -> None:
    """Every document of the corpus is tested, and each is what its notes call it."""
    documents = sorted(
        p.name
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".xlsx") and not p.name.endswith(".source.txt")
    )
    assert documents == sorted(DOCUMENTS)
    for name, kind in DOCUMENTS.items():
        stem = name.rsplit(".", 1)[0]
        expect = json.loads((CORPUS / f"{stem}.expect.json").read_text(encoding="utf-8"))
        assert ("realisasi" if kind == REALISASI else "evaluasi") in expect["jenis_dokumen"].lower()
        assert (CORPUS / f"{stem}.source.txt").read_text(encoding="utf-8").strip()


@pytest.fixture
def document(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a corpus document alone in a folder, so that anything written shows."""
    name: str = request.param
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    return path


@pytest.mark.parametrize("document", sorted(DOCUMENTS), indirect=True)
@pytest.mark.parametrize(
    "command",
    [
        ["ringkas"],
        ["ringkas", "--format", "json"],
        ["validasi"],
        ["validasi", "--format", "json", "--output", "{tmp}/laporan.json"],
        ["impor"],
        ["impor", "-o", "{tmp}/hasil.xlsx", "--peta"],
    ],
)
def test_every_command_refuses_a_document_that_is_not_a_plan(
    document: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(document)
    args = [a.replace("{tmp}", str(document.parent)) for a in command]
    assert main([args[0], str(document), *args[1:]]) == 3
    captured = capsys.readouterr()
    kind = DOCUMENTS[document.name]
    message = captured.err.strip()
    assert message.startswith(
        f"renaksi: galat: berkas '{document}', {WHERE.get(document.name, '')}"
    )
    assert f"tabel ini tampaknya {kind} (kolom 'Realisasi" in message or (
        kind == EVALUASI and "(kolom 'Target Renstra" in message
    )
    assert "bukan Rencana Aksi: tidak ada kolom target per triwulan" in message
    if "--peta" in command:  # the map of what was seen, and nothing read from it
        assert captured.out.startswith("Peta kolom:\nTabel ")
        assert "— BUKAN Rencana Aksi" in captured.out and "Diimpor" not in captured.out
    else:
        assert captured.out == ""
    assert _digest(document) == before
    assert [p.name for p in document.parent.iterdir()] == [document.name]


def test_the_realisasi_report_names_its_column() -> None:
    with pytest.raises(NotAPlanError) as caught:
        load(CORPUS / "02-tangsel-kec-ciputat-2023.txt")
    assert caught.value.message == (
        "tabel ini tampaknya laporan realisasi triwulan (kolom 'Realisasi Kinerja Pada "
        "Triwulan I - IV Tahun 2023'), bukan Rencana Aksi: tidak ada kolom target per "
        "triwulan; tidak ada kolom target tahunan"
    )
    (table,) = caught.value.tables
    assert [r.code for r in table.reasons] == ["tanpa_target_triwulan", "peran_hilang"]
    assert table.reasons[0].roles == (Role.TW1, Role.TW2, Role.TW3, Role.TW4)
    roles = [c.role for c in table.columns]
    assert roles == [
        Role.NAMA,
        Role.INDIKATOR,
        *[Role.REALISASI] * 8,
        Role.PENANGGUNG_JAWAB,
    ]
    assert table.columns[3].header == "Realisasi Kinerja Pada Triwulan I - IV Tahun 2023 / I / Rp"


def test_the_evaluasi_renja_is_mapped_as_it_reads() -> None:
    with pytest.raises(NotAPlanError) as caught:
        load(CORPUS / "04-deliserdang-bappedalitbang-2025.txt")
    (table,) = caught.value.tables
    assert table.dokumen == EVALUASI
    by_letter = {c.letter: c for c in table.columns}
    # the Renja's own target and pagu for the year are read as such; everything else is a
    # Renstra figure, a result or an achievement
    assert by_letter["N"].role is Role.TARGET and by_letter["N"].header.endswith(" / K")
    assert by_letter["O"].role is Role.ANGGARAN
    assert {by_letter[x].role for x in "JKLM"} == {Role.RENSTRA, Role.REALISASI}
    assert {by_letter[x].role for x in ("P", "Q", "R", "AA", "AB", "AC")} == {Role.REALISASI}
    assert by_letter["AF"].role is Role.CAPAIAN and by_letter["AG"].role is Role.CAPAIAN
    assert by_letter["G"].role is Role.NAMA and by_letter["I"].role is Role.SATUAN
    assert table.header_rows == (6, 7, 8, 9)


def test_rekap_leaves_a_document_that_is_not_a_plan_out_of_the_sums(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "opd"
    folder.mkdir()
    shutil.copyfile(reference_path, folder / reference_path.name)
    shutil.copyfile(CORPUS / "01-tangsel-damkar-2023.txt", folder / "damkar.txt")
    target = tmp_path / "rekap.csv"
    assert main(["rekap", str(folder), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "damkar.txt': baris 1: tabel ini tampaknya laporan realisasi triwulan" in err
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and "Kecamatan Sidayu" in lines[1]


REFERENCE_MAP = """\
Tabel Kegiatan (baris 26–28)
    A  NO                                  → nomor
    B  BIDANG/PROGRAM/KEGIATAN             → nama
    C  INDIKATOR KEGIATAN                  → indikator
    D  TARGET KINERJA TAHUNAN              → target tahunan
    E  AKSI/SUBKEGIATAN                    → aksi/sub kegiatan
    F  INDIKATOR KINERJA AKSI/SUBKEGIATAN  → indikator aksi
    G  TARGET TAHUNAN                      → target tahunan aksi
    H  JADWAL PELAKSANAAN / I              → target TW I
    I  JADWAL PELAKSANAAN / II             → target TW II
    J  JADWAL PELAKSANAAN / III            → target TW III
    K  JADWAL PELAKSANAAN / IV             → target TW IV
    L  JUMLAH ANGGARAN                     → anggaran/pagu"""


def test_impor_peta_shows_the_reference_documents_map(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sidayu.xlsx"
    assert main(["impor", str(reference_path), "-o", str(target), "--peta"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Peta kolom:\nTabel Sasaran Strategis (baris 6–8)\n    A  NO  ")
    assert "Tabel Program (baris 11–13)\n" in out
    assert "    E  TARGET KINERJA TRIWULAN / TW I    → target TW I\n" in out
    assert REFERENCE_MAP + "\nDiimpor ke " in out
    assert "alasan" not in out and "BUKAN" not in out
    assert target.exists()


def test_ringkas_json_has_the_column_map(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ringkas", "--contoh", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    tables = summary["peta_kolom"]
    assert [(t["tabel"], t["baris_judul"], t["rencana_aksi"]) for t in tables] == [
        ("Sasaran Strategis", [6, 7, 8], True),
        ("Program", [11, 12, 13], True),
        ("Kegiatan", [26, 27, 28], True),
    ]
    assert [c["peran"] for c in tables[2]["kolom"]] == [
        "no",
        "nama",
        "indikator",
        "target",
        "aksi",
        "aksi_indikator",
        "aksi_target",
        "tw1",
        "tw2",
        "tw3",
        "tw4",
        "anggaran",
    ]
    assert tables[1]["kolom"][4] == {
        "kolom": "E",
        "judul": "TARGET KINERJA TRIWULAN / TW I",
        "peran": "tw1",
        "keterangan": "target TW I",
    }


def test_the_reference_as_a_workbook_has_the_same_map(
    tmp_path: Path, reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_legacy_xlsx import _legacy_workbook

    path = tmp_path / "sidayu.xlsx"
    row_of = _legacy_workbook(rows_from_text(reference_path.read_text(encoding="utf-8")), path)
    assert main(["impor", str(path), "-o", str(tmp_path / "hasil.xlsx"), "--peta"]) == 0
    out = capsys.readouterr().out
    first, last = row_of[26], row_of[28]
    expected = REFERENCE_MAP.replace(
        "(baris 26–28)", f"(lembar 'Renaksi 2020', baris {first}–{last})"
    )
    assert expected in out
    # the Program table's quarters are headed "TW. I" there
    assert "TARGET KINERJA TRIWULAN / TW. III  → target TW III" in out


# A Renaksi in today's shape (Permendagri 90): codes, Program/Kegiatan/Sub Kegiatan in one
# column, K and Rp under each quarter, the pagu and who is responsible.
CURRENT_SHAPE = (
    "RENCANA AKSI PERJANJIAN KINERJA TAHUN 2027\n"
    "PERANGKAT DAERAH : KECAMATAN CONTOH\n\n"
    "KODE\tPROGRAM / KEGIATAN / SUB KEGIATAN\tINDIKATOR KINERJA\tSATUAN\tTARGET TAHUNAN\t"
    "{q1}\t\t{q2}\t\t{q3}\t\t{q4}\t\tPAGU ANGGARAN (Rp)\tPENANGGUNG JAWAB\n"
    "\t\t\t\t\t{k}\t{rp}\t{k}\t{rp}\t{k}\t{rp}\t{k}\t{rp}\t\t\n"
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\n"
    "7.01.01\tPROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA\t"
    'Persentase layanan penunjang\t%\t100\t25\t\t50\t\t75\t\t100\t\t" 6.000.000 "\tSekcam\n'
    "7.01.01.2.01\tPerencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah\t"
    "Jumlah dokumen perencanaan\tDokumen\t2\t1\t\t-\t\t1\t\t-\t\t 6.000.000 \tKasubbag\n"
    "7.01.01.2.01.0001\tPenyusunan Dokumen Perencanaan Perangkat Daerah\t"
    "Jumlah Dokumen Perencanaan\tDokumen\t2\t1\t3.250.000\t-\t-\t1\t2.750.000\t-\t-\t"
    " 6.000.000 \tKasubbag\n"
)
CURRENT_ROLES = [
    Role.KODE,
    Role.NAMA,
    Role.INDIKATOR,
    Role.SATUAN,
    Role.TARGET,
    Role.TW1,
    Role.ANGGARAN_TW1,
    Role.TW2,
    Role.ANGGARAN_TW2,
    Role.TW3,
    Role.ANGGARAN_TW3,
    Role.TW4,
    Role.ANGGARAN_TW4,
    Role.ANGGARAN,
    Role.PENANGGUNG_JAWAB,
]


def _current(**words: str) -> str:
    quarters = {"q1": "TW I", "q2": "TW II", "q3": "TW III", "q4": "TW IV", "k": "K", "rp": "Rp"}
    return CURRENT_SHAPE.format(**(quarters | words))


@pytest.mark.parametrize(
    "words",
    [
        {},
        {"k": "Fisik", "rp": "Keuangan"},
        {"k": "Kinerja", "rp": "Anggaran"},
        {"q1": "Triwulan I", "q2": "Triwulan II", "q3": "Triwulan III", "q4": "Triwulan IV"},
        {"rp": "Rp."},
    ],
)
def test_a_current_shape_header_is_mapped_and_not_refused(
    words: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "renaksi-2027.txt"
    path.write_text(_current(**words), encoding="utf-8")
    renaksi, (table,) = read_sheets([rows_from_text(path.read_text(encoding="utf-8"))])
    assert table.is_plan and table.kind is TableKind.KEGIATAN
    assert [c.role for c in table.columns] == CURRENT_ROLES
    assert table.header_rows == (4, 5, 6)
    assert table.columns[6].header == f"{words.get('q1', 'TW I')} / {words.get('rp', 'Rp')}"
    assert renaksi.tahun == 2027
    load(path)  # read (its levels are the Permendagri 90 work), not refused


def test_the_same_shape_with_realisasi_under_each_quarter_is_refused(tmp_path: Path) -> None:
    text = _current().replace(
        "\tTW I\t", "\tREALISASI TW I\t"
    )  # one quarter's result among three quarters' targets is not a plan either
    path = tmp_path / "campuran.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotAPlanError, match=r"tidak ada kolom target TW I$"):
        load(path)
    realisasi = _current(k="Realisasi K", rp="Realisasi Rp")
    path.write_text(realisasi, encoding="utf-8")
    with pytest.raises(NotAPlanError, match=r"tampaknya laporan realisasi triwulan \(kolom 'TW I"):
        load(path)


def test_a_role_claimed_by_two_columns_is_refused(tmp_path: Path) -> None:
    text = _current().replace("\tSATUAN\tTARGET TAHUNAN\t", "\tTARGET\tTARGET TAHUNAN\t")
    path = tmp_path / "ganda.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotAPlanError) as caught:
        load(path)
    assert caught.value.message.endswith(
        "kolom 'TARGET' dan 'TARGET TAHUNAN' sama-sama tampak sebagai target tahunan; "
        "tidak jelas mana yang dipakai"
    )
    assert caught.value.tables[0].reasons[0].columns == ("TARGET", "TARGET TAHUNAN")


def test_a_table_whose_rows_mostly_cannot_be_placed_is_refused(tmp_path: Path) -> None:
    header = "NO\tPROGRAM\tINDIKATOR\tTARGET\tTW I\tTW II\tTW III\tTW IV\tKETERANGAN\n"
    rows = "".join(f"{n}\t\t\t\t\t\t\t\tcatatan {n}\n" for n in range(1, 7))
    path = tmp_path / "catatan.txt"
    path.write_text(header + "1\tProgram A\tJumlah laporan\t4\t1\t1\t1\t1\n" + rows)
    with pytest.raises(NotAPlanError, match=r"sebagian besar baris tabel \(6 dari 7\)"):
        load(path)


def test_a_document_without_a_table_but_with_realisasi_says_so(tmp_path: Path) -> None:
    path = tmp_path / "laporan.txt"
    path.write_text("Uraian\tRealisasi TW I\tKeterangan\nBelanja\t1.000\t-\n")
    with pytest.raises(LayoutError, match="tampaknya laporan realisasi atau capaian"):
        load(path)


# The budget is reported as unreadable, never as 0.
BUDGET_DOCUMENT = (
    "NO\tBIDANG/PROGRAM/KEGIATAN\tINDIKATOR KEGIATAN\tTARGET KINERJA TAHUNAN\t"
    "AKSI/SUBKEGIATAN\tINDIKATOR KINERJA AKSI/SUBKEGIATAN\tTARGET TAHUNAN\t"
    "TW I\tTW II\tTW III\tTW IV\t{anggaran}\n"
    "1.\t<b>PROGRAM SATU</b>\n"
    "\t1. Kegiatan satu\tJumlah laporan\t4 Lap\t\t\t\t1\t1\t1\t1\t{budget}\n"
)


@pytest.mark.parametrize(
    ("anggaran", "budget", "unreadable", "empty"),
    [("JUMLAH ANGGARAN", "seratus juta", 1, 0), ("KETERANGAN", "", 0, 1)],
)
def test_a_budget_that_cannot_be_read_is_not_zero(
    anggaran: str,
    budget: str,
    unreadable: int,
    empty: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "anggaran.txt"
    path.write_text(BUDGET_DOCUMENT.format(anggaran=anggaran, budget=budget), encoding="utf-8")
    assert main(["ringkas", str(path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["anggaran_total"] is None
    assert summary["anggaran_per_program"][0]["anggaran"] is None
    assert (summary["anggaran_tak_terbaca"], summary["anggaran_kosong"]) == (unreadable, empty)
    assert main(["ringkas", str(path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Jumlah\s+1\s+tak terbaca\n", out)
    assert re.search(r"Program Satu\s+1\s+tak terbaca\n", out)
    assert main(["impor", str(path), "-o", str(tmp_path / "hasil.xlsx")]) == 0
    assert "anggaran tidak terbaca." in capsys.readouterr().out


# Property: the order of a Renaksi's columns does not matter; a required column deleted is
# named in the refusal.


def _table_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of each table of a text document: from its header row to
    the next table's header row, or the end."""
    rows = rows_from_text("\n".join(lines))
    starts = [r.source.line - 1 for r in rows if table_kind(r) is not None]  # type: ignore[operator]
    return [(s, e) for s, e in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _rearranged(lines: list[str], span: tuple[int, int], order: list[int], width: int) -> list[str]:
    """The lines with the span's first ``width`` cells put in the given column order (cells
    not in the order are dropped, cells beyond the width keep their place)."""
    first, end = span
    result = list(lines)
    for index in range(first, end):
        cells = lines[index].split("\t")
        if len(cells) == 1 and index != first:
            continue  # a title, a signature line: not part of the grid
        cells += [""] * (width - len(cells))
        result[index] = "\t".join([cells[i] for i in order] + cells[width:]).rstrip("\t")
    return result


def _width(lines: list[str], span: tuple[int, int]) -> int:
    return len(lines[span[0]].split("\t"))


def _canonical(renaksi: Renaksi) -> Renaksi:
    """The model without sources, stray values in the order of their headers (a document
    lists them in its column order)."""
    result: Renaksi = _sorted_stray(without_sources(renaksi))
    return result


def _sorted_stray(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _sorted_stray(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if "stray" in changes:
            strays: tuple[StrayValue, ...] = changes["stray"]
            changes["stray"] = tuple(sorted(strays, key=lambda s: (s.header, s.text.value)))
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_sorted_stray(v) for v in value)
    return value


@pytest.fixture(scope="module")
def reference_lines(reference_path: Path) -> list[str]:
    return reference_path.read_text(encoding="utf-8").splitlines()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_order_of_columns_does_not_change_the_model(
    data: st.DataObject, reference_lines: list[str], reference: Renaksi, tmp_path: Path
) -> None:
    lines = reference_lines
    for span in _table_spans(reference_lines):
        width = _width(reference_lines, span)
        order = data.draw(st.permutations(range(width)))
        lines = _rearranged(lines, span, list(order), width)
    path = tmp_path / "acak.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _canonical(load(path)) == _canonical(reference)


def _required_columns(lines: list[str]) -> list[tuple[tuple[int, int], int, Role]]:
    """(table span, column, role) of every column that alone fills a required role."""
    rows = rows_from_text("\n".join(lines))
    found = []
    for span in _table_spans(lines):
        position = next(i for i, r in enumerate(rows) if r.source.line == span[0] + 1)
        kind = table_kind(rows[position])
        assert kind is not None
        table: TableMap = recognise_table(kind, rows, position)
        found += [(span, c.index, c.role) for c in table.columns if c.role in REQUIRED[kind]]
    return found


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_required_column_deleted_is_named_in_the_refusal(
    data: st.DataObject, reference_lines: list[str], tmp_path: Path
) -> None:
    candidates = _required_columns(reference_lines)
    assert len(candidates) == 7 + 7 + 5
    span, column, role = data.draw(st.sampled_from(candidates))
    width = _width(reference_lines, span)
    lines = _rearranged(reference_lines, span, [c for c in range(width) if c != column], width)
    path = tmp_path / "kurang.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load(path)
    assert f"tidak ada kolom {ROLE_LABELS[role]}" in caught.value.message


@pytest.mark.parametrize(
    ("caption", "role"),
    [
        ("NO.", Role.NO),
        ("Kode Rekening", Role.KODE),
        ("Uraian", Role.NAMA),
        ("Program/Kegiatan/Sub Kegiatan", Role.NAMA),
        ("Indikator Capaian Kinerja", Role.INDIKATOR),
        ("Target Capaian", Role.TARGET),
        ("Satuan", Role.SATUAN),
        ("Pagu Indikatif", Role.ANGGARAN),
        ("Penanggung Jawab", Role.PENANGGUNG_JAWAB),
        ("TARGET TW III", Role.TW3),
        ("Anggaran TW II", Role.ANGGARAN_TW2),
        ("Realisasi TW I", Role.REALISASI),
        ("Capaian Kinerja (%)", Role.CAPAIAN),
        ("Tingkat Capaian Kinerja dan Realisasi Anggaran", Role.CAPAIAN),
        ("Target Renstra 2026", Role.RENSTRA),
        ("Target RKPD", Role.RKPD),
        ("Evaluasi", Role.EVALUASI),
        ("Keterangan", None),
        ("Sumber Dana", None),
    ],
)
def test_header_words(caption: str, role: Role | None) -> None:
    row = rows_from_text(f"PROGRAM\tINDIKATOR\t{caption}\n")
    table = recognise_table(TableKind.PROGRAM, row, 0)
    assert table.columns[2].role is role


@pytest.mark.parametrize(
    "document", [n for n in sorted(DOCUMENTS) if n.endswith(".xlsx")], indirect=True
)
def test_validasi_tandai_marks_nothing_in_a_workbook_that_is_not_a_plan(
    document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(document)
    assert main(["validasi", str(document), "--tandai"]) == 3
    assert "bukan Rencana Aksi" in capsys.readouterr().err
    assert _digest(document) == before
    assert [p.name for p in document.parent.iterdir()] == [document.name]


def test_annual_targets_only_in_the_program_table_are_read(tmp_path: Path) -> None:
    """A Program table without quarters is read (its schedule is the Kegiatan table's); a
    document without any quarter is no Renaksi."""
    program = (
        "NO\tPROGRAM\tINDIKATOR KINERJA PROGRAM\tTARGET KINERJA TAHUNAN\n"
        "1\tProgram Uji Coba\tPersentase kegiatan terlaksana\t100%\n\n"
    )
    kegiatan = BUDGET_DOCUMENT.format(anggaran="JUMLAH ANGGARAN", budget="10.000.000")
    path = tmp_path / "renaksi.txt"
    path.write_text(program + kegiatan, encoding="utf-8")
    renaksi = load(path)
    assert [q.is_empty for q in renaksi.program[0].indikator[0].target.triwulan] == [True] * 4
    path.write_text(program, encoding="utf-8")
    with pytest.raises(
        NotAPlanError, match=r"tidak ada kolom target per triwulan .* di tabel mana"
    ):
        load(path)
