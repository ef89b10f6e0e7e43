"""Offices and the phrases news uses for them: who "the Peruvian Chancellor" is on a day.

The vocabulary (``data/roles.yaml``) lists offices with their titles in the languages news
is translated from; registry entities carry the offices their people hold (``roles``, see
docs/registry.md). A role mention names a person only through those facts: the office, the
place and the date must single out one holder the registry knows. A role whose holder the
registry does not know (*the Austrian Chancellor*) resolves to nothing, never to the holder
of a similar office elsewhere.

>>> from canonym.registry import Registry
>>> entity, role = resolve_role("the Peruvian Chancellor", Registry.default(), "2025-11-28")
>>> entity.canonical, role.office
('Hugo de Zela', 'foreign-minister')
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from canonym.models import Entity, Evidence, Match, Role
from canonym.normalize import normalize_text
from canonym.strict_yaml import load_yaml

if TYPE_CHECKING:
    from canonym.registry import Registry

__all__ = [
    "ROLE_CONFIDENCE",
    "Office",
    "RoleMention",
    "RolePhrase",
    "Vocabulary",
    "as_day",
    "find_role_mentions",
    "load_vocabulary",
    "parse_role",
    "resolve_role",
    "role_match",
    "role_outcome",
    "title_evidence",
    "title_terms",
    "usual_title",
    "vocabulary",
    "with_title_evidence",
]

VOCABULARY_SOURCE = "canonym:data/roles.yaml"
ROLE_CONFIDENCE = 0.95
"""The score of a match through a role. Not calibrated (no evaluation set has role
mentions yet): it says the registry's facts single out one holder, which is as sure as
those facts are complete for that office, place and date."""
TITLE_AGREES = 1.0
"""Log-odds added when a title before a name names an office the entity holds on the date
(*President Jerí*): about 0.80 becomes about 0.92. Set by hand, not fitted: the evaluation
sets have no titled names of registry people with roles. A likelihood ratio of e: a floor,
since few namesakes hold the same office at the same place that day, that leaves room for
stale registry facts (docs/registry.md, "What the weights say"; benchmarks/role_weights.py
shows the golden sets decide the same for any value from 0 to 3)."""
TITLE_CONTRADICTS = -2.0
"""Log-odds added when the entity holds known offices on the date and the title names
none of them (*General Cordero* for a minister): about 0.85 becomes about 0.43. Larger
than the agreement, since a wrong title is strong evidence of another person of that name:
a likelihood ratio of 1/e², about one contradicting title in eight allowed to come from an
office the registry lacks."""
_MAX_PLACE_WORDS = 6
# A possessive ("Peru's", "Peru’s") is dropped before normalisation, which would otherwise
# glue it to the name ("perus"); other apostrophes (l'intérieur) separate words.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Office:
    """One office of the vocabulary: its id, what it is, its titles by language, the
    broader office it is a kind of, and whether one person holds it per place at a time."""

    id: str
    description: str
    titles: Mapping[str, tuple[str, ...]]
    broader: str | None = None
    unique: bool = True
    usual: str | None = None
    """The usual English title (*Foreign Minister*), which replaces a false friend."""
    false_friends: tuple[str, ...] = ()
    """English titles that translation makes of the office's title but that name another
    office in English (*Chancellor* for the Spanish *canciller*)."""


@dataclass(frozen=True)
class Vocabulary:
    """Offices and the words of role phrases, with every phrase stored as normalised words.

    ``titles`` maps a title's content words, sorted (so that word order does not matter),
    to the offices it can name.
    """

    offices: Mapping[str, Office]
    titles: Mapping[tuple[str, ...], tuple[str, ...]]
    function_words: frozenset[str]
    place_words: frozenset[str]
    current: frozenset[tuple[str, ...]]
    other_holder: frozenset[tuple[str, ...]]
    demonyms: Mapping[tuple[str, ...], str]
    articles: frozenset[str] = frozenset()
    """Definite articles ("the", "el", "der"): a role phrase with no place names someone
    in running text only after one ("the minister said", not "if he becomes president")."""

    @functools.cached_property
    def languages(self) -> tuple[str, ...]:
        """The languages the offices' titles are given in (ISO 639-1), in vocabulary order."""
        return tuple(dict.fromkeys(lang for office in self.offices.values() for lang in office.titles))

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        """Every word of every title: a phrase with none of them is no role mention."""
        return frozenset(w for key in self.titles for w in key)

    def narrower(self, offices: tuple[str, ...]) -> tuple[str, ...]:
        """``offices`` and every office that is a kind of one of them (a regional governor is
        a governor), in vocabulary order."""
        out = []
        for office in self.offices.values():
            chain: str | None = office.id
            while chain is not None:
                if chain in offices:
                    out.append(office.id)
                    break
                chain = self.offices[chain].broader
        return tuple(out)


