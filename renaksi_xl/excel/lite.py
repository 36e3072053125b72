"""The Renaksi buttons for xlwings Lite: ``main.py`` and ``requirements.txt`` to import
into the add-in's editor (``renaksi lite``).

xlwings Lite runs Python (Pyodide) inside Excel itself, so an office PC needs no Python.
Its scripts are ``@script`` functions that receive the workbook; each of ours is one call
into :mod:`renaksi_xl.excel.tombol`, the code the classic ribbon runs. The package comes from
``requirements.txt`` (a PyPI release or a wheel URL the office serves), or — for offices
that reach no package index — is bundled into ``main.py`` itself (:func:`bundle`): its
modules travel as source text, served to ``import`` by a small finder at the top of the
file.
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

from renaksi_xl import __version__

PACKAGE = "renaksi_xl"
# the module the scripts call: the bundle holds it and what it imports, nothing else
ENTRY = f"{PACKAGE}.excel.tombol"

SCRIPTS = '''\
import xlwings as xw
from xlwings import script

from renaksi_xl.excel import tombol as excel


@script(name="Validasi")
def validasi(book: xw.Book):
    """Periksa Renaksi di buku kerja ini dan tandai setiap temuan: warna sel, catatan sel,
    dan lembar *Hasil Validasi* berisi tautan ke setiap sel."""
    excel.validasi(book)


@script(name="Hitung Ulang")
def hitung_ulang(book: xw.Book):
    """Pulihkan rumus subtotal dan total yang tertimpa angka, lalu tulis lembar *Capaian*
    (capaian kumulatif per triwulan dan progres program)."""
    excel.hitung_ulang(book)


@script(name="Hapus Tanda")
def hapus_tanda(book: xw.Book):
    """Hapus tanda validasi terakhir (warna, catatan, lembar Hasil Validasi) tanpa
    menyentuh isian atau format Anda sendiri."""
    excel.hapus_tanda(book)


@script(name="Template Baru")
def template_baru(book: xw.Book, opd: str, tahun: int):
    """Buat templat Renaksi kosong untuk OPD dan tahun ini sebagai lembar baru di buku
    kerja ini. Jalankan di buku kerja kosong, lalu simpan dengan nama yang disarankan."""
    excel.template_baru(book, opd, tahun)
'''

HEADER = """\
# Tombol Renaksi untuk xlwings Lite — dibuat oleh `renaksi lite` (renaksi_xl {version}).
# Jangan diubah: buat ulang dengan `renaksi lite` bila renaksi_xl diperbarui.
"""

FINDER = '''\
# Paket renaksi_xl dibundel di bawah ini sebagai teks sumber (untuk kantor yang tidak
# menjangkau indeks paket); `import renaksi_xl` membacanya dari sini.
import importlib.abc
import importlib.util
import sys

_RENAKSI_SOURCES = {sources}
_RENAKSI_PACKAGES = frozenset({packages!r})


class _RenaksiBundle(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves renaksi_xl's modules from _RENAKSI_SOURCES."""

    def find_spec(self, name, path=None, target=None):
        if name not in _RENAKSI_SOURCES:
            return None
        return importlib.util.spec_from_loader(
            name, self, is_package=name in _RENAKSI_PACKAGES
        )

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__name__
        if name in _RENAKSI_PACKAGES:
            module.__path__ = []
        exec(compile(_RENAKSI_SOURCES[name], f"<main.py:{{name}}>", "exec"), module.__dict__)


if not any(type(f).__name__ == "_RenaksiBundle" for f in sys.meta_path):
    sys.meta_path.insert(0, _RenaksiBundle())

'''


def main_py(*, single_file: bool = False) -> str:
    """The ``main.py`` for xlwings Lite: the four scripts, with the package bundled in
    front of them when ``single_file``."""
    text = HEADER.format(version=__version__)
    if single_file:
        sources = bundle()
        listed = "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in sources.items()) + "}"
        packages = sorted(name for name in sources if _is_package(name))
        text += FINDER.format(sources=listed, packages=packages)
    return text + "\n" + SCRIPTS


def requirements_txt(*, single_file: bool = False, package: str | None = None) -> str:
    """The ``requirements.txt``: xlwings and renaksi_xl (``package``: a pinned PyPI
    release by default, or a wheel URL); openpyxl only as a hint for a bundled
    ``main.py``, whose offices may reach no index."""
    if single_file:
        return (
            "xlwings\n"
            "# Tombol Template Baru memerlukan openpyxl dari PyPI; hapus tanda # di bawah\n"
            "# bila komputer ini dapat menjangkau PyPI.\n"
            "# openpyxl\n"
        )
    return f"xlwings\n{package or f'{PACKAGE}=={__version__}'}\n"


def write_files(
    folder: Path, *, single_file: bool = False, package: str | None = None
) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into ``folder``; returns their paths."""
    from renaksi_xl.berkas.files import write_atomically

    contents = {
        "main.py": main_py(single_file=single_file),
        "requirements.txt": requirements_txt(single_file=single_file, package=package),
    }
    written = []
    for name, text in contents.items():

        def write(path: Path, text: str = text) -> None:
            path.write_text(text, encoding="utf-8")

        written.append(write_atomically(folder / name, write))
    return written


def _module_file(name: str) -> Path | None:
    """The source file of a module of the package, or None when there is none."""
    root = Path(str(resources.files(PACKAGE)))
    parts = name.split(".")[1:]
    package = root.joinpath(*parts, "__init__.py")
    if package.is_file():
        return package
    module = root.joinpath(*parts[:-1], f"{parts[-1]}.py") if parts else None
    return module if module is not None and module.is_file() else None


def _is_package(name: str) -> bool:
    found = _module_file(name)
    return found is not None and found.name == "__init__.py"


def _imports(name: str, tree: ast.Module) -> set[str]:
    """The package's modules a module imports, anywhere in it (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(PACKAGE))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module == PACKAGE or (node.module or "").startswith(PACKAGE + "."))
        ):
            module = str(node.module)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
    return {m for m in found if _module_file(m) is not None}


def bundle() -> dict[str, str]:
    """Source text of every module :mod:`renaksi_xl.excel.tombol` needs, by module name: the
    package, the entry module and everything they import, directly or lazily."""
    wanted = [PACKAGE, ENTRY]
    sources: dict[str, str] = {}
    while wanted:
        name = wanted.pop()
        if name in sources:
            continue
        path = _module_file(name)
        assert path is not None, name
        text = path.read_text(encoding="utf-8")
        sources[name] = text
        parent = name.rpartition(".")[0]
        wanted.extend(m for m in _imports(name, ast.parse(text)) | {parent} - {""})
    return dict(sorted(sources.items()))
