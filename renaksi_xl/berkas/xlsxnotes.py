"""A worksheet's notes (Excel's legacy comments) changed in the package: the comments part,
the VML drawing that shows them, their relationships and the sheet's ``<legacyDrawing>``.

Notes are kept as the file wrote them: a user's note is read and written back as its XML
element, so clearing a mark gives back exactly what the user had. Parts this module leaves
empty are removed with their relationships and content types, never left as orphans.
"""

from __future__ import annotations

import re
from html import unescape

from renaksi_xl.berkas.xlsxpatch import Package, PackageError, escape, quoteattr
from renaksi_xl.core.record import record

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS_RELATIONSHIP = f"{_REL}/comments"
VML_RELATIONSHIP = f"{_REL}/vmlDrawing"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_THREADED_RELATIONSHIP = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_VML_NS = {
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "x": "urn:schemas-microsoft-com:office:excel",
}
_BLOCK = 1024  # shape ids per o:idmap block (ECMA-376 Part 1, 14.2.2.14)

_COMMENT = re.compile(r"<comment\b([^>]*?)(?:/>|>.*?</comment>)", re.DOTALL)
_AUTHOR = re.compile(r"<author\s*/>|<author>(.*?)</author>", re.DOTALL)
# any prefix: openpyxl with lxml writes ns0:, ns1: … declared element by element
_SHAPE = re.compile(r"<(\w+):shape\b.*?</\1:shape>", re.DOTALL)
_SHAPE_ID = re.compile(r'\b(?:id|o:spid)="_x0000_s(\d+)"')
_IDMAP = re.compile(r'(<(?:\w+:)?idmap\b[^>]*?\bdata=")([^"]*)(")')
_LEGACY_DRAWING = re.compile(r"<legacyDrawing\b[^>]*?(?:/>|>\s*</legacyDrawing>)")
_REF = re.compile(r'\bref="([A-Z]{1,3})([0-9]+)"')


@record
class Note:
    """A note as the file has it: the author's name and the ``<comment>`` element (whose
    ``authorId`` is renumbered when it goes back: authors are numbered per part)."""

    author: str
    xml: str

    def to_json(self) -> dict[str, str]:
        return {"penulis": self.author, "xml": self.xml}

    @classmethod
    def from_json(cls, data: object) -> Note | None:
        if not isinstance(data, dict):
            return None
        return cls(str(data.get("penulis", "")), str(data.get("xml", "")))


class ShapeIds:
    """The VML shape-id blocks used anywhere in the workbook: each VML part gets its own
    (Excel repairs a workbook whose VML parts share one)."""

    def __init__(self, package: Package) -> None:
        self.used: set[int] = set()
        for name in package.part_names():
            if name.lower().endswith(".vml"):
                self.used |= _blocks(package.part_text(name))

    def allocate(self) -> int:
        block = max(self.used, default=0) + 1
        self.used.add(block)
        return block


def _blocks(vml: str) -> set[int]:
    found = _IDMAP.search(vml)
    if found is None:
        return set()
    return {int(b) for b in found.group(2).split(",") if b.strip().isdigit()}


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


