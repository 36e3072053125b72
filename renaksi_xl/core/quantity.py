"""Indonesian numbers, units and compound cells.

``.`` groups thousands and ``,`` is the decimal mark (DESIGN §2.2). A numeric cell is taken
as its number; only text is parsed. Text that cannot be read with certainty becomes an
unparsed :class:`~renaksi_xl.core.model.Quantity` with the reason in ``problem``: never an
exception and never a guessed number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from renaksi_xl.core.model import Quantity, Source

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


class UnitType(StrEnum):
    """What kind of thing a unit measures."""

    JUMLAH = "jumlah"
    PERSEN = "persen"
    RUPIAH = "rupiah"
    WAKTU = "waktu"


# canonical unit → (type, spellings). Spellings are compared case-folded, without a
# trailing dot, so "Keg." and "keg" need one entry.
_UNITS: dict[str, tuple[UnitType, tuple[str, ...]]] = {
    "persen": (UnitType.PERSEN, ("%", "persen", "prosen", "pct")),
    "rupiah": (UnitType.RUPIAH, ("rp", "rupiah", "idr")),
    "hari": (UnitType.WAKTU, ("hr", "hari")),
    "minggu": (UnitType.WAKTU, ("mgg", "minggu", "pekan")),
    "bulan": (UnitType.WAKTU, ("bln", "bulan", "bl")),
    "triwulan": (UnitType.WAKTU, ("tw", "triwulan", "trw")),
    "semester": (UnitType.WAKTU, ("smt", "semester")),
    "tahun": (UnitType.WAKTU, ("thn", "tahun", "th")),
    "kegiatan": (UnitType.JUMLAH, ("keg", "kegiatan", "kgt", "kegiaatan")),
    "orang": (UnitType.JUMLAH, ("org", "orang", "or", "jiwa")),
    "peserta": (UnitType.JUMLAH, ("peserta", "psrt", "pst")),
    "pns": (UnitType.JUMLAH, ("pns", "asn")),
    "buah": (UnitType.JUMLAH, ("bh", "buah")),
    "unit": (UnitType.JUMLAH, ("unit", "unt")),
    "jenis": (UnitType.JUMLAH, ("jenis", "jns")),
    "paket": (UnitType.JUMLAH, ("paket", "pkt")),
    "laporan": (UnitType.JUMLAH, ("lap", "laporan", "lapor", "lpr")),
    "dokumen": (UnitType.JUMLAH, ("dok", "dokumen", "doc")),
    "buku": (UnitType.JUMLAH, ("buku", "bk")),
    "eksemplar": (UnitType.JUMLAH, ("eksemplar", "explar", "eks", "expl", "exemplar", "exp")),
    "lembar": (UnitType.JUMLAH, ("lbr", "lembar", "lb")),
    "dos": (UnitType.JUMLAH, ("dos", "dus", "kotak", "box")),
    "kali": (UnitType.JUMLAH, ("kali", "kl")),
    "sk": (UnitType.JUMLAH, ("sk",)),
    "desa": (UnitType.JUMLAH, ("desa", "ds")),
    "kelurahan": (UnitType.JUMLAH, ("kelurahan", "kel")),
    "lembaga": (UnitType.JUMLAH, ("lembaga", "lbg")),
    "kelompok": (UnitType.JUMLAH, ("kelompok", "klp")),
    "koordinasi": (UnitType.JUMLAH, ("koordinasi", "koord")),
    "khafilah": (UnitType.JUMLAH, ("khafila", "khafilah", "kafilah", "kafila")),
    "rapat": (UnitType.JUMLAH, ("rapat",)),
    "surat": (UnitType.JUMLAH, ("surat",)),
    "berkas": (UnitType.JUMLAH, ("berkas",)),
    "set": (UnitType.JUMLAH, ("set",)),
    "titik": (UnitType.JUMLAH, ("titik", "ttk")),
    "lokasi": (UnitType.JUMLAH, ("lokasi", "lok")),
    "meter": (UnitType.JUMLAH, ("m", "meter", "mtr")),
    "km": (UnitType.JUMLAH, ("km", "kilometer")),
    "ha": (UnitType.JUMLAH, ("ha", "hektar", "hektare")),
    "nilai": (UnitType.JUMLAH, ("nilai", "poin", "indeks")),
    "apbdes": (UnitType.JUMLAH, ("apbdes",)),
}

ALIASES: dict[str, str] = {
    spelling: canonical for canonical, (_, spellings) in _UNITS.items() for spelling in spellings
}
UNIT_TYPES: dict[str, UnitType] = {canonical: kind for canonical, (kind, _) in _UNITS.items()}

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PLAIN_DIGITS = re.compile(r"\d+")
_LEADING_NUMBER = re.compile(
    r"^(?P<prefix>rp\.?\s*)?(?P<sign>[-−]\s*)?(?P<number>\d[\d.,]*)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_NOTE = re.compile(r"^(?P<unit>[^()]*?)\s*\(\s*(?P<note>[^()]*?)\s*\)\s*$")
_NEXT_NUMBER = r"(?=(?:rp\.?\s*)?\d)"
_COMPOUND_SPLIT = re.compile(rf"\s*/\s*{_NEXT_NUMBER}|\s+[x×]\s+{_NEXT_NUMBER}", re.IGNORECASE)
# spreadsheets keep 15 significant digits; a longer "number" is an id or a typing slip
MAX_DIGITS = 15
_TOO_LARGE = Decimal(10) ** MAX_DIGITS
_TOO_LARGE_WHOLE = 10**MAX_DIGITS
_DASHES = {"-", "–", "—", "--"}
_RUPIAH_TAILS = {"-", ",-", ",--", ".-"}
_RUPIAH_DASH = re.compile(r"^rp\.?\s*[-–—]+$", re.IGNORECASE)
# the accounting format's negative: "(1.000.000)", "(Rp 1.000.000)", "Rp (1.000.000)"
_ACCOUNTING_NEGATIVE = re.compile(r"^(?P<prefix>rp\.?\s*)?\(\s*(?P<amount>[^()]+?)\s*\)$", re.I)
_RUPIAH_AMOUNT = re.compile(r"^(?:rp\b|\d{1,3}(?:\.\d{3})+(?:,\d+|,-+)?$)", re.I)


# pasted from web pages and documents: invisible characters, and digit groups separated by
# the no-break spaces that number formatting uses (``12 500 000``), read as thousands dots
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_GROUPS = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")


def clean_pasted(text: str) -> str:
    """Text as a pasted cell shows it: zero-width characters dropped, ``12\u00a0500\u00a0000``
    (no-break spaces between groups of three digits) → ``12.500.000``; other white space
    (no-break spaces, line breaks) is left for the caller to fold."""
    if text.isascii():  # nearly every cell
        return text
    return _SPACE_GROUPS.sub(".", text.translate(_INVISIBLE))


@functools.lru_cache(maxsize=1024)
def normalize_unit(text: str) -> str:
    """Canonical spelling of a unit: each word through the alias table (``Lap. Monev`` →
    ``laporan monev``); unknown words are kept, case-folded."""
    words = []
    for word in text.replace("%", " % ").split():
        key = word.casefold().rstrip(".,;:")
        if key:
            words.append(ALIASES.get(key, key))
    return " ".join(words)


def budget_value(quantity: Quantity) -> Decimal | None:
    """The rupiah amount of a budget cell, None when blank or unreadable."""
    if quantity.parts or quantity.problem is not None:
        return None
    return quantity.value


@functools.lru_cache(maxsize=1024)
@functools.lru_cache(maxsize=1024)
def unit_type(unit: str | None) -> UnitType | None:
    """The type of a canonical unit, judged by its first word; None when unknown (cached:
    every rule asks of every target, and a document has few units)."""
    if not unit:
        return None
    return UNIT_TYPES.get(unit.split()[0])


def parse_number(text: str) -> Decimal | None:
    """An Indonesian-formatted number (``1.021.600.000``, ``82,5``), or None if ambiguous."""
    text = text.strip()
    if "," in text:
        whole, _, fraction = text.partition(",")
        if "," in fraction or "." in fraction or not _PLAIN_DIGITS.fullmatch(fraction):
            return None
    else:
        whole, fraction = text, ""
    if _THOUSANDS.fullmatch(whole):
        whole = whole.replace(".", "")
    elif not _PLAIN_DIGITS.fullmatch(whole):
        return None
    if len(whole.lstrip("0")) + len(fraction) > MAX_DIGITS:
        return None
    return clean_decimal(Decimal(f"{whole}.{fraction}" if fraction else whole))


def clean_decimal(value: Decimal) -> Decimal:
    """``90.0`` → ``90``, ``82.50`` → ``82.5``: one spelling for one number."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def format_number(value: Decimal) -> str:
    """Indonesian spelling: ``1021600000`` → ``1.021.600.000``, ``82.5`` → ``82,5``."""
    if not value.is_finite():  # what another program stored as 1e309 or NaN
        return "tak hingga" if value.is_infinite() else "bukan angka"
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    text = format(abs(clean_decimal(value)), "f")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def rupiah(value: Decimal) -> str:
    """``1021600000`` → ``Rp 1.021.600.000``."""
    return f"Rp {format_number(value)}"


