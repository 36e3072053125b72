"""Build the Excel add-in (``.xlam``) from ``vba/`` on any OS, and install it.

The add-in is a zip: a one-sheet workbook, ``xl/vbaProject.bin`` with the VBA modules
(our ribbon callback and the xlwings module of the installed xlwings, which provides
``RunPython``), and the ribbon part ``customUI/customUI14.xml``. ``vbaProject.bin`` is
assembled with PyPI's ms-ovba (the project's dir stream and the compound file), with its
stream compression replaced by :mod:`renaksi_xl.excel.ovba`: ms-ovba's own corrupts streams over
about 650 bytes.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

from renaksi_xl.errors import RenaksiError
from renaksi_xl.excel.ovba import compress

ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
XLSM_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
UI_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MODULES = ("Renaksi",)


def vba_folder() -> Path:
    """The ribbon XML and VBA modules: ``vba/`` of the project folder (the working folder,
    or the checkout this package runs from), else the copy installed with the package."""
    package = Path(__file__).resolve().parents[1]  # renaksi_xl/, above excel/
    # the checkout (the project folder above the package), or the copy installed as
    # renaksi_xl/vba
    for candidate in (Path("vba"), package.parent / "vba", package / "vba"):
        if (candidate / "customUI14.xml").is_file():
            return candidate.resolve()
    raise RenaksiError(
        "folder vba/ (customUI14.xml, Renaksi.bas) tidak ditemukan: pasang ulang renaksi_xl "
        "atau sebutkan --vba FOLDER"
    )


def xlwings_module() -> Path:
    """The VBA module of the installed xlwings (it defines ``RunPython``)."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise RenaksiError("xlwings tidak terpasang; add-in memerlukan modul VBA-nya")
    return Path(spec.origin).parent / "xlwings.bas"


