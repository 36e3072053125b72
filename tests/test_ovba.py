"""MS-OVBA compression, checked against oletools' decompression (what olevba uses)."""

from __future__ import annotations

import os
from pathlib import Path

import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from renaksi_xl.excel.ovba import CHUNK, compress, decompress

VBA = Path(__file__).resolve().parents[1] / "vba"


def oletools(container: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(container)))


vba_like = st.text(
    alphabet="Sub End If Then Dim As String\r\n'\"()=&._0123456789 ", max_size=20_000
)


@settings(max_examples=60, deadline=None)
@given(vba_like)
def test_vba_text_round_trips_through_oletools(text: str) -> None:
    data = text.encode("cp1252")
    container = compress(data)
    assert container[0] == 1
    assert oletools(container) == data
    assert decompress(container) == data


def test_real_modules_round_trip_and_shrink() -> None:
    for source in (Path(xlwings.__file__).parent / "xlwings.bas", VBA / "Renaksi.bas"):
        data = source.read_bytes()
        container = compress(data)
        assert oletools(container) == data
        if len(data) > CHUNK:
            assert len(container) < len(data) / 2  # VBA source compresses well


def test_chunk_boundaries() -> None:
    for size in (0, 1, 3, 650, 651, 4095, 4096, 4097, 8192, 8193):
        data = (b"Public Sub RenaksiRibbon()\r\n" * 400)[:size]
        assert oletools(compress(data)) == data, size


def test_incompressible_chunks_are_stored_raw() -> None:
    full = os.urandom(2 * CHUNK)
    assert oletools(compress(full)) == full
    short = os.urandom(100) + b"\x01"
    padded = oletools(compress(os.urandom(CHUNK - 1)))
    assert len(padded) == CHUNK  # the specification pads a raw chunk with zeros
    assert oletools(compress(short)) == short  # a short chunk still compresses (tokens fit)
