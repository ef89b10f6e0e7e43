"""The compiled core against the pure-Python reference, on every evaluation query.

canonym's hot modules are compiled by Cython from their own source (setup.py); the
``.py`` modules stay the reference, selected by ``CANONYM_PURE=1``. Both paths run, each in
a process of its own, over every query of every evaluation set (benchmarks/data, read at run
time; nothing of it is copied here), and must give the same candidate records, the same
answers and scores equal to 1e-9.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import shutil
import subprocess
import sys
from array import array
from collections import Counter
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import canonym
from canonym import index
from canonym._native import PURE_ENV, compiled_modules, pure_requested
from canonym.model import LogisticModel

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"

_DUMP = """
import json, sys
sys.path.insert(0, sys.argv[1])
from canonym import Registry, Resolver
from canonym._native import compiled_modules
from canonym.names import analyze
from evaldata import REGISTRY, SETS, load_queries
resolver = Resolver(Registry.from_files([REGISTRY]))
print(json.dumps(compiled_modules()))
for path in SETS.values():
    for q in load_queries(path):
        form = analyze(q.text, resolver.lexicon)
        pool = resolver.index.lookup(form, 8) if form.words else []
        found = resolver.candidates(q.text, limit=3)
        answer = resolver.resolve(q.text)
        print(json.dumps([q.text, pool, [[m.entity.id, m.alias, m.score] for m in found],
                          answer and [answer.entity.id, answer.score]], ensure_ascii=False))
"""


def _dump(pure: bool, cache: Path) -> list[object]:
    env = {**os.environ, PURE_ENV: "1" if pure else "", "CANONYM_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(BENCHMARKS)], env=env, capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def test_the_switch_selects_the_pure_modules() -> None:
    code = "import canonym.index; from canonym._native import compiled_modules; print(compiled_modules())"
    env = {**os.environ, PURE_ENV: "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "()"


@pytest.mark.skipif(
    pure_requested() or not compiled_modules(),
    reason="canonym was installed without its compiled core (no C compiler), or CANONYM_PURE is set",
)
def test_compiled_and_pure_agree_on_every_evaluation_query(tmp_path: Path) -> None:
    if not (BENCHMARKS / "data" / "registry.yaml").exists():
        pytest.skip("the evaluation data is not in this checkout")
    compiled = _dump(pure=False, cache=tmp_path)
    pure = _dump(pure=True, cache=tmp_path)
    assert compiled[0], "the compiled process ran no compiled module"
    assert pure[0] == []
    assert len(compiled) == len(pure) > 5000
    differ = [(c, p) for c, p in zip(compiled[1:], pure[1:]) if not _same(c, p)]
    assert not differ, f"{len(differ)} queries differ, the first: {differ[0]}"


_ANNOTATE = r"""
import json, sys
from pathlib import Path
from canonym import Resolver
from canonym._native import compiled_modules
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
texts += [
    "ANNE-MARIE O'NEILL-SMITH met Dr. J.R.R. Tolkien\u00a0and  Lima's MAYOR.\n\nKast\u2014Lima",
    "\u041c\u0435\u0434\u0432\u0435\u0434\u0435\u0432 in Z\u00fcrich; \u6771\u4eac, 3'D, \u200bPer\u00fa",
]
resolver = Resolver.default()
for text in texts:
    for date in (None, "2025-11-20"):
        found = resolver.annotate(text, date=date).mentions
        print(json.dumps([m.as_dict(evidence=True) for m in found], ensure_ascii=False))
