"""The signature block under the last table: place and date, the signer's title, name,
rank and NIP, as written (the template's placeholders read as empty).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from renaksi_xl.berkas.grid import GridRow
from renaksi_xl.core.layout import SIGNATURE_PLACEHOLDERS
from renaksi_xl.core.model import Penandatangan, Text
from renaksi_xl.core.quantity import BULAN

_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d][^,]*),\s*(?P<date>\d{1,2}\s+(?:"
    + "|".join(BULAN)
    + r")\s+\d{4}|[.…_]{3,}[ .…_]*(?:\d{4})?|"
    + re.escape(SIGNATURE_PLACEHOLDERS["tanggal"])
    + r")\s*$",
    re.IGNORECASE,
)
_NIP = re.compile(r"^NIP\s*\.?\s*:?\s*(?P<nip>.*)$", re.IGNORECASE)
_RANK = re.compile(
    r"^(?:(pembina|penata|pengatur|juru)\b|" + re.escape(SIGNATURE_PLACEHOLDERS["pangkat"]) + ")",
    re.IGNORECASE,
)
_PLACEHOLDER_TEXTS = frozenset(SIGNATURE_PLACEHOLDERS.values())


def is_signature_start(row: GridRow) -> bool:
    """A row of one or two cells with ``Tempat, tanggal`` or ``NIP …``: the table has ended."""
    filled: list[str] = []
    for cell in row.cells:  # every row of a table asks: stop at its third filled cell
        if cell is not None and cell.text:
            if len(filled) == 2:
                return False
            filled.append(cell.text)
    if not filled:
        return False
    text = " ".join(filled)
    return bool(_PLACE_DATE.match(text) or _NIP.match(text))


def read_signature(rows: Sequence[GridRow]) -> tuple[Penandatangan, list[Text]]:
    """Place, date, title, name, rank and NIP of the signer, as written; and the lines
    before the place and date or after the NIP, which are not part of it."""
    others: list[Text] = []
    lines: list[Text] = []
    for row in rows:
        filled = row.filled()
        if filled:
            lines.append(Text(" ".join(c.text for c in filled), filled[0].source))
    start = next((i for i, t in enumerate(lines) if _PLACE_DATE.match(t.value)), None)
    tempat = tanggal = None
    if start is not None:
        match = _PLACE_DATE.match(lines[start].value)
        assert match is not None
        source = lines[start].source
        tempat, tanggal = Text(match["place"].strip(), source), Text(match["date"], source)
        others.extend(lines[:start])
        lines = lines[start + 1 :]
    end = next((i for i, t in enumerate(lines) if _NIP.match(t.value)), None)
    nip = None
    if end is not None:
        match = _NIP.match(lines[end].value)
        assert match is not None
        nip = Text(match["nip"].strip(), lines[end].source)
        others.extend(lines[end + 1 :])
        lines = lines[:end]
    pangkat = lines.pop() if lines and _RANK.match(lines[-1].value) else None
    nama = lines.pop() if lines and (nip is not None or pangkat is not None) else None
    jabatan = None
    if lines:
        jabatan = Text(" ".join(t.value for t in lines), lines[0].source)
    signer = Penandatangan(
        *(_unless_placeholder(t) for t in (tempat, tanggal, jabatan, nama, pangkat, nip))
    )
    return signer, others


def _unless_placeholder(text: Text | None) -> Text | None:
    """A value of the signature block, empty (at its cell) where the template's labelled
    placeholder has not been typed over."""
    if text is not None and text.value in _PLACEHOLDER_TEXTS:
        return Text("", text.source)
    return text
