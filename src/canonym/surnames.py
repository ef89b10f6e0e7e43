"""How much a surname alone says: the world's name frequencies as evidence for short forms.

After its first mention, news names a person by surname ("Kast had warned", "Cordero did not
specify"). Whether such a word names the registry's person depends on how many other people
bear it: *Kast* is rare, *Torres* is borne by one person in 700 in the United States. The
registry cannot tell: it holds one Torres. So a match of a single word to a person's
surname gets a term from the surname's frequency among people
(``data/surnames.tsv``: the US Census Bureau's 2010 surname list, public domain, built by
``tools/build_surnames.py``; see ``data/README.md``):

``log10(REFERENCE / per_100k)``, in log-odds, where :data:`REFERENCE` is 3 per 100,000: a
surname as common as that changes nothing; each tenfold more common lowers the log-odds by
one (*Torres*, 150 per 100,000: -1.7; *Smith*: -2.4); a rarer one raises them, at most to
``log10(3 / 0.5)`` = +0.78 at the table's floor, :data:`FLOOR` (*Kast*, 0.69: +0.64). A
word the table does not hold changes nothing: it may be a surname rarer than the floor, or
no surname at all (a place, a word), and the list cannot tell which. Rarity raises the
confidence only when the word is the registry's spelling of the surname exactly and no other
registry person bears it: a respelling (*Cast*) or a shared surname proves nothing by being
rare. The weights are set by hand, not fitted: no evaluation set has surname-only mentions
of registry people.

The list counts the United States' population, in which Spanish, Korean, Indian and
Chinese surnames are frequent as they are in the world (García, Kim, Singh, Li); surnames
frequent only elsewhere (many Slavic, Turkish or African ones) look rarer than they are.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from importlib import resources
from types import MappingProxyType

from canonym.lexicon import Lexicon
from canonym.model import logit, sigmoid
from canonym.models import Match, TokenPair

__all__ = [
    "FLOOR",
    "REFERENCE",
    "frequency",
    "surname_log_odds",
    "surname_of",
    "surname_terms",
    "surname_word",
    "with_surname_evidence",
    "with_surname_term",
]

SOURCE = "canonym:data/surnames.tsv"
REFERENCE = 3.0
"""People per 100,000 bearing a surname whose mention alone neither raises nor lowers the
confidence."""
FLOOR = 0.5
"""The table lists surnames down to this frequency per 100,000."""


@functools.cache
def _table() -> Mapping[str, float]:
    text = resources.files("canonym").joinpath("data/surnames.tsv").read_text("utf-8")
    rows = [line.partition("\t") for line in text.splitlines() if line[:1] != "#"]
    try:
        return MappingProxyType({name: float(value) for name, _, value in rows})
    except ValueError:
        bad = next(value for _, _, value in rows if not _is_number(value))
        raise ValueError(f"{SOURCE}: per 100,000: expected a number, found {bad!r}") from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def frequency(word: str) -> float | None:
    """People per 100,000 bearing the normalised surname ``word``, or None when the table
    does not list it (fewer than :data:`FLOOR`, or no surname).

    >>> frequency("torres") > 100, frequency("kast") < 1, frequency("zzyzx")
    (True, True, None)
    """
    return _table().get(word)


def surname_log_odds(word: str, *, may_raise: bool = True) -> float:
    """The log-odds a mention of the surname ``word`` alone adds (see the module's text);
    with ``may_raise`` False, a rare surname adds nothing instead of raising them.

    >>> round(surname_log_odds("torres"), 2), round(surname_log_odds("kast"), 2)
    (-1.7, 0.64)
    >>> surname_log_odds("kast", may_raise=False)
    0.0
    """
    per = frequency(word)
    if per is None:
        return 0.0
    value = math.log10(REFERENCE / max(per, FLOOR))
    return value if may_raise or value < 0 else 0.0


def surname_word(match: Match, lexicon: Lexicon) -> str | None:
    """The query word of ``match`` when the query names a person by one surname alone
    (with initials or titles at most): the alias word it pairs with is not a given name
    and the alias has words the query leaves out. None otherwise.

    >>> from canonym import Resolver
    >>> r = Resolver.default()
    >>> surname_word(r.candidates("Kast", limit=1)[0], r.lexicon)
    'kast'
    >>> surname_word(r.candidates("José Gehry", limit=1)[0], r.lexicon) is None
    True
    """
    ev = match.evidence
    return surname_of(match.entity.type, ev.pairs, ev.unmatched_query, ev.unmatched_alias, lexicon)


def surname_of(
    entity_type: str,
    pairs: Sequence[TokenPair],
    unmatched_query: Sequence[str],
    unmatched_alias: Sequence[str],
    lexicon: Lexicon,
) -> str | None:
    """:func:`surname_word` of a candidate of type ``entity_type`` whose comparison paired
    ``pairs`` and left the words ``unmatched_query`` and ``unmatched_alias`` (its match's
    evidence, read before the match is made).

    >>> from canonym.lexicon import default_lexicon
    >>> pair, lexicon = TokenPair("kast", "kast", 1.0, "exact"), default_lexicon()
    >>> surname_of("person", (pair,), (), ("jose", "antonio"), lexicon)
    'kast'
    >>> surname_of("place", (pair,), (), ("jose",), lexicon), surname_of("person", (pair,), (), (), lexicon)
    (None, None)
    """
    if entity_type != "person" or unmatched_query or not unmatched_alias:
        return None
    words = [p for p in pairs if p.how != "initial"]
    if len(words) != 1:
        return None
    pair = words[0]
    if " " in pair.alias or lexicon.is_given_name(pair.alias) or lexicon.is_filler(pair.alias):
        return None
    return pair.query.split()[-1]


def with_surname_evidence(matches: Sequence[Match], lexicon: Lexicon) -> list[Match]:
    """``matches`` (one query's candidates) with the surname term added, as
    ``surname_frequency``, to each that names a person by surname alone.

    The term may raise a confidence only for the exact surname of a person no other
    candidate person bears exactly too.

    >>> from canonym import Resolver
    >>> r = Resolver.default()
    >>> [m.evidence.contributions["surname_frequency"] < 0 for m in r.candidates("Torres", limit=1)]
    [True]
    """
    words = [surname_word(m, lexicon) for m in matches]
    out = []
    for match, change in zip(matches, surname_terms(words, [m.evidence.pairs for m in matches])):
        if change == 0.0:
            out.append(match)
            continue
        score, contributions = with_surname_term(match.score, match.evidence.contributions, change)
        evidence = dataclasses.replace(match.evidence, contributions=contributions)
        out.append(dataclasses.replace(match, score=score, evidence=evidence))
    return out


def surname_terms(words: Sequence[str | None], pairs: Sequence[Sequence[TokenPair]]) -> list[float]:
    """The surname term (log-odds, 0.0 for none) of each of one query's candidates, given
    its :func:`surname_word` (``words``) and its word pairs: what :func:`with_surname_evidence`
    adds. The term may raise a confidence only for the exact surname of a person no other
    candidate person bears exactly too.

    >>> exact = (TokenPair("kast", "kast", 1.0, "exact"),)
    >>> respelt = (TokenPair("kast", "cast", 0.8, "spelling"),)
    >>> [round(t, 2) for t in surname_terms(["kast", None], [exact, ()])]
    [0.64, 0.0]
    >>> surname_terms(["kast", "kast"], [exact, exact]), surname_terms(["kast"], [respelt])
    ([0.0, 0.0], [0.0])
    """
    exact = [
        word is not None and any(p.how == "exact" and p.alias == word for p in paired)
        for word, paired in zip(words, pairs)
    ]
    bearers: dict[str, int] = {}
    for word, is_exact in zip(words, exact):
        if word is not None and is_exact:
            bearers[word] = bearers.get(word, 0) + 1
    return [
        0.0 if word is None else surname_log_odds(word, may_raise=is_exact and bearers.get(word, 0) == 1)
        for word, is_exact in zip(words, exact)
    ]


def with_surname_term(
    score: float, contributions: Mapping[str, float], change: float
) -> tuple[float, dict[str, float]]:
    """A match's ``score`` and log-odds terms with the surname term ``change`` added (as
    ``surname_frequency``): what :func:`with_surname_evidence` makes of a match (the
    resolver weighs candidates so before it makes them matches).

    >>> score, terms = with_surname_term(0.5, {"bias": 0.0}, 1.0)
    >>> round(score, 3), terms
    (0.731, {'bias': 0.0, 'surname_frequency': 1.0})
    """
    contributions = {**contributions, "surname_frequency": change}
    return sigmoid(logit(score) + change), contributions
