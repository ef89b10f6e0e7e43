"""The spaCy component: registered by entry point, links doc.ents or finds its own mentions,
equals Resolver.annotate, survives to_disk / spacy.load and multiprocessing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from canonym import Resolver  # noqa: E402 (after the skip)

# Texts written for these tests, with names of the bundled story registry and spellings a
# translation could give them.
TEXTS = [
    "Peruvian President José Geri spoke in Lima on Monday. Geri then left for Tacna.",
    "Janet Jara and José Antonio Kast met before the runoff in Santiago.",
    "Nothing to link here, only lower-case words.",
    "The United Nations and the OECD sent observers to Arica.",
]


def _ents(doc: Any) -> list[tuple[int, int, str, float, str]]:
    return [(e.start_char, e.end_char, e.kb_id_, e._.canonym["score"], e._.canonym["via"]) for e in doc.ents]


def _annotate(resolver: Resolver, text: str) -> list[tuple[int, int, str, float, str]]:
    return [(m.start, m.end, m.entity.id, m.score, m.via) for m in resolver.annotate(text).mentions]


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("canonym")
    return pipeline


def test_the_factory_is_found_without_importing_canonym() -> None:
    code = textwrap.dedent(
        """
        import spacy
        nlp = spacy.blank("en")
        component = nlp.add_pipe("canonym")
        print(type(component).__module__, [e.kb_id_ for e in nlp("José Gehry spoke.").ents])
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["canonym.spacy", "['jose-jeri']"]


def test_blank_pipeline_equals_resolver_annotate(nlp: Any) -> None:
    resolver = Resolver.default()
    for text in TEXTS:
        assert _ents(nlp(text)) == _annotate(resolver, text), text
    # Not vacuous: the texts hold linked mentions, by name and through the document.
    vias = {e._.canonym["via"] for text in TEXTS for e in nlp(text).ents}
    assert {"name", "document"} <= vias


def test_the_extension_holds_the_link_and_its_evidence(nlp: Any) -> None:
    doc = nlp("Peruvian President José Geri spoke in Lima.")
    first = doc.ents[0]
    assert (first.text, first.label_, first.kb_id_) == ("José Geri", "PERSON", "jose-jeri")
    link = first._.canonym
    assert link["canonical"] == "José Jerí" and link["type"] == "person"
    assert link["title"] == "Peruvian President"
    assert link["evidence"]["alias"] == "José Jerí"
    assert 0.5 < link["score"] <= 1.0
    assert [(e.text, e.label_) for e in doc.ents][1] == ("Lima", "GPE")


def test_entity_ruler_in_front_is_linked_and_nothing_is_dropped() -> None:
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "José Geri"},
            {"label": "ORG", "pattern": "Acme Widgets"},
            {"label": "LOC", "pattern": "Tacna"},
        ]
    )
    pipeline.add_pipe("canonym")
    doc = pipeline("José Geri visited Acme Widgets in Tacna. Lima was quiet.")
    got = [(e.text, e.label_, e.kb_id_, e._.canonym and e._.canonym["via"]) for e in doc.ents]
    # The ruler's spans and labels stay; an unknown one keeps no link; the component adds no
    # mention of its own (Lima) when an earlier one found entities.
    assert got == [
        ("José Geri", "PERSON", "jose-jeri", "name"),
        ("Acme Widgets", "ORG", "", None),
        ("Tacna", "LOC", "tacna", "name"),
    ]
    match = Resolver.default().resolve("José Geri")
    assert match is not None and doc.ents[0]._.canonym["score"] == match.score


def test_world_registry_and_labels() -> None:
    pipeline = spacy.blank("fr")
    pipeline.add_pipe("canonym", config={"registries": ["world"], "labels": {"place": "LOC"}})
    doc = pipeline("Les ministres de l'Allemagne se sont réunis à Tokio.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Allemagne", "LOC", "iso3166:DE"),
        ("Tokio", "LOC", "geonames:1850147"),
    ]


def test_threshold_raises_the_bar(nlp: Any) -> None:
    text = TEXTS[0]
    strict = spacy.blank("en")
    strict.add_pipe("canonym", config={"threshold": 0.9})
    kept = _ents(strict(text))
    everything = _ents(nlp(text))
    assert kept == [e for e in everything if e[3] >= 0.9]
    assert len(kept) < len(everything)


def test_pipe_with_two_processes_equals_one(nlp: Any) -> None:
    texts = TEXTS * 3
    single = [_ents(doc) for doc in nlp.pipe(texts)]
    double = [_ents(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert double == single
    assert single[0]


def test_to_disk_and_load_keep_config_and_registry_files(tmp_path: Path) -> None:
    registry = tmp_path / "mine.yaml"
    registry.write_text(
        "version: 1\nentities:\n  - id: acme\n    canonical: Acme Widgets\n    type: organization\n",
        "utf-8",
    )
    pipeline = spacy.blank("en")
    config = {"registries": [str(registry)], "threshold": 0.5, "date": "2025-11-20", "source_lang": "es"}
    pipeline.add_pipe("canonym", config=config)
    before = _ents(pipeline("Acme Widgets hired staff."))
    assert [e[2] for e in before] == ["acme"]
    pipeline.to_disk(tmp_path / "pipeline")
    registry.unlink()  # the saved pipeline carries its own copy
    loaded = spacy.load(tmp_path / "pipeline")
    component = loaded.get_pipe("canonym")
    assert (component.threshold, component.date, component.source_lang) == (0.5, "2025-11-20", "es")
    assert _ents(loaded("Acme Widgets hired staff.")) == before


def test_a_bad_date_is_refused() -> None:
    pipeline = spacy.blank("en")
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        pipeline.add_pipe("canonym", config={"date": "20 November"})