print(json.dumps(compiled_modules()))
"""


@pytest.mark.skipif(
    pure_requested() or not compiled_modules(),
    reason="canonym was installed without its compiled core (no C compiler), or CANONYM_PURE is set",
)
def test_compiled_and_pure_annotate_text_alike(tmp_path: Path) -> None:
    # The text layer (text, mentions, normalize) is compiled too: its reference must still
    # give the same mentions, with the same evidence, on the seed articles and mixed text.
    def dump(pure: bool) -> list[object]:
        env = {**os.environ, PURE_ENV: "1" if pure else "", "CANONYM_CACHE_DIR": str(tmp_path)}
        done = subprocess.run(
            [sys.executable, "-c", _ANNOTATE, str(ROOT / "seeds")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return [json.loads(line) for line in done.stdout.splitlines()]

    compiled, pure = dump(pure=False), dump(pure=True)
    assert {"text", "mentions", "normalize"} <= set(compiled[-1]) and pure[-1] == []
    assert len(compiled) == len(pure) > 10 and sum(map(len, compiled[:-1])) > 50
    assert compiled[:-1] == pure[:-1]


@pytest.mark.skipif(
    pure_requested() or not compiled_modules(),
    reason="canonym was installed without its compiled core (no C compiler), or CANONYM_PURE is set",
)
def test_a_module_whose_source_changed_since_compiled_runs_from_source(tmp_path: Path) -> None:
    package = Path(canonym.__file__).parent
    copy = tmp_path / "canonym"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import canonym.similarity; from canonym._native import compiled_modules; print(compiled_modules())"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )

    before = run()
    assert "similarity" in before.stdout
    assert before.stderr == ""
    source = copy / "similarity.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    after = run()
    assert "similarity" not in after.stdout  # the edited source runs, not the old extension
    assert "index" in after.stdout  # the untouched modules stay compiled
    assert "similarity changed since compiled" in after.stderr


def _kernels_or_skip() -> Any:
    try:
        from canonym import _kernels  # noqa: PLC0415 (exists only compiled)
    except ImportError:
        pytest.skip("canonym._kernels is not compiled here")
    return _kernels


_GROUPS = st.lists(
    st.lists(
        st.tuples(st.lists(st.integers(0, 39), max_size=12), st.sampled_from([0.6, 0.7, 0.35, 1.0])),
        max_size=4,
    ),
    max_size=4,
)


@given(
    groups=_GROUPS,
    whole=st.lists(st.integers(0, 39), max_size=6),
    grams=st.lists(st.lists(st.integers(0, 39), max_size=15), max_size=6),
    pool=st.integers(1, 12),
    total=st.sampled_from([0.0, 0.3, 1.7]),
)
@settings(max_examples=300, deadline=None)
def test_the_score_table_in_c_matches_the_dictionary(
    groups: list[list[tuple[list[int], float]]],
    whole: list[int],
    grams: list[list[int]],
    pool: int,
    total: float,
) -> None:
    kernels = _kernels_or_skip()
    size = 40
    ref, fast = index._Scores(size), kernels.Scores(size)

    def view(records: list[int]) -> memoryview:
        return memoryview(array("i", records))

    for word in groups:
        found = [(view(records), value) for records, value in word]
        for records, _ in found:
            assert fast.distinct(records) == ref.distinct(records)
        ref.add(found)
        fast.add(found)
    ref.at_least(view(whole), total)
    fast.at_least(view(whole), total)
    assert fast.best() == ref.best()
    postings = [view(g) for g in grams]
    ref.trigrams(postings, total / 7, pool)
    fast.trigrams(postings, total / 7, pool)
    assert len(fast) == len(ref)
    assert fast.pool(pool) == ref.pool(pool)
    assert all((rid in fast) == (rid in ref) for rid in range(size))
    fast.clear()
    assert len(fast) == 0
    assert fast.pool(pool) == []


@given(
    a=st.text(alphabet=st.sampled_from([*"abikstu", "é", "漢"]), max_size=80),
    b=st.text(alphabet=st.sampled_from([*"abikstu", "é", "漢"]), max_size=80),
)
@settings(max_examples=3000, deadline=None)
def test_the_whole_key_ratio_in_c_is_rapidfuzz_to_the_last_bit(a: str, b: str) -> None:
    kernels = _kernels_or_skip()
    from rapidfuzz import fuzz  # noqa: PLC0415

    # Up to 64 ASCII letters the kernel counts with bit masks, past that or with other
    # letters by the dynamic programme: both must be rapidfuzz's ratio exactly.
    for x, y in ((a, b), (a[:64], b), (a[:9], b[:7]), (b, a)):
        assert kernels.indel_ratio(x, y) == fuzz.ratio(x, y)


@given(
    scores=st.lists(st.sampled_from([0.35, 0.7, 1.05, 1.4, 2.1]), max_size=40),
    keys=st.lists(st.text(alphabet=st.sampled_from([*"abks", "é"]), max_size=5), min_size=40, max_size=40),
    whole=st.text(alphabet=st.sampled_from([*"abks", "é"]), max_size=5),
    pool=st.integers(1, 30),
    limit=st.integers(0, 12),
    total=st.sampled_from([1.0, 0.3, 1.7]),
)
@settings(max_examples=1000, deadline=None)
def test_the_pool_ranked_in_c_is_the_sorted_list_up_to_the_limit_and_its_ties(  # noqa: PLR0917 (hypothesis draws)
    scores: list[float], keys: list[str], whole: str, pool: int, limit: int, total: float
) -> None:
    kernels = _kernels_or_skip()
    from rapidfuzz import fuzz, process  # noqa: PLC0415

    fast = kernels.Scores(40)
    for rid, score in enumerate(scores):  # short keys of four letters: many ties
        fast.add([(memoryview(array("i", [rid])), score)])
    chosen = fast.pool(pool)
    similar = process.extract(whole, [keys[rid] for _, rid in chosen], scorer=fuzz.ratio, limit=None)
    reference = index._reranked(chosen, similar, total)
    end = min(limit, len(reference))
    while 0 < end < len(reference) and reference[end][0] == reference[limit - 1][0]:
        end += 1
    # The keys read from the index's array of letters (a letter outside ASCII as one byte
    # that no pattern letter is), the query's as bit masks or, with "é", by the programme.
    assert fast.ranked(pool, kernels.JoinedKeys(keys), whole, total, limit) == reference[:end]


def test_the_pool_ranked_in_c_takes_any_limit_and_refuses_records_without_a_key() -> None:
    kernels = _kernels_or_skip()
    fast = kernels.Scores(100)
    for rid, score in ((5, 1.0), (99, 0.5)):
        fast.add([(memoryview(array("i", [rid])), score)])
    # Equal keys: the higher score first. A limit beyond the records keeps them all (the
    # limit sized a C buffer, whose size wrapped around for a limit near 2**61).
    keys = kernels.JoinedKeys(["k"] * 100)
    for limit in (2, 1000, 2**61 + 1, sys.maxsize):
        assert [rid for _, rid in fast.ranked(100, keys, "k", 1.0, limit)] == [5, 99]
    with pytest.raises(IndexError, match="no joined key"):  # record 99 read past the letters
        fast.ranked(100, kernels.JoinedKeys(["k"] * 6), "k", 1.0, 5)
    with pytest.raises(ValueError, match="without its keys"):
        fast.ranked(100, kernels.JoinedKeys.__new__(kernels.JoinedKeys), "k", 1.0, 5)


@given(
    keys=st.lists(st.text(alphabet=st.sampled_from([*"abikst", "é", "漢", "\U0001f600"]), max_size=70)),
    whole=st.text(alphabet=st.sampled_from([*"abikst"]), max_size=64),
)
@settings(max_examples=500, deadline=None)
def test_the_joined_keys_array_gives_rapidfuzz_ratio_to_the_last_bit(keys: list[str], whole: str) -> None:
    kernels = _kernels_or_skip()
    from rapidfuzz import fuzz  # noqa: PLC0415

    # Every record scored equally, so the ranking is the ratio's order (then the record's).
    fast = kernels.Scores(max(len(keys), 1))
    for rid in range(len(keys)):
        fast.add([(memoryview(array("i", [rid])), 1.0)])
    ranked = fast.ranked(len(keys), kernels.JoinedKeys(keys), whole, 1.0, len(keys))
    assert ranked == sorted((-1.0 - fuzz.ratio(whole, key) / 100.0, rid) for rid, key in enumerate(keys))


@given(
    weights=st.dictionaries(
        st.sampled_from(["a", "b", "a@0.25:0.5", "b@0.5", "a*b", "a@0.0:0.25*b@0.5:1.0", "c"]),
        st.floats(-3, 3, allow_nan=False),
    ),
    a=st.floats(0, 1),
    b=st.sampled_from([0.0, 0.5, 0.75, 1.0, 1]),
)
@settings(max_examples=300, deadline=None)
def test_the_model_terms_in_c_match_the_python_loop(weights: dict[str, float], a: float, b: float) -> None:
    _kernels_or_skip()
    reference = LogisticModel(0.5, MappingProxyType(weights))
    reference.__dict__["_kernel"] = None  # the Python loop
    compiled = LogisticModel(0.5, MappingProxyType(weights))
    assert compiled._kernel is not None
    # A dictionary, a read-only view of one (a comparison's features) and another mapping.
    plain = {"a": a, "b": b}
    for features in (plain, MappingProxyType(plain), Counter(plain)):
        assert compiled._values(features) == reference._values(features)
        assert compiled.logit(features) == reference.logit(features)
        contributions = compiled.contributions(features)
        assert list(contributions.items()) == list(reference.contributions(features).items())


@given(
    weights=st.dictionaries(
        # A term may be named as the bias is (the contributions then hold it in its place).
        st.sampled_from(["a", "b", "a@0.25:0.5", "b@0.5", "a*b", "a@0.0:0.25*b@0.5:1.0", "c", "bias"]),
        st.floats(-3, 3, allow_nan=False),
    ),
    bias=st.sampled_from([0.5, -2.0, 1]),  # an int bias stays an int in sum()
    a=st.floats(0, 1),
    b=st.sampled_from([0.0, 0.5, 0.75, 1.0, 1]),
    extra=st.lists(st.floats(-5, 5, allow_nan=False), max_size=3),
)
@settings(max_examples=300, deadline=None)
def test_the_contributions_summed_in_c_are_sum_of_the_contributions(
    weights: dict[str, float], bias: float, a: float, b: float, extra: list[float]
) -> None:
    _kernels_or_skip()
    reference = LogisticModel(bias, MappingProxyType(weights))
    reference.__dict__["_kernel"] = None  # the Python loop
    compiled = LogisticModel(bias, MappingProxyType(weights))
    plain = {"a": a, "b": b}
    for features in (plain, MappingProxyType(plain), Counter(plain)):
        expected = sum([*reference.contributions(features).values(), *extra])
        for made in (
            compiled.summed(features, tuple(extra)),
            compiled.added_up(features, tuple(extra)),
            reference.summed(features, tuple(extra)),
        ):
            assert made == expected and type(made) is type(expected)


def test_the_contributions_summed_in_c_add_as_sum_does() -> None:
    # 0.5 + 1e16 and then + 1.0 round back to 1e16 in doubles, so sum() before Python 3.12
    # gives 0.0 for these terms where the bias added last would give 0.5 (and sum() from
    # 3.12 on compensates and gives 1.5): only sum()'s own order and rounding pass.
    _kernels_or_skip()
    model = LogisticModel(0.5, MappingProxyType({"a": 1e16, "b": 1.0, "c": -1e16}))
    features = {"a": 1.0, "b": 1.0, "c": 1.0}
    expected = sum([0.5, 1e16, 1.0, -1e16, 0.25])
    assert expected != 0.5 + (((1e16 + 1.0) + -1e16) + 0.25)
    assert model.summed(features, (0.25,)) == expected


def test_the_reference_adds_the_terms_left_to_right() -> None:
    # 1e16 + 1.0 rounds back to 1e16 in doubles, so left to right the terms add to 0.0, as
    # the compiled terms add them; sum() from Python 3.12 on compensates and gives 1.0.
    model = LogisticModel(0.5, MappingProxyType({"a": 1e16, "b": 1.0, "c": -1e16}))
    model.__dict__["_kernel"] = None  # the Python loop
    assert model.logit({"a": 1.0, "b": 1.0, "c": 1.0}) == 0.5


_WORDS = st.text(
    alphabet=st.sampled_from([*"abcdeghijkostuwyzhhce", *"fqvxlmnpr", "é", "ı", "\n", "ß"]), max_size=14
)


@given(word=_WORDS)
@settings(max_examples=3000, deadline=None)
def test_the_transliteration_keys_in_c_match_the_regular_expressions(word: str) -> None:
    _kernels_or_skip()
    from canonym import phonetic  # noqa: PLC0415

    assert phonetic._KERNEL is not None
    assert phonetic._KERNEL.key(word) == phonetic._translit_key(word)
    key = phonetic._translit_key(word)
    assert phonetic._KERNEL.coarse(key) == phonetic._coarse_key(key)


def test_the_transliteration_keys_in_c_match_on_the_lexicon_and_registry_words() -> None:
    _kernels_or_skip()
    from canonym import phonetic  # noqa: PLC0415
    from canonym.lexicon import default_lexicon  # noqa: PLC0415

    lexicon = default_lexicon()
    words = {w for group in (lexicon.titles, lexicon.demonyms, lexicon.place_suffixes) for w in group}
    entities = canonym.Resolver.default().registry.entities
    words |= {w for e in entities for n in e.names for w in n.lower().split()}
    for word in sorted(words):
        assert phonetic._KERNEL.key(word) == phonetic._translit_key(word), word


@given(
    a=st.text(alphabet=st.sampled_from([*"abcdehiknorstu", "é", "ß", "漢"]), max_size=80),
    b=st.text(alphabet=st.sampled_from([*"abcdehiknorstu", "é", "ß", "漢"]), max_size=80),
)
@settings(max_examples=3000, deadline=None)
def test_the_edit_similarity_in_c_is_rapidfuzz_to_the_last_bit(a: str, b: str) -> None:
    kernels = _kernels_or_skip()
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    assert kernels.normalized_similarity(a, b) == Levenshtein.normalized_similarity(a, b)
    assert kernels.normalized_similarity(a[:9], b[:7]) == Levenshtein.normalized_similarity(a[:9], b[:7])


@given(
    a=st.text(alphabet=st.sampled_from([*"abnrstu", "é", "漢", "\n"]), min_size=56, max_size=72),
    b=st.text(alphabet=st.sampled_from([*"abnrstu", "é", "漢", "\n"]), max_size=72),
    cut=st.integers(0, 72),
)
@settings(max_examples=2000, deadline=None)
def test_the_bit_parallel_edit_distance_holds_at_the_64_letter_edge(a: str, b: str, cut: int) -> None:
    """The edit similarity counts with bit vectors where the shorter string has at most 64
    letters (one machine word) and by the dynamic programme past that: around the edge, with
    letters outside ASCII in the pattern (looked up apart from the table), both must be
    rapidfuzz's figure to the last bit."""
    kernels = _kernels_or_skip()
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    for x, y in ((a, b), (a[:64], b), (a[:65], b[:64]), (a[:cut], b), (b, a[:cut]), (a[:63], a[1:])):
        assert kernels.normalized_similarity(x, y) == Levenshtein.normalized_similarity(x, y), (x, y)


