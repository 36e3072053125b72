"""Hypothesis strategies for quantities and whole Renaksi models, shared by the tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Penandatangan,
    Program,
    Quantity,
    Renaksi,
    SasaranStrategis,
    Sifat,
    Source,
    StrayValue,
    SubKegiatan,
    Target,
    Text,
)
from renaksi_xl.core.quantity import ALIASES, normalize_unit

unit_spellings = st.one_of(
    st.none(),
    st.sampled_from(sorted(ALIASES)),
    st.sampled_from(["Lap. Monev", "Koordinasi dan kunsultasi", "TP PKK", "Keg.", "Org", "Rp"]),
    st.from_regex(r"[A-Za-z]{2,8}( [A-Za-z]{2,8})?", fullmatch=True),
)
amounts = st.one_of(
    st.integers(min_value=-(10**14), max_value=10**14).map(Decimal),
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
    ),
)
notes = st.one_of(st.none(), st.from_regex(r"[0-9]{1,2} [a-z]{2,6}", fullmatch=True))
sources = st.one_of(
    st.none(),
    st.builds(Source, line=st.integers(1, 10_000), column=st.one_of(st.none(), st.integers(1, 30))),
    st.builds(
        Source,
        sheet=st.sampled_from(["Kegiatan", "Program", "Renaksi 2020"]),
        cell=st.from_regex(r"[A-Z]{1,2}[1-9][0-9]{0,3}", fullmatch=True),
    ),
)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@st.composite
def simple_quantities(draw: st.DrawFn) -> Quantity:
    """A single number with a unit as a user would write it (no ``raw`` text)."""
    unit_text = draw(unit_spellings)
    return Quantity(
        value=draw(amounts),
        unit=normalize_unit(unit_text) if unit_text else None,
        unit_text=unit_text,
        note=draw(notes),
    )


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    """A single or compound quantity (``25 peserta / 30 kali``)."""
    if draw(st.booleans()):
        return draw(simple_quantities())
    parts = tuple(
        Quantity(value=abs(p.value or Decimal(0)), unit=p.unit, unit_text=p.unit_text)
        for p in draw(st.lists(simple_quantities(), min_size=2, max_size=3))
    )
    return Quantity(parts=parts, joiner=draw(st.sampled_from(["/", "x"])))


located_quantities = st.builds(
    Quantity,
    raw=words,
    value=st.one_of(st.none(), amounts),
    unit=st.one_of(st.none(), st.sampled_from(sorted(set(ALIASES.values())))),
    unit_text=st.one_of(st.none(), words),
    unit_inferred=st.booleans(),
    note=st.one_of(st.none(), words),
    problem=st.one_of(st.none(), words),
    source=sources,
)
texts = st.builds(Text, value=words, source=sources)
targets = st.builds(
    Target,
    tahunan=located_quantities,
    triwulan=st.tuples(*[located_quantities] * 4),
    sifat=st.one_of(st.none(), st.sampled_from(Sifat)),
    sifat_inferred=st.booleans(),
)
indikators = st.builds(Indikator, nama=texts, target=targets)
strays = st.lists(st.builds(StrayValue, header=words, text=texts), max_size=2).map(tuple)
codes = st.one_of(
    st.none(),
    st.from_regex(r"[0-9]\.[0-9]{2}\.[0-9]{2}(\.[0-9]\.[0-9]{2}(\.[0-9]{4})?)?", fullmatch=True),
)
aksis = st.builds(Aksi, nama=texts, indikator=indikators, kode=codes, source=sources, stray=strays)
sub_kegiatans = st.builds(
    SubKegiatan,
    nama=texts,
    indikator=indikators,
    kode=codes,
    pagu=located_quantities,
    anggaran_triwulan=st.one_of(st.just(()), st.tuples(*[located_quantities] * 4)),
    aksi=st.lists(aksis, max_size=1).map(tuple),
    nomor=st.one_of(st.none(), words),
    source=sources,
    stray=strays,
)
kegiatans = st.builds(
    Kegiatan,
    nama=texts,
    indikator=indikators,
    anggaran=located_quantities,
    aksi=st.lists(aksis, max_size=3).map(tuple),
    anggaran_triwulan=st.one_of(st.just(()), st.tuples(*[located_quantities] * 4)),
    nomor=st.one_of(st.none(), words),
    kode=codes,
    source=sources,
    stray=strays,
    sub_kegiatan=st.lists(sub_kegiatans, max_size=1).map(tuple),
    pagu_tertulis=st.one_of(st.none(), located_quantities),
)
programs = st.builds(
    Program,
    nama=texts,
    indikator=st.lists(indikators, max_size=2).map(tuple),
    kegiatan=st.lists(kegiatans, max_size=3).map(tuple),
    nomor=st.one_of(st.none(), words),
    kode=codes,
    judul_kegiatan=st.one_of(st.none(), texts),
    subtotal_tertulis=st.one_of(st.none(), located_quantities),
    source=sources,
    stray=strays,
)
renaksis = st.builds(
    Renaksi,
    opd=st.one_of(st.none(), texts),
    tahun=st.one_of(st.none(), st.integers(2000, 2100)),
    judul=st.one_of(st.none(), texts),
    sasaran=st.lists(
        st.builds(
            SasaranStrategis,
            nama=texts,
            indikator=st.lists(indikators, max_size=2).map(tuple),
            nomor=st.one_of(st.none(), words),
            source=sources,
        ),
        max_size=2,
    ).map(tuple),
    program=st.lists(programs, max_size=3).map(tuple),
    total_tertulis=st.one_of(st.none(), located_quantities),
    penandatangan=st.builds(
        Penandatangan,
        tempat=st.one_of(st.none(), texts),
        tanggal=st.one_of(st.none(), texts),
        jabatan=st.one_of(st.none(), texts),
        nama=st.one_of(st.none(), texts),
        pangkat=st.one_of(st.none(), texts),
        nip=st.one_of(st.none(), texts),
    ),
    tak_dikenal=st.lists(texts, max_size=2).map(tuple),
    sumber=st.one_of(st.none(), words),
)


# --- documents a user could really write: what the workbook round trip must preserve --------

plain_names = st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){0,4}", fullmatch=True)
unit_choices = st.sampled_from(["Jenis", "Keg.", "%", "Org", "bh", "Lap. Monev", "unit", "Dokumen"])
small_amounts = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(Decimal),
    st.decimals(min_value=0, max_value=10**4, places=1, allow_nan=False, allow_infinity=False),
)


def _quarter(draw: st.DrawFn, unit: str, unit_text: str) -> Quantity:
    kind = draw(st.sampled_from(["kosong", "angka", "angka", "satuan lain"]))
    if kind == "kosong":
        return Quantity()
    value = draw(small_amounts)
    if kind == "angka":
        return Quantity(value=value, unit=unit, unit_text=unit_text, unit_inferred=True)
    return Quantity(value=value, unit="orang", unit_text="orang")


@st.composite
def realistic_targets(draw: st.DrawFn) -> Target:
    """An annual target with a unit (or a compound one) and TW values that are bare numbers
    in that unit, blank, or now and then written with another unit."""
    if draw(st.integers(0, 9)) == 0:
        parts = tuple(
            Quantity(
                value=draw(small_amounts).quantize(Decimal(1)), unit=normalize_unit(u), unit_text=u
            )
            for u in ("Peserta", "Kali")
        )
        annual = Quantity(parts=parts, joiner="/")
        quarters = tuple(
            Quantity(parts=parts, joiner="/") if draw(st.booleans()) else Quantity()
            for _ in range(4)
        )
    else:
        unit_text = draw(unit_choices)
        unit = normalize_unit(unit_text)
        annual = Quantity(value=draw(small_amounts), unit=unit, unit_text=unit_text)
        quarters = tuple(_quarter(draw, unit, unit_text) for _ in range(4))
    sifat = draw(st.one_of(st.none(), st.sampled_from(Sifat)))
    return Target(annual, quarters, sifat)  # type: ignore[arg-type]


realistic_indikators = st.builds(
    Indikator, nama=st.builds(Text, value=plain_names), target=realistic_targets()
)


@st.composite
def realistic_renaksis(draw: st.DrawFn) -> Renaksi:
    """A whole document as a planning office would fill the template."""
    programs = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        name = f"{draw(plain_names)} {number}"
        kegiatan = []
        for k_number in range(1, draw(st.integers(0, 3)) + 1):
            aksi = tuple(
                Aksi(nama=Text(draw(plain_names)), indikator=draw(realistic_indikators))
                for _ in range(draw(st.integers(0, 3)))
            )
            kegiatan.append(
                Kegiatan(
                    nama=Text(draw(plain_names)),
                    indikator=draw(realistic_indikators),
                    anggaran=Quantity(
                        value=Decimal(draw(st.integers(0, 10**12))),
                        unit="rupiah",
                        unit_text="Rp",
                        unit_inferred=True,
                    ),
                    aksi=aksi,
                    nomor=str(k_number),
                )
            )
        programs.append(
            Program(
                nama=Text(name),
                indikator=tuple(draw(st.lists(realistic_indikators, min_size=1, max_size=2))),
                kegiatan=tuple(kegiatan),
                nomor=str(number),
                judul_kegiatan=Text(name.upper()) if kegiatan else None,
            )
        )
    sasaran = tuple(
        SasaranStrategis(
            nama=Text(draw(plain_names)),
            indikator=tuple(draw(st.lists(realistic_indikators, min_size=1, max_size=2))),
            nomor=str(n),
        )
        for n in range(1, draw(st.integers(1, 2)) + 1)
    )
    signer = draw(
        st.sampled_from(
            [
                Penandatangan(),
                Penandatangan(
                    tempat=Text("Gresik"),
                    tanggal=Text("4 Januari 2021"),
                    jabatan=Text("CAMAT SIDAYU"),
                    nama=Text("NURYADI, S.Pd. MM"),
                    pangkat=Text("Pembina Tk. I"),
                    nip=Text("19671020 198803 1 009"),
                ),
            ]
        )
    )
    year = draw(st.integers(2020, 2030))
    return Renaksi(
        opd=Text(f"Kecamatan {draw(plain_names)}"),
        tahun=year,
        judul=Text(f"RENCANA AKSI PERJANJIAN KINERJA TAHUN {year}"),
        sasaran=sasaran,
        program=tuple(programs),
        penandatangan=signer,
    )


# --- documents in today's shape (Permendagri 90/2019) whose every amount adds up ------------


@st.composite
def current_renaksis(draw: st.DrawFn) -> Renaksi:
    """A document in today's shape that is right everywhere: codes extend their parent's,
    each sub kegiatan's Rp per TW add up to its pagu (``-`` where nothing is planned), the
    pagu stated on every kegiatan and program and the total are the sums of their sub
    kegiatan, K per TW add up to the annual target. Every value has its own text line."""
    lines = iter(range(1, 10_000))

    def at(column: int, line: int) -> Source:
        return Source(line=line, column=column)

    def rupiah_cell(value: int, column: int, line: int) -> Quantity:
        if value == 0:
            return Quantity(raw="-", source=at(column, line))
        return Quantity(
            raw=f"{value:,}".replace(",", "."), value=Decimal(value), source=at(column, line)
        )

    def counts(line: int, unit: str) -> Target:
        values = draw(st.lists(st.integers(0, 6), min_size=4, max_size=4).filter(any))
        quarters = tuple(
            Quantity(
                raw=str(v), value=Decimal(v), unit=unit, unit_text=unit, source=at(7 + 2 * i, line)
            )
            if v
            else Quantity(raw="-", source=at(7 + 2 * i, line))
            for i, v in enumerate(values)
        )
        annual = Quantity(
            raw=str(sum(values)),
            value=Decimal(sum(values)),
            unit=unit,
            unit_text=unit,
            source=at(5, line),
        )
        return Target(annual, quarters, Sifat.PER_TRIWULAN)  # type: ignore[arg-type]

    def stated(value: int, line: int) -> Quantity:
        return Quantity(
            raw=f" {value:,} ".replace(",", "."), value=Decimal(value), source=at(15, line)
        )

    programs = []
    grand = 0
    for p in range(1, draw(st.integers(1, 3)) + 1):
        p_line = next(lines)
        p_code = f"7.01.{p:02d}"
        kegiatan = []
        p_total = 0
        for k in range(1, draw(st.integers(1, 3)) + 1):
            k_line = next(lines)
            k_code = f"{p_code}.2.{k:02d}"
            subs = []
            for s in range(1, draw(st.integers(1, 3)) + 1):
                s_line = next(lines)
                plan = draw(
                    st.lists(
                        st.one_of(st.just(0), st.integers(1, 10**9)), min_size=4, max_size=4
                    ).filter(any)
                )
                subs.append(
                    SubKegiatan(
                        Text(f"Sub kegiatan {s}", at(2, s_line)),
                        Indikator(
                            Text(f"Jumlah laporan {s}", at(3, s_line)), counts(s_line, "laporan")
                        ),
                        kode=f"{k_code}.{s:04d}",
                        pagu=rupiah_cell(sum(plan), 15, s_line),
                        anggaran_triwulan=tuple(
                            rupiah_cell(v, 8 + 2 * i, s_line) for i, v in enumerate(plan)
                        ),
                        nomor=str(s),
                        source=at(2, s_line),
                    )
                )
            k_total = sum(int(sub.pagu.value or 0) for sub in subs)
            p_total += k_total
            kegiatan.append(
                Kegiatan(
                    Text(f"Kegiatan {k}", at(2, k_line)),
                    Indikator(
                        Text(f"Jumlah dokumen {k}", at(3, k_line)), counts(k_line, "dokumen")
                    ),
                    nomor=str(k),
                    kode=k_code,
                    source=at(2, k_line),
                    sub_kegiatan=tuple(subs),
                    pagu_tertulis=stated(k_total, k_line),
                )
            )
        grand += p_total
        name = Text(f"PROGRAM UJI {p}", at(2, p_line))
        programs.append(
            Program(
                name,
                (Indikator(Text("Persentase layanan", at(3, p_line)), counts(p_line, "kegiatan")),),
                tuple(kegiatan),
                nomor=str(p),
                kode=p_code,
                judul_kegiatan=name,
                subtotal_tertulis=stated(p_total, p_line),
                source=at(2, p_line),
            )
        )
    total_line = next(lines)
    sasaran = SasaranStrategis(
        nama=Text("Meningkatnya kualitas pelayanan publik"),
        indikator=(Indikator(Text("Indeks kepuasan masyarakat"), counts(total_line, "kegiatan")),),
        nomor="1",
    )
    return Renaksi(
        opd=Text("KECAMATAN UJI"),
        tahun=2027,
        sasaran=(sasaran,),
        program=tuple(programs),
        total_tertulis=stated(grand, total_line),
        penandatangan=Penandatangan(
            tempat=Text("Sukamaju"),
            tanggal=Text("5 Januari 2027"),
            jabatan=Text("CAMAT UJI"),
            nama=Text("BUDI SANTOSO, S.Sos"),
            pangkat=Text("Pembina"),
            nip=Text("19671020 198803 1 009"),
        ),
    )
