"""The command line speaks Indonesian throughout and uses its documented exit codes."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from renaksi_xl import __version__
from renaksi_xl.cli import ExitCode, build_parser, main

ENGLISH = re.compile(
    r"usage:|the following arguments|invalid choice|invalid int|unrecognized arguments|"
    r"expected one argument|positional arguments|options:|show this help|show program|"
    r"error:|choose from"
)


def usage_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == ExitCode.PENGGUNAAN
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "renaksi: galat: argumen berikut wajib diisi: PERINTAH"),
        (["rekap"], "renaksi rekap: galat: argumen berikut wajib diisi: FOLDER, -o/--keluaran"),
        (
            ["ringkas", "--format", "xml"],
            "argumen --format: pilihan 'xml' tidak ada (pilih salah satu: 'teks', 'json')",
        ),
        (["hitung", "--jobs", "dua", "x"], "argumen --jobs/-j: nilai 'dua' bukan bilangan bulat"),
        (["ringkas", "a.txt", "b.txt"], "renaksi: galat: argumen tidak dikenal: b.txt"),
        (["ringkas", "--format"], "argumen --format: memerlukan satu nilai"),
        (["hapus"], "pilihan 'hapus' tidak ada (pilih salah satu: 'ringkas', 'template'"),
    ],
)
def test_argparse_messages_are_indonesian(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(args, capsys)
    assert message in err
    assert err.startswith("penggunaan: renaksi")
    assert "Ketik 'renaksi" in err
    assert not ENGLISH.search(err), err


def test_help_of_every_command_is_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    helps = [parser.format_help()]
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name, command in commands.items():
        with pytest.raises(SystemExit) as caught:
            main([name, "--help"])
        assert caught.value.code == 0
        helps.append(capsys.readouterr().out)
        helps.append(command.format_usage())
    helps.append(commands["addin"].format_help())
    for text in helps:
        assert text.startswith("penggunaan: renaksi"), text
        assert not ENGLISH.search(text), text
    assert "argumen:" in helps[0] and "pilihan:" in helps[0]
    assert "--version   tampilkan versi renaksi lalu keluar" in helps[0]


def test_other_parsers_in_the_process_keep_their_language() -> None:
    build_parser().format_help()
    plain = argparse.ArgumentParser(prog="lain")
    assert plain.format_usage().startswith("usage: lain")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert plain.format_usage().startswith("usage: lain")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"renaksi {__version__}\n"


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("galat", "error"),
        ("error", "error"),
        ("Peringatan", "warning"),
        ("warning", "warning"),
        ("info", "info"),
    ],
)
def test_tingkat_takes_indonesian_and_english_names(
    reference_path: Path, level: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    args = ["validasi", str(reference_path), "--pilih", "RNX205", "--format", "json"]
    code = main([*args, "--tingkat", f"RNX205={level}"])
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert {f["severity"] for f in report["findings"]} == {expected}
    assert len(report["findings"]) == 9
    assert code == (ExitCode.TEMUAN if expected == "error" else ExitCode.OK)


def test_tingkat_with_an_unknown_name(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(["validasi", str(reference_path), "--tingkat", "RNX205=parah"], capsys)
    assert "KODE=galat, KODE=peringatan atau KODE=info (atau error, warning, info)" in err


def test_an_existing_output_is_refused_with_code_3_by_every_command(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "opd").mkdir()
    existing = {
        "impor": tmp_path / "hasil.xlsx",
        "rekap": tmp_path / "rekap.xlsx",
        "addin": tmp_path / "renaksi.xlam",
        "template": tmp_path / "renaksi-dinas-sosial-2022.xlsx",
    }
    for path in existing.values():
        path.write_bytes(b"milik pengguna")
    commands = {
        "impor": ["impor", str(reference_path), "-o", str(existing["impor"])],
        "rekap": ["rekap", str(tmp_path / "opd"), "-o", str(existing["rekap"])],
        "addin": ["addin", "build", "-o", str(existing["addin"])],
        "template": ["template", "--opd", "Dinas Sosial", "--tahun", "2022", "-o", str(tmp_path)],
    }
    for name, args in commands.items():
        assert main(args) == ExitCode.MASUKAN, name
        err = capsys.readouterr().err
        assert err == (
            f"renaksi: galat: berkas '{existing[name]}': sudah ada (pakai --timpa untuk menimpa)\n"
        ), name
        assert existing[name].read_bytes() == b"milik pengguna"


def test_addin_build_without_o_writes_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["addin", "build"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renaksi.xlam"]
    assert capsys.readouterr().out == "Add-in dibangun: renaksi.xlam\n"


def test_template_refuses_an_invalid_nip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["template", "--opd", "Dinas Sosial", "--tahun", "2022", "-o", str(tmp_path)]
    err = usage_error([*args, "--nip", "123"], capsys)
    assert "--nip '123' tidak sah: NIP harus 18 angka, tertulis 3 angka" in err
    assert list(tmp_path.iterdir()) == []
    assert main([*args, "--nip", "19671020 198803 1 009"]) == 0


def test_template_list_reports_a_row_with_an_invalid_nip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "opd.csv"
    listing.write_text(
        "opd;tahun;nip\nDinas Sosial;2022;19671020 198803 1 009\nDinas Pendidikan;2022;123\n",
        encoding="utf-8",
    )
    out = tmp_path / "hasil"
    assert main(["template", "--daftar", str(listing), "-o", str(out)]) == ExitCode.TEMUAN
    err = capsys.readouterr().err
    assert "NIP '123' tidak sah: NIP harus 18 angka" in err
    assert "1 baris gagal; templat lain tetap dibuat." in err
    assert [p.name for p in out.iterdir()] == ["renaksi-dinas-sosial-2022.xlsx"]