def _lexicon() -> Any:
    from canonym.lexicon import default_lexicon  # noqa: PLC0415

    return default_lexicon()


# Words that reach every rule of word_similarity: short runs of letters the keys merge
# (voicing, vowels, sequences), initials, known given names and stems with place suffixes.
_NAME_WORD = st.one_of(
    st.text(alphabet=st.sampled_from([*"abdgkptiouehnsyjcwlrm"]), min_size=1, max_size=9),
    st.sampled_from(sorted(_lexicon().given_name_groups)),
    st.builds(
        str.__add__,
        st.text(alphabet=st.sampled_from([*"abdgkntiuo"]), min_size=1, max_size=6),
        st.sampled_from(sorted(_lexicon().place_suffixes)),
    ),
)
_LANGS = st.sampled_from([None, "ar", "fa", "ru", "zh", "chr"])


@given(q=_NAME_WORD, a=_NAME_WORD, lang=_LANGS, cut=st.integers(0, 3))
@settings(max_examples=4000, deadline=None)
def test_the_word_rules_in_c_match_word_similarity_in_python(
    q: str, a: str, lang: str | None, cut: int
) -> None:
    _kernels_or_skip()
    from canonym import similarity  # noqa: PLC0415

    lexicon = _lexicon()
    rules = similarity.word_rules(lexicon)
    # A word and its own stem too, and the word with its voicing turned, so that
    # suffixes, voicing and near misses come up often.
    voiced = q.translate(str.maketrans("gdbktp", "ktpgdb"))
    for x, y in ((q, a), (q, q[: max(1, len(q) - cut)]), (a + q[:cut], a), (voiced, q)):
        assert rules.similarity(x, y, lang) == similarity._word_similarity(x, y, lexicon, lang), (x, y, lang)