def format_quantity(quantity: Quantity) -> str:
    """The quantity as an Indonesian user would type it; parsing the result gives it back."""
    if quantity.parts:
        joiner = f" {quantity.joiner} " if quantity.joiner else " / "
        return joiner.join(format_quantity(p) for p in quantity.parts)
    if quantity.problem is not None or quantity.value is None:
        return quantity.raw
    number = format_number(quantity.value)
    text = number
    unit_text = quantity.unit_text or quantity.unit
    if unit_text and not quantity.unit_inferred:
        if quantity.unit == "persen" and unit_text == "%":
            text = f"{number}%"
        elif quantity.unit == "rupiah" and unit_text.casefold().startswith("rp"):
            text = f"{unit_text} {number}"
        else:
            text = f"{number} {unit_text}"
    if quantity.note:
        text = f"{text} ({quantity.note})"
    return text


CellValue = str | int | float | Decimal | dt.date | None


@functools.lru_cache(maxsize=4096)
def whole_number(value: float) -> tuple[str, Decimal] | None:
    """A whole number's Indonesian spelling (``1.360``) and value; None when it has more
    than ``MAX_DIGITS`` digits (cached: a sheet repeats its numbers)."""
    whole = int(value)
    if not -_TOO_LARGE_WHOLE < whole < _TOO_LARGE_WHOLE:
        return None
    return f"{whole:,}".replace(",", "."), Decimal(whole)


