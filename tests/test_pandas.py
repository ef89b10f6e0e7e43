"""The pandas accessor: Series.canonym.resolve() and .annotate(), row for row."""

from __future__ import annotations

import math

import pytest

pd = pytest.importorskip("pandas")

import canonym.pandas  # noqa: E402, F401 (registers the accessor)
from canonym import Resolver  # noqa: E402


def test_resolve_gives_one_row_per_name_with_the_index_kept() -> None:
    names = pd.Series(["José Gehry", "Lionel Messi", None, float("nan"), 7, "Lima"], index=list("abcdef"))
    frame = names.canonym.resolve()
    assert list(frame.columns) == ["id", "canonical", "type", "score"]
    assert list(frame.index) == list("abcdef")
    resolver = Resolver.default()
    for label, name in names.items():
        row = frame.loc[label]
        match = resolver.resolve(name) if isinstance(name, str) else None
        if match is None:
            assert pd.isna(row["id"]) and pd.isna(row["canonical"]) and math.isnan(row["score"])
        else:
            assert (row["id"], row["canonical"], row["type"]) == (
                match.entity.id,
                match.entity.canonical,
                match.entity.type,
            )
            assert row["score"] == match.score
    assert frame["id"].notna().tolist() == [True, False, False, False, False, True]


def test_each_distinct_name_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = Resolver.default()
    calls: list[str] = []
    original = Resolver.resolve

    def counting(self: Resolver, name: str, **options: object) -> object:
        calls.append(name)
        return original(self, name, **options)  # type: ignore[arg-type]

    # The batch API calls the method through the class (canonym.workers.run_many).
    monkeypatch.setattr(Resolver, "resolve", counting)
    frame = pd.Series(["Lima", "Tacna", "Lima", "Lima", "Tacna"]).canonym.resolve(resolver=resolver)
    assert sorted(calls) == ["Lima", "Tacna"]
    assert frame["id"].tolist() == ["lima", "tacna", "lima", "lima", "tacna"]


def test_resolve_with_a_bundled_registry_and_threshold() -> None:
    names = pd.Series(["Allemagne", "Tokio"])
    assert names.canonym.resolve(registries=["world"])["id"].tolist() == ["iso3166:DE", "geonames:1850147"]
    assert names.canonym.resolve()["id"].isna().all()  # the default registry is the story's
    assert names.canonym.resolve(registries=["world"], threshold=1.0)["id"].isna().all()


def test_resolver_and_registries_together_are_refused() -> None:
    with pytest.raises(ValueError, match="either resolver= or registries="):
        pd.Series(["Lima"]).canonym.resolve(resolver=Resolver.default(), registries=["world"])


def test_annotate_equals_resolver_annotate_row_for_row() -> None:
    texts = pd.Series(
        [
            "Peruvian President José Geri spoke in Lima. Geri then left.",
            None,
            "No names here.",
            "Peruvian President José Geri spoke in Lima. Geri then left.",
        ],
        index=[10, 20, 30, 40],
    )
    out = texts.canonym.annotate()
    assert out.name == "mentions" and list(out.index) == [10, 20, 30, 40]
    expected = [m.as_dict() for m in Resolver.default().annotate(texts[10]).mentions]
    assert out[10] == expected and out[40] == expected
    assert [m["via"] for m in expected] == ["name", "name", "document"]
    assert out[20] == [] and out[30] == []
    assert "evidence" in texts.canonym.annotate(evidence=True)[10][0]


def test_workers_give_the_same_answers() -> None:
    names = pd.Series([f"José Gehry {i}" if i % 3 else "Lima" for i in range(300)])
    assert names.canonym.resolve(workers=2).equals(names.canonym.resolve())
