"""The ``renaksi`` command's entry (also ``python -m renaksi_xl``).

Until the command's modules are imported, Ctrl-C ends it at once with "Dibatalkan." and
exit code 130; this module imports nothing of the package before that handler is set (and
the package itself imports nothing when loaded). Afterwards Ctrl-C raises
KeyboardInterrupt as usual, so that the command can clean up (temporary files, workers).
"""

from __future__ import annotations

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
    from renaksi_xl.cli import run as command

    signal.signal(signal.SIGINT, previous)
    command()


if __name__ == "__main__":
    run()