class SheetNotes:
    """The notes of one worksheet, changed in memory and written back by :meth:`flush`."""

    def __init__(self, package: Package, sheet: str, ids: ShapeIds, sheet_xml: str) -> None:
        self.package = package
        self.part = package.sheet_part(sheet)
        self.ids = ids
        relationships = package.relationships(self.part)
        by_id = {r.get("Id", ""): r for r in relationships}
        self.comments_part = next(
            (r["Target"] for r in relationships if r.get("Type") == COMMENTS_RELATIONSHIP), None
        )
        self.comments_id = next(
            (r["Id"] for r in relationships if r.get("Type") == COMMENTS_RELATIONSHIP), None
        )
        legacy = _LEGACY_DRAWING.search(sheet_xml)
        legacy_id = re.search(r':id="([^"]*)"', legacy.group(0)) if legacy else None
        vml = by_id.get(legacy_id.group(1)) if legacy_id else None
        self.vml_part = vml["Target"] if vml and package.has_part(vml["Target"]) else None
        self.vml_id = vml["Id"] if vml else None
        self.vml = package.part_text(self.vml_part) if self.vml_part else None
        self._reset_shapes()
        self.threaded: set[str] = set()
        for r in relationships:
            if r.get("Type") == _THREADED_RELATIONSHIP and package.has_part(r["Target"]):
                self.threaded |= {a + b for a, b in _REF.findall(package.part_text(r["Target"]))}
        self._head, self._tail = "", ""
        self.authors: list[str] = []
        self.comments: dict[str, str] = {}
        if self.comments_part and package.has_part(self.comments_part):
            self._read_comments(package.part_text(self.comments_part))
        self.changed = False

    def _reset_shapes(self) -> None:
        self._new_shapes: dict[str, str] = {}
        self._cut_shapes: list[tuple[int, int]] = []
        self._note_shapes: dict[tuple[int, int], tuple[int, int]] | None = None
        self._taken: set[int] | None = None
        self._id_blocks: list[int] = []
        self._added_blocks: list[int] = []
        self._next_id = 0

    def _read_comments(self, xml: str) -> None:
        xml = re.sub(r"<authors\s*/>", "<authors></authors>", xml)
        xml = re.sub(r"<commentList\s*/>", "<commentList></commentList>", xml)
        authors_start, list_end = xml.find("<authors>"), xml.find("</commentList>")
        if authors_start < 0 or list_end < 0:
            raise PackageError(f"{self.comments_part} tidak terbaca")
        authors_end = xml.index("</authors>")
        self._head = xml[:authors_start]
        self._tail = xml[list_end + len("</commentList>") :]
        self.authors = [m.group(1) or "" for m in _AUTHOR.finditer(xml, authors_start, authors_end)]
        list_start = xml.index("<commentList>")
        for match in _COMMENT.finditer(xml, list_start, list_end):
            ref = re.search(r'\bref="([^"]*)"', match.group(1))
            if ref:
                self.comments[ref.group(1)] = match.group(0)

    def note(self, cell: str) -> Note | None:
        """The note on ``cell`` as it stands now."""
        element = self.comments.get(cell)
        if element is None:
            return None
        found = re.search(r'\sauthorId="(\d+)"', element)
        index = int(found.group(1)) if found else 0
        author = unescape(self.authors[index]) if index < len(self.authors) else ""
        return Note(author, element)

    def is_threaded(self, cell: str) -> bool:
        """Whether the cell holds a threaded comment (left alone: Excel keeps its text in
        another part and would show ours nowhere)."""
        return cell in self.threaded

    def put(self, cell: str, note: Note | None) -> None:
        """Make the cell's note ``note`` exactly (``None``: no note, and no shape)."""
        if note is None:
            if self.comments.pop(cell, None) is not None:
                self._remove_shape(cell)
                self.changed = True
            return
        if cell not in self.comments:
            self._add_shape(cell)
        self.comments[cell] = self._with_author(note.xml, note.author)
        self.changed = True

    def append(self, cell: str, author: str, text: str) -> None:
        """Add ``text`` to the cell's note, after the user's own text when there is one."""
        element = self.comments.get(cell)
        run = f'<r><t xml:space="preserve">{escape(text)}</t></r>'
        if element is None:
            self._add_shape(cell)
            body = f'<text><t xml:space="preserve">{escape(text.lstrip())}</t></text>'
            element = f'<comment ref="{cell}">{body}</comment>'
            self.comments[cell] = self._with_author(element, author)
        else:
            # plain text becomes a run, so the note is runs only (as Excel writes it)
            element = re.sub(
                r"(<text>)\s*(<t\b[^>]*?(?:/>|>.*?</t>))", r"\1<r>\2</r>", element, count=1
            )
            if "</text>" not in element:
                element = element.replace("</comment>", "<text></text></comment>")
            self.comments[cell] = element.replace("</text>", run + "</text>", 1)
        self.changed = True

    def _with_author(self, element: str, author: str) -> str:
        escaped = escape(author)
        if escaped not in self.authors:
            self.authors.append(escaped)
        index = self.authors.index(escaped)
        if re.search(r'\sauthorId="\d+"', element):
            return re.sub(r'(\sauthorId=")\d+"', rf'\g<1>{index}"', element, count=1)
        return re.sub(r"<comment\b", f'<comment authorId="{index}"', element, count=1)

    # the VML shapes that show the notes --------------------------------------------------
    # Edits are collected and applied once (:meth:`_vml_text`): a sheet may get a thousand
    # notes, and rewriting the drawing for each would cost the square of that.

    def _add_shape(self, cell: str) -> None:
        if cell in self._new_shapes:
            return
        letters, row = re.fullmatch(r"([A-Z]+)([0-9]+)", cell).groups()  # type: ignore[union-attr]
        row0, column0 = int(row) - 1, _column_index(letters)
        if self.vml is None:
            self.vml = _new_vml(self.ids.allocate())
        shape_id = self._free_shape_id()
        self._new_shapes[cell] = (
            f'<v:shape{self._namespaces()} id="_x0000_s{shape_id}" type="#_x0000_t202" '
            'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;'
            'height:105pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
            "<x:MoveWithCells/><x:SizeWithCells/>"
            f"<x:Anchor>{column0 + 1}, 15, {row0}, 2, {column0 + 4}, 15, {row0 + 7}, 16</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row0}</x:Row><x:Column>{column0}</x:Column>"
            "</x:ClientData></v:shape>"
        )

    def _namespaces(self) -> str:
        """The VML prefixes declared on an added element, unless the root declares them."""
        assert self.vml is not None
        root = re.search(r"<xml\b[^>]*>", self.vml)
        root_tag = root.group(0) if root else ""
        if all(f'xmlns:{p}="{ns}"' in root_tag for p, ns in _VML_NS.items()):
            return ""
        return "".join(f' xmlns:{p}="{n}"' for p, n in _VML_NS.items())

    def _free_shape_id(self) -> int:
        assert self.vml is not None
        if self._taken is None:
            self._taken = {int(i) for i in _SHAPE_ID.findall(self.vml)}
            self._id_blocks = sorted(_blocks(self.vml))
        while True:
            for block in self._id_blocks:
                start = max(block * _BLOCK + 1, self._next_id)
                for candidate in range(start, (block + 1) * _BLOCK):
                    if candidate not in self._taken:
                        self._taken.add(candidate)
                        self._next_id = candidate + 1
                        return candidate
            block = self.ids.allocate()
            self._id_blocks.append(block)
            self._added_blocks.append(block)

    def _remove_shape(self, cell: str) -> None:
        if self._new_shapes.pop(cell, None) is not None or self.vml is None:
            return
        if self._note_shapes is None:
            self._note_shapes = {}
            for shape in _SHAPE.finditer(self.vml):
                text = shape.group(0)
                row = re.search(r"<(?:\w+:)?Row>\s*(\d+)\s*</", text)
                column = re.search(r"<(?:\w+:)?Column>\s*(\d+)\s*</", text)
                if 'ObjectType="Note"' in text and row and column:
                    key = (int(row.group(1)), int(column.group(1)))
                    self._note_shapes.setdefault(key, shape.span())
        letters, row_text = re.fullmatch(r"([A-Z]+)([0-9]+)", cell).groups()  # type: ignore[union-attr]
        span = self._note_shapes.pop((int(row_text) - 1, _column_index(letters)), None)
        if span is not None:
            self._cut_shapes.append(span)

    def _vml_text(self) -> str | None:
        """The drawing with the shapes removed and added, or None without one."""
        if self.vml is None:
            return None
        vml = self.vml
        pieces, position = [], 0
        for start, end in sorted(self._cut_shapes):
            pieces.append(vml[position:start])
            position = end
        vml = "".join(pieces) + vml[position:]
        if self._added_blocks:
            found = _IDMAP.search(vml)
            data = ",".join(str(b) for b in self._id_blocks)
            if found is not None:
                vml = vml[: found.start(2)] + data + vml[found.end(2) :]
            else:  # LibreOffice writes none: the shapes' block is declared here
                root = re.search(r"<xml\b[^>]*>", vml)
                if root is None:
                    raise PackageError(f"{self.vml_part} tidak terbaca")
                layout = (
                    f'<o:shapelayout{self._namespaces()} v:ext="edit">'
                    f'<o:idmap v:ext="edit" data="{data}"/></o:shapelayout>'
                )
                vml = vml[: root.end()] + layout + vml[root.end() :]
        if self._new_shapes:
            added = "".join(self._new_shapes.values())
            if 'id="_x0000_t202"' not in vml:
                namespaces = self._namespaces()
                added = (
                    _NOTE_SHAPE_TYPE.replace("<v:shapetype", f"<v:shapetype{namespaces}") + added
                )
            end = vml.rindex("</xml>")
            vml = vml[:end] + added + vml[end:]
        return vml

    def flush(self, sheet_xml: str) -> str:
        """Write the parts back (removing those left empty, with their relationships) and
        return the worksheet's XML with its ``<legacyDrawing>`` as the notes need it."""
        if not self.changed:
            return sheet_xml
        package = self.package
        if self.comments:
            part = self.comments_part or _free_part(package, "xl/comments{}.xml")
            package.put_part(part, self._comments_xml(), COMMENTS_CONTENT_TYPE)
            if self.comments_part is None:
                self.comments_id = package.add_relationship(self.part, COMMENTS_RELATIONSHIP, part)
                self.comments_part = part
        elif self.comments_part is not None:
            package.remove_part(self.comments_part)
            if self.comments_id is not None:
                package.remove_relationship(self.part, self.comments_id)
            self.comments_part = self.comments_id = None
        vml = self._vml_text()
        assert vml is not None or not self.comments
        if vml is not None and _SHAPE.search(vml):
            part = self.vml_part or _free_part(package, "xl/drawings/vmlDrawing{}.vml")
            package.put_part(part, vml, VML_CONTENT_TYPE)
            if self.vml_part is None:
                self.vml_id = package.add_relationship(self.part, VML_RELATIONSHIP, part)
                self.vml_part = part
                sheet_xml = _with_legacy_drawing(sheet_xml, self.vml_id)
        elif self.vml_part is not None:
            package.remove_part(self.vml_part)
            if self.vml_id is not None:
                package.remove_relationship(self.part, self.vml_id)
            sheet_xml = _LEGACY_DRAWING.sub("", sheet_xml)
            self.vml_part = self.vml_id = None
            vml = None
        self.vml = vml
        self._reset_shapes()
        self.changed = False
        return sheet_xml

    def _comments_xml(self) -> str:
        head = self._head or (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{_MAIN_NS}">'
        )
        tail = self._tail or "</comments>"
        # authors added last and no longer used (ours, once cleared) go, so a cleared part
        # is the user's as it was; the numbers of the others stay
        used = {int(i) for c in self.comments.values() for i in re.findall(r'authorId="(\d+)"', c)}
        while self.authors and len(self.authors) - 1 not in used and len(self.authors) > 1:
            self.authors.pop()
        authors = "".join(f"<author>{a}</author>" for a in self.authors)
        return (
            f"{head}<authors>{authors}</authors><commentList>"
            + "".join(self.comments.values())
            + f"</commentList>{tail}"
        )


_NOTE_SHAPE_TYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def _new_vml(block: int) -> str:
    namespaces = " ".join(f'xmlns:{p}="{ns}"' for p, ns in _VML_NS.items())
    return (
        f"<xml {namespaces}>"
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
        f"{_NOTE_SHAPE_TYPE}</xml>"
    )


def _free_part(package: Package, pattern: str) -> str:
    taken = {name.lower() for name in package.part_names()}
    number = 1
    while pattern.format(number).lower() in taken:
        number += 1
    return pattern.format(number)


# where <legacyDrawing> goes among a worksheet's trailing elements (CT_Worksheet's order)
_AFTER_LEGACY = re.compile(
    r"<(?:legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|"
    r"extLst|mc:AlternateContent)\b|</worksheet>"
)


def _with_legacy_drawing(sheet_xml: str, identifier: str) -> str:
    start = sheet_xml.find("</sheetData>")
    if start < 0:
        start = 0
    later = _AFTER_LEGACY.search(sheet_xml, start)
    if later is None:
        raise PackageError("</worksheet> tidak ditemukan")
    element = f'<legacyDrawing xmlns:r="{_REL}" r:id={quoteattr(identifier)}/>'
    return sheet_xml[: later.start()] + element + sheet_xml[later.start() :]