@dataclass(frozen=True)
class RolePhrase:
    """What a role phrase says: the offices its title can name, the places it names
    (as written, normalised), and whether it speaks of the current holder."""

    offices: tuple[str, ...]
    places: tuple[str, ...]
    current: bool = True


class VocabularyError(ValueError):
    """A role vocabulary that cannot be used: ``SOURCE: FIELD: what is wrong``."""


def _words(text: str) -> tuple[str, ...]:
    text = _APOSTROPHE.sub(" ", _POSSESSIVE.sub("", text))
    return tuple(normalize_text(text).split())


def _str_list(value: Any, source: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{source}: {field}: expected a list of text")
    return tuple(value)


def _flag(value: object, source: str, field: str) -> bool:
    # The strict reader keeps every scalar as text: true and false are spelt out.
    if value in ("true", "false"):
        return value == "true"
    raise VocabularyError(f"{source}: {field}: expected true or false, found {value!r}")


def load_vocabulary(text: str, source: str = "<text>") -> Vocabulary:
    """Parse a role vocabulary (the format of ``data/roles.yaml``).

    >>> v = load_vocabulary("version: 1\\noffices:\\n  mayor:\\n    titles: {en: [mayor], es: [alcalde]}\\n")
    >>> v.titles[("alcalde",)]
    ('mayor',)
    """
    data = load_yaml(text, source)
    if not isinstance(data, dict) or not isinstance(data.get("offices"), dict):
        raise VocabularyError(f"{source}: offices: missing (a vocabulary lists its offices under 'offices:')")
    function_words = frozenset(
        w
        for phrase in _str_list(data.get("function_words", []), source, "function_words")
        for w in _words(phrase)
    )
    offices: dict[str, Office] = {}
    titles: dict[tuple[str, ...], list[str]] = {}
    for office_id, spec in data["offices"].items():
        field = f"offices.{office_id}"
        if not isinstance(spec, dict) or not isinstance(spec.get("titles"), dict):
            raise VocabularyError(f"{source}: {field}: expected a mapping with 'titles'")
        by_lang = {lang: _str_list(t, source, f"{field}.titles.{lang}") for lang, t in spec["titles"].items()}
        offices[office_id] = Office(
            office_id,
            str(spec.get("description", "")),
            MappingProxyType(by_lang),
            spec.get("broader"),
            _flag(spec.get("unique", "true"), source, f"{field}.unique"),
            str(spec["usual"]) if spec.get("usual") else None,
            _str_list(spec.get("false_friends", []), source, f"{field}.false_friends"),
        )
        for title in (t for ts in by_lang.values() for t in ts):
            key = tuple(sorted(w for w in _words(title) if w not in function_words))
            if key and office_id not in titles.setdefault(key, []):
                titles[key].append(office_id)
    for office in offices.values():
        if office.broader is not None and office.broader not in offices:
            raise VocabularyError(f"{source}: offices.{office.id}.broader: unknown office {office.broader!r}")
    qualifiers = data.get("qualifiers", {})
    demonyms = {
        _words(adjective): place
        for place, adjectives in data.get("demonyms", {}).items()
        for adjective in _str_list(adjectives, source, f"demonyms.{place}")
    }
    return Vocabulary(
        offices=MappingProxyType(offices),
        titles=MappingProxyType({k: tuple(v) for k, v in titles.items()}),
        function_words=function_words,
        place_words=frozenset(
            w for p in _str_list(data.get("place_words", []), source, "place_words") for w in _words(p)
        ),
        current=frozenset(
            _words(q) for q in _str_list(qualifiers.get("current", []), source, "qualifiers.current")
        ),
        other_holder=frozenset(
            _words(q)
            for q in _str_list(qualifiers.get("other_holder", []), source, "qualifiers.other_holder")
        ),
        demonyms=MappingProxyType(demonyms),
        articles=frozenset(
            w
            for a in _str_list(data.get("definite_articles", []), source, "definite_articles")
            for w in _words(a)
        ),
    )


@functools.cache
def vocabulary() -> Vocabulary:
    """The role vocabulary bundled with canonym (``data/roles.yaml``), read once."""
    text = resources.files("canonym").joinpath("data/roles.yaml").read_text("utf-8")
    return load_vocabulary(text, VOCABULARY_SOURCE)


def as_day(date: datetime.date | str | None) -> datetime.date:
    """A day from a ``date``, an ISO ``YYYY-MM-DD`` text, or None for today.

    >>> as_day("2025-11-28")
    datetime.date(2025, 11, 28)
    """
    if date is None:
        return datetime.date.today()
    if isinstance(date, datetime.datetime):
        return date.date()
    if isinstance(date, datetime.date):
        return date
    try:
        return datetime.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"date: {date!r} is not a day in YYYY-MM-DD form") from None


