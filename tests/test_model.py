"""The model's lossless JSON form and source-free comparison."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import renaksis

from renaksi_xl.core.model import Renaksi, Source, Text, without_sources


def _round_trip(renaksi: Renaksi) -> Renaksi:
    return Renaksi.from_dict(json.loads(json.dumps(renaksi.to_dict(), ensure_ascii=False)))


def test_reference_document_survives_json(reference: Renaksi) -> None:
    data = reference.to_dict()
    assert data["versi"] == 1
    assert data["program"][0]["kegiatan"][0]["anggaran"]["value"] == "20381000"
    assert _round_trip(reference) == reference


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(renaksis)
def test_any_model_survives_json(renaksi: Renaksi) -> None:
    assert _round_trip(renaksi) == renaksi


def test_without_sources_drops_locations_only(reference: Renaksi) -> None:
    bare = without_sources(reference)
    assert bare.sumber is None
    assert bare.program[0].kegiatan[0].source is None
    assert bare.program[0].kegiatan[0].anggaran.source is None
    assert bare.program[0].kegiatan[0].nama.value == reference.program[0].kegiatan[0].nama.value
    assert bare != reference


def test_source_descriptions() -> None:
    assert Source(sheet="Kegiatan", cell="L30").describe() == "Kegiatan!L30"
    assert Source(line=30, column=12).describe() == "baris 30, kolom 12"
    assert Source(line=30).describe() == "baris 30"
    assert str(Text("Gresik", Source(line=166))) == "Gresik"


def test_model_classes_are_built_like_the_dataclasses_they_are() -> None:
    import dataclasses
    import inspect

    from renaksi_xl.core import model

    classes = [
        c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
    ]
    assert len(classes) == 13
    for cls in classes:
        parameters = list(inspect.signature(cls).parameters)
        assert parameters == [f.name for f in dataclasses.fields(cls)], cls
        assert cls.__init__.__name__.startswith("_init_"), cls  # the quick one
    first, second = model.Kegiatan(Text("a"), model.Indikator(Text("b"))), model.Renaksi()
    assert first.anggaran == model.Quantity() and second.penandatangan == model.Penandatangan()
    assert model.Target().tahunan is not model.Target().tahunan  # a factory, called each time
    assert model.Source("Kegiatan", "C9") == model.Source(sheet="Kegiatan", cell="C9")
    assert dataclasses.replace(first, nomor="2").nomor == "2"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.nomor = "3"  # type: ignore[misc]