def test_the_word_rules_in_c_match_on_the_words_of_the_bundled_registry() -> None:
    _kernels_or_skip()
    from canonym import similarity  # noqa: PLC0415
    from canonym.normalize import normalize_text  # noqa: PLC0415

    lexicon = _lexicon()
    rules = similarity.word_rules(lexicon)
    entities = canonym.Resolver.default().registry.entities
    words = sorted({w for e in entities for n in e.names for w in normalize_text(n).split()})
    for q in words:
        for a in words:
            for lang in (None, "ar"):
                expected = similarity._word_similarity(q, a, lexicon, lang)
                assert rules.similarity(q, a, lang) == expected, (q, a)


@given(q=_NAME_WORD, a=st.lists(_NAME_WORD, min_size=2, max_size=3), lang=_LANGS)
@settings(max_examples=1500, deadline=None)
def test_the_word_rules_work_out_new_keys_in_c_as_the_key_functions_do(
    q: str, a: list[str], lang: str | None
) -> None:
    """The compiled rules compute the keys and codes of a word no name holds (a compound's
    joined run) with the transliteration kernel itself; rules made without the kernel call
    ``translit_key``, ``coarse_key`` and the memoised metaphone instead. Both must agree, and
    with the Python reference, on a word against runs of words joined."""
    kernels = _kernels_or_skip()
    from canonym import phonetic, similarity  # noqa: PLC0415

    lexicon = _lexicon()
    direct = similarity.word_rules(lexicon)
    called = kernels.WordRules(
        lexicon.given_name_groups,
        lexicon.place_suffixes,
        similarity.ABJAD_LANGS,
        phonetic.translit_key,
        phonetic.coarse_key,
        similarity._metaphone,
        1 << 10,
        similarity.SYLLABARY_LANGS,
        similarity.syllabary_rule,
    )
    for joined in ("".join(a), "".join(a[:2]), q + a[0], a[0] + q[: len(q) // 2]):
        expected = similarity._word_similarity(q, joined, lexicon, lang)
        assert direct.similarity(q, joined, lang) == expected, (q, joined)
        assert called.similarity(q, joined, lang) == expected, (q, joined)
        assert direct.similarity(joined, q, lang) == similarity._word_similarity(joined, q, lexicon, lang)


@dataclasses.dataclass(frozen=True)
class _Shouting:
    """A token pair class whose ``__post_init__`` changes a field (its rule upper-cased)."""

    query: str
    alias: str
    similarity: float
    how: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "how", self.how.upper())


def test_token_pairs_are_made_bare_only_for_a_plain_dataclass() -> None:
    """The compiled comparison makes each ``TokenPair`` as its ``__init__`` would (the object
    made bare, its fields set in order), but only where that ``__init__`` does nothing more:
    a class with a ``__post_init__``, slots, other fields or its own ``__init__`` is called."""
    kernels = _kernels_or_skip()
    import dataclasses  # noqa: PLC0415

    from canonym.features import Comparison  # noqa: PLC0415
    from canonym.models import TokenPair  # noqa: PLC0415

    names = ("query", "alias", "similarity", "how")
    assert kernels._plain_dataclass(TokenPair, names) == names
    parts = ("pairs", "unmatched_query", "unmatched_alias", "features")
    assert kernels._plain_dataclass(Comparison, parts) == parts

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        query: str
        alias: str
        similarity: float
        how: str

    @dataclasses.dataclass(frozen=True)
    class Longer:
        query: str
        alias: str
        similarity: float
        how: str
        note: str = ""

    @dataclasses.dataclass(frozen=True, init=False)
    class OwnInit:
        query: str
        alias: str
        similarity: float
        how: str

        def __init__(self, query: str, alias: str, similarity: float, how: str) -> None:
            object.__setattr__(self, "query", query.strip())
            object.__setattr__(self, "alias", alias)
            object.__setattr__(self, "similarity", similarity)
            object.__setattr__(self, "how", how)

    @dataclasses.dataclass(frozen=True)
    class Converting:  # its own __init__, which dataclasses keeps; and not canonym's class
        query: str
        alias: str
        similarity: float
        how: str

        def __init__(self, query: str, alias: str, similarity: float, how: str) -> None:
            object.__setattr__(self, "query", query)
            object.__setattr__(self, "alias", alias)
            object.__setattr__(self, "similarity", float(similarity))
            object.__setattr__(self, "how", how)

    @dataclasses.dataclass(frozen=True)
    class Reordered:
        alias: str
        query: str
        similarity: float
        how: str

    # A class of another module is refused whatever it does (Converting would pass every
    # other check); the others are given canonym's module, so that each reaches the check
    # that must refuse it.
    for cls in (_Shouting, Slotted, Longer, OwnInit, Reordered):
        cls.__module__ = "canonym.models"
    try:
        for cls in (
            _Shouting,
            Slotted,
            Longer,
            OwnInit,
            Converting,
            Reordered,
            tuple,
            TokenPair("a", "b", 1.0, "exact"),
        ):
            assert kernels._plain_dataclass(cls, names) is None, cls
    finally:
        _Shouting.__module__ = __name__


def test_the_comparison_calls_a_token_pair_class_that_does_more_than_set_its_fields() -> None:
    """A comparer given a pair class whose ``__post_init__`` changes a field makes its pairs
    by calling it (the pairs carry the change), and one given another ratio function than
    rapidfuzz's calls that: the comparison in C equals the feature functions either way."""
    kernels = _kernels_or_skip()

    from rapidfuzz import fuzz  # noqa: PLC0415

    from canonym import features, similarity  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    asked: list[tuple[str, str]] = []

    def ratio(a: str, b: str) -> float:
        asked.append((a, b))
        return fuzz.ratio(a, b)

    def comparer(pair: object, whole: Any) -> Any:
        return kernels.Comparer(
            similarity.word_rules,
            pair,
            whole,
            features.FEATURES,
            features.COMPARISON_FEATURES,
            similarity.UNEXPLAINED_RULES,
            features._MIN_PAIR,
            features.CLOSE_PAIR,
            math.log(features._MANY_NAMES),
            features.Comparison,
        )

    lexicon = _lexicon()
    query, alias = analyze("Sainoi Banphaeo", lexicon), analyze("Sai Noi Ban Phaeo", lexicon)
    expected = features._compared(query, alias, lambda _w: 0.5, lexicon)
    made = comparer(_Shouting, ratio).compare(query, alias, lambda _w: 0.5, lexicon, None, "person", 1)
    assert [p.how for p in made[0]] == [p.how.upper() for p in expected.pairs] == ["COMPOUND", "COMPOUND"]
    assert made[3] == dict(expected.features)
    assert len(asked) == 3
    made_bare = features.compare(query, alias, lambda _w: 0.5, lexicon)
    assert type(made_bare) is features.Comparison and made_bare == expected
    assert type(made_bare.features) is MappingProxyType and vars(made_bare) == vars(expected)
    assert all(type(p) is features.TokenPair and vars(p) for p in made_bare.pairs)
    plain = comparer(features.TokenPair, fuzz.ratio).compare(
        query, alias, lambda _w: 0.5, lexicon, None, "person", 1
    )
    assert plain == (
        expected.pairs,
        expected.unmatched_query,
        expected.unmatched_alias,
        dict(expected.features),
    )


@given(
    q=st.lists(_NAME_WORD, min_size=1, max_size=5),
    a=st.lists(_NAME_WORD, min_size=1, max_size=5),
    lang=_LANGS,
    shared=st.lists(st.integers(0, 4), max_size=3),
)
@settings(max_examples=1500, deadline=None)
def test_the_word_pairing_in_c_matches_the_python_pairing(
    q: list[str], a: list[str], lang: str | None, shared: list[int]
) -> None:
    _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    # Words both names hold, in other places: ties of equal similarity come up.
    a = a + [q[i % len(q)] for i in shared]
    query, alias = analyze(" ".join(q), lexicon), analyze(" ".join(a), lexicon)
    assert features._pair_kernel is not None
    expected = features._paired_words(query, alias, lexicon, lang)
    assert features._pair_words(query, alias, lexicon, lang) == expected


@given(
    q=st.lists(_NAME_WORD, min_size=1, max_size=4),
    a=st.lists(_NAME_WORD, max_size=3),
    splits=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6), st.integers(0, 6)), max_size=2),
    flip=st.booleans(),
    lang=_LANGS,
)
@settings(max_examples=1500, deadline=None)
def test_the_compounds_in_c_match_the_python_compounds(
    q: list[str], a: list[str], splits: list[tuple[int, int, int]], flip: bool, lang: str | None
) -> None:
    _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    # The other name holds query words written apart (in two or three pieces): compounds
    # come up, on either side.
    for at, first, second in splits:
        word = q[at % len(q)]
        pieces = (word[:first], word[first : first + second], word[first + second :])
        a += [piece for piece in pieces if piece]
    if flip:
        q, a = a or ["x"], q
    query, alias = analyze(" ".join(q), lexicon), analyze(" ".join(a or ["x"]), lexicon)
    links = features._paired_words(query, alias, lexicon, lang)
    assert features._compound_kernel is not None
    expected = features._joined_compounds(list(links), query, alias, lexicon, lang)
    assert features._join_compounds(list(links), query, alias, lexicon, lang) == expected