def parse_role(
    text: str, place_names: frozenset[tuple[str, ...]], vocab: Vocabulary | None = None
) -> RolePhrase | None:
    """What role ``text`` names, or None when it is not a role phrase.

    ``place_names`` are the normalised words of the place names to recognise besides the
    vocabulary's demonyms. Every word must be accounted for (title, place, qualifier or
    function word): a phrase with a word left over is not a role phrase, so an unknown
    place (*the Ruritanian Chancellor*) leaves nothing to resolve.

    >>> parse_role("the regional governor of Tacna", frozenset({("tacna",)}))
    RolePhrase(offices=('regional-governor',), places=('tacna',), current=True)
    >>> parse_role("the Ruritanian Chancellor", frozenset()) is None
    True
    """
    vocab = vocab or vocabulary()
    words = _words(text)
    if not any(w in vocab.title_words for w in words):
        return None
    rest: list[str] = []
    places: list[str] = []
    current = True
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_PLACE_WORDS), i, -1):
            span = words[i:j]
            if span in place_names or span in vocab.demonyms:
                places.append(vocab.demonyms.get(span) or " ".join(span))
                # "the Tacna region": the word after a place's name names its kind.
                i = j + 1 if j < len(words) and words[j] in vocab.place_words else j
                break
            if span in vocab.other_holder or span in vocab.current:
                current = current and span not in vocab.other_holder
                i = j
                break
        else:
            if words[i] not in vocab.function_words:
                rest.append(words[i])
            i += 1
    offices = vocab.titles.get(tuple(sorted(rest)))
    if offices is None:
        return None
    return RolePhrase(offices, tuple(normalize_text(p) for p in places), current)


@dataclass(frozen=True)
class _RoleIndex:
    """One registry's places by normalised name and office holders by (office, where)."""

    places: Mapping[str, tuple[str, ...]]
    place_names: frozenset[tuple[str, ...]]
    holders: Mapping[tuple[str, str], tuple[tuple[Entity, Role], ...]]


def _index(registry: Registry) -> _RoleIndex:
    # Built once per registry and kept on it (registries are immutable); hashing a large
    # registry for a cache key would cost more than a look-up.
    known = registry.__dict__.get("_role_index")
    if isinstance(known, _RoleIndex):
        return known
    places: dict[str, list[str]] = {}
    holders: dict[tuple[str, str], list[tuple[Entity, Role]]] = {}
    for entity in registry.entities:
        for role in entity.roles:
            holders.setdefault((role.office, role.where), []).append((entity, role))
    # Place names are only needed where some office has a holder: a large registry
    # without roles is not normalised a second time.
    for entity in registry.entities if holders else ():
        if entity.type == "place":
            for name in {normalize_text(n) for n in entity.names}:
                places.setdefault(name, []).append(entity.id)
    index = _RoleIndex(
        MappingProxyType({k: tuple(v) for k, v in places.items()}),
        frozenset(tuple(name.split()) for name in places),
        MappingProxyType({k: tuple(v) for k, v in holders.items()}),
    )
    registry.__dict__["_role_index"] = index
    return index