def parse_quantity(
    value: CellValue,
    *,
    number_format: str | None = None,
    source: Source | None = None,
    default_unit: str | None = None,
    default_unit_text: str | None = None,
    unit_written: bool = False,
) -> Quantity:
    """Read one cell: text is parsed, a numeric cell is taken as its number.

    A numeric cell formatted as a percentage (``0.9`` shown as ``90%``) becomes 90 persen.
    A bare number takes ``default_unit`` (see :func:`with_default_unit`); with
    ``unit_written`` that unit counts as written (a SATUAN column), not inferred.
    """
    return cell_quantity(
        value, number_format, source, default_unit, default_unit_text, unit_written
    )


def cell_quantity(
    value: CellValue,
    number_format: str | None,
    source: Source | None,
    default_unit: str | None = None,
    default_unit_text: str | None = None,
    unit_written: bool = False,
) -> Quantity:
    """:func:`parse_quantity` with positional arguments, for the reader's every cell (a
    sheet has tens of thousands, and keywords cost a tenth of the reading)."""
    # most cells of a workbook: a whole number, no format to honour
    if type(value) is float and not number_format and value.is_integer():
        known = whole_number(value)
        if known is not None:
            # positional, in the field order of Quantity: raw, value, unit, unit_text,
            # unit_inferred, note, parts, joiner, problem, source
            return Quantity(
                known[0],
                known[1],
                default_unit,
                default_unit_text if default_unit else None,
                default_unit is not None and not unit_written,
                None,
                (),
                None,
                None,
                source,
            )
    if value is None:
        return Quantity(source=source)
    if isinstance(value, dt.date):
        return _date_cell(value, source)
    if isinstance(value, bool):
        return Quantity(raw=str(value), problem="bukan angka", source=source)
    if isinstance(value, int | float | Decimal):
        quantity = _from_number(value, number_format, source)
    else:
        quantity = _parse_text(str(value), source)
    quantity = with_default_unit(quantity, default_unit, default_unit_text)
    if unit_written and quantity.unit_inferred:
        return dataclasses.replace(quantity, unit_inferred=False)
    return quantity


