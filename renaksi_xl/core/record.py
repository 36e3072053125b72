"""Frozen dataclasses that cost next to nothing to define.

``@dataclass(frozen=True)`` compiles six methods for every class as its module is imported
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``),
one small compilation each: for the forty classes that a validation imports, a twentieth
of validating a 2,000-row workbook, before the first cell is read. :func:`record` makes the
same frozen dataclass — :func:`dataclasses.fields`, :func:`dataclasses.replace` and
:func:`dataclasses.is_dataclass` work on it, fields and defaults are declared the same way —
but shares one ``__repr__``, ``__eq__``, ``__hash__`` and refusal to assign among all
records, and compiles ``__init__`` on the first construction of any record, for every
record defined by then in a single compilation. The ``__init__`` fills the instance's
``__dict__`` directly (a dataclass's frozen ``__init__`` calls ``object.__setattr__`` once
per field, which doubles the cost of the tens of thousands of sources and quantities a
large workbook makes).

Equality, hashing and ``repr`` are those of the dataclass: fields with ``compare=False``
are left out of both comparison and hash (``hash=`` where it is given), fields with
``repr=False`` out of ``repr``; a record equals only a record of its own class.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
import threading
import typing
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T", bound=type)

_pending: list[type] = []
_compiling = threading.Lock()


@typing.dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: _T) -> _T:
    """A frozen dataclass of ``cls`` (see the module's description)."""
    # with init, repr and eq off and frozen left to us, the dataclass compiles nothing
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    cls.__record_compare__ = _key([f.name for f in fields if f.compare])  # type: ignore[attr-defined]
    cls.__record_hash__ = _key(  # type: ignore[attr-defined]
        [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    )
    cls.__record_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__init__ = _first_init(cls)  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__setattr__ = _refuse_assignment  # type: ignore[assignment]
    cls.__delattr__ = _refuse_deletion  # type: ignore[assignment]
    _pending.append(cls)
    return cls


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` as a tuple (what a dataclass compares and hashes)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    # kept on the class, so made static: a plain function would be bound to the instance
    if names:
        value = operator.attrgetter(names[0])
        return staticmethod(lambda instance: (value(instance),))
    return staticmethod(lambda instance: ())


def _eq(self: Any, other: Any) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key: Callable[[object], tuple[Any, ...]] = self.__record_compare__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_hash__(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


def _refuse_assignment(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _first_init(cls: type) -> Callable[..., None]:
    def first_init(self: Any, *args: Any, **kwargs: Any) -> None:
        compile_inits()
        cls.__init__(self, *args, **kwargs)  # type: ignore[misc]

    return first_init


def compile_inits() -> None:
    """Give every record defined so far its real ``__init__``, in one compilation."""
    with _compiling:
        if not _pending:
            return
        namespace: dict[str, Any] = {"_missing": dataclasses.MISSING}
        functions = [_init_source(number, cls, namespace) for number, cls in enumerate(_pending)]
        exec("\n\n".join(functions), namespace)
        for number, cls in enumerate(_pending):
            function = namespace[f"_init_{number}"]
            function.__qualname__ = f"{cls.__qualname__}.__init__"
            cls.__init__ = function  # type: ignore[misc]
        _pending.clear()


def _init_source(number: int, cls: type, namespace: dict[str, Any]) -> str:
    """The source of ``cls``'s ``__init__``, its defaults put in ``namespace``."""
    parameters, lines = ["self"], ["    d = self.__dict__"]
    for item in dataclasses.fields(cls):
        name, key = item.name, f"_{number}_{item.name}"
        if item.default_factory is not dataclasses.MISSING:
            namespace[f"_factory{key}"] = item.default_factory
            if item.init:
                parameters.append(f"{name}=_missing")
                lines.append(f"    d[{name!r}] = _factory{key}() if {name} is _missing else {name}")
            else:
                lines.append(f"    d[{name!r}] = _factory{key}()")
            continue
        if item.default is not dataclasses.MISSING:
            namespace[f"_default{key}"] = item.default
            if not item.init:
                lines.append(f"    d[{name!r}] = _default{key}")
                continue
            parameters.append(f"{name}=_default{key}")
        elif not item.init:
            continue
        else:
            parameters.append(name)
        lines.append(f"    d[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    return f"def _init_{number}({', '.join(parameters)}):\n" + "\n".join(lines)
