"""One way to write a file: nothing a user has is ever lost or replaced by surprise.

Each test here failed before the write door (``renaksi_xl.berkas.files``) existed: an output named
like an input replaced it, backups of one second overwrote each other, files came out
readable by their owner only, a symbolic link became a regular file, a blank template
could not be recalculated.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook

from renaksi_xl import Renaksi
from renaksi_xl.berkas.files import (
    FileBusyError,
    OutputCheckError,
    OutputIsInputError,
    keep_backup,
    locked,
    publish,
    replace_in_place,
    write_atomically,
)
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.errors import OutputExistsError, RenaksiError

REPOSITORY = Path(__file__).resolve().parent.parent
BLANK_SAMPLE = REPOSITORY / "workbooks" / "templat-kosong-kecamatan-sidayu-2021.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workbook(reference: Renaksi, tmp_path: Path) -> Path:
    return write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")


# --- blank templates (issue 10, item 2) ---------------------------------------------------


def test_hitung_on_a_blank_template_keeps_its_live_formulas(tmp_path: Path) -> None:
    command = ["template", "--opd", "Kecamatan Uji", "--tahun", "2027", "--bentuk", "lama"]
    assert main([*command, "-o", str(tmp_path)]) == 0
    blank = tmp_path / "renaksi-kecamatan-uji-2027.xlsx"
    target = tmp_path / "dihitung.xlsx"
    result = recalculate(blank, target)
    assert result.restored == ()
    before, after = load_workbook(blank)["Kegiatan"], load_workbook(target)["Kegiatan"]
    total_row = next(r for r in range(8, 400) if before[f"C{r}"].value == "Jumlah komulatif")
    # the eight empty program blocks keep their subtotals and the total adds all of them
    for row in (8, 23, 113, total_row):
        assert after[f"O{row}"].value == before[f"O{row}"].value
    assert after[f"O{total_row}"].value == "=SUM(O8,O23,O38,O53,O68,O83,O98,O113)"
    assert_excel_opens(target)


def test_hitung_on_a_blank_template_in_todays_shape_keeps_its_live_formulas(
    tmp_path: Path,
) -> None:
    assert main(["template", "--opd", "Kecamatan Uji", "--tahun", "2027", "-o", str(tmp_path)]) == 0
    blank = tmp_path / "renaksi-kecamatan-uji-2027.xlsx"
    target = tmp_path / "dihitung.xlsx"
    result = recalculate(blank, target)
    assert result.restored == ()
    assert result.changed == 0
    before, after = load_workbook(blank)["Kegiatan"], load_workbook(target)["Kegiatan"]
    assert before["A5"].value == "KODE"  # the default shape is today's
    total_row = next(r for r in range(8, 400) if before[f"B{r}"].value == "Jumlah komulatif")
    for row in (8, 9, 16, 23, total_row):
        assert after[f"O{row}"].value == before[f"O{row}"].value
    assert after["O8"].value == '=IF(B8="","",SUMIFS(O9:O22,R9:R22,"keg"))'
    assert after["O9"].value == '=IF(B9="","",SUMIFS(O10:O15,R10:R15,"subkeg"))'
    assert after[f"O{total_row}"].value == "=SUM(O8,O23,O38,O53,O68,O83,O98,O113)"
    assert_excel_opens(target)


def test_hitung_on_the_bundled_blank_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / BLANK_SAMPLE.name
    shutil.copy2(BLANK_SAMPLE, copy)
    assert main(["hitung", str(copy)]) == 0
    assert "1 berhasil, 0 gagal" in capsys.readouterr().out
    assert_excel_opens(copy.with_name(f"{copy.stem}-dihitung.xlsx"))


# --- an output is never an input, and never replaced without --timpa (item 4) --------------


def test_validasi_output_named_like_its_input_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(workbook)
    assert main(["validasi", str(workbook), "--output", str(workbook)]) == 3
    assert "sama dengan berkas masukan" in capsys.readouterr().err
    assert digest(workbook) == before
    # not even with --timpa
    assert main(["validasi", str(workbook), "--output", str(workbook), "--timpa"]) == 3
    assert digest(workbook) == before


def test_impor_through_dot_dot_and_rekap_into_its_folder_are_refused(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    before = digest(workbook)
    roundabout = tmp_path / "sub" / ".." / workbook.name
    assert main(["impor", str(workbook), "-o", str(roundabout), "--timpa"]) == 3
    assert main(["rekap", str(tmp_path), "-o", str(workbook), "--timpa"]) == 3
    err = capsys.readouterr().err
    assert err.count("sama dengan berkas masukan") == 2
    assert digest(workbook) == before


def test_an_input_reached_through_a_link_is_still_an_input(workbook: Path, tmp_path: Path) -> None:
    link = tmp_path / "tautan.xlsx"
    link.symlink_to(workbook)
    hard = tmp_path / "keras.xlsx"
    os.link(workbook, hard)
    before = digest(workbook)
    for output in (link, hard):
        assert main(["validasi", str(workbook), "--output", str(output), "--timpa"]) == 3
    assert digest(workbook) == before


def test_existing_outputs_need_timpa(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = workbook.with_name("laporan.txt")
    report.write_text("milik pengguna", encoding="utf-8")
    assert main(["validasi", str(workbook), "--output", str(report)]) == 3
    assert report.read_text(encoding="utf-8") == "milik pengguna"
    assert "--timpa" in capsys.readouterr().err
    assert main(["validasi", str(workbook), "--output", str(report), "--timpa"]) in (0, 1)
    assert "RNX" in report.read_text(encoding="utf-8")

    assert main(["hitung", str(workbook)]) == 0
    computed = workbook.with_name("sidayu-dihitung.xlsx")
    first = digest(computed)
    assert main(["hitung", str(workbook)]) == 1  # the earlier result is kept
    assert "--timpa" in capsys.readouterr().out
    assert digest(computed) == first
    assert main(["hitung", str(workbook), "--timpa"]) == 0


def test_publish_refuses_before_writing(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("a", encoding="utf-8")
    calls: list[Path] = []
    with pytest.raises(OutputIsInputError):
        publish(source, calls.append, inputs=[source], overwrite=True)
    with pytest.raises(OutputExistsError):
        publish(source, calls.append)
    assert calls == []


# --- the check before publishing ------------------------------------------------------------


def test_a_workbook_that_fails_the_check_is_not_published(workbook: Path, tmp_path: Path) -> None:
    target = tmp_path / "hasil.xlsx"
    target.write_bytes(b"milik pengguna")

    def broken(path: Path) -> None:
        with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(path, "w") as out:
            for name in source.namelist():
                data = source.read(name)
                if name == "xl/workbook.xml":
                    data = data.replace(b'name="Program"', b'name="KEGIATAN"')
                out.writestr(name, data)

    with pytest.raises(OutputCheckError) as raised:
        write_atomically(target, broken)
    assert "nama lembar 'Kegiatan' sama dengan 'KEGIATAN'" in str(raised.value)
    assert target.read_bytes() == b"milik pengguna"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hasil.xlsx", "sidayu.xlsx"]


def test_an_empty_result_is_never_published(tmp_path: Path) -> None:
    target = tmp_path / "b.xlsx"
    with pytest.raises(OutputCheckError):
        write_atomically(target, lambda path: None)
    assert not target.exists()


# --- modes, owners and links (item 7) -------------------------------------------------------


def test_new_files_get_the_umask_mode(workbook: Path, tmp_path: Path) -> None:
    previous = os.umask(0o002)
    try:
        assert main(["hitung", str(workbook)]) == 0
    finally:
        os.umask(previous)
    computed = workbook.with_name("sidayu-dihitung.xlsx")
    assert stat.S_IMODE(computed.stat().st_mode) == 0o664


def test_in_place_keeps_mode_and_symlink(workbook: Path, tmp_path: Path) -> None:
    workbook.chmod(0o664)
    link = tmp_path / "tautan.xlsx"
    link.symlink_to(workbook.name)
    assert main(["hitung", str(link), "--di-tempat"]) == 0
    assert link.is_symlink()
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o664
    assert "Capaian" in load_workbook(workbook, read_only=True).sheetnames
    backups = sorted(tmp_path.glob("tautan.cadangan-*.xlsx"))
    assert len(backups) == 1


def test_read_only_and_open_in_excel_files_are_left_alone(workbook: Path) -> None:
    before = digest(workbook)
    workbook.chmod(0o444)
    with pytest.raises(FileBusyError, match="hanya-baca"):
        replace_in_place(workbook, lambda p: shutil.copy2(workbook, p))
    workbook.chmod(0o644)
    excel_lock = workbook.with_name(f"~${workbook.name}")
    excel_lock.write_bytes(b"")
    with pytest.raises(FileBusyError, match="dibuka di Excel"):
        replace_in_place(workbook, lambda p: shutil.copy2(workbook, p))
    assert digest(workbook) == before
    assert [p.name for p in workbook.parent.glob("*cadangan*")] == []


# --- backups and concurrent runs (item 5) ----------------------------------------------------


def test_backups_made_in_the_same_second_never_replace_each_other(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    contents = [b"pertama", b"kedua", b"ketiga"]
    backups = []
    for content in contents:
        path.write_bytes(content)
        backups.append(keep_backup(path))
    assert len(set(backups)) == 3
    assert [b.read_bytes() for b in backups] == contents


def test_the_lock_makes_runs_take_turns(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"x")
    order: list[str] = []

    def second() -> None:
        with locked(path):
            order.append("kedua")

    with locked(path):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.3)
        order.append("pertama")
    thread.join(5)
    assert order == ["pertama", "kedua"]
    assert not list(tmp_path.glob(".~renaksi*"))  # the lock file is gone afterwards
    with (
        locked(path),
        pytest.raises(FileBusyError, match="proses renaksi lain"),
        locked(path, wait=0.1),
    ):
        pass


def test_concurrent_in_place_runs_lose_nothing(workbook: Path) -> None:
    """Two ``hitung --di-tempat`` at once on a file with a typed-over total: one backup per
    run, and the original (with the typed value) is one of them."""
    from openpyxl import load_workbook as load

    book = load(workbook)
    book["Kegiatan"]["O8"] = 290_000_000  # typed over a subtotal
    book.save(workbook)
    original = digest(workbook)
    command = [sys.executable, "-m", "renaksi_xl", "hitung", "--di-tempat", str(workbook)]
    for _ in range(3):
        runs = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for _ in range(2)]
        assert [run.wait(120) for run in runs] == [0, 0]
    backups = sorted(workbook.parent.glob("sidayu.cadangan-*.xlsx"))
    assert len(backups) == 6
    assert original in {digest(b) for b in backups}
    assert_excel_opens(workbook)


def test_refusals_name_the_file(workbook: Path) -> None:
    with pytest.raises(RenaksiError) as raised:
        publish(workbook, lambda p: None)
    assert str(workbook) in str(raised.value)
