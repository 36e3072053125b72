"""``python -m renaksi_xl`` runs the ``renaksi`` command."""

import sys

from renaksi_xl.cli import main

sys.exit(main())
