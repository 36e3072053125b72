"""A written workbook re-opened and checked before it is published.

The known causes of Excel refusing a file or offering to repair it that a writer of ours
could introduce: a damaged zip entry, an XML part that is not well-formed (an unbound
namespace prefix among them), a relationship pointing at a part that is not there, a part
without a content type, two sheets whose names differ only in case, a defined name scoped
to or referring to a sheet that does not exist. Only the standard library: it runs on every
write and must cost little.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_DOCUMENT = f"{_RELATIONSHIPS_NS}/officeDocument"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
# parts that are XML by their name; VML is left alone (Excel itself writes VML that is not
# well-formed XML, and a user's drawing is copied as it was)
_XML_NAME = re.compile(r"(\.xml|\.rels)$", re.IGNORECASE)
# the parts whose elements are looked at; the others (sheets, styles, …) only need to be
# well-formed, which expat checks at C speed when no handler is set
_READ = re.compile(r"(^\[Content_Types\]\.xml|\.rels|(^|/)workbook\.xml)$")
_SHEET_REFERENCE = re.compile(r"(?:'((?:[^']|'')+)'|([^\s'!:,()=+\-*/&^<>\"{}\[\]]+))!")


def package_problems(path: Path) -> list[str]:
    """Every problem found in the package at ``path``, in Indonesian (empty when clean)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _problems(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        return [f"arsip zip rusak ({error})"]


def _problems(archive: zipfile.ZipFile) -> list[str]:
    problems: list[str] = []
    names = {info.filename for info in archive.infolist() if not info.is_dir()}
    if "[Content_Types].xml" not in names:
        return ["bagian [Content_Types].xml tidak ada"]
    parsed: dict[str, _Part] = {}
    for name in sorted(names):
        try:
            data = archive.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            problems.append(f"{name}: isi zip rusak ({error})")
            continue
        if _XML_NAME.search(name):
            part = _Part.parse(name, data, read=_READ.search(name) is not None)
            if part.error:
                problems.append(f"{name}: XML tidak sah ({part.error})")
            parsed[name] = part
    if problems:
        return problems
    problems.extend(_content_type_problems(parsed["[Content_Types].xml"], names))
    problems.extend(_relationship_problems(parsed, names))
    workbook = _workbook_part(parsed)
    if workbook is not None:
        problems.extend(_workbook_problems(parsed[workbook]))
    return problems


class _Part:
    """An XML part's elements as (namespace-qualified tag, attributes, text) in order."""

    def __init__(self) -> None:
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[int, list[str]] = {}
        self.error: str | None = None

    @classmethod
    def parse(cls, name: str, data: bytes, read: bool) -> _Part:
        part = cls()
        parser = expat.ParserCreate(namespace_separator="}")
        if not read:
            try:
                parser.Parse(data, True)
            except expat.ExpatError as error:
                part.error = str(error)
            return part
        stack: list[int] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            stack.append(len(part.elements))
            part.elements.append(("{" + tag if "}" in tag else tag, attributes))

        def end(tag: str) -> None:
            stack.pop()

        def text(data: str) -> None:
            if stack:
                part.texts.setdefault(stack[-1], []).append(data)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        if name.endswith("workbook.xml"):  # defined names' text
            parser.CharacterDataHandler = text
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            part.error = str(error)
        return part

    def find(self, tag: str) -> list[tuple[int, dict[str, str]]]:
        return [(i, a) for i, (t, a) in enumerate(self.elements) if t.endswith("}" + tag)]

    def text(self, index: int) -> str:
        return "".join(self.texts.get(index, []))


def _content_type_problems(types: _Part, names: set[str]) -> list[str]:
    defaults = {a.get("Extension", "").lower() for _, a in types.find("Default")}
    overrides = {a.get("PartName", "").lstrip("/") for _, a in types.find("Override")}
    problems = []
    for name in sorted(names - {"[Content_Types].xml"}):
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if name not in overrides and extension not in defaults:
            problems.append(f"{name}: tidak ada jenis isi (content type)")
    problems.extend(
        f"[Content_Types].xml: {name} disebut tetapi tidak ada"
        for name in sorted(overrides - names)
    )
    return problems


def _relationship_problems(parsed: dict[str, _Part], names: set[str]) -> list[str]:
    problems = []
    for name, part in parsed.items():
        if not name.endswith(".rels"):
            continue
        folder, _, rels_name = name.rpartition("_rels/")
        source_folder = folder.rstrip("/")
        ids: set[str] = set()
        for _, attributes in part.find("Relationship"):
            identifier = attributes.get("Id", "")
            if identifier in ids:
                problems.append(f"{name}: Id {identifier} dipakai dua kali")
            ids.add(identifier)
            if attributes.get("TargetMode") == "External":
                continue
            target = attributes.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source_folder, target))
            )
            if resolved not in names:
                problems.append(f"{name}: {identifier} menunjuk {target} yang tidak ada")
        del rels_name
    return problems


def _workbook_part(parsed: dict[str, _Part]) -> str | None:
    root = parsed.get("_rels/.rels")
    if root is None:
        return None
    for _, attributes in root.find("Relationship"):
        if attributes.get("Type") == _OFFICE_DOCUMENT:
            name = attributes.get("Target", "").lstrip("/")
            return name if name in parsed else None
    return None


def _workbook_problems(workbook: _Part) -> list[str]:
    problems = []
    sheets = [a.get("name", "") for _, a in workbook.find("sheet")]
    seen: dict[str, str] = {}
    for sheet in sheets:
        folded = sheet.casefold()
        if folded in seen:
            problems.append(f"nama lembar '{sheet}' sama dengan '{seen[folded]}'")
        seen[folded] = sheet
    known = set(seen)
    for index, attributes in workbook.find("definedName"):
        name = attributes.get("name", "")
        local = attributes.get("localSheetId")
        if local is not None and not (local.isdigit() and int(local) < len(sheets)):
            problems.append(f"nama '{name}' untuk lembar ke-{local} yang tidak ada")
        for quoted, bare in _SHEET_REFERENCE.findall(workbook.text(index)):
            sheet = quoted.replace("''", "'") if quoted else bare
            if "[" in sheet or sheet.startswith("#"):
                continue  # another workbook's sheet, or Excel's #REF!
            if sheet.casefold() not in known:
                problems.append(f"nama '{name}' menunjuk lembar '{sheet}' yang tidak ada")
    return problems
