"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from canonym import Resolver, apply_steps, explain_normalization, normalize_text
from canonym.similarity import word_similarity

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RESOLVER = Resolver.default()
NAMES = [(e.id, n) for e in RESOLVER.registry.entities for n in e.names]
CANONICAL = [(e.id, e.canonical) for e in RESOLVER.registry.entities]


@FAST
@given(st.text())
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert once.isascii()


@FAST
@given(st.text())
def test_replaying_steps_reproduces_the_normal_form(text: str) -> None:
    folded, steps = explain_normalization(text)
    assert apply_steps(text, steps) == folded


@FAST
@given(st.text(max_size=60))
def test_resolve_never_raises_and_scores_stay_in_range(text: str) -> None:
    for match in RESOLVER.candidates(text, limit=3):
        assert 0.0 <= match.score <= 1.0
    RESOLVER.resolve(text)


# A resolver of its own, whose memos (the index's, the word similarities') fill in another
# order than RESOLVER's: an answer that depended on what was computed before would differ.
FRESH = Resolver(RESOLVER.registry)


@FAST
@given(
    st.lists(
        st.sampled_from([n for _, n in NAMES] + ["Jose Gehry", "Kast", "Lima Peru", "Janet"]), max_size=6
    )
)
def test_answers_do_not_depend_on_what_was_asked_before(names: list[str]) -> None:
    # Each list is asked in a different order of the two resolvers, with the shared word
    # similarity memo cleared in between, so a second call can never just repeat a cached one.
    first = [[(m.entity.id, m.score) for m in RESOLVER.candidates(n, limit=3)] for n in names]
    word_similarity.cache_clear()
    again = [[(m.entity.id, m.score) for m in FRESH.candidates(n, limit=3)] for n in reversed(names)]
    assert first == again[::-1]


def test_every_name_resolves_to_its_own_entity() -> None:
    # Checked for all names rather than sampled: the registry is small.
    for entity_id, name in NAMES:
        best = RESOLVER.candidates(name, limit=1)
        assert best and best[0].entity.id == entity_id, name


def test_every_canonical_name_is_accepted() -> None:
    for entity_id, name in CANONICAL:
        match = RESOLVER.resolve(name)
        assert match is not None and match.entity.id == entity_id, name


@FAST
@given(
    st.sampled_from(CANONICAL),
    st.sampled_from(["upper", "lower", "strip_accents", "spaces", "title"]),
)
def test_case_accents_spacing_and_titles_do_not_change_the_answer(item: tuple[str, str], change: str) -> None:
    entity_id, name = item
    if change == "upper":
        variant = name.upper()
    elif change == "lower":
        variant = name.lower()
    elif change == "strip_accents":
        variant = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    elif change == "spaces":
        variant = "  " + name.replace(" ", "   ") + " "
    else:
        variant = "Dr. " + name
    best = RESOLVER.candidates(variant, limit=1)
    assert best and best[0].entity.id == entity_id


@FAST
@given(st.sampled_from([n for n in CANONICAL if len(n[1]) >= 5]), st.data())
def test_a_corrupted_name_never_scores_above_the_clean_one(
    item: tuple[str, str], data: st.DataObject
) -> None:
    entity_id, name = item
    position = data.draw(st.integers(0, len(name) - 1))
    letter = data.draw(st.sampled_from("qxzkw"))
    corrupted = name[:position] + letter + name[position + 1 :]
    assume(normalize_text(corrupted) != normalize_text(name))
    assume(normalize_text(corrupted) not in {normalize_text(n) for _, n in NAMES})  # another real name
    clean = RESOLVER.candidates(name, limit=1)[0].score
    dirty = [m.score for m in RESOLVER.candidates(corrupted, limit=5) if m.entity.id == entity_id]
    assert all(score <= clean + 1e-9 for score in dirty)
