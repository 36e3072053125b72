"""Programs of the Program table joined with the Kegiatan table's sections: the fast
matching (identical names first, then only the rest compared) joins exactly as comparing
every program with every header, most alike first, would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from renaksi_xl.berkas.baca.items import Section, match_sections
from renaksi_xl.berkas.baca.levels import MATCH_RATIO, ratio, squash
from renaksi_xl.core.model import Text

WORDS = ("program", "pelayanan", "administrasi", "perkantoran", "umum", "kapasitas", "sarana")


def _all_pairs(names: list[str], headers: list[str | None]) -> dict[int, int]:
    """Every program against every header, the most alike pair joined first (between
    equals the earlier program and the later section)."""
    pairs = [
        (ratio(squash(name), squash(header)), program, index)
        for program, name in enumerate(names)
        for index, header in enumerate(headers)
        if header is not None
    ]
    matched: dict[int, int] = {}
    for score, program, index in sorted(pairs, key=lambda p: (-p[0], p[1], -p[2])):
        if score >= MATCH_RATIO and program not in matched and index not in matched.values():
            matched[program] = index
    return matched


_name = st.builds(
    lambda words, upper, cut: (" ".join(words).upper() if upper else " ".join(words))[cut:],
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    st.booleans(),
    st.integers(0, 2),
)


@given(
    st.lists(_name, min_size=1, max_size=5).flatmap(
        lambda pool: st.tuples(
            st.lists(st.sampled_from(pool) | _name, max_size=7),
            st.lists(st.none() | st.sampled_from(pool) | _name, max_size=7),
        )
    )
)
def test_sections_join_as_comparing_every_pair_most_alike_first(
    names_and_headers: tuple[list[str], list[str | None]],
) -> None:
    names, headers = names_and_headers
    sections = [Section(Text(h) if h is not None else None, None, None, ()) for h in headers]
    assert match_sections(names, sections) == _all_pairs(names, headers)


def test_a_later_program_named_exactly_takes_its_section_from_an_earlier_one_alike() -> None:
    names = ["Program Pelayanan Kantor 2", "Program Pelayanan Kantor 3"]
    sections = [Section(Text("PROGRAM PELAYANAN KANTOR 3"), None, None, ())]
    assert match_sections(names, sections) == {1: 0}
