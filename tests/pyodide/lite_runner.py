"""Runs xlwings Lite scripts as the add-in does: main.py imported as a module, each script
called through ``xlwings.server.custom_scripts_call`` on a book built from the JSON an
Excel (Office.js) client sends. The same code runs in Pyodide (``run.mjs``) and in CPython
(``python lite_runner.py JOB.json``), so the two can be compared."""

import os

os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # before xlwings is imported
os.environ["XLWINGS_ON_SERVER"] = "true"  # xlwings' @script as in Lite

import asyncio
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any


async def run_job(main: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Import ``main`` (a path) and run each ``{"script", "payload", "args"}``: the
    actions and the time from the script's start to its actions being ready."""
    import xlwings as xw
    import xlwings.server

    started = time.perf_counter()
    spec = importlib.util.spec_from_file_location("main_editor", main)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["main_editor"] = module
    spec.loader.exec_module(module)
    imported = time.perf_counter() - started
    out = []
    for run in runs:
        started = time.perf_counter()
        book = xw.Book(json=run["payload"])
        book = await xlwings.server.custom_scripts_call(
            module, run["script"], typehint_to_value={xw.Book: book}, args=run.get("args", [])
        )
        actions = book.json()["actions"]
        out.append({"actions": actions, "seconds": time.perf_counter() - started})
    return {"import_seconds": imported, "runs": out}


if __name__ == "__main__":
    job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    result = asyncio.run(run_job(job["main"], job["runs"]))
    sys.stdout.write(json.dumps(result) + "\n")