def format_tanggal(value: dt.date) -> str:
    """``2020-01-10`` → ``10 Januari 2020``."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def _date_cell(value: dt.date, source: Source | None) -> Quantity:
    """A cell Excel turned into a date (``3/4`` typed becomes 3 April): named as a date,
    never read as its serial number."""
    return Quantity(
        raw=format_tanggal(value),
        problem=(
            f"sel berisi tanggal, bukan angka (Excel mengubah ketikan seperti "
            f"{value.day}/{value.month} menjadi tanggal); ketik ulang angkanya di sel "
            "berformat Umum atau Angka"
        ),
        source=source,
    )


def _from_number(
    value: int | float | Decimal, number_format: str | None, source: Source | None
) -> Quantity:
    try:
        if isinstance(value, float) and value.is_integer():
            number = Decimal(int(value))  # the usual case, and already in its one spelling
        else:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, OverflowError, ValueError):
        return Quantity(raw=str(value), problem="bukan angka", source=source)
    if not number.is_finite():
        return Quantity(raw=str(value), problem="bukan angka", source=source)
    if abs(number) >= _TOO_LARGE:
        return Quantity(raw=str(value), problem="angka terlalu besar", source=source)
    if number_format and "%" in number_format:
        number = clean_decimal(number * 100)
        return Quantity(
            raw=f"{format_number(number)}%",
            value=number,
            unit="persen",
            unit_text="%",
            source=source,
        )
    if number.as_tuple().exponent != 0:
        number = clean_decimal(number)
    return Quantity(raw=format_number(number), value=number, source=source)


def _parse_text(raw: str, source: Source | None) -> Quantity:
    text = " ".join(clean_pasted(raw).split())
    if len(text) > 1 and text[0] == text[-1] == '"':
        # an accounting-format amount exported to text: " 85.102.670 " with its quotes
        text = " ".join(text[1:-1].split())
    if _RUPIAH_DASH.match(text):
        text = "-"  # "Rp -": the accounting format's zero
    if not text or text in _DASHES:
        return Quantity(raw=raw, source=source)
    negative = _accounting_negative(text, raw, source)
    if negative is not None:
        return negative
    pieces = _COMPOUND_SPLIT.split(text)
    if len(pieces) > 1:
        joiner_match = _COMPOUND_SPLIT.search(text)
        joiner = joiner_match.group(0).strip().lower() if joiner_match else "/"
        parts = tuple(_parse_simple(p, p, None) for p in pieces)
        problem = next((p.problem for p in parts if p.problem), None)
        return Quantity(raw=raw, parts=parts, joiner=joiner, problem=problem, source=source)
    return _parse_simple(text, raw, source)


def _accounting_negative(text: str, raw: str, source: Source | None) -> Quantity | None:
    """A rupiah amount in brackets, as the accounting format shows a negative one
    (``(1.000.000)``, ``(Rp 1.000.000)``), read as that amount below zero; None for any
    other text (``(5)``, ``(5 dokumen)``, ``(-5)``: read as before). Without ``Rp`` only an
    amount written in thousands counts: a bracketed small count is no accounting."""
    match = _ACCOUNTING_NEGATIVE.match(text)
    if match is None:
        return None
    if not match["prefix"] and not _RUPIAH_AMOUNT.match(match["amount"]):
        return None
    amount = _parse_simple(f"{match['prefix'] or ''}{match['amount']}", raw, source)
    if (
        amount.problem is not None
        or amount.value is None
        or amount.value <= 0
        or amount.unit not in (None, "rupiah")
        or amount.note is not None
    ):
        return None
    return dataclasses.replace(amount, value=-amount.value)


def _parse_simple(text: str, raw: str, source: Source | None) -> Quantity:
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return Quantity(raw=raw, problem="tidak ada angka", source=source)
    number_text = match["number"]
    rest = match["rest"]
    # "3 keg." has its dot in the unit, but "20.381.000,-" ends the number with a comma
    while number_text[-1] in ".,":
        rest = number_text[-1] + rest
        number_text = number_text[:-1]
    number = parse_number(number_text)
    if number is None:
        reason = (
            f"'{number_text}' bukan angka Indonesia yang jelas "
            "(titik memisahkan ribuan per tiga angka, koma untuk desimal)"
        )
        return Quantity(raw=raw, problem=reason, source=source)
    if match["sign"]:
        number = -number
    rest = rest.strip()
    unit_text: str | None = None
    note: str | None = None
    if rest in _RUPIAH_TAILS:
        rest = ""
    note_match = _NOTE.match(rest)
    if note_match:
        rest, note = note_match["unit"].strip(), note_match["note"] or None
    if rest:
        if not (rest[0].isalpha() or rest[0] == "%"):
            return Quantity(
                raw=raw, problem="lebih dari satu angka atau satuan tidak jelas", source=source
            )
        if any(ch in rest for ch in "()"):
            return Quantity(raw=raw, problem="tanda kurung tidak berpasangan", source=source)
        unit_text = rest
    if match["prefix"]:
        if unit_text is not None:
            return Quantity(raw=raw, problem="satuan ganda setelah 'Rp'", source=source)
        unit_text = match["prefix"].strip()
    unit = normalize_unit(unit_text) if unit_text else None
    return Quantity(
        raw=raw, value=number, unit=unit or None, unit_text=unit_text, note=note, source=source
    )


def with_default_unit(quantity: Quantity, unit: str | None, unit_text: str | None) -> Quantity:
    """A bare number takes the given unit (a TW cell takes the annual target's unit)."""
    if unit is None:
        return quantity
    if quantity.parts:
        parts = tuple(with_default_unit(p, unit, unit_text) for p in quantity.parts)
        return dataclasses.replace(quantity, parts=parts)
    if quantity.value is None or quantity.unit is not None:
        return quantity
    # built directly: dataclasses.replace costs more than the rest of reading a TW cell
    return Quantity(
        raw=quantity.raw,
        value=quantity.value,
        unit=unit,
        unit_text=unit_text,
        unit_inferred=True,
        note=quantity.note,
        problem=quantity.problem,
        source=quantity.source,
    )


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Equal value, unit and note (and parts), whatever the spelling or the source."""
    if a.parts or b.parts:
        return (
            len(a.parts) == len(b.parts)
            and a.joiner == b.joiner
            and all(same_quantity(x, y) for x, y in zip(a.parts, b.parts, strict=True))
        )
    return (
        a.value == b.value
        and a.unit == b.unit
        and a.note == b.note
        and (a.problem is None) == (b.problem is None)
    )
