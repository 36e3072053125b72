"""``python -m renaksi_xl`` runs the ``renaksi`` command."""

from renaksi_xl.cli import run

run()