def test_the_metaphone_in_c_is_jellyfish_on_every_word_of_up_to_four_letters() -> None:
    """The compiled rules work out two words' metaphone codes in C (``_kernels._metaphone``)
    where both are [a-z] only: on every such word of up to four letters (the rules read a
    letter and the two after it, so every context a rule tests comes up) the code must be
    jellyfish's, which ``phonetic.metaphone`` gives."""
    kernels = _kernels_or_skip()
    import itertools  # noqa: PLC0415
    import string  # noqa: PLC0415

    from canonym import phonetic  # noqa: PLC0415

    wrong = [
        word
        for size in range(5)
        for letters in itertools.product(string.ascii_lowercase, repeat=size)
        for word in ["".join(letters)]
        if kernels.metaphone_code(word) != phonetic.metaphone(word)
    ]
    assert wrong == []


@given(
    word=st.one_of(
        st.text(alphabet=st.sampled_from([*"aeioughsctwxzkdbpnmyrlfvjq"]), max_size=70),
        st.text(alphabet=st.sampled_from([*"aeioughsctwxz", "é", "A", "-", " ", "ß"]), max_size=12),
    )
)
@settings(max_examples=3000, deadline=None)
def test_the_metaphone_in_c_is_jellyfish_on_longer_words_and_others(word: str) -> None:
    """Past four letters, past the 64 letters the C buffers hold, and with letters outside
    [a-z] (which go to jellyfish itself), the code is jellyfish's."""
    kernels = _kernels_or_skip()
    from canonym import phonetic  # noqa: PLC0415

    assert kernels.metaphone_code(word) == phonetic.metaphone(word)


