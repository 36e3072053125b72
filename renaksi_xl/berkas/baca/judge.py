"""Recognising a table before reading it: map its columns to roles (the Kegiatan table's
unnamed indicator and target columns by the rows they are filled on) and judge whether it
is a Renaksi plan; refuse what is not.

Documents that look like a Renaksi but are not one — the quarterly *Realisasi Kinerja*
report, the *Evaluasi Renja/RKPD* — have the same names, indicators and quarter columns;
only their headers say that the quarter figures are results, not targets. Reading them as
plans would give confident wrong figures, so what is not a plan, or what cannot be mapped
with confidence, is refused with the reasons as data.
"""

from __future__ import annotations

from collections.abc import Sequence

from renaksi_xl.berkas.baca.captions import caption_levels, column_role, header_block_at, table_kind
from renaksi_xl.berkas.baca.tablemap import (
    FOREIGN,
    QUARTERS,
    ROLE_LABELS,
    ColumnMap,
    NotAPlanError,
    Reason,
    Role,
    TableKind,
    TableMap,
    refusal_message,
    unique,
)
from renaksi_xl.berkas.grid import GridRow

# roles a second column may also claim without making the table ambiguous
_MAY_REPEAT = FOREIGN | {Role.NO, Role.PENANGGUNG_JAWAB, Role.CEK}


def recognise_table(
    kind: TableKind, rows: Sequence[GridRow], index: int, end: int | None = None
) -> TableMap:
    """Map the columns of the table whose header row is ``rows[index]`` and judge it;
    ``end``: where the next table's header is, when the caller knows (else it is found)."""
    header_block, numbering, first = header_block_at(rows, index)
    levels = caption_levels(header_block)
    width = max(len(r.cells) for r in (*header_block, *numbering))
    captions = [" / ".join(unique(level[c] for level in levels if level[c])) for c in range(width)]
    claims = [column_role(kind, [level[c] for level in levels]) for c in range(width)]
    if end is None or end < first:
        end = next(
            (i for i in range(first, len(rows)) if table_kind(rows[i]) is not None), len(rows)
        )
    roles = _resolve(kind, claims, captions, rows[first:end])
    columns = tuple(
        ColumnMap(
            c,
            captions[c] or f"kolom {c + 1}",
            roles.get(c),
            " ".join(t for row in header_block if (t := row.text(c))) or f"kolom {c + 1}",
        )
        for c in range(width)
    )
    header_rows = tuple(_row_number(r) for r in (*header_block, *numbering))
    table = TableMap(kind, rows[index].source, tuple(sorted(header_rows)), first, columns)
    return _judge(table)


def refuse(tables: Sequence[TableMap]) -> None:
    """Raise :class:`NotAPlanError` for the first table that is not a plan, if any, or when
    no table at all has a target per quarter (a plan without a schedule is no Renaksi)."""
    for table in tables:
        if not table.is_plan:
            raise NotAPlanError(refusal_message(table), tables=tables, source=table.source)
    if tables and not any(all(q in t.roles for q in QUARTERS) for t in tables):
        raise NotAPlanError(
            "tidak ada kolom target per triwulan (TW I–IV) di tabel mana pun: dokumen ini "
            "bukan Rencana Aksi (mungkin Perjanjian Kinerja atau Renja, yang hanya memuat "
            "target tahunan)",
            tables=tables,
            source=tables[0].source,
        )


def _resolve(
    kind: TableKind,
    claims: Sequence[Role | None],
    captions: Sequence[str],
    data: Sequence[GridRow],
) -> dict[int, Role]:
    """Columns → roles. In the Kegiatan table an indicator or target column not named for
    either level belongs to the level whose name is written on the same rows (so column
    order does not matter); without data, to the level whose name column is left of it."""
    roles = {c: r for c, r in enumerate(claims) if r is not None}
    if kind is not TableKind.KEGIATAN:
        return roles
    name = next((c for c, r in roles.items() if r is Role.NAMA), None)
    aksi = next((c for c, r in roles.items() if r is Role.AKSI), None)
    for plain, of_aksi in ((Role.INDIKATOR, Role.AKSI_INDIKATOR), (Role.TARGET, Role.AKSI_TARGET)):
        open_columns = [c for c, r in roles.items() if r is plain]
        if aksi is None or not open_columns:
            continue
        if of_aksi in roles.values():
            continue  # the aksi's column is named: every plain one is the kegiatan's
        scored = sorted(
            open_columns, key=lambda c: (_level_score(data, c, name, aksi), -c), reverse=True
        )
        if len(open_columns) == 1:
            score = _level_score(data, open_columns[0], name, aksi)
            if score < 0 or (score == 0 and open_columns[0] > aksi):
                roles[open_columns[0]] = of_aksi
            continue
        if _level_score(data, scored[-1], name, aksi) == _level_score(data, scored[0], name, aksi):
            scored = sorted(open_columns)  # no evidence: the left one is the kegiatan's
        roles[scored[-1]] = of_aksi
    return roles


