"""The ``renaksi`` command's entry (also ``python -m renaksi_xl``).

Until the command's modules are imported, Ctrl-C ends it at once with "Dibatalkan." and
exit code 130; this module imports nothing of the package before that handler is set (and
the package itself imports nothing when loaded). Afterwards Ctrl-C raises
KeyboardInterrupt as usual, so that the command can clean up (temporary files, workers).
"""

from __future__ import annotations

import gc
import os
import signal
import sys

TYPE_CHECKING = False  # typing is not imported before the handler is set
if TYPE_CHECKING:
    from typing import NoReturn

INTERRUPTED = 130


def _interrupted(signum: int, frame: object) -> None:
    try:
        sys.stderr.write("Dibatalkan.\n")
        sys.stderr.flush()
    finally:
        os._exit(INTERRUPTED)


def run() -> NoReturn:
    """Start the ``renaksi`` command (:func:`renaksi_xl.cli.run`)."""
    previous = signal.signal(signal.SIGINT, _interrupted)
    # Importing makes tens of thousands of objects that live as long as the process, and
    # hardly any garbage (a few hundred objects of the standard library's pure-Python
    # fallbacks, never freed now). Collecting would only cost start-up time: not during the
    # imports (disabled), nor afterwards (frozen; disabling alone only defers the work to the
    # first collection, which would walk them all). The command then runs with the collector
    # as it was (renaksi_xl.cli.utama decides per command).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from renaksi_xl.cli import run as command

        gc.freeze()
    finally:
        if collecting:
            gc.enable()

    signal.signal(signal.SIGINT, previous)
    command()


if __name__ == "__main__":
    run()
