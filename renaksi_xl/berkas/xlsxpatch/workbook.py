"""The workbook's own parts as text: ``xl/workbook.xml`` (its sheets, defined names and
views) and relationships parts, each edit returning the changed text."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from html import unescape

from renaksi_xl.berkas.xlsxpatch.xmltext import (
    PACKAGE_RELATIONSHIPS_NS,
    RELATIONSHIPS_NS,
    PackageError,
    attributes,
    escape,
    quoteattr,
)

OWN_SHEET_MARK = "_RenaksiXL_Lembar"
"""The hidden sheet-scoped name whose value (``"hasil"``, ``"tanda"``, ``"capaian"``)
marks a sheet this tool wrote."""
WORKSHEET_RELATIONSHIP = f"{RELATIONSHIPS_NS}/worksheet"

_SHEET = re.compile(r"<sheet\b([^>]*?)/?>")
_RELATIONSHIP = re.compile(r"<Relationship\b([^>]*?)/?>")
_DEFINED_NAME = re.compile(r"<definedName\b([^>]*?)(?:/>|>(.*?)</definedName>)", re.DOTALL)
# what follows <definedNames> in a workbook, in the schema's order
_AFTER_DEFINED_NAMES = re.compile(
    r"<(?:calcPr|oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|"
    r"webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>"
)


def relationships_part(part: str) -> str:
    """``xl/worksheets/_rels/sheet1.xml.rels`` for ``xl/worksheets/sheet1.xml``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def source_of(rels: str) -> str:
    """``xl/worksheets/sheet1.xml`` for ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def resolve_target(part: str, target: str) -> str:
    """The part name a relationship of ``part`` points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def read_relationships(text: str, part: str) -> list[dict[str, str]]:
    """The relationships in ``text``, the relationships part of ``part`` (attributes, with
    ``Target`` resolved to a part name for internal targets)."""
    found = []
    for match in _RELATIONSHIP.finditer(text):
        given = attributes(match.group(1))
        if given.get("TargetMode") != "External":
            given["Target"] = resolve_target(part, given.get("Target", ""))
        found.append(given)
    return found


def empty_relationships() -> str:
    """A relationships part with no relationship yet."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS_NS}"></Relationships>'
    )


def with_relationship(text: str, kind: str, target: str) -> tuple[str, str]:
    """The relationships part ``text`` with one more, of type ``kind`` to ``target`` (as
    written), under the first free ``rIdN``; and that id."""
    ids = set(re.findall(r'\bId="([^"]*)"', text))
    index = 1
    while f"rId{index}" in ids:
        index += 1
    text = re.sub(r"<Relationships\b([^>]*?)\s*/>", r"<Relationships\1></Relationships>", text)
    text = text.replace(
        "</Relationships>",
        f'<Relationship Id="rId{index}" Type="{kind}" Target={quoteattr(target)}/></Relationships>',
    )
    return text, f"rId{index}"


def without_relationship(text: str, identifier: str) -> str:
    """The relationships part ``text`` without the relationship ``identifier``."""
    return re.sub(
        rf'<Relationship\b[^>]*?\bId="{re.escape(identifier)}"[^>]*?(?:/>|></Relationship>)',
        "",
        text,
    )


def has_relationships(text: str) -> bool:
    """Whether the relationships part ``text`` holds any relationship."""
    return _RELATIONSHIP.search(text) is not None


def free_sheet_name(base: str, taken: Sequence[str]) -> str:
    """``base``, or ``base (2)``, ``base (3)`` … : the first that no sheet in ``taken`` has,
    ignoring case as Excel does, within Excel's 31 characters."""
    lowered = {name.lower() for name in taken}
    candidate, number = base[:31], 2
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    return candidate


def _sheet_entries(workbook: str) -> list[tuple[re.Match[str], dict[str, str]]]:
    """The ``<sheet>`` elements of ``workbook`` in order, with their attributes."""
    return [(m, attributes(m.group(1))) for m in _SHEET.finditer(workbook)]


def _relationship_id(given: dict[str, str]) -> str:
    """The ``r:id`` of a ``<sheet>`` (whatever its prefix is bound to)."""
    return next((v for k, v in given.items() if k.endswith(":id")), "")


def sheet_relationships(workbook: str) -> dict[str, str]:
    """Each sheet's name with the id of its relationship, in workbook order."""
    return {a.get("name", ""): _relationship_id(a) for _, a in _sheet_entries(workbook)}


def with_sheet(workbook: str, name: str, relationship: str, state: str | None = None) -> str:
    """``workbook`` with the sheet ``name`` (related as ``relationship``) after the others,
    ``hidden`` or ``veryHidden`` when ``state`` says so."""
    if "</sheets>" not in workbook:
        raise PackageError("xl/workbook.xml tidak dapat ditambah lembar")
    sheet_ids = [int(i) for i in re.findall(r'<sheet\b[^>]*?\bsheetId="(\d+)"', workbook)]
    shown = f'state="{state}" ' if state is not None else ""
    # the element declares the prefix it uses: the root may not (openpyxl with lxml
    # declares it on each <sheet> instead), and an unbound prefix makes Excel refuse
    return workbook.replace(
        "</sheets>",
        f'<sheet {shown}xmlns:r="{RELATIONSHIPS_NS}" name={quoteattr(name)} '
        f'sheetId="{max(sheet_ids, default=0) + 1}" r:id="{relationship}"/></sheets>',
    )