def _word_rules(kernels: Any, memo: int) -> Any:
    """Compiled word rules over the default lexicon, as ``similarity.word_rules`` makes them,
    with a table of ``memo`` word pairs."""
    from canonym import phonetic, similarity  # noqa: PLC0415

    lexicon = _lexicon()
    return kernels.WordRules(
        lexicon.given_name_groups,
        lexicon.place_suffixes,
        similarity.ABJAD_LANGS,
        phonetic.translit_key,
        phonetic.coarse_key,
        phonetic.metaphone,
        memo,
        similarity.SYLLABARY_LANGS,
        similarity.syllabary_rule,
        phonetic._KERNEL,
    )


@given(
    names=st.lists(
        st.tuples(st.lists(_NAME_WORD, min_size=1, max_size=4), st.lists(_NAME_WORD, min_size=1, max_size=4)),
        min_size=1,
        max_size=30,
    ),
    lang=_LANGS,
)
@settings(max_examples=200, deadline=None)
def test_the_word_pairs_kept_in_c_answer_as_the_rules_do(
    names: list[tuple[list[str], list[str]]], lang: str | None
) -> None:
    """The compiled rules keep each word pair's answer in a hash table of their own, grown as
    it fills and emptied at ``memo`` pairs: with a table of a few pairs (it starts again
    many times) and one of a thousand (it grows past its first 1,024 slots), the pairing
    of every name twice over (the second time from the table) is the Python pairing."""
    kernels = _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    forms = [(analyze(" ".join(q), lexicon), analyze(" ".join(a), lexicon)) for q, a in names]
    # Many distinct pairs, so that the larger table grows: each query word against
    # every word of every alias.
    pooled = analyze(" ".join(w for _, a in names for w in a), lexicon)
    forms += [(query, pooled) for query, _ in forms]
    for memo in (3, 1000):
        rules = _word_rules(kernels, memo)
        for _ in range(2):
            for query, alias in forms:
                expected = features._paired_words(query, alias, lexicon, lang)
                made = kernels.pair_words(query, alias, rules, lang, features._MIN_PAIR, features._Link)
                assert made == expected


def test_one_table_of_word_pairs_serves_every_kind_of_language_at_every_size() -> None:
    """One compiled rules object asked for 2,000 distinct word pairs, each in a plain, an
    abjad and a syllabary language (the kind is part of a pair's place in the table), with
    a table that starts again every three pairs and one that grows to thousands of slots,
    answers each pair as the Python rules do, the second time from the table."""
    kernels = _kernels_or_skip()
    from canonym import similarity  # noqa: PLC0415
    from canonym.normalize import normalize_text  # noqa: PLC0415

    lexicon = _lexicon()
    names = [n for e in canonym.Registry.default().entities for n in e.names]
    words = sorted({w for n in names for w in normalize_text(n).split()})
    pairs = [(q, a) for q in words for a in words if q != a][:2000]
    assert len(pairs) == 2000
    languages = (None, "ar", "chr")
    for memo in (3, 5000):
        rules = _word_rules(kernels, memo)
        for _ in range(2):
            for q, a in pairs:
                for lang in languages:  # a few pairs answer otherwise in an abjad or syllabary
                    expected = similarity._word_similarity(q, a, lexicon, lang)
                    assert rules.similarity(q, a, lang) == expected, (q, a, lang)


def test_the_transliteration_keys_in_c_match_on_words_longer_than_the_stack_buffers() -> None:
    """Words of up to 64 letters are transliterated in buffers on the stack, longer ones in
    buffers from the heap: both sides of the edge give the regular expressions' key."""
    _kernels_or_skip()
    from canonym import phonetic  # noqa: PLC0415

    for size in (63, 64, 65, 66, 130, 131, 200):
        for word in (
            "kh" * size,
            "x" * size,  # each x two letters of key: the fullest buffer
            ("xschtzy" * size)[:size],
            ("abcdeghijkostuwyz" * size)[:size],
            "a" * (size - 1) + "\U0010ffff",
            "b" * (size - 2) + "é" + "b",
        ):
            assert phonetic._KERNEL.key(word) == phonetic._translit_key(word), word
            key = phonetic._translit_key(word)
            assert phonetic._KERNEL.coarse(key) == phonetic._coarse_key(key), key
            assert phonetic._KERNEL.coarse(word) == phonetic._coarse_key(word), word


# Title and filler words of the lexicon (single words), so that word roles, their weights and
# the spreading of the filler role over a pair come up.
_ROLE_WORD = st.sampled_from(
    sorted(
        w
        for group in (
            _lexicon().titles,
            _lexicon().particles,
            _lexicon().legal_forms,
            _lexicon().place_designators,
        )
        for w in group
        if " " not in w
    )
)


@given(
    q=st.lists(st.one_of(_NAME_WORD, _ROLE_WORD), min_size=1, max_size=5),
    a=st.lists(st.one_of(_NAME_WORD, _ROLE_WORD), min_size=1, max_size=5),
    shared=st.lists(st.integers(0, 4), max_size=3),
    splits=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6)), max_size=1),
    weights=st.lists(st.sampled_from([0.02, 0.1, 0.35, 0.5, 0.8, 1.0]), min_size=1, max_size=7),
    lang=_LANGS,
    entity_type=st.sampled_from(["person", "place", "organization"]),
    entity_names=st.integers(0, 40),
    flip=st.booleans(),
)
@settings(max_examples=2500, deadline=None)
def test_the_comparison_in_c_matches_the_feature_functions(  # noqa: PLR0917 (hypothesis draws)
    q: list[str],
    a: list[str],
    shared: list[int],
    splits: list[tuple[int, int]],
    weights: list[float],
    lang: str | None,
    entity_type: str,
    entity_names: int,
    flip: bool,
) -> None:
    _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    # Words both names hold (ties, exact pairs) and a query word written apart (compounds).
    a = a + [q[i % len(q)] for i in shared]
    for at, cut in splits:
        word = q[at % len(q)]
        a += [piece for piece in (word[:cut], word[cut:]) if piece]
    if flip:
        q, a = a, q
    query, alias = analyze(" ".join(q), lexicon), analyze(" ".join(a), lexicon)

    def weight(word: str) -> float:  # a rarity weight that differs from word to word
        return weights[sum(map(ord, word)) % len(weights)]

    assert features._COMPARER is not None
    args = (query, alias, weight, lexicon, lang)
    kwargs = {"entity_type": entity_type, "entity_names": entity_names}
    assert features.compare(*args, **kwargs) == features._compared(*args, **kwargs)