def resolve_role(
    text: str, registry: Registry, date: datetime.date | str | None = None
) -> tuple[Entity, Role] | None:
    """The person ``text`` names by role on ``date`` (default today), with the role, or None.

    None unless the phrase names an office held by one person at a time, every place it
    names is in the registry, and exactly one registry person holds the office there on
    that day. A past or future holder (*the former president*) is not looked up.

    >>> from canonym.registry import Registry
    >>> resolve_role("Peru's interim president", Registry.default(), "2025-11-28")[0].canonical
    'José Jerí'
    >>> resolve_role("Argentina's president", Registry.default(), "2025-11-28") is None
    True
    """
    if not vocabulary().title_words.intersection(_words(text)):
        return None  # the common case, decided before any per-registry work
    if not _index(registry).holders:
        return None  # nobody in the registry holds an office: no phrase to parse
    found = role_outcome(text, registry, date)
    return found if isinstance(found, tuple) else None


def role_outcome(
    text: str, registry: Registry, date: datetime.date | str | None = None
) -> tuple[Entity, Role] | str | None:
    """What ``text`` names by role on ``date``: the one holder with the role, or why it
    names nobody (a sentence), or None when ``text`` is no role phrase. The one decision
    behind :func:`resolve_role` and ``canonym.unknown.why_unknown``.

    >>> from canonym.registry import Registry
    >>> role_outcome("Argentina's president", Registry.default(), "2025-11-28")
    'role: argentina is not a place of the registry'
    >>> role_outcome("Lionel Messi", Registry.default()) is None
    True
    """
    vocab = vocabulary()
    if not vocab.title_words.intersection(_words(text)):
        return None  # the common case, decided before any per-registry work
    index = _index(registry)
    phrase = parse_role(text, index.place_names, vocab)
    if phrase is None:
        return None
    offices = "/".join(phrase.offices)
    if not phrase.current:
        return f"role: a past or future {offices}, whom a role alone does not name"
    if not phrase.places:
        return f"role: {offices} of which place? the phrase names none"
    where = _places(phrase, index)
    if where is None:
        return f"role: {' '.join(phrase.places)} is not a place of the registry"
    day = as_day(date)
    found = _holders(phrase, where, day, vocab, index)
    if found is None:
        return f"role: many hold {offices} at once"
    if len(found) == 1:
        return next(iter(found.values()))
    places = ", ".join(sorted(where))
    if not found:
        return f"role: no registry person holds {offices} in {places} on {day.isoformat()}"
    return f"role: {len(found)} registry people hold {offices} in {places} on {day.isoformat()}"


def _places(phrase: RolePhrase, index: _RoleIndex) -> set[str] | None:
    """The registry ids of the places a role phrase names, or None when one is unknown (a
    place the registry does not know: its office holders are unknown too)."""
    where: set[str] = set()
    for place in phrase.places:
        ids = index.places.get(place)
        if not ids:
            return None
        where.update(ids)
    return where


def _holder(
    phrase: RolePhrase, where: set[str], day: datetime.date, vocab: Vocabulary, index: _RoleIndex
) -> tuple[Entity, Role] | None:
    """The one registry person who holds an office the phrase names at ``where`` on
    ``day``, or None (nobody, several, or an office many hold at once)."""
    found = _holders(phrase, where, day, vocab, index)
    return next(iter(found.values())) if found is not None and len(found) == 1 else None


def _holders(
    phrase: RolePhrase, where: set[str], day: datetime.date, vocab: Vocabulary, index: _RoleIndex
) -> dict[str, tuple[Entity, Role]] | None:
    """Every registry person (by id) who holds an office the phrase names at ``where`` on
    ``day``, or None when one of those offices is held by many at once."""
    found: dict[str, tuple[Entity, Role]] = {}
    for office in vocab.narrower(phrase.offices):
        if not vocab.offices[office].unique:
            return None  # one general among many: the title alone names nobody
        for place in sorted(where):
            for entity, role in index.holders.get((office, place), ()):
                if role.held_on(day):
                    found.setdefault(entity.id, (entity, role))
    return found