def without_sheet(workbook: str, name: str) -> tuple[str, str]:
    """``workbook`` without the sheet ``name``: the scoped names of the sheets after it
    re-indexed and its own dropped, references to it made ``#REF!``, the views' sheet
    indices kept in range; and the id of the sheet's relationship."""
    entries = _sheet_entries(workbook)
    index = next(i for i, (_, a) in enumerate(entries) if a.get("name") == name)
    match, given = entries[index]
    end = match.end()
    if not match.group(0).endswith("/>"):
        end = workbook.index("</sheet>", end) + len("</sheet>")
    workbook = workbook[: match.start()] + workbook[end:]
    workbook = _DEFINED_NAME.sub(lambda m: _reindexed(m, index), workbook)
    workbook = _DEFINED_NAME.sub(lambda m: _ref_errors(m, name), workbook)
    workbook = re.sub(r"<definedNames>\s*</definedNames>", "", workbook)
    count = len(entries) - 1

    def view(found: re.Match[str]) -> str:
        def attribute(a: re.Match[str]) -> str:
            value = int(a.group(2))
            if value > index or value >= count:
                value = max(value - 1, 0)
            return f'{a.group(1)}="{value}"'

        return re.sub(r'\b(activeTab|firstSheet)="(\d+)"', attribute, found.group(0))

    return re.sub(r"<workbookView\b[^>]*>", view, workbook), _relationship_id(given)


def with_defined_name(workbook: str, name: str, text: str, sheet_index: int | None) -> str:
    """``workbook`` defining ``name`` as ``text`` (a formula without ``=``), scoped to the
    sheet at ``sheet_index`` when given; names starting ``_`` other than print settings
    are hidden."""
    scope = f' localSheetId="{sheet_index}"' if sheet_index is not None else ""
    hidden = ' hidden="1"' if name.startswith("_") and not name.startswith("_xlnm") else ""
    element = f"<definedName name={quoteattr(name)}{scope}{hidden}>{escape(text)}</definedName>"
    workbook = re.sub(r"<definedNames\s*/>", "<definedNames></definedNames>", workbook)
    if "</definedNames>" in workbook:
        return workbook.replace("</definedNames>", element + "</definedNames>", 1)
    later = _AFTER_DEFINED_NAMES.search(workbook)
    if later is None:
        raise PackageError("xl/workbook.xml tidak dapat ditambah nama")
    at = later.start()
    return f"{workbook[:at]}<definedNames>{element}</definedNames>{workbook[at:]}"


def with_print_titles(workbook: str, name: str, first_row: int, last_row: int) -> str:
    """``workbook`` repeating rows ``first_row``–``last_row`` of the sheet ``name`` at the
    top of every printed page (the name ``_xlnm.Print_Titles`` local to that sheet, in
    place of any it had)."""
    sheets = [a.get("name") for _, a in _sheet_entries(workbook)]
    if name not in sheets:
        raise PackageError(f"lembar '{name}' tidak ada")
    index = sheets.index(name)
    workbook = re.sub(
        rf'<definedName\b(?=[^>]*\bname="_xlnm\.Print_Titles")(?=[^>]*\blocalSheetId="{index}")'
        r"[^>]*>.*?</definedName>",
        "",
        workbook,
        flags=re.DOTALL,
    )
    quoted = "'" + name.replace("'", "''") + "'"
    return with_defined_name(
        workbook, "_xlnm.Print_Titles", f"{quoted}!${first_row}:${last_row}", index
    )


def own_sheets(workbook: str, names: Sequence[str]) -> dict[str, str]:
    """The sheets among ``names`` (in workbook order) that carry :data:`OWN_SHEET_MARK`,
    with its value."""
    found = {}
    for match in _DEFINED_NAME.finditer(workbook):
        given = attributes(match.group(1))
        scope = given.get("localSheetId", "")
        if given.get("name", "").lower() != OWN_SHEET_MARK.lower() or not scope.isdigit():
            continue
        if int(scope) < len(names):
            found[names[int(scope)]] = unescape(match.group(2) or "").strip().strip('"')
    return found


def _ref_errors(match: re.Match[str], sheet: str) -> str:
    """A defined name with its references to the removed ``sheet`` made ``#REF!``, as
    Excel makes them when a sheet is deleted."""
    body = match.group(2)
    if not body:
        return match.group(0)
    quoted = escape("'" + sheet.replace("'", "''") + "'")
    patterns = [re.escape(quoted) + "!", re.escape(quoted.replace("'", "&apos;")) + "!"]
    if re.fullmatch(r"[A-Za-z_][\w.]*", sheet):
        patterns.append(r"(?<![\w'.;])" + re.escape(sheet) + "!")
    changed = re.sub("|".join(patterns), "#REF!", body)
    if changed == body:
        return match.group(0)
    start = match.start(2) - match.start()
    return match.group(0)[:start] + changed + match.group(0)[start + len(body) :]


def _reindexed(match: re.Match[str], removed: int) -> str:
    """A defined name after the sheet at ``removed`` is gone: dropped when scoped to it,
    re-indexed when scoped to a later sheet."""
    scope = re.search(r'\blocalSheetId="(\d+)"', match.group(1))
    if scope is None or int(scope.group(1)) < removed:
        return match.group(0)
    if int(scope.group(1)) == removed:
        return ""
    return match.group(0).replace(scope.group(0), f'localSheetId="{int(scope.group(1)) - 1}"', 1)
