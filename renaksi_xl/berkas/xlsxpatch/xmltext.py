"""What every part of the patcher shares: its error, XML text escaped and attributes read,
the namespaces, and spans of a part's text replaced."""

from __future__ import annotations

import re
from html import escape as _escape_html
from html import unescape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
# control characters XML 1.0 does not allow: a stray one makes Excel repair the file
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_RUN = re.compile(r"<t\b[^>]*>(.*?)</t>", re.DOTALL)


class PackageError(ValueError):
    """A part this module needs is missing or not in the form Excel writes."""


def attributes(text: str) -> dict[str, str]:
    """The ``name="value"`` attributes in ``text``, values unescaped."""
    return {name: unescape(value) for name, value in _ATTRIBUTE.findall(text)}


def escape(text: str) -> str:
    """Text for an XML element (``html`` rather than ``xml.sax``, which imports urllib)."""
    return _escape_html(_NOT_XML.sub("", text), quote=False)


def quoteattr(text: str) -> str:
    """Text as a quoted XML attribute value."""
    return f'"{_escape_html(_NOT_XML.sub("", text))}"'


def joined_text(xml: str) -> str:
    """The text of every ``<t>`` run in ``xml`` (an inline or a shared string), unescaped."""
    return unescape("".join(_TEXT_RUN.findall(xml)))


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) span replaced; insertions at one place keep their
    order."""
    if not edits:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
