"""Properties of the scoring functions: word similarity, features and the model."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import canonym.features as features_module
from canonym.features import (
    COMPARISON_FEATURES,
    DECISION_FEATURES,
    FEATURES,
    MARGIN_SCALE,
    compare,
    decision_features,
    margin,
)
from canonym.lexicon import default_lexicon
from canonym.model import LogisticModel, default_model, sigmoid, term_value
from canonym.names import analyze
from canonym.similarity import word_similarity

ROOT = Path(__file__).resolve().parents[1]
LEXICON = default_lexicon()
PROPS = settings(max_examples=200, deadline=None)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
# Names made of plain words and of words the lexicon treats specially (titles, particles,
# legal forms, place words, given names with cognates), in any order.
SPECIAL = st.sampled_from(
    ["president", "de", "la", "sa", "city", "jose", "joseph", "janet", "jeannette", "j"]
)
NAME = st.lists(st.one_of(WORD, SPECIAL), min_size=1, max_size=4).map(" ".join)


def rarity(word: str) -> float:
    # A deterministic weight in (0, 1] that differs between words, as the index's does.
    return (1 + sum(map(ord, word)) % 7) / 7


@PROPS
@given(WORD, WORD)
def test_word_similarity_is_bounded_symmetric_and_one_only_for_identity(a: str, b: str) -> None:
    sim_ab, how_ab = word_similarity(a, b, LEXICON)
    sim_ba, how_ba = word_similarity(b, a, LEXICON)
    assert 0.0 <= sim_ab <= 1.0
    assert (sim_ab, how_ab) == (sim_ba, how_ba)
    assert (sim_ab == 1.0) == (a == b)


@PROPS
@given(NAME, NAME, st.sampled_from(["person", "place", "organization"]), st.integers(1, 50))
# Found by hypothesis: the same words in another order summed their weights to a coverage
# of 1.0000000000000002.
@example("a aaaa aaaaaa", "a aaaaaa aaaa", "person", 1)
def test_every_feature_is_in_the_unit_interval(q: str, a: str, entity_type: str, names: int) -> None:
    c = compare(
        analyze(q, LEXICON), analyze(a, LEXICON), rarity, LEXICON, entity_type=entity_type, entity_names=names
    )
    assert tuple(c.features) == FEATURES
    assert all(0.0 <= v <= 1.0 for v in c.features.values()), dict(c.features)
    for pair in c.pairs:
        assert 0.0 < pair.similarity <= 1.0


@PROPS
@given(NAME, NAME)
def test_whole_name_and_exact_are_symmetric(q: str, a: str) -> None:
    qf, af = analyze(q, LEXICON), analyze(a, LEXICON)
    there = compare(qf, af, rarity, LEXICON).features
    back = compare(af, qf, rarity, LEXICON).features
    for name in ("whole_name", "exact"):
        assert there[name] == back[name], name


@PROPS
@given(NAME)
def test_a_name_compared_with_itself_matches_fully(name: str) -> None:
    form = analyze(name, LEXICON)
    c = compare(form, form, rarity, LEXICON)
    assert c.features["exact"] == 1.0
    assert c.features["whole_name"] == 1.0
    assert c.features["query_coverage"] == pytest.approx(1.0)
    assert c.features["alias_coverage"] == pytest.approx(1.0)
    assert c.features["substitution"] == 0.0
    assert c.features["first_word_conflict"] == 0.0
    assert c.unmatched_query == c.unmatched_alias == ()


@PROPS
@given(st.one_of(st.none(), st.floats(-100, 100)))
def test_margin_is_the_clipped_lead(gap: float | None) -> None:
    value = margin(gap)
    assert 0.0 <= value <= 1.0
    if gap is None or gap >= MARGIN_SCALE:
        assert value == 1.0
    elif gap <= 0:
        assert value == 0.0
    else:
        assert value == pytest.approx(gap / MARGIN_SCALE)


def test_decision_features_leave_the_comparison_alone() -> None:
    c = compare(analyze("José Jerí", LEXICON), analyze("Jose Jeri", LEXICON), rarity, LEXICON)
    out = decision_features(c.features, rank_gap=1.0, shared_name=True)
    assert out["margin"] == 0.25 and out["ambiguous"] == 1.0
    assert {k: v for k, v in out.items() if k not in DECISION_FEATURES} == {
        k: v for k, v in c.features.items() if k not in DECISION_FEATURES
    }
    assert c.features["margin"] == 0.0  # the comparison itself is unchanged


def test_every_feature_is_a_documented_function_of_its_name() -> None:
    assert set(FEATURES) == set(COMPARISON_FEATURES) | set(DECISION_FEATURES)
    assert len(FEATURES) == len(set(FEATURES))
    for name in FEATURES:
        func = getattr(features_module, name)
        assert callable(func) and func.__doc__ and len(func.__doc__) > 20, name


def test_the_model_reads_only_known_features() -> None:
    model = default_model()
    for logistic in (model.rank, model.confidence):
        for term in logistic.weights:
            for part in term.split("*"):
                assert part.split("@")[0] in FEATURES, term


def test_the_model_has_a_version_that_names_its_weights() -> None:
    raw = json.loads((ROOT / "src" / "canonym" / "data" / "model.json").read_text(encoding="utf-8"))
    assert default_model().version == raw["version"]
    assert re.fullmatch(r"logistic-v\d+\+[0-9a-f]{8}", raw["version"])


def test_calibration_imports_no_private_name_from_canonym() -> None:
    # Calibration takes its features from the functions the resolver uses, never from a
    # private copy of a constant (that is how a train/serve skew starts).
    tree = ast.parse((ROOT / "benchmarks" / "calibrate.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("canonym"):
            assert not [a.name for a in node.names if a.name.startswith("_")], node.module


@PROPS
@given(st.floats(-50, 50), st.floats(-50, 50))
def test_sigmoid_is_a_monotone_probability(x: float, y: float) -> None:
    assert 0.0 <= sigmoid(x) <= 1.0
    if x < y:
        assert sigmoid(x) <= sigmoid(y)
    assert sigmoid(x) + sigmoid(-x) == pytest.approx(1.0)


@PROPS
@given(st.floats(0, 1), st.sampled_from([(0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0)]))
def test_a_ramp_term_is_the_part_of_the_feature_in_its_segment(
    x: float, segment: tuple[float, float]
) -> None:
    lo, hi = segment
    value = term_value(f"margin@{lo}:{hi}", {"margin": x})
    assert value == pytest.approx(min(max(x - lo, 0.0), hi - lo))
    # The four segments add back up to the feature.
    total = sum(
        term_value(f"margin@{a}:{b}", {"margin": x})
        for a, b in ((0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1))
    )
    assert total == pytest.approx(x)


def test_contributions_add_up_to_the_logit() -> None:
    model = default_model().confidence
    c = compare(analyze("Jose Gehry", LEXICON), analyze("José Jerí", LEXICON), rarity, LEXICON)
    feats = decision_features(c.features, rank_gap=2.0, shared_name=False)
    assert sum(model.contributions(feats).values()) == pytest.approx(model.logit(feats))
    assert LogisticModel(0.5, {}).logit(feats) == 0.5
