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
            assert mentions is None
        else:
            assert mentions == [m.as_dict() for m in resolver.annotate(text).mentions]
