"""The package: an ``.xlsx``/``.xlsm`` read part by part, some parts changed, added or
removed, and written elsewhere with every other part copied as it was."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from renaksi_xl.berkas.xlsxpatch import workbook as wb
from renaksi_xl.berkas.xlsxpatch.sheet import SheetXml
from renaksi_xl.berkas.xlsxpatch.styles import CellStyle, with_cell_styles
from renaksi_xl.berkas.xlsxpatch.xmltext import RELATIONSHIPS_NS, PackageError, joined_text

WORKSHEET_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CALC_CHAIN_RELATIONSHIP = f"{RELATIONSHIPS_NS}/calcChain"
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
# fast deflate: the files are small, and saving is what the user waits for
COMPRESS_LEVEL = 1


class Package:
    """An ``.xlsx``/``.xlsm`` opened for changing some of its parts and saving it elsewhere;
    parts are read when needed, and the others copied one at a time on saving."""

    def __init__(self, path: Path) -> None:
        from renaksi_xl.berkas.guard import open_zip

        self._archive = open_zip(path)
        try:
            self._infos = self._archive.infolist()
            self._names = {info.filename for info in self._infos}
            self._load()
        except BaseException:
            self._archive.close()
            raise

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the source file."""
        self._archive.close()

    def _load(self) -> None:
        self._sheets: dict[str, SheetXml] = {}
        self._replaced: dict[str, bytes] = {}
        self._removed: set[str] = set()
        self._workbook = self._text(_WORKBOOK)
        self._relationships = self._text(_WORKBOOK_RELATIONSHIPS)
        self._sheet_parts = self._find_sheet_parts()

    def _text(self, name: str) -> str:
        if name in self._replaced:
            return self._replaced[name].decode("utf-8")
        if name not in self._names:
            raise PackageError(f"bagian {name} tidak ada di buku kerja")
        return self._archive.read(name).decode("utf-8")

    def _find_sheet_parts(self) -> dict[str, str]:
        targets = {
            r.get("Id", ""): r["Target"]
            for r in wb.read_relationships(self._relationships, _WORKBOOK)
            if r.get("Type") == wb.WORKSHEET_RELATIONSHIP
        }
        return {
            name: targets[relationship]
            for name, relationship in wb.sheet_relationships(self._workbook).items()
            if relationship in targets
        }

    # worksheets

    @property
    def sheet_names(self) -> list[str]:
        """The worksheets' names in workbook order."""
        return list(self._sheet_parts)

    def sheet_part(self, name: str) -> str:
        """The part holding the worksheet ``name``."""
        if name not in self._sheet_parts:
            raise PackageError(f"lembar '{name}' tidak ada")
        return self._sheet_parts[name]

    def sheet(self, name: str) -> SheetXml:
        """The worksheet called ``name``, parsed once."""
        if name not in self._sheets:
            self._sheets[name] = SheetXml(self._text(self.sheet_part(name)))
        return self._sheets[name]

    def put_sheet(self, name: str, xml: str) -> None:
        """Replace the worksheet ``name`` with ``xml``, or add it after the others."""
        part = self._sheet_parts.get(name)
        if part is None:
            part = self._add_sheet(name)
        self._sheets.pop(name, None)
        self._replaced[part] = xml.encode("utf-8")

    def _add_sheet(self, name: str, state: str | None = None) -> str:
        existing = self._names | set(self._replaced)
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in existing:
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        self._relationships, relationship = wb.with_relationship(
            self._relationships, wb.WORKSHEET_RELATIONSHIP, f"/{part}"
        )
        self._workbook = wb.with_sheet(self._workbook, name, relationship, state)
        self._declare(part, WORKSHEET_CONTENT_TYPE)
        self._sheet_parts[name] = part
        return part

    def cell_text(self, sheet: str, coordinate: str) -> str | None:
        """The text a cell shows when it holds text (inline, shared or a formula's), for
        recognising a sheet by its content; None for numbers and blanks."""
        return self.sheet(sheet).text(coordinate, self._shared_strings)

    def _shared_strings(self) -> list[str]:
        part = next(
            (
                r["Target"]
                for r in self.relationships(_WORKBOOK)
                if r.get("Type", "").endswith("/sharedStrings")
            ),
            None,
        )
        if part is None or not self.has_part(part):
            return []
        return [
            joined_text(si) for si in re.findall(r"<si>(.*?)</si>", self.part_text(part), re.DOTALL)
        ]

    # the tool's own sheets, told by a sheet-scoped name (renaksi_xl.berkas.flags, hitung)

    def own_sheets(self) -> dict[str, str]:
        """The sheets this tool wrote, by name, with what each is (``hasil``, ``tanda``,
        ``capaian``): told by the sheet-scoped name :data:`OWN_SHEET_MARK`, which Excel and
        LibreOffice keep, never by the sheet's name, which a user may also choose."""
        return wb.own_sheets(self._workbook, self.sheet_names)

    def add_own_sheet(self, base: str, xml: str, kind: str, *, state: str | None = None) -> str:
        """Add the worksheet ``xml`` after the others under ``base`` or, when a sheet is
        called so already (ignoring case, as Excel does), ``base (2)`` and so on; mark it
        as this tool's (``kind``) and return the name given."""
        name = wb.free_sheet_name(base, self.sheet_names)
        self._add_sheet(name, state)
        self.put_sheet(name, xml)
        self.add_defined_name(wb.OWN_SHEET_MARK, f'"{kind}"', len(self.sheet_names) - 1)
        return name

    def replace_own_sheet(self, name: str, xml: str) -> None:
        """Rewrite the worksheet ``name`` as ``xml``, dropping what hung from the old one
        (a note a user put there: its comments and VML parts and their relationships)."""
        part = self.sheet_part(name)
        self._remove_related(part)
        self.put_sheet(name, xml)

    def remove_sheet(self, name: str) -> None:
        """Remove the worksheet ``name`` with what only it used; the scoped names of the
        sheets after it are re-indexed and its own dropped, and no other sheet is touched."""
        part = self.sheet_part(name)
        self._workbook, relationship = wb.without_sheet(self._workbook, name)
        self._relationships = wb.without_relationship(self._relationships, relationship)
        del self._sheet_parts[name]
        self._sheets.pop(name, None)
        self._remove_related(part)
        self.remove_part(part)

    # the workbook's names and styles

    def add_defined_name(self, name: str, text: str, sheet_index: int | None = None) -> None:
        """Define ``name`` as ``text`` (a formula without ``=``), scoped to the sheet at
        ``sheet_index`` when given; names starting ``_`` other than print settings are
        hidden."""
        self._workbook = wb.with_defined_name(self._workbook, name, text, sheet_index)

    def set_print_titles(self, name: str, first_row: int, last_row: int) -> None:
        """Repeat rows ``first_row``–``last_row`` of the sheet ``name`` at the top of every
        printed page (the workbook name ``_xlnm.Print_Titles`` local to that sheet)."""
        self._workbook = wb.with_print_titles(self._workbook, name, first_row, last_row)

    def add_cell_styles(self, styles: Sequence[CellStyle]) -> list[int]:
        """The ``s`` index of each style, adding to ``xl/styles.xml`` those it lacks (a
        style this module added before is found again, so reruns do not pile them up)."""
        xml, indices = with_cell_styles(self._text("xl/styles.xml"), styles)
        self._replaced["xl/styles.xml"] = xml.encode("utf-8")
        return indices

    # parts and relationships, for marking and notes (renaksi_xl.berkas.flags, xlsxnotes)

    def part_names(self) -> list[str]:
        """Every part the saved package will have."""
        names = [i.filename for i in self._infos if i.filename not in self._removed]
        return names + [n for n in self._replaced if n not in self._names]

    def has_part(self, name: str) -> bool:
        """Whether the package (as it will be saved) has the part ``name``."""
        return name not in self._removed and (name in self._names or name in self._replaced)

    def part_text(self, name: str) -> str:
        """The part ``name`` as text, with the changes made so far."""
        if name in self._removed:
            raise PackageError(f"bagian {name} tidak ada di buku kerja")
        return self._text(name)

    def put_part(self, name: str, text: str, content_type: str | None = None) -> None:
        """Write the part ``name``, declaring its content type when it has none yet."""
        self._removed.discard(name)
        self._replaced[name] = text.encode("utf-8")
        if content_type is not None:
            self._declare(name, content_type)

    def _declare(self, name: str, content_type: str) -> None:
        """Give the part ``name`` its content type, unless it has one."""
        types = self._text(_CONTENT_TYPES)
        if f'PartName="/{name}"' not in types:
            types = types.replace(
                "</Types>",
                f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>',
            )
            self._replaced[_CONTENT_TYPES] = types.encode("utf-8")

    def remove_part(self, name: str) -> None:
        """Leave the part ``name`` (and its content type) out of the saved package."""
        self._replaced.pop(name, None)
        if name in self._names:
            self._removed.add(name)
        types = self._text(_CONTENT_TYPES)
        pruned = re.sub(rf'<Override\b[^>]*?PartName="/{re.escape(name)}"[^>]*?/>', "", types)
        if pruned != types:
            self._replaced[_CONTENT_TYPES] = pruned.encode("utf-8")

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The relationships of ``part`` (attributes, with ``Target`` resolved to a part
        name for internal targets)."""
        rels = wb.relationships_part(part)
        if not self.has_part(rels):
            return []
        return wb.read_relationships(self.part_text(rels), part)

    def add_relationship(self, part: str, kind: str, target: str) -> str:
        """Relate ``part`` to the part ``target``; returns the new relationship's id."""
        rels = wb.relationships_part(part)
        text = self.part_text(rels) if self.has_part(rels) else wb.empty_relationships()
        relative = posixpath.relpath(target, posixpath.dirname(part))
        text, identifier = wb.with_relationship(text, kind, relative)
        self.put_part(rels, text)
        return identifier

    def remove_relationship(self, part: str, identifier: str) -> None:
        """Drop the relationship ``identifier`` of ``part`` (and the relationships part when
        none is left)."""
        rels = wb.relationships_part(part)
        if not self.has_part(rels):
            return
        text = wb.without_relationship(self.part_text(rels), identifier)
        if wb.has_relationships(text):
            self.put_part(rels, text)
        else:
            self.remove_part(rels)

    def _remove_related(self, part: str) -> None:
        """Drop ``part``'s relationships and the parts only they pointed to."""
        rels = wb.relationships_part(part)
        if not self.has_part(rels):
            return
        targets = [r["Target"] for r in self.relationships(part) if "TargetMode" not in r]
        self.remove_part(rels)
        still = {
            r["Target"]
            for other in self.part_names()
            if other.endswith(".rels")
            for r in self.relationships(wb.source_of(other))
            if "TargetMode" not in r
        }
        for target in targets:
            if target not in still and self.has_part(target):
                self._remove_related(target)
                self.remove_part(target)

    # saving

    def save(self, path: Path) -> None:
        """Write the package to ``path`` with the changed parts, without the calculation
        chain (Excel rebuilds it; a stale one makes Excel repair the file)."""
        for name, sheet in self._sheets.items():
            if sheet.changed:
                self._replaced[self._sheet_parts[name]] = sheet.to_xml().encode("utf-8")
        self._drop_calc_chain()
        self._replaced[_WORKBOOK] = self._workbook.encode("utf-8")
        self._replaced[_WORKBOOK_RELATIONSHIPS] = self._relationships.encode("utf-8")
        if "docProps/core.xml" in self._names:
            self._replaced["docProps/core.xml"] = _modified_now(
                self._text("docProps/core.xml")
            ).encode("utf-8")
        written = set()
        with zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        ) as archive:
            for info in self._infos:
                if info.filename in self._removed:
                    continue
                name = info.filename
                data = self._replaced[name] if name in self._replaced else self._archive.read(info)
                entry = zipfile.ZipInfo(name, info.date_time)  # the source's own stays as read
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                archive.writestr(entry, data, compresslevel=COMPRESS_LEVEL)
                written.add(name)
            for name, data in self._replaced.items():
                if name not in written:
                    archive.writestr(name, data, compresslevel=COMPRESS_LEVEL)

    def _drop_calc_chain(self) -> None:
        part = "xl/calcChain.xml"
        if part not in self._names:
            return
        self.remove_part(part)
        self._relationships = re.sub(
            rf'<Relationship\b[^>]*?Type="{re.escape(_CALC_CHAIN_RELATIONSHIP)}"[^>]*?/>',
            "",
            self._relationships,
        )


def _modified_now(core: str) -> str:
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return re.sub(
        r"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", core
    )
