"""The text layer's screen (canonym.text._screened) and the bounds on its memory.

A screened span is one the text layer would drop whatever the resolver answered: skipping
it must leave every annotation as it was, and must spare the look-up.
"""

from __future__ import annotations

import gc
import importlib
import json
import pickle
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import canonym.text
from canonym import Resolver
from canonym.models import Entity
from canonym.registry import Registry

ROOT = Path(__file__).resolve().parents[1]


def _view(resolver: Resolver, text: str) -> list[tuple[object, ...]]:
    return [(m.start, m.end, m.entity.id, m.score, m.via, m.title) for m in resolver.annotate(text).mentions]


def _both_ways(resolver: Resolver, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(canonym.text, "SCREEN", False)
        unscreened = _view(resolver, text)
    assert _view(resolver, text) == unscreened, text


class _Recording:
    """A resolver that records every span the text layer looks up."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self.looked_up: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self._resolver, name)

    @property
    def lexicon(self) -> object:
        return self._resolver.lexicon

    @property
    def registry(self) -> Registry:
        return self._resolver.registry

    def candidates_cached(self, surface: str, *args: object) -> object:
        self.looked_up.append(surface)
        return self._resolver.candidates_cached(surface, *args)

    def span_candidates(self, surface: str, *args: object) -> object:
        self.looked_up.append(surface)
        return self._resolver.span_candidates(surface, *args)  # type: ignore[arg-type]


def test_words_the_text_layer_drops_are_not_looked_up(resolver: Resolver) -> None:
    recording = _Recording(resolver)
    text = "The Chilean delegation met Jeannette Jara. However, Peruvian officials stayed in Lima."
    doc = canonym.text.annotate(text, recording)  # type: ignore[arg-type]
    assert [m.entity.id for m in doc.mentions] == ["jeannette-jara", "lima"]
    for word in ("The", "Chilean", "However", "Peruvian"):
        assert word not in recording.looked_up
    assert "Lima" in recording.looked_up


def test_a_function_word_the_registry_writes_as_a_name_is_still_looked_up() -> None:
    # As is a municipality of Limburg, Belgium, and "As" also a function word.
    registry = Registry((Entity("as-belgium", "As", "place"),))
    recording = _Recording(Resolver(registry))
    canonym.text.annotate("As the rain fell, the road to As was closed.", recording)  # type: ignore[arg-type]
    assert "As" in recording.looked_up


_WORDS = [
    # function words and nationality words, as a sentence or headline may capitalise them
    "The",
    "In",
    "However",
    "As",
    "And",
    "Our",
    "They",
    "During",
    "Chilean",
    "Peruvian",
    "Chileans",
    "British",
    # names of the bundled registry and variants of them
    "Lima",
    "Peru",
    "Chile",
    "Tacna",
    "José",
    "Jerí",
    "Gehry",
    "Jeannette",
    "Jara",
    "Kast",
    "Boric",
    "Arica",
    "Santiago",
    # words that name nothing it holds
    "Minister",
    "President",
    "Border",
    "Police",
    "Monday",
    "Garden",
    "River",
]
_GLUE = [" ", " ", " ", ", ", ". ", " and ", " of ", " the ", "\n\n", " – ", "-"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
    glue = draw(st.lists(st.sampled_from(_GLUE), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, glue, strict=True)).strip()


@settings(max_examples=150, deadline=None)
@given(_texts())
def test_screening_changes_no_annotation(text: str) -> None:
    resolver = Resolver.default()
    with pytest.MonkeyPatch.context() as patch:
        _both_ways(resolver, text, patch)


def _golden_texts() -> Iterator[str]:
    yield from (p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    golden = ROOT / "tests" / "golden"
    yield from (c["text"] for c in json.loads((golden / "mentions_scripts.json").read_text("utf-8")))
    yield from (c["text"] for c in json.loads((golden / "news_roles.json").read_text("utf-8"))["cases"])


@pytest.mark.parametrize("text", list(_golden_texts()))
def test_screening_changes_no_annotation_of_the_seeds_and_golden_texts(
    resolver: Resolver, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _both_ways(resolver, text, monkeypatch)


def test_the_span_memo_stays_bounded_on_a_stream_of_distinct_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The memo's size is read when a resolver first uses it: a fresh resolver with a small
    # one stands for the default on a million-document stream.
    monkeypatch.setattr(importlib.import_module("canonym.resolve"), "MEMO_ENTRIES", 16)
    resolver = Resolver(Resolver.default().registry)
    words = ["Lima", "Peru", "Chile", "Tacna", "Jara", "Kast", "Boric", "Arica", "Gehry"]
    for first in words:
        for second in words:
            # Each document holds a two-word span no other holds.
            resolver.annotate(f"On Monday {first} {second} spoke.")
    info = resolver._memo.cache_info()
    assert info.maxsize == 16
    assert info.currsize <= 16
    assert info.misses > 16


def test_the_names_kept_for_the_screen_stay_bounded() -> None:
    for n in range(3 * canonym.text._NAMES_OF_WORDS_KEPT):
        registry = Registry((Entity(f"lima-{n}", "Lima", "place"),))
        canonym.text._function_word_names(registry, Resolver.default().lexicon)
    assert len(canonym.text._NAMES_OF_WORDS) <= canonym.text._NAMES_OF_WORDS_KEPT


# --- the resolver's screen: a span no looked-up alias can explain is not compared ------------


class _WithoutSpanScreen(_Recording):
    """The resolver as a text resolver that has no ``span_candidates``: every span's
    candidates are computed in full and checked by the text layer."""

    span_candidates = None


def test_a_span_no_alias_explains_gets_no_candidates_and_no_comparison(
    resolver: Resolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Monday" pairs with no word of any bundled name: the full answer for the span is
    # Jeannette Jara with "monday" left over (checked by hand), which the text layer drops.
    fresh = Resolver(resolver.registry)
    full = fresh.candidates_cached("Jeannette Jara Monday")
    assert full[0].entity.id == "jeannette-jara"
    assert full[0].evidence.unmatched_query == ("monday",)
    compared: list[str] = []
    ranked = fresh._ranked

    def recording(name: str, *args: object, **kwargs: object) -> object:
        compared.append(name)
        return ranked(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fresh, "_ranked", recording)
    assert fresh.span_candidates("Jeannette Jara Monday") == ()
    assert fresh.span_candidates("Peru Border") == ()
    assert compared == []
    # A span some alias explains gets the candidates candidates_cached gives.
    explained = fresh.span_candidates("José Gehry")
    assert compared == ["José Gehry"]
    assert explained == fresh.candidates_cached("José Gehry")


def _both_screens(resolver: Resolver, text: str) -> None:
    unscreened = [
        (m.start, m.end, m.entity.id, m.score, m.via, m.title)
        for m in canonym.text.annotate(text, _WithoutSpanScreen(resolver)).mentions  # type: ignore[arg-type]
    ]
    assert _view(resolver, text) == unscreened, text


@settings(max_examples=150, deadline=None)
@given(_texts())
def test_the_span_screen_changes_no_annotation(text: str) -> None:
    _both_screens(Resolver.default(), text)


@pytest.mark.parametrize("text", list(_golden_texts()))
def test_the_span_screen_changes_no_annotation_of_the_seeds_and_golden_texts(
    resolver: Resolver, text: str
) -> None:
    _both_screens(resolver, text)


def test_the_span_screen_keeps_a_declined_name_whose_own_reading_wins(resolver: Resolver) -> None:
    # A Cyrillic span with a case ending is compared as written (its own best candidate
    # decides whether a stem's replaces it), so the answer matches the unscreened one.
    for text in ("Встреча с Хосе Антонио Кастом в Лиме.", "Габриэлем Боричем и Кастом Понедельник."):
        _both_screens(resolver, text)


def test_the_first_function_word_does_not_read_every_name_of_the_registry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The resolver says in one look-up whether an alias is written as the word; reading
    # every name of a registry of millions on the first "The" of a stream is not needed.
    def every_name(*_: object) -> frozenset[str]:
        raise AssertionError("read every name")

    monkeypatch.setattr(canonym.text, "_function_word_names", every_name)
    resolver = Resolver(Resolver.default().registry)
    recording = _Recording(resolver)
    canonym.text.annotate("The rain fell on Lima. However, As is dry.", recording)  # type: ignore[arg-type]
    assert "The" not in recording.looked_up
    assert "However" not in recording.looked_up


def test_has_alias_is_an_alias_written_exactly_so() -> None:
    # As (Limburg, Belgium); "AS" folds as "As" does and is not a second alias of it.
    resolver = Resolver(Registry((Entity("as-belgium", "As", "place", ("AS",)),)))
    assert resolver.has_alias("As")
    assert not resolver.has_alias("as")
    assert not resolver.has_alias("The")


@pytest.mark.parametrize(
    "text", ["As the rain fell, the road to As was closed.", "AS THE RAIN FELL, AS WAS CLOSED. As said."]
)
def test_a_function_word_spelled_as_an_alias_is_read_as_before(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolver = Resolver(Registry((Entity("as-belgium", "As", "place", ("AS",)),)))
    _both_ways(resolver, text, monkeypatch)


def _collections_during(work: Callable[[], object]) -> int:
    """How many times the garbage collector ran while ``work`` ran."""
    runs = 0

    def count(phase: str, _info: dict[str, int]) -> None:
        nonlocal runs
        runs += phase == "start"

    gc.callbacks.append(count)
    try:
        work()
    finally:
        gc.callbacks.remove(count)
    return runs


def test_the_collector_does_not_run_while_a_document_is_annotated(resolver: Resolver) -> None:
    # Annotating a document makes many short-lived objects and no reference cycles: the
    # collector, run every few hundred allocations, would only walk them again and again.
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    fresh = Resolver._assemble(resolver.registry, resolver.index, resolver.model)  # a cold span memo
    assert gc.isenabled()
    # At most the one that the allocations made meanwhile trigger once the document is
    # done (54 on these articles while the collector ran throughout).
    assert _collections_during(lambda: fresh.annotate(text)) <= 1
    assert gc.isenabled()  # left as it was found


def test_the_collector_is_left_as_the_caller_set_it(resolver: Resolver) -> None:
    gc.disable()
    try:
        resolver.annotate("José Gehry met Kast in Lima.")
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- runs seen before: split once per resolver, language and day ------------------------------


def test_a_run_seen_before_is_not_split_again(resolver: Resolver) -> None:
    recording = _Recording(Resolver(resolver.registry))
    sentence = "Peruvian President José Gehry met Jeannette Jara and Kast in Lima."
    first = canonym.text.annotate(sentence, recording)  # type: ignore[arg-type]
    assert recording.looked_up
    recording.looked_up.clear()
    # The same runs, read the same way (each sentence starts a document or follows a full
    # stop), in a longer document: nothing is asked again, and the mentions repeat.
    again = canonym.text.annotate(f"{sentence} {sentence}", recording)  # type: ignore[arg-type]
    assert recording.looked_up == []
    view = [(m.text, m.entity.id, m.via, m.title) for m in first.mentions]
    assert [(m.text, m.entity.id, m.via, m.title) for m in again.mentions] == view * 2
    assert [m.start for m in again.mentions][len(view) :] == [
        m.start + len(sentence) + 1 for m in first.mentions
    ]


def _generated_corpus(seed: int) -> list[str]:
    """Documents built for the run memo's test: the seed articles' paragraphs shuffled into
    new documents, some names swapped for others of the bundled registry or respelled, some
    paragraphs in capitals (headlines, and a budget of spans spent early), one document in
    capitals throughout."""
    rng = random.Random(seed)
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n")
        if len(p.strip()) > 40
    ]
    names = [n for e in Resolver.default().registry.entities for n in e.names if n.isascii() and len(n) > 3]
    docs = []
    for _ in range(30):
        chosen = rng.sample(paragraphs, rng.randint(1, 5))
        text = "\n\n".join(p.upper() if rng.random() < 0.15 else p for p in chosen)
        for name in rng.sample(names, 4):
            if name in text:
                other = rng.choice(names)
                text = text.replace(name, other if rng.random() < 0.5 else other[:-1] + other[-1] * 2)
        docs.append(text)
    docs.append(" ".join(docs[:6]).upper())
    docs.extend(docs[:8])  # seen before, whole
    return docs


@pytest.mark.parametrize("date", [None, "2025-11-28"])
def test_the_run_memo_changes_no_annotation(
    resolver: Resolver, date: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _generated_corpus(20261128)
    views = {}
    for memo in (False, True):
        monkeypatch.setattr(canonym.text, "RUN_MEMO", memo)
        fresh = Resolver(resolver.registry)
        views[memo] = [
            [m.as_dict(evidence=True) for m in fresh.annotate(d, date=date).mentions] for d in docs
        ]
    assert sum(map(len, views[True])) > 100
    assert views[True] == views[False]


def test_a_run_seen_before_is_split_anew_when_the_budget_has_no_room(
    resolver: Resolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run split before, whose spans of two words or more the document's budget can no
    # longer all allow, is split as without the memo (its longer spans refused).
    monkeypatch.setattr(canonym.text, "_BUDGET_BASE", 0)
    run = "Chilean Security Minister Luis Cordero"
    words = ["Lima", "Peru", "Chile", "Tacna", "Jara", "Kast", "Boric", "Arica", "Gehry"]
    spent = ", ".join(f"{a} {b}" for a in words for b in words)  # 81 spans, room for some 60
    prose = f"{run} spoke, and so it was said again and again by one and all."
    texts = [f"{prose} " * 3, f"{spent}.\n{prose}"]
    room: list[bool] = []
    has_room = canonym.text._Budget.has_room

    def recording(self: object, surfaces: tuple[str, ...]) -> bool:
        room.append(has_room(self, surfaces))  # type: ignore[arg-type]
        return room[-1]

    monkeypatch.setattr(canonym.text._Budget, "has_room", recording)
    views = {}
    for memo in (False, True):
        monkeypatch.setattr(canonym.text, "RUN_MEMO", memo)
        fresh = Resolver(resolver.registry)
        views[memo] = [
            [(m.start, m.end, m.entity.id, m.via) for m in fresh.annotate(t).mentions] for t in texts
        ]
    assert False in room  # the memo was not used for the run in the second text
    assert views[True] == views[False]
    # Linked by name where the budget had room; in the second text its spans of two words
    # or more were refused (the memo's answer would have linked it).
    assert [m[2] for m in views[True][0]] == ["luis-cordero"] * 3
    assert "luis-cordero" not in {m[2] for m in views[True][1]}


# --- each distinct span of a document resolved once --------------------------------------------


def test_each_distinct_span_of_a_document_is_resolved_once(resolver: Resolver) -> None:
    # The resolver's memo is least-recently-used: a document asking fewer distinct spans
    # than it holds (MEMO_ENTRIES) never loses one of its own while it is annotated, so each
    # is resolved once, and the memo alone bounds what a stream keeps. (A per-document table
    # of answers would make this hold beyond MEMO_ENTRIES too, at the price of keeping every
    # answer of a long capitalised document alive until it is done: not taken.)
    fresh = Resolver(resolver.registry)
    resolved: list[str] = []
    compute = fresh._span_candidates

    def recording(surface: str, *args: object) -> object:
        resolved.append(surface)
        return compute(surface, *args)  # type: ignore[arg-type]

    fresh._span_candidates = recording  # type: ignore[method-assign]
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    fresh.annotate(text)
    assert len(resolved) > 100
    assert len(resolved) == len(set(resolved))


@settings(max_examples=60, deadline=None)
@given(_texts())
def test_a_memo_of_one_span_changes_no_annotation(text: str) -> None:
    # Whether the resolver's memo still holds a span or it is resolved again, the answer
    # is the same.
    resolve = importlib.import_module("canonym.resolve")
    usual = Resolver(Resolver.default().registry)
    expected = _view(usual, text)  # its memo made, as it is read, with the usual size
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resolve, "MEMO_ENTRIES", 1)
        small = Resolver(Resolver.default().registry)
        assert _view(small, text) == expected, text
    assert usual._memo.cache_info().maxsize == resolve.MEMO_ENTRIES > 1


def test_a_span_the_run_memo_moves_keeps_every_other_field() -> None:
    # Each field set apart from its default: one that the move leaves out shows here.
    fields = list(canonym.text._Span._fields)
    span = canonym.text._Span(*range(1, 5), "Minister", ("a match",), True, True, True)
    assert len(fields) == 9
    moved = canonym.text._shifted(span, -3)
    assert moved == span._replace(start=0, end=1)
    assert [getattr(moved, f) for f in fields] == [1, 2, 0, 1, "Minister", ("a match",), True, True, True]


def test_a_word_is_analysed_once_for_its_resemblance_and_as_a_span(
    resolver: Resolver, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve = importlib.import_module("canonym.resolve")  # canonym.resolve is also a function
    analysed: list[str] = []
    analyze = resolve.analyze

    def counting(text: str, lexicon: object) -> object:
        analysed.append(text)
        return analyze(text, lexicon)

    monkeypatch.setattr(resolve, "analyze", counting)
    fresh = Resolver(resolver.registry)
    assert fresh.resembles("Gehry")
    assert [m.entity.id for m in fresh.span_candidates("Gehry")][:1] == ["jose-jeri"]
    assert analysed.count("Gehry") == 1


def test_a_resolver_that_annotated_text_still_pickles(resolver: Resolver) -> None:
    fresh = Resolver(resolver.registry)
    text = "José Gehry met Kast in Lima."
    view = _view(fresh, text)
    assert view
    assert _view(pickle.loads(pickle.dumps(fresh)), text) == view


@given(
    text=st.text(
        alphabet=st.sampled_from("aB9 .,;:!?\"()[]'-’é\u0301\n\t\u00a0\x1c\x00\u212aU.S"), max_size=30
    )
)
@settings(max_examples=3000, deadline=None)
def test_the_document_words_are_its_words_each_folded(text: str) -> None:
    # The plain words are lower-cased, the others folded one by one: together they must
    # be every word of the text folded (an edge mark, an initial's dot, a hyphen or an
    # apostrophe Wade-Giles reads, a Kelvin sign that folds to a letter, a control character).
    expected = {w for word in text.split() for w in canonym.text._fold(word).split()}
    assert canonym.text._DocumentWords(text).get() == expected
