"""Finding candidate mentions: which words are kept, and how they form runs."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from canonym import mentions
from canonym.lexicon import default_lexicon
from canonym.mentions import candidate_runs, tokenize

LEXICON = default_lexicon()
PARTICLES = LEXICON.particles


def runs(text: str) -> list[str]:
    tokens = tokenize(text, PARTICLES)
    return [" ".join(t.text for t in r.tokens) for r in candidate_runs(text, tokens, LEXICON)]


def test_particles_join_names_and_other_lower_case_words_are_skipped() -> None:
    text = "the war of the words and Bank of America or Hugo de la Torre and the end"
    kept = [t.text for t in tokenize(text, PARTICLES)]
    assert "war" not in kept and "words" not in kept and "or" not in kept
    assert runs(text) == ["Bank of America", "Hugo de la Torre"]


def test_particles_lead_a_name_after_a_run_ends() -> None:
    # A run that ends before a particle no longer keeps it from leading the next name;
    # before, "Kast said de Zela" gave "Zela" while "Kast, the. de Zela" gave "de Zela".
    assert runs("Kast said de Zela.") == ["Kast", "de Zela"]
    assert runs("Kast, the. de Zela") == ["Kast", "de Zela"]


def test_a_line_break_before_lower_case_words_does_not_start_a_sentence() -> None:
    tokens = {t.text: t for t in tokenize("Kast spoke.\nlater that day in Peru, Jara", PARTICLES)}
    assert not tokens["Peru"].sentence_start
    tokens = {t.text: t for t in tokenize("Kast spoke.\nPeru, Jara", PARTICLES)}
    assert tokens["Peru"].sentence_start


WORDS = st.sampled_from(
    ["the", "of", "de", "la", "De", "and", "Peru", "Kast", "war", "J.", "y", "al", "Assad"]
)
GAPS = st.sampled_from([" ", "  ", "-", " – ", ", ", ".\n", "\n", " (", "'s "])


@given(st.lists(st.tuples(WORDS, GAPS), min_size=1, max_size=14))
def test_skipping_particles_that_join_nothing_changes_no_run(parts: list[tuple[str, str]]) -> None:
    # The fast mode keeps a particle only where it leads to a capitalised word; the runs it
    # finds equal those found with every particle kept (all words, then filtered).
    text = "".join(w + g for w, g in parts)
    every = [t for t in tokenize(text) if t.capitalised or t.text.lower() in PARTICLES]
    slow = [" ".join(t.text for t in r.tokens) for r in candidate_runs(text, every, LEXICON)]
    assert runs(text) == slow


def test_particles_cut_off_by_a_comma_do_not_count_against_the_next_name() -> None:
    # Found by the property test below: the slow mode dropped "de" before "De" because two
    # particles before the comma had filled the pending list.
    assert runs("de de, de De ") == ["de De"]
    every = [t for t in tokenize("de de, de De ") if t.capitalised or t.text.lower() in PARTICLES]
    assert [" ".join(t.text for t in r.tokens) for r in candidate_runs("de de, de De ", every, LEXICON)] == [
        "de De"
    ]


def test_a_long_chain_of_particles_is_read_once() -> None:
    # Each chain is matched once, backwards from its capitalised word: linear, not
    # quadratic, in a hostile "de de de ... Peru".
    text = "de " * 20_000 + "Peru"
    tokens = tokenize(text, PARTICLES)
    assert len(tokens) == 20_001 and tokens[-1].text == "Peru"


@given(gap=st.text(alphabet=st.sampled_from(" \t\u00a0.-–—‐‑x,\n"), max_size=6))
def test_the_gap_tests_are_the_patterns_they_stand_for(gap: str) -> None:
    spaces = "[" + regex.escape(mentions._SPACES) + "]*"
    dash = "[" + regex.escape(mentions._DASHES) + "]"
    assert mentions._name_gap(gap) == bool(regex.fullmatch(spaces, gap))
    assert mentions._dash_gap(gap) == bool(regex.fullmatch(spaces + dash + spaces, gap))
    assert mentions._initial_gap(gap) == bool(regex.fullmatch(r"\." + spaces, gap))
