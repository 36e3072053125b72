"""Renaksi rule catalogue (filled in by the validation issue)."""