class _Compression:
    """Stands in for ms-ovba's compressor (same interface), doing it right."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def compress(self, data: bytes) -> bytes:
        return compress(bytes(data))


def build_vba_project(modules: dict[str, Path]) -> bytes:
    """``vbaProject.bin`` holding a ThisWorkbook document module and the given standard
    modules (name → ``.bas`` file)."""
    import ms_ovba
    import ms_ovba.Models.Entities.doc_module as doc_module
    import ms_ovba.Models.Entities.module_base as module_base
    import ms_ovba.Views.dirStream as dir_stream  # noqa: N813  (their module name)
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    for module in (doc_module, module_base, dir_stream):
        module.MsOvba = _Compression
    blank = Path(ms_ovba.__file__).parent / "blank_files" / "ThisWorkbook.cls"
    sources = {name: path.resolve() for name, path in modules.items()}  # we change folder
    with tempfile.TemporaryDirectory(prefix="renaksi-vba-") as folder, contextlib.chdir(folder):
        project = VbaProject()
        project.project_id = "{5B2E4C9A-3F1D-4E7A-9C0B-6D8E2F1A7B3C}"
        workbook = DocModule("ThisWorkbook")
        shutil.copy(blank, "ThisWorkbook.cls")
        workbook.add_file("ThisWorkbook.cls")
        workbook.add_guid(uuid.UUID("0002081900000000C000000000000046"))
        workbook.normalize_file()
        project.add_module(workbook)
        for name, source in sources.items():
            shutil.copy(source, f"{name}.bas")
            module = StdModule(name)
            module.add_file(f"{name}.bas")
            module.normalize_file()
            project.add_module(module)
        stdole = LibidReference(
            uuid.UUID("0002043000000000C000000000000046"),
            "2.0",
            "0",
            "C:\\Windows\\System32\\stdole2.tlb",
            "OLE Automation",
        )
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        ProjectOleFile.write_file(project)
        return Path("vbaProject.bin").read_bytes()


def _base_workbook() -> dict[str, bytes]:
    from openpyxl import Workbook

    book = Workbook()
    # the VBA project's document module is ThisWorkbook: the workbook must carry that code
    # name, or Excel cannot tie the module to it
    book.code_name = "ThisWorkbook"
    sheet = book.active
    assert sheet is not None
    sheet.title = "Renaksi"
    sheet["A1"] = "Add-in Renaksi: tab Renaksi pada ribbon (Validasi, Hitung Ulang, Hapus Tanda)."
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build(target: Path, *, macro_workbook: bool = False, vba: Path | None = None) -> Path:
    """Write the add-in (``.xlam``), or with ``macro_workbook`` the same as an ``.xlsm``,
    from the ribbon and modules in ``vba`` (default: :func:`vba_folder`)."""
    folder = (vba or vba_folder()).resolve()
    modules = {name: folder / f"{name}.bas" for name in MODULES}
    modules["xlwings"] = xlwings_module()
    parts = _base_workbook()
    content_types = parts["[Content_Types].xml"].decode("utf-8")
    main_type = XLSM_CONTENT_TYPE if macro_workbook else ADDIN_CONTENT_TYPE
    content_types = content_types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", main_type
    ).replace(
        "</Types>",
        f'<Default Extension="bin" ContentType="{VBA_CONTENT_TYPE}"/></Types>',
    )
    parts["[Content_Types].xml"] = content_types.encode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode("utf-8")
        .replace(
            "</Relationships>",
            f'<Relationship Id="rIdVBA" Type="{VBA_RELATIONSHIP}" Target="vbaProject.bin"/>'
            "</Relationships>",
        )
        .encode("utf-8")
    )
    parts["_rels/.rels"] = (
        parts["_rels/.rels"]
        .decode("utf-8")
        .replace(
            "</Relationships>",
            f'<Relationship Id="rIdUI" Type="{UI_RELATIONSHIP}" '
            'Target="customUI/customUI14.xml"/></Relationships>',
        )
        .encode("utf-8")
    )
    parts["customUI/customUI14.xml"] = (folder / "customUI14.xml").read_bytes()
    parts["xl/vbaProject.bin"] = build_vba_project(modules)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def install(addin: Path | None = None) -> str:
    """Install the add-in ``addin``, or one built now from this installation's ``vba/``, for
    the current user; returns what was done."""
    if sys.platform.startswith("linux"):
        raise RenaksiError(
            "Excel tidak tersedia di Linux: pasang add-in di Windows atau macOS "
            "(renaksi addin install di sana), atau salin berkas .xlam ke komputer itu"
        )
    if sys.platform == "win32":
        import os

        startup = Path(os.environ.get("APPDATA", "")) / "Microsoft" / "Excel" / "XLSTART"
    else:
        startup = (
            Path.home()
            / "Library"
            / "Group Containers"
            / "UBF8T346G9.Office"
            / "User Content"
            / "Startup"
            / "Excel"
        )
    startup.mkdir(parents=True, exist_ok=True)
    if addin is None:
        from renaksi_xl.berkas.files import write_atomically

        target = write_atomically(startup / "renaksi.xlam", build)
    else:
        target = startup / addin.name
        shutil.copy2(addin, target)
    config = point_xlwings_at(Path(sys.executable), Path.home() / ".xlwings" / "xlwings.conf")
    return (
        f"Add-in dipasang: {target}. Python untuk tombolnya: {sys.executable} (di {config}). "
        "Buka ulang Excel; tab Renaksi muncul di ribbon."
    )


def point_xlwings_at(python: Path, config: Path) -> Path:
    """Tell xlwings' ``RunPython`` which Python to start (the one renaksi_xl is installed
    in), keeping the other settings of the user's ``xlwings.conf``."""
    key = "INTERPRETER_WIN" if sys.platform == "win32" else "INTERPRETER_MAC"
    lines = config.read_text(encoding="utf-8").splitlines() if config.exists() else []
    kept = [line for line in lines if not line.startswith(f'"{key}"')]
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("\n".join([*kept, f'"{key}","{python}"']) + "\n", encoding="utf-8")
    return config