def role_match(query: str, registry: Registry, date: datetime.date | str | None = None) -> Match | None:
    """:func:`resolve_role` as a :class:`Match` whose evidence names the role (``via`` role).

    >>> from canonym.registry import Registry
    >>> m = role_match("Chilean Security Minister", Registry.default(), "2025-11-28")
    >>> m.entity.id, m.as_dict()["via"], m.evidence.role.office
    ('luis-cordero', 'role', 'security-minister')
    """
    # The date is checked first, so that a bad one fails for every query, not only for
    # the queries that name a role.
    found = resolve_role(query, registry, as_day(date))
    if found is None:
        return None
    return _as_match(query, *found)


def _as_match(query: str, entity: Entity, role: Role) -> Match:
    """A match through ``role`` (see :func:`role_match`)."""
    log_odds = math.log(ROLE_CONFIDENCE / (1 - ROLE_CONFIDENCE))
    evidence = Evidence(
        query_normalized=normalize_text(query),
        normalization=(),
        alias=entity.canonical,
        alias_normalized=normalize_text(entity.canonical),
        pairs=(),
        unmatched_query=(),
        unmatched_alias=(),
        ignored=(),
        features={"role": 1.0},
        contributions={"role": log_odds},
        role=role,
    )
    return Match(query, entity, ROLE_CONFIDENCE, entity.canonical, evidence)


def title_evidence(
    titles: Sequence[str], entity: Entity, registry: Registry, date: datetime.date | str | None = None
) -> tuple[float, Role | None]:
    """The log-odds that the title words before a name add for ``entity``, and the role
    they agree with.

    A title naming an office the entity holds on ``date`` agrees (:data:`TITLE_AGREES`);
    one naming none of the offices it is known to hold that day contradicts
    (:data:`TITLE_CONTRADICTS`). An unknown title, a past or future holder's title
    (*former president*), a title the entity held on another day, or an entity with no
    known office that day change nothing.

    >>> from canonym.registry import Registry
    >>> reg = Registry.default()
    >>> title_evidence(["president"], reg.get("jose-jeri"), reg, "2025-11-28")
    (1.0, Role(office='president', where='peru', start=datetime.date(2025, 10, 10), end=None))
    >>> title_evidence(["general"], reg.get("luis-cordero"), reg, "2025-11-28")
    (-2.0, None)
    """
    if not titles or not entity.roles:
        return 0.0, None
    vocab = vocabulary()
    index = _index(registry)
    phrase = parse_role(" ".join(titles), index.place_names, vocab)
    if phrase is None or not phrase.current:
        return 0.0, None
    offices = set(vocab.narrower(phrase.offices))
    # A place the registry does not know matches none of the entity's places.
    where = {i for place in phrase.places for i in index.places.get(place, ("",))}

    def fits(role: Role) -> bool:
        return role.office in offices and (not where or role.where in where)

    day = as_day(date)
    held = [role for role in entity.roles if role.held_on(day)]
    for role in held:
        if fits(role):
            return TITLE_AGREES, role
    if not held or any(fits(role) for role in entity.roles):
        return 0.0, None
    return TITLE_CONTRADICTS, None


def with_title_evidence(
    match: Match, titles: Sequence[str], registry: Registry, date: datetime.date | str | None = None
) -> Match:
    """``match`` with :func:`title_evidence` added to its log-odds (as ``title``) and the
    role that agreed in its evidence; the same match when the title changes nothing.

    >>> from canonym.resolve import Resolver
    >>> m = Resolver.default().candidates("President Jerí", limit=1, date="2025-11-28")[0]
    >>> m.evidence.contributions["title"], m.evidence.role.office, m.score > 0.9
    (1.0, 'president', True)
    """
    titled = title_terms(titles, match.entity, registry, date, match.evidence.contributions)
    if titled is None:
        return match
    score, contributions, role = titled
    evidence = dataclasses.replace(match.evidence, contributions=contributions, role=role)
    return dataclasses.replace(match, score=score, evidence=evidence)


