"""Pyodide as xlwings Lite runs it, under Node, offline: the npm ``pyodide`` package
(``tests/pyodide``, ``npm ci``), wheels downloaded once into a cache folder, and this
project's own wheel. Used by the Lite tests and ``benchmarks/bench_lite.py``."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_DIR = ROOT / "tests" / "pyodide"
WHEEL_CACHE = Path(os.environ.get("RENAKSI_WHEELS", PYODIDE_DIR / "wheels"))
# micropip and packaging as the Pyodide release (tests/pyodide/package.json) pins them in its
# pyodide-lock.json; xlwings, openpyxl and et_xmlfile as this Python has them, so that
# both sides run the same code
PYODIDE_OWN = ("micropip==0.11.1", "packaging==26.1")
SAME_AS_HERE = ("xlwings", "openpyxl", "et_xmlfile")


def node_ready() -> None:
    """``npm ci`` in tests/pyodide unless its node_modules holds pyodide already."""
    if (PYODIDE_DIR / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        return
    npm = shutil.which("npm")
    assert npm, "Node.js dan npm diperlukan (apt-get install nodejs npm)"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PYODIDE_DIR, check=True)


def dependency_wheels() -> list[Path]:
    """Pure-Python wheels of what the scripts need in Pyodide, downloaded once."""
    wanted = [*PYODIDE_OWN, *(f"{n}=={importlib.metadata.version(n)}" for n in SAME_AS_HERE)]
    found = []
    for requirement in wanted:
        name, version = requirement.split("==")
        stem = f"{name.replace('-', '_')}-{version}-"
        matches = sorted(WHEEL_CACHE.glob(f"{stem}*.whl"))
        if not matches:
            # pure-Python wheels only (py3-none-any), as micropip takes them from PyPI
            pure = ["--only-binary=:all:", "--platform", "any", "--python-version", "3.14"]
            pure += ["--implementation", "py", "--abi", "none"]
            download = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *pure]
            subprocess.run([*download, "-d", str(WHEEL_CACHE), requirement], check=True)
            matches = sorted(WHEEL_CACHE.glob(f"{stem}*.whl"))
        assert matches, requirement
        found.append(matches[0])
    return found


def own_wheel(folder: Path) -> Path:
    """This project's wheel, built from the work tree (``pip wheel --no-deps``)."""
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run([*build, "-w", str(folder), str(ROOT)], check=True)
    (wheel,) = folder.glob("renaksi_xl-*.whl")
    return wheel


def run_pyodide(wheels: list[Path], main: Path, runs: list[dict[str, Any]], folder: Path) -> Any:
    """Run the scripts of ``main`` in Pyodide with these wheels installed by micropip."""
    node_ready()
    job = folder / "job-pyodide.json"
    job.write_text(
        json.dumps({"wheels": [str(w) for w in wheels], "main": str(main), "runs": runs}),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(PYODIDE_DIR / "run.mjs"), str(job)],
        cwd=PYODIDE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def run_cpython(main: Path, runs: list[dict[str, Any]], folder: Path) -> Any:
    """The same scripts in a fresh CPython process, as a reference."""
    job = folder / "job-cpython.json"
    job.write_text(json.dumps({"main": str(main), "runs": runs}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(PYODIDE_DIR / "lite_runner.py"), str(job)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])
