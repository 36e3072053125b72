"""Run ``renaksi`` commands in one fresh process and report each one's exit code, output,
time and any traceback, then the process's peak memory (``VmHWM``), as JSON on stdout.

``python tests/robust_runner.py '[["ringkas", "f.xlsx"], ["validasi", "f.xlsx"]]'``

One process per corpus file keeps the suite fast (the imports are paid once) while a
native crash or a runaway allocation still shows: the process dies or its peak memory
(the highest of all commands run) is over the limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
import traceback
from pathlib import Path


def run(commands: list[list[str]]) -> dict[str, object]:
    """Run each command through ``renaksi_xl.cli.main``; what happened, per command."""
    from renaksi_xl.cli import main

    results = []
    for argv in commands:
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code: int | str = main(argv)
            except SystemExit as exit_:  # argparse
                code = exit_.code if isinstance(exit_.code, int) else 2
            except BaseException:
                code = "exception"
                err.write(traceback.format_exc())
        results.append(
            {
                "argv": argv,
                "code": code,
                "stdout": out.getvalue(),
                "stderr": err.getvalue(),
                "seconds": time.perf_counter() - started,
            }
        )
    return {"results": results, "peak_mib": peak_kib() / 1024}


def peak_kib() -> int:
    """This process's peak memory. From /proc where there is one: ``ru_maxrss`` survives
    ``exec``, so it would count the memory of the (large) pytest process this one was
    forked from; ``VmHWM`` belongs to this program alone."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))))