def title_terms(
    titles: Sequence[str],
    entity: Entity,
    registry: Registry,
    date: datetime.date | str | None,
    contributions: Mapping[str, float],
) -> tuple[float, dict[str, float], Role | None] | None:
    """A candidate's log-odds terms (``contributions``) with :func:`title_evidence` added as
    ``title``, the score they give and the role that agreed; None where the title changes
    nothing. :func:`with_title_evidence` makes a match of it; the resolver weighs its
    candidates so before it makes any of them a match.

    >>> from canonym.registry import Registry
    >>> reg, bias = Registry.default(), {"bias": -1.0}
    >>> score, terms, role = title_terms(["president"], reg.get("jose-jeri"), reg, "2025-11-28", bias)
    >>> score, terms, role.office
    (0.5, {'bias': -1.0, 'title': 1.0}, 'president')
    >>> title_terms(["mayor"], reg.get("jose-jeri"), reg, "2025-11-28", bias)[1:]
    ({'bias': -1.0, 'title': -2.0}, None)
    >>> title_terms(["president"], reg.get("jose-jeri"), reg, "2020-01-01", bias) is None
    True
    """
    log_odds, role = title_evidence(titles, entity, registry, date)
    if log_odds == 0.0:
        return None
    terms = {**contributions, "title": log_odds}
    return 1.0 / (1.0 + math.exp(-sum(terms.values()))), terms, role


# --- role mentions in running text ----------------------------------------------------

_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_GAP = re.compile(r"[ \t\u00a0]+")
_ROLE_REACH = 6
"""How many words a role phrase may reach on either side of a title word."""


@dataclass(frozen=True)
class RoleMention:
    """A role phrase in running text that names one registry person on the date:
    ``text[start:end]`` is the phrase, leading articles left out."""

    start: int
    end: int
    match: Match


@functools.lru_cache(maxsize=1 << 14)
def _token_words(token: str) -> tuple[str, ...]:
    return _words(token)


def find_role_mentions(
    text: str,
    registry: Registry,
    date: datetime.date | str,
    linked: Sequence[tuple[int, Entity]] = (),
) -> list[RoleMention]:
    """The role phrases of running ``text`` that name one registry person on ``date``.

    A phrase is the longest run of words around a title that :func:`parse_role` reads
    whole ("Peru's interim president", "the regional governor of Tacna", "Chilean Security
    Minister"), within one stretch of text unbroken by punctuation. It names nobody when:

    - it is a title before a name (the next word is capitalised: "Peruvian Chancellor Hugo
      de Zela" is a name with its title), or an unknown capitalised word or possessive
      stands before it (*Argentina's president*: the registry does not know that place);
    - it goes on with a preposition and a capitalised word (*the president of the
      Chamber*: another office);
    - it speaks of a past or future holder, or of an office many hold at once (a general).

    A phrase with no place, after a definite article, names the last entity before it in
    ``linked`` (``(start, entity)`` of the document's mentions) that holds one of its
    offices on the date: "Interior Minister Vicente Tiburcio ... the minister" is Tiburcio
    again; with no such entity, the holder at the place the text names most often (strictly
    more often than any other), if there is one; with no article ("if Kast becomes
    president") it names nobody. So does a phrase with a place whose office many hold at once ("the Chilean
    presidential candidate"): the last holder there named before it.

    >>> from canonym.registry import Registry
    >>> [(m.start, m.end, m.match.entity.id) for m in find_role_mentions(
    ...     "Later the regional governor of Tacna spoke.", Registry.default(), "2025-11-28")]
    [(10, 36, 'luis-torres')]
    """
    vocab = vocabulary()
    index = _index(registry)
    day = as_day(date)
    if not index.holders:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    titled = [k for k, t in enumerate(tokens) if not vocab.title_words.isdisjoint(_token_words(t[2]))]
    if not titled:
        return []

    def joined(a: int, b: int) -> bool:  # tokens a and b = a + 1 are separated by spaces only
        return _GAP.fullmatch(text, tokens[a][1], tokens[b][0]) is not None

    def function_word(k: int) -> bool:
        words = _token_words(tokens[k][2])
        return bool(words) and all(w in vocab.function_words for w in words)

    def capitalised(k: int) -> bool:
        return tokens[k][2][:1].isupper() and not function_word(k)

    found: list[RoleMention] = []
    entities = sorted(linked, key=lambda pair: pair[0])
    home = _home(entities)
    consumed = -1
    for k in titled:
        if k <= consumed:
            continue
        low = k
        while low > 0 and k - low < _ROLE_REACH and joined(low - 1, low):
            low -= 1
        high = k + 1
        while high < len(tokens) and high - k < _ROLE_REACH and joined(high - 1, high):
            high += 1
        best: tuple[int, int, RolePhrase] | None = None
        spans = sorted(
            ((i, j) for i in range(low, k + 1) for j in range(k + 1, high + 1)),
            key=lambda span: (span[0] - span[1], span[0]),
        )
        for i, j in spans:
            if function_word(i) or function_word(j - 1):
                continue
            phrase = parse_role(text[tokens[i][0] : tokens[j - 1][1]], index.place_names, vocab)
            if phrase is not None:
                best = (i, j, phrase)
                break
        if best is None:
            continue
        i, j, phrase = best
        consumed = j - 1
        if not phrase.current:
            continue
        if j < len(tokens) and joined(j - 1, j):
            if capitalised(j):
                continue  # a title before a name
            after = j
            while after + 1 < len(tokens) and function_word(after) and joined(after, after + 1):
                after += 1
            if after > j and capitalised(after):
                continue  # "president of the Chamber": another office
        if i > 0 and joined(i - 1, i) and (capitalised(i - 1) or _POSSESSIVE.search(tokens[i - 1][2])):
            continue  # a word the phrase does not account for says whose office it is
        start = tokens[i][0]
        before = [e for at, e in entities if at < start]
        if phrase.places:
            where = _places(phrase, index)
            if where is None:
                continue
            holder = _holder(phrase, where, day, vocab, index)
            if holder is None and not all(vocab.offices[o].unique for o in vocab.narrower(phrase.offices)):
                # "The Chilean presidential candidate": one of several, the last one named.
                holder = _last_holder(phrase, before, day, vocab, where)
        elif i > 0 and joined(i - 1, i) and _token_words(tokens[i - 1][2])[-1:] in _one_of(vocab.articles):
            holder = _last_holder(phrase, before, day, vocab, None)
            if holder is None and home is not None:
                # Nobody named before holds it: the office of the place the text is about.
                holder = _holder(phrase, {home}, day, vocab, index)
        else:
            continue  # "if Kast becomes president": no article, no place, nobody's office
        if holder is None:
            continue
        end = tokens[j - 1][1]
        mention = RoleMention(start, end, _as_match(text[start:end], *holder))
        found.append(mention)
        entities = sorted([*entities, (start, holder[0])], key=lambda pair: pair[0])
    return found