@given(
    q=st.lists(_NAME_WORD, min_size=1, max_size=4),
    a=st.lists(_NAME_WORD, max_size=3),
    shared=st.lists(st.integers(0, 3), max_size=3),
    splits=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 6)), max_size=2),
    title=st.sampled_from(["", "president ", "dr "]),
    lang=_LANGS,
    flip=st.booleans(),
)
@settings(max_examples=2500, deadline=None)
def test_the_screen_in_c_matches_the_python_screen(  # noqa: PLR0917 (hypothesis draws)
    q: list[str],
    a: list[str],
    shared: list[int],
    splits: list[tuple[int, int]],
    title: str,
    lang: str | None,
    flip: bool,
) -> None:
    """The resolver's screen of a span (``features.explains``: the word pairs and the
    compounds pair every query word but its titles, each closely) is worked out over plain
    tuples in C (``_kernels.explained``): it must answer as the Python reference on names
    that share words, hold a query word written apart (compounds, on either side) and lead
    with a title or not."""
    _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    a = a + [q[i % len(q)] for i in shared]
    for at, cut in splits:
        word = q[at % len(q)]
        a += [piece for piece in (word[:cut], word[cut:]) if piece]
    if flip:
        q, a = a or ["x"], q
    query, alias = analyze(title + " ".join(q), lexicon), analyze(" ".join(a or ["x"]), lexicon)
    assert features._explain_kernel is not None
    expected = features._explained(query, alias, lexicon, lang)
    assert features.explains(query, alias, lexicon, lang) is expected


def test_the_screen_counts_titles_out_and_compounds_in() -> None:
    """Checked by hand: a title needs no partner, a word with none fails the screen, a
    word written apart in the other name passes it only through the compounds, and a pair
    below 0.75 fails it even when every word has a partner."""
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()

    def screen(query: str, alias: str) -> bool:
        return features.explains(analyze(query, lexicon), analyze(alias, lexicon), lexicon)

    assert screen("President Tomasz Brandauer", "Tomasz Brandauer")
    assert not screen("Tomasz Brandauer", "Brandauer")
    # sainoi / sai, sainoi / noi: 0.5 each, no pair; sainoi / sai+noi: the same word.
    assert screen("Sainoi Banphaeo", "Sai Noi Banphaeo")
    assert screen("Sai Noi Banphaeo", "Sainoi Banphaeo")
    # tomasz / tomczak: their keys tumas / tumsak are two edits apart, 1 - 2/6 = 0.67.
    assert not screen("Tomasz Brandauer", "Tomczak Brandauer")


