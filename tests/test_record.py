"""``record`` behaves as ``dataclass(frozen=True)`` does: judged against the standard
library's own dataclass of the same fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from renaksi_xl.core.record import record


@record
class Point:
    """A record with a default, a factory, a field left out of comparison and of repr."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list, compare=False)
    note: str = field(default="", repr=False)


@dataclass(frozen=True)
class StandardPoint:
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list, compare=False)
    note: str = field(default="", repr=False)


@record
class Derived:
    """A record whose ``__post_init__`` fills a field not given to ``__init__``."""

    base: int
    double: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "double", self.base * 2)


@record
class One:
    value: str


def test_construction_defaults_and_factories_match_a_dataclass() -> None:
    ours, theirs = Point(1), StandardPoint(1)
    assert (ours.x, ours.y, ours.tags, ours.note) == (theirs.x, theirs.y, theirs.tags, theirs.note)
    assert Point(1).tags is not Point(1).tags  # a new list each time
    assert Point(3, y=4, tags=["a"], note="n") == Point(x=3, y=4, note="n")
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_repr_equality_and_hash_match_a_dataclass() -> None:
    ours, theirs = Point(1, 2, ["a"], "hidden"), StandardPoint(1, 2, ["a"], "hidden")
    assert repr(ours) == repr(theirs).replace("StandardPoint", "Point")
    assert repr(ours) == "Point(x=1, y=2, tags=['a'])"
    assert Point(1, 2, ["a"]) == Point(1, 2, ["b"])  # tags are not compared
    assert Point(1, 2) != Point(2, 1)
    others: list[object] = [StandardPoint(1, 2), (1, 2)]
    assert all(Point(1, 2) != other for other in others)  # another class is never equal
    assert hash(One("a")) == hash(One("a")) == hash(("a",))
    assert hash(Point(1, 2, ["a"], "n")) == hash(StandardPoint(1, 2, ["b"], "n"))


def test_frozen_and_dataclass_functions_work() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags", "note"]
    assert dataclasses.replace(point, y=5) == Point(1, 5)


def test_post_init_and_fields_not_in_init() -> None:
    assert Derived(4).double == 8
    assert repr(Derived(4)) == "Derived(base=4, double=8)"
    with pytest.raises(ValueError):
        dataclasses.replace(Derived(1), double=3)
