"""The add-in built from vba/, checked without Excel: the VBA modules olevba extracts, the
ribbon's callbacks and handlers, the package's parts, and LibreOffice loading it."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

from renaksi_xl.berkas.libreoffice import basic_modules
from renaksi_xl.cli import main
from renaksi_xl.excel.addin import (
    ADDIN_CONTENT_TYPE,
    UI_RELATIONSHIP,
    VBA_CONTENT_TYPE,
    VBA_RELATIONSHIP,
    XLSM_CONTENT_TYPE,
    build,
    xlwings_module,
)

ROOT = Path(__file__).resolve().parents[1]
CUSTOM_UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("addin") / "renaksi.xlam", vba=ROOT / "vba")


@pytest.fixture(scope="module")
def macro_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xlsm")
    return build(folder / "renaksi.xlsm", macro_workbook=True, vba=ROOT / "vba")


def _text(code: str | bytes) -> str:
    text = code.decode("cp1252") if isinstance(code, bytes) else code
    return text.replace("\r\n", "\n").strip()


def modules_of(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name: _text(code) for (_, _, name, code) in parser.extract_macros()}
    finally:
        parser.close()


def test_olevba_extracts_the_modules_as_written(addin: Path) -> None:
    modules = modules_of(addin)
    assert set(modules) == {"ThisWorkbook.cls", "Renaksi.bas", "xlwings.bas"}
    assert modules["Renaksi.bas"] == _text((ROOT / "vba" / "Renaksi.bas").read_bytes())
    assert modules["xlwings.bas"] == _text(xlwings_module().read_bytes())
    assert "Function RunPython(" in modules["xlwings.bas"]


def test_every_ribbon_action_names_a_sub_of_the_addin(addin: Path) -> None:
    with zipfile.ZipFile(addin) as archive:
        ribbon = ET.fromstring(archive.read("customUI/customUI14.xml"))
    actions = {b.get("onAction") for b in ribbon.iter(f"{CUSTOM_UI}button")}
    code = "\n".join(modules_of(addin).values())
    subs = set(re.findall(r"^Public Sub (\w+)\(", code, re.MULTILINE))
    assert actions and actions <= subs


@pytest.mark.parametrize(
    ("fixture", "main_type"), [("addin", ADDIN_CONTENT_TYPE), ("macro_workbook", XLSM_CONTENT_TYPE)]
)
def test_package_parts_and_relationships(
    fixture: str, main_type: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)
    with zipfile.ZipFile(path) as archive:
        types = ET.fromstring(archive.read("[Content_Types].xml"))
        root_rels = ET.fromstring(archive.read("_rels/.rels"))
        book_rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        names = set(archive.namelist())
    # the VBA project's document module ThisWorkbook belongs to the workbook of that code name
    main_ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    properties = workbook.find(f"{main_ns}workbookPr")
    assert properties is not None and properties.get("codeName") == "ThisWorkbook"
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{PACKAGE}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{PACKAGE}Default")}
    assert overrides["/xl/workbook.xml"] == main_type
    assert defaults["bin"] == VBA_CONTENT_TYPE
    ui = [
        r.get("Target")
        for r in root_rels.iter(f"{RELS}Relationship")
        if r.get("Type") == UI_RELATIONSHIP
    ]
    assert ui == ["customUI/customUI14.xml"] and "customUI/customUI14.xml" in names
    vba = [
        r.get("Target")
        for r in book_rels.iter(f"{RELS}Relationship")
        if r.get("Type") == VBA_RELATIONSHIP
    ]
    assert vba == ["vbaProject.bin"] and "xl/vbaProject.bin" in names
    from ooxml_judge import assert_excel_opens

    assert_excel_opens(path)


def test_libreoffice_loads_the_macros(macro_workbook: Path, addin: Path) -> None:
    for path in (macro_workbook, addin):
        found = basic_modules(path)
        assert found["loaded"] is True
        libraries = found["libraries"]
        assert isinstance(libraries, dict)
        assert {"Renaksi", "xlwings", "ThisWorkbook"} <= set(libraries["VBAProject"])


def test_cli_builds_and_refuses_to_install_on_linux(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "renaksi.xlam"
    assert main(["addin", "build", "-o", str(target)]) == 0
    assert f"Add-in dibangun: {target}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["addin", "build", "-o", str(tmp_path / "renaksi.xlsx")])
    assert caught.value.code == 2
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["addin", "install", str(target)]) == 3
    assert "Excel tidak tersedia di Linux" in capsys.readouterr().err


def test_install_tells_xlwings_which_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renaksi_xl.excel.addin import point_xlwings_at

    monkeypatch.setattr(sys, "platform", "win32")
    config = tmp_path / ".xlwings" / "xlwings.conf"
    config.parent.mkdir()
    config.write_text(
        '"INTERPRETER_WIN","C:\\lama\\python.exe"\n"LICENSE_KEY","x"\n', encoding="utf-8"
    )
    point_xlwings_at(Path("C:/Python311/python.exe"), config)
    lines = config.read_text(encoding="utf-8").splitlines()
    assert lines == ['"LICENSE_KEY","x"', '"INTERPRETER_WIN","C:/Python311/python.exe"']


def test_install_builds_the_addin_from_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Outside the project folder, with no add-in file at hand (as after ``pip install``),
    ``renaksi addin install`` builds one into Excel's startup folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["addin", "install"]) == 0
    installed = tmp_path / "AppData" / "Microsoft" / "Excel" / "XLSTART" / "renaksi.xlam"
    assert f"Add-in dipasang: {installed}" in capsys.readouterr().out
    with zipfile.ZipFile(installed) as archive:
        assert {"xl/vbaProject.bin", "customUI/customUI14.xml"} <= set(archive.namelist())
    config = (tmp_path / ".xlwings" / "xlwings.conf").read_text(encoding="utf-8")
    assert f'"INTERPRETER_WIN","{sys.executable}"' in config
