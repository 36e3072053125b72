"""renaksi_xl: Rencana Aksi Perjanjian Kinerja (Renaksi) in Excel, checked by Python."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing alone takes longer than the rest
if TYPE_CHECKING:
    from typing import Any

    from renaksi_xl.berkas.loading import load, sample_path
    from renaksi_xl.core.model import Renaksi
    from renaksi_xl.errors import LayoutError, RenaksiError, UnreadableFileError

__all__ = ["LayoutError", "Renaksi", "RenaksiError", "UnreadableFileError", "load", "sample_path"]
__version__ = "0.1.0"

# The names are imported when first used, so that importing the package (which the
# ``renaksi`` command does before anything else) is instant: a Ctrl-C while the command
# starts then meets its handler, not a traceback from half-way through an import.
_HOMES = {
    "LayoutError": "renaksi_xl.errors",
    "RenaksiError": "renaksi_xl.errors",
    "UnreadableFileError": "renaksi_xl.errors",
    "load": "renaksi_xl.berkas.loading",
    "sample_path": "renaksi_xl.berkas.loading",
    "Renaksi": "renaksi_xl.core.model",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'renaksi_xl' has no attribute {name!r}")