def _level_score(data: Sequence[GridRow], column: int, name: int | None, aksi: int) -> int:
    """Rows where the column is filled beside a kegiatan name, minus those beside an aksi."""
    score = 0
    for row in data:
        if not row.text(column):
            continue
        if name is not None and row.text(name):
            score += 1
        elif row.text(aksi):
            score -= 1
    return score


REQUIRED: dict[TableKind, tuple[Role, ...]] = {
    TableKind.SASARAN: (Role.NAMA, Role.INDIKATOR, Role.TARGET, *QUARTERS),
    TableKind.PROGRAM: (Role.NAMA, Role.INDIKATOR, Role.TARGET, *QUARTERS),
    TableKind.KEGIATAN: (Role.NAMA, *QUARTERS),
}


def _judge(table: TableMap) -> TableMap:
    roles: dict[Role, int] = {}
    claimed: dict[Role, list[ColumnMap]] = {}
    for column in table.columns:
        if column.role is not None:
            claimed.setdefault(column.role, []).append(column)
            roles.setdefault(column.role, column.index)
    reasons: list[Reason] = []
    required = REQUIRED[table.kind]
    if Role.NAMA not in roles:
        name = "SASARAN STRATEGIS" if table.kind is TableKind.SASARAN else table.kind.value.upper()
        reasons.append(Reason("tanpa_nama", f"tidak ada kolom nama ({name})", (Role.NAMA,)))
    missing_quarters = tuple(q for q in QUARTERS if q not in roles)
    foreign = [c for c in table.columns if c.role in FOREIGN]
    # A Sasaran or Program table may give annual targets only (the document's quarters are
    # then in its other tables: see refuse()); some quarters but not all is a misread header
    if missing_quarters and (
        len(missing_quarters) < 4 or table.kind is TableKind.KEGIATAN or foreign
    ):
        text = (
            "tidak ada kolom target per triwulan"
            if len(missing_quarters) == 4
            else "tidak ada kolom " + ", ".join(ROLE_LABELS[q] for q in missing_quarters)
        )
        reasons.append(Reason("tanpa_target_triwulan", text, missing_quarters))
    others = [r for r in required if r not in roles and r is not Role.NAMA and r not in QUARTERS]
    if table.kind is TableKind.KEGIATAN:
        if Role.INDIKATOR not in roles and Role.AKSI_INDIKATOR not in roles:
            others.append(Role.INDIKATOR)
        if Role.TARGET not in roles and Role.AKSI_TARGET not in roles:
            others.append(Role.TARGET)
    if others:
        reasons.append(
            Reason(
                "peran_hilang",
                "tidak ada kolom " + ", ".join(ROLE_LABELS[r] for r in others),
                tuple(others),
            )
        )
    for role, columns in claimed.items():
        if len(columns) > 1 and role not in _MAY_REPEAT:
            headers = tuple(c.header for c in columns)
            reasons.append(
                Reason(
                    "peran_ganda",
                    f"kolom {' dan '.join(repr(h) for h in headers)} sama-sama tampak sebagai "
                    f"{ROLE_LABELS[role]}; tidak jelas mana yang dipakai",
                    (role,),
                    headers,
                )
            )
    dokumen = None
    if foreign and (missing_quarters or Role.TARGET not in roles):
        kinds = {c.role for c in foreign}
        dokumen = (
            "evaluasi hasil Renja/RKPD"
            if kinds & {Role.RENSTRA, Role.RKPD, Role.CAPAIAN, Role.EVALUASI}
            else "laporan realisasi triwulan"
        )
        if not any(r.code == "tanpa_target_triwulan" for r in reasons):
            reasons.append(Reason("tanpa_target_triwulan", "tidak ada kolom target per triwulan"))
    return TableMap(
        table.kind,
        table.source,
        table.header_rows,
        table.first_data_row,
        table.columns,
        tuple(reasons),
        dokumen,
        roles,
    )


def _row_number(row: GridRow) -> int:
    if row.number:
        return row.number
    if row.source.line is not None:
        return row.source.line
    cell = row.source.cell or ""
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0