def test_the_screen_reads_no_further_than_the_querys_roles() -> None:
    """A NameForm made by hand may list fewer roles than words: the words past them are
    never needed, as the reference reads it, and the compiled screen must not mark them in
    its array of the roles (it wrote past its end and corrupted the heap)."""
    import dataclasses  # noqa: PLC0415

    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    form = analyze(" ".join(f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}x" for i in range(400)), lexicon)
    short = dataclasses.replace(form, roles=form.roles[:1])
    assert features._explained(short, form, lexicon, None) is True
    assert features.explains(short, form, lexicon) is True


def test_the_pairing_keeps_the_answers_of_abjad_languages_apart() -> None:
    """The compiled pairing keeps each word pair's answer (``WordRules.pair``). A vowel
    difference counts for more where the source language is written in an abjad (Arabic
    kitab / kutub, "book" / "books"), so an answer kept for one kind of language must
    never answer for the other."""
    _kernels_or_skip()
    from canonym import features, similarity  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = _lexicon()
    query, alias = analyze("kitab", lexicon), analyze("kutub", lexicon)
    outside, inside = (similarity._word_similarity("kitab", "kutub", lexicon, lang) for lang in (None, "ar"))
    assert outside != inside
    for lang in (None, "ar", None, "fa", "ru", "ar"):
        [link] = features._pair_words(query, alias, lexicon, lang)
        assert (link.sim, link.how) == similarity._word_similarity("kitab", "kutub", lexicon, lang), lang


def test_the_index_weights_kept_in_c_are_the_weights_worked_out() -> None:
    kernels = _kernels_or_skip()
    from canonym import features  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415
    from canonym.normalize import normalize_text  # noqa: PLC0415

    resolver = canonym.Resolver.default()
    weights = resolver.index.weight
    assert isinstance(weights, kernels.Weights)
    names = sorted({normalize_text(n) for e in resolver.registry.entities for n in e.names})
    words = [*sorted({w for n in names for w in n.split()}), "zzzzqx", "santa"]
    for word in words + words:  # worked out, then kept
        assert weights(word) == resolver.index._rarity(word), word
    # The comparison reads them from C: the same as the reference calling the function.
    lexicon = resolver.lexicon
    forms = [analyze(n, lexicon) for n in names[::7]]
    for query in forms[:12]:
        for alias in forms:
            expected = features._compared(query, alias, resolver.index._rarity, lexicon, "ar")
            assert features.compare(query, alias, weights, lexicon, "ar") == expected


def test_the_weights_kept_in_c_start_again_when_full() -> None:
    kernels = _kernels_or_skip()
    asked: list[str] = []

    def weight(word: str) -> float:
        asked.append(word)
        return len(word) / 10

    weights = kernels.Weights(weight, 2)
    assert [weights(w) for w in ("ab", "abc", "ab", "abcd", "ab")] == [0.2, 0.3, 0.2, 0.4, 0.2]
    assert asked == ["ab", "abc", "abcd", "ab"]  # the third word emptied the table


@given(key=st.text(alphabet=st.sampled_from([*"abkst^$", "é", "ß", "漢", "\U0001f600"]), max_size=300))
@settings(max_examples=1000, deadline=None)
def test_the_posting_keys_hashed_in_c_are_hashlibs_blake2b(key: str) -> None:
    _kernels_or_skip()
    table = canonym.Resolver.default().index._table
    # One block of 128 bytes and several (the letters take one to four bytes each).
    for part in (key, key[:5], key[:127], key[:128], key[:129]):
        assert table.key_hash(part) == index._key_hash(part)


def test_the_postings_found_in_c_are_the_bisection() -> None:
    import bisect  # noqa: PLC0415

    _kernels_or_skip()
    found = canonym.Resolver.default().index
    table = found._table
    words = sorted(
        {w for e in canonym.Resolver.default().registry.entities for n in e.names for w in n.split()}
    )
    keys = [mark + w.casefold() for w in words for mark in "kcdtn"] + ["k", "", "zzzzqx"]
    held = 0
    for key in keys:
        code = index._key_hash(key) >> found._shift
        low = bisect.bisect_left(found._hashes, code)
        assert table.find(key) == (low, bisect.bisect_right(found._hashes, code)), key
        held += table.find(key)[1] > low
    assert held > 50  # not only keys that no record holds


def test_the_word_resemblance_in_c_asks_the_keys_the_reference_asks() -> None:
    _kernels_or_skip()
    from canonym.names import analyze  # noqa: PLC0415

    resolver = canonym.Resolver.default()
    found = resolver.index
    words = sorted({w for e in resolver.registry.entities for n in e.names for w in n.split()})
    # Each registry word, and respellings a letter or two away that may or may not be near one.
    asked = [*words, *(w[:-1] + "q" for w in words), *("x" + w[1:] + "zz" for w in words), "Xqzvw", "A"]
    answers = Counter()
    for text in asked:
        form = analyze(text, resolver.lexicon)
        for key, coarse in zip(form.keys, form.coarse):
            expected = any(len(found._posted(k)) for k in index._resembling(key, coarse))
            assert found.resembles(key, coarse) == expected, text
            answers[expected] += 1
    assert answers[True] > 100 and answers[False] > 20  # both answers asked often


@given(
    words=st.lists(
        st.text(alphabet=st.sampled_from([*"abikstuy"]), min_size=1, max_size=12), min_size=1, max_size=4
    )
)
@settings(max_examples=300, deadline=None)
def test_the_lookup_scored_in_c_matches_the_reference(words: list[str]) -> None:
    kernels = _kernels_or_skip()
    from canonym.names import analyze  # noqa: PLC0415

    resolver = canonym.Resolver.default()
    found = resolver.index
    names = [n for e in resolver.registry.entities for n in e.names][::5]
    for text in (" ".join(words), *names[: len(words) * 3]):
        form = analyze(text, resolver.lexicon)
        positions = index._index_words(form)
        reference = index._Scores(len(found))
        keys = [form.keys[i] for i in positions]
        total = found._score(form, positions, reference, "".join(keys))
        scores = kernels.Scores(len(found))
        weights = [found.weight(form.words[i]) for i in positions]
        assert found._table.score(scores, keys, [form.coarse[i] for i in positions], weights) == total
        assert len(scores) == len(reference)
        assert scores.pool(len(found)) == reference.pool(len(found)), text


def test_the_alias_records_made_in_c_are_the_ones_the_dataclass_makes() -> None:
    kernels = _kernels_or_skip()
    found = canonym.Resolver.default().index
    made: dict[int, Any] = {}
    records = kernels.Records(index.AliasRecord, found._entity, found._names, found._forms, found._form, made)
    ids = [3, 0, 3, len(found) - 1, 7]
    out = records.of(ids, 3)
    expected = [index.AliasRecord(found._entity[i], found._names[i], found._form(i)) for i in ids]
    assert out == expected
    # Made bare, yet the same object: its class, its fields in their order, frozen.
    assert [type(r) for r in out] == [index.AliasRecord] * len(ids)
    assert [list(vars(r).items()) for r in out] == [list(vars(r).items()) for r in expected]
    with pytest.raises(dataclasses.FrozenInstanceError):
        out[0].name = "other"  # type: ignore[misc]
    assert out[0] is out[2]  # handed out again while kept ...
    assert len(made) <= 3 and records.of([7], 3)[0] is out[4]  # ... and no more than asked kept

    @dataclasses.dataclass(frozen=True)
    class Checked:  # an __init__ that does more than set the fields: called, not bypassed
        entity: int
        name: str
        form: object

        def __post_init__(self) -> None:
            object.__setattr__(self, "name", self.name.upper())

    checked = kernels.Records(Checked, found._entity, found._names, None, found._form, {}).of([5], 8)[0]
    assert checked == Checked(found._entity[5], found._names[5].upper(), found._form(5))


@given(
    words=st.lists(
        st.text(alphabet=st.sampled_from([*"abikstuy"]), min_size=1, max_size=8), min_size=1, max_size=3
    ),
    few=st.integers(0, 3),
)
@settings(max_examples=200, deadline=None)
def test_exact_names_and_holders_found_in_c_are_the_references(words: list[str], few: int) -> None:
    _kernels_or_skip()
    from canonym.names import analyze  # noqa: PLC0415

    resolver = canonym.Resolver.default()
    found = resolver.index
    names = [n for e in resolver.registry.entities for n in e.names][::3]
    for text in (" ".join(words), *names[: len(words) * 9]):
        form = analyze(text, resolver.lexicon)
        keys = [form.keys[i] for i in index._index_words(form)]
        whole = "".join(keys)
        # CandidateIndex.exact's and _holding's pure steps, through the index's own _find.
        named = sorted([r for r in found._find(["n" + form.normalized])[0] if found._joined[r] == whole])
        assert found._table.named("n" + form.normalized, whole, found._joined) == named, text
        if keys:
            rarest = min(found._find(["k" + key for key in keys]), key=len)
            held = sorted(set(rarest)) if len(rarest) <= few else None
            assert found._table.rarest(keys, few) == held, text
