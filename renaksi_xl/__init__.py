"""renaksi_xl: Rencana Aksi Perjanjian Kinerja (Renaksi) in Excel, checked by Python."""

from renaksi_xl.errors import LayoutError, RenaksiError, UnreadableFileError
from renaksi_xl.loading import load, sample_path
from renaksi_xl.model import Renaksi

__all__ = ["LayoutError", "Renaksi", "RenaksiError", "UnreadableFileError", "load", "sample_path"]
__version__ = "0.1.0"
