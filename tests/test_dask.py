"""canonym.dask on a local Dask cluster of two worker processes: results equal the
single-process run, and each worker loads its resolver once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from canonym import Resolver

dask_bag = pytest.importorskip("dask.bag")
dask_dataframe = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pandas = pytest.importorskip("pandas")

from canonym import dask as canonym_dask  # noqa: E402 (after the optional imports are known to work)

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPHS = [
    p.strip()
    for path in sorted((ROOT / "seeds").glob("*.txt"))
    for p in path.read_text("utf-8").split("\n\n")
    if p.strip()
]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


def test_annotate_bag_equals_one_process(client: distributed.Client) -> None:
    expected = [Resolver.default().annotate(t).as_dict() for t in PARAGRAPHS]
    bag = dask_bag.from_sequence(PARAGRAPHS, npartitions=8)
    assert canonym_dask.annotate_bag(bag).compute() == expected
    assert sum(len(doc["mentions"]) for doc in expected) > 100
    # Each worker process loaded the bundled registry's resolver once, whatever the partitions.
    loads = client.run(lambda: list(canonym_dask.LOADS))
    assert len(loads) == 2
    assert all(found == [()] for found in loads.values())


@pytest.mark.usefixtures("client")  # the cluster's client is the default scheduler while it lives
def test_resolve_bag_with_a_registry_file(tmp_path: Path) -> None:
    registry = tmp_path / "people.yaml"
    registry.write_text(
        "version: 1\nentities:\n  - id: mr\n    canonical: Marco Rossi\n    type: person\n", encoding="utf-8"
    )
    names = ["Marko Rossi", "Lionel Messi", "Marco Rosi"] * 20
    resolver = Resolver.from_files([registry], cache=False)
    expected = [None if m is None else m.as_dict() for m in resolver.resolve_many(names)]
    bag = dask_bag.from_sequence(names, npartitions=6)
    got = canonym_dask.resolve_bag(bag, aliases=[str(registry)]).compute()
    assert got == expected
    assert got[0] is not None and got[0]["id"] == "mr" and got[1] is None


@pytest.mark.usefixtures("client")
def test_annotate_dataframe_adds_a_mentions_column() -> None:
    frame = pandas.DataFrame({"n": range(len(PARAGRAPHS)), "text": PARAGRAPHS})
    frame.loc[3, "text"] = None  # a missing text gets None, not an error
    result = canonym_dask.annotate_dataframe(dask_dataframe.from_pandas(frame, npartitions=4)).compute()
    resolver = Resolver.default()
    assert list(result["n"]) == list(frame["n"])
    for text, mentions in zip(frame["text"], result["mentions"]):
        if not isinstance(text, str):  # pandas keeps the missing text as NaN
            assert mentions is pandas.NA
        else:
            assert mentions == [as_row(m.as_dict()) for m in resolver.annotate(text).mentions]


def as_row(mention: dict[str, object]) -> dict[str, object]:
    """A mention as a row of the Arrow column: every field there, None where it has none."""
    return {"title": None, "suspicious": None, **mention}


@pytest.mark.usefixtures("client")
def test_one_item_that_is_not_text_is_answered_with_none_and_the_job_goes_on() -> None:
    items = ["José Gehry met Kast.", None, 3, "Lima", ["Lima"], float("nan"), "Peru"]
    resolver = Resolver.default()
    bag = dask_bag.from_sequence(items, npartitions=2)
    docs = canonym_dask.annotate_bag(bag).compute()
    assert docs == [resolver.annotate(t).as_dict() if isinstance(t, str) else None for t in items]
    matches = canonym_dask.resolve_bag(dask_bag.from_sequence(items, npartitions=3)).compute()
    assert [m and m["id"] for m in matches] == [None, None, None, "lima", None, None, "peru"]


@pytest.mark.usefixtures("client")
def test_annotate_dataframe_writes_to_parquet_and_reads_back(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    texts = [*PARAGRAPHS[:12], None, "Lima", "nothing to link here"]
    frame = pandas.DataFrame({"n": range(len(texts)), "body": texts})
    linked = canonym_dask.annotate_dataframe(dask_dataframe.from_pandas(frame, npartitions=3), "body")
    linked.to_parquet(tmp_path / "linked")  # the docs' example: this raised ArrowInvalid
    # Read back with Arrow types: pandas cannot rebuild a nested Arrow type from the name it
    # stores in the file's pandas metadata (docs/scaling.md says so).
    back = dask_dataframe.read_parquet(tmp_path / "linked", dtype_backend="pyarrow").compute()
    back = back.sort_values("n")
    resolver = Resolver.default()
    assert list(back["n"]) == list(range(len(texts)))
    for text, mentions in zip(texts, back["mentions"]):
        if text is None:
            assert mentions is pandas.NA
        else:
            assert mentions == [as_row(m.as_dict()) for m in resolver.annotate(text).mentions]
    assert sum(len(m) for m in back["mentions"] if m is not pandas.NA) > 20


def test_bundled_registries_by_name(tmp_path: Path) -> None:
    # As with --registry, the spaCy component and the pandas accessor: "world" names the
    # bundled registry, and a DataFrame linked with it goes to Parquet.
    names = dask_bag.from_sequence(["Allemagne", "Atlantis"], npartitions=1)
    found = canonym_dask.resolve_bag(names, aliases=["world"]).compute(scheduler="sync")
    assert [m and m["id"] for m in found] == ["iso3166:DE", None]
    frame = dask_dataframe.from_pandas(pandas.DataFrame({"body": ["Merkel flew to Moskau."]}), npartitions=1)
    linked = canonym_dask.annotate_dataframe(frame, "body", aliases=["world", "story"])
    linked.to_parquet(tmp_path / "out", compute_kwargs={"scheduler": "sync"})
    back = dask_dataframe.read_parquet(tmp_path / "out", dtype_backend="pyarrow").compute()
    assert [m["id"] for m in back["mentions"].iloc[0]] == ["geonames:524901"]