def _home(linked: Sequence[tuple[int, Entity]]) -> str | None:
    """The place a text is about: the place its mentions name most often, strictly more
    often than any other, or None."""
    counts: dict[str, int] = {}
    for _, entity in linked:
        if entity.type == "place":
            counts[entity.id] = counts.get(entity.id, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _last_holder(
    phrase: RolePhrase,
    before: Sequence[Entity],
    day: datetime.date,
    vocab: Vocabulary,
    where: set[str] | None,
) -> tuple[Entity, Role] | None:
    """The last entity in ``before`` that holds one of the phrase's offices on ``day`` (at
    one of the places ``where``, when given), with that role, or None: the office was last
    given to it ("Interior Minister Vicente Tiburcio ... the minister said")."""
    offices = set(vocab.narrower(phrase.offices))
    for entity in reversed(before):
        for role in entity.roles:
            if role.office in offices and role.held_on(day) and (where is None or role.where in where):
                return entity, role
    return None


@functools.lru_cache(maxsize=8)
def _one_of(words: frozenset[str]) -> frozenset[tuple[str, ...]]:
    return frozenset((w,) for w in words)


def usual_title(title: str, office: str) -> str | None:
    """``title`` with each false friend of ``office`` replaced by its usual English title
    (capitalised as the false friend was), or None when it has none.

    >>> usual_title("Peruvian Chancellor", "foreign-minister")
    'Peruvian Foreign Minister'
    >>> usual_title("the chancellor", "foreign-minister")
    'the foreign minister'
    >>> usual_title("Peruvian Chancellor", "head-of-government") is None
    True
    """
    known = vocabulary().offices.get(office)
    if known is None or known.usual is None or not known.false_friends:
        return None
    out = title
    for friend in known.false_friends:
        pattern = re.compile(rf"(?<!\w){re.escape(friend)}(?!\w)", re.IGNORECASE)
        usual = known.usual

        def replace(found: re.Match[str], usual: str = usual) -> str:
            return usual if found.group()[:1].isupper() else usual.lower()

        out = pattern.sub(replace, out)
    return None if out == title else out
