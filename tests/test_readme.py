"""The README's command-line parts say what the command does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from renaksi_xl.cli import ExitCode, main
from renaksi_xl.core.findings import REPORT_VERSION

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def test_quick_start_has_two_set_up_commands_that_make_their_own_venv() -> None:
    """On a fresh machine whose Python refuses ``pip install`` (PEP 668), each set-up
    command must create and activate a virtual environment before installing."""
    blocks = re.findall(r"```bash\n(.*?)```", section("Mulai cepat"), re.DOTALL)
    set_up = [b.strip() for b in blocks if "pip install" in b]
    assert set_up == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && renaksi ringkas "
        "--contoh",
        "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && pytest",
    ]


def test_exit_code_table_matches_the_command() -> None:
    table = re.findall(r"^\| (\d) \| (.+) \|$", README, re.MULTILINE)
    assert [int(code) for code, _ in table] == [int(c) for c in ExitCode]
    meanings = dict(table)
    assert "sudah ada tanpa `--timpa`" in meanings["3"]
    assert "salah tulis" in meanings["2"]


def test_json_report_shape_is_documented_with_its_version(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    main(["validasi", str(reference_path), "--format", "json"])
    envelope = json.loads(capsys.readouterr().out)
    documented = section("Perintah")
    assert f'"version": {REPORT_VERSION}' in documented
    for key in [*envelope, *envelope["files"][0]]:
        assert f'"{key}"' in documented, key
    for key in envelope["files"][0]["findings"][0]:
        assert f'"{key}"' in documented, key
