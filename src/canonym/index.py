"""The candidate index: which aliases could a query mean, found by key look-ups only.

Every content word of every alias is indexed under its transliteration key, its vowel-less
key and each one-character deletion of its key (SymSpell). A query word looks up the same
keys and the deletions of its own key, so aliases within one edit of a transliteration
key are found without comparing the query with every alias.

The postings are compiled into two flat arrays: hashes of the keys, sorted, and the record
number of each, found by bisection: 12 bytes a posting, pickled as two blocks of bytes, so a
cached index of a million names loads quickly. While building, a posting is one 64-bit
integer, the key's hash with its low bits replaced by the record number (20 bits for a
million names, leaving 44 bits of hash: one query key in several million would meet a
colliding key, which adds a candidate, never loses one), sorted in place. A look-up returns
a view of the record array, not a copy. The words' document frequencies are kept the same
way (hashes and counts). With a dictionary of tuples the index took about 4 KB per name; now about 2 KB, or
0.8 KB where names are analysed on demand (:data:`EAGER_FORMS`). numpy sorts the postings
while building; queries and cache loads do not import it.
"""

from __future__ import annotations

import bisect
import functools
import gc
import hashlib
import math
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Any

from rapidfuzz import fuzz, process
from unidecode import unidecode

from canonym.lexicon import Lexicon
from canonym.names import NameForm, analyze
from canonym.phonetic import deletions
from canonym.progress import Progress
from canonym.registry import Registry
from canonym.scripts import first_script, unspaced_script

try:  # the look-up's keys, postings and scores in C, where the compiled core is installed (see setup.py)
    from canonym._kernels import JoinedKeys as _JoinedKeys
    from canonym._kernels import PostingTable as _PostingTable
    from canonym._kernels import Records as _Records
    from canonym._kernels import Scores as _CompiledScores
    from canonym._kernels import Weights as _Weights
    from canonym._kernels import indel_ratio as _ratio  # fuzz.ratio, the same to the last bit
except ImportError:
    _JoinedKeys = _PostingTable = _Records = _CompiledScores = _Weights = None
    _ratio = fuzz.ratio

__all__ = ["AliasRecord", "CandidateIndex", "spelling"]

# Look-up kinds and how much a hit of each kind counts towards a candidate's rank.
_EXACT, _COARSE, _NEAR, _STEM = 1.0, 0.8, 0.7, 0.6
_MIN_DELETION_KEY = 4
# Keys longer than this get no one-edit neighbours: no name word is that long, and a
# hostile one would cost time quadratic in its length.
_MAX_DELETION_KEY = 40
# How many of the best-supported records are re-ranked by whole-key similarity.
_POOL = 200
# At most this many records whose normalised name equals the query's are returned on top of
# the ``limit`` best (a name shared by more entities than this is shared by too many to tell
# apart by name anyway).
_MAX_EXACT = 100
# Records holding every content word of the query whole are compared when at most this many
# do (see CandidateIndex._holding); more than this, and the words are too common to decide.
_FEW_HOLDING = 8
# A word whose exact key finds this many records is common: its variants are not looked up.
_ENOUGH = 50
# A word whose exact key finds more records than this is not looked up at all when the
# name has a rarer word.
_COMMON = 1000
# Trigrams found in more records than this are skipped: they are in too many names to help.
_COMMON_GRAM = 3000
# Registries with up to this many names keep every name's analysis in memory; larger ones
# analyse the few candidate names of a query when it needs them (and cache the latest).
EAGER_FORMS = 250_000
_FORM_CACHE = 1 << 16
FREEZE_FROM = 10_000
"""An index of this many names or more is frozen out of the garbage collector once built
or loaded (:func:`gc.freeze`): its millions of small objects never become garbage, yet
every full collection walked them all (at a million names, half the query time went to
collecting; at 38,000 names, a tenth). Freezing moves every object alive in the process at that moment, the
caller's too, to a generation the collector skips; memory freed by reference counting is
freed as before, only reference cycles among frozen objects are never collected."""
_CHUNK = 1 << 20
_POSTING_CACHE = 1 << 17
_WEIGHT_CACHE = 1 << 17
_VARIANT_CACHE = 1 << 13
# Alias records kept for look-ups to hand out again (each holds its analysed name).
_RECORD_CACHE = 1 << 13


@dataclass(frozen=True)
class AliasRecord:
    """One indexed name of one entity."""

    entity: int
    name: str
    form: NameForm


@functools.lru_cache(maxsize=1 << 16)
def spelling(name: str) -> str:
    """``name`` folded to lower-case ASCII letters and digits in single-spaced words: how
    it is spelt, cheaply (unidecode, not the romanisations of :mod:`canonym.scripts`, which
    would cost ten times as much over the hundreds of names of a gazetteer's city).

    >>> spelling("Velika Gorica"), spelling("Велика")
    ('velika gorica', 'velika')
    """
    return " ".join(_NOT_LETTERS.split(unidecode(name).casefold())).strip()


_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# What parts the scripts and the names of one entity's spellings (see _spelt): a spelling
# holds only letters, digits and spaces.
_SCRIPT_MARK, _NAME_MARK = "\x1e", "\x1f"


def _spelt(names: Iterable[str]) -> str:
    """``names`` folded by :func:`spelling`, each spelling once with the script of the first
    name spelt so, as one string for :meth:`CandidateIndex.spellings`: per script, its name
    and its spellings shortest first, all parted by the two marks.

    >>> [group.split(_NAME_MARK) for group in _spelt(["Roma", "Rome", "Рим", "ROMA"]).split(_SCRIPT_MARK)]
    [['Latin', 'roma', 'rome'], ['Cyrillic', 'rim']]
    """
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(spelling(name), first_script(name))
    by_script: dict[str, list[str]] = {}
    for spelt, script in folded.items():
        by_script.setdefault(script, []).append(spelt)
    return _SCRIPT_MARK.join(
        _NAME_MARK.join([script, *sorted(spelt, key=len)]) for script, spelt in by_script.items()
    )


def _word_postings(key: str, coarse: str) -> tuple[str, ...]:
    """The posting keys of one word: its key, its coarse key and its key's deletions."""
    out = ["k" + key, "c" + coarse]
    if _MIN_DELETION_KEY <= len(key) <= _MAX_DELETION_KEY:
        out.extend("d" + d for d in deletions(key))
    return tuple(out)


def _key_hash(key: str) -> int:
    """A 64-bit hash of a posting key, the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def _resembling(key: str, coarse: str) -> list[str]:
    """The posting keys :meth:`CandidateIndex.resembles` asks of a word's key and coarse
    key: the two keys, the key's one-edit neighbours and its stems.

    >>> _resembling("kast", "kst")
    ['kkast', 'ckst', 'dkast', 'kast', 'kkas', 'kkat', 'kkst', 'dast', 'dkas', 'dkat', 'dkst']
    """
    keys = ["k" + key, "c" + coarse]
    if _MIN_DELETION_KEY - 1 <= len(key) <= _MAX_DELETION_KEY:
        dels = sorted(deletions(key))
        keys.extend(["d" + key, *("k" + d for d in dels), *("d" + d for d in dels)])
    keys.extend("k" + key[:-n] for n in (2, 3) if len(key) - n >= _MIN_DELETION_KEY)
    return keys


def _trigrams(key: str) -> list[str]:
    padded = f"^{key}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def _index_words(form: NameForm) -> list[int]:
    """Positions of the words used for look-ups: content words, else every word."""
    content = [i for i, r in enumerate(form.roles) if r == "word"]
    return content or list(range(len(form.words)))


class CandidateIndex:
    """Alias records and the key postings that find them, plus word rarity weights."""

    def __init__(self, registry: Registry, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.name_counts = tuple([len(e.names) for e in registry.entities])
        """How many names each entity has (``len(entity.names)``), in registry order: the
        resolver weighs every candidate by it, and counting them takes a pass over the
        registry, so the count is kept (and cached) with the index."""
        total = sum(self.name_counts)
        eager = total <= EAGER_FORMS
        # The low bits of a posting hold its record; the hash keeps the rest.
        self._shift = shift = max(1, total.bit_length())
        names: list[str] = []
        entity_of = array("i")
        normalized: list[str] = []
        joined: list[str] = []
        forms: list[NameForm] = []
        postings = array("Q")  # a key's hash, its low bits the record (in registry order for now)
        doc_freq: dict[str, int] = defaultdict(int)
        # Words and trigrams repeat across names: their posting hashes are worked out once
        # per build, in memos that go away with it (a word's as an array: a tuple of Python
        # integers took four times the memory).
        word_hashes: dict[tuple[str, str], array[int]] = {}
        gram_hashes: dict[str, int] = {}
        spelt: list[str] = []
        spelt_at = array("q", [0])
        progress = Progress("entities", len(registry.entities), verb="indexing", done="indexed")
        for number, entity in enumerate(registry.entities):
            if not number & 255:
                progress.set(number)
            spelt.append(_spelt(entity.names))
            spelt_at.append(spelt_at[-1] + len(spelt[-1]))
            seen: set[str] = set()
            words: set[str] = set()
            for name in entity.names:
                form = analyze(name, lexicon)
                if form.normalized in seen or not form.words:
                    continue
                seen.add(form.normalized)
                words.update(form.words)
                record = len(names)
                names.append(name)
                entity_of.append(number)
                normalized.append(form.normalized)
                if eager:
                    forms.append(form)
                keys: set[int] = set()
                positions = _index_words(form)
                for i in positions:
                    pair = (form.keys[i], form.coarse[i])
                    found = word_hashes.get(pair)
                    if found is None:
                        found = word_hashes[pair] = array(
                            "Q", (_key_hash(k) >> shift << shift for k in _word_postings(*pair))
                        )
                    keys.update(found)
                whole = "".join(form.keys[i] for i in positions)
                joined.append(whole)
                # The whole normalised name, so that a query equal to a name always finds
                # it, however many other names share its keys (see :meth:`exact`).
                keys.add(_key_hash("n" + form.normalized) >> shift << shift)
                if len(positions) > 1:
                    keys.add(_key_hash("k" + whole) >> shift << shift)
                for gram in _trigrams(whole):
                    gram_hash = gram_hashes.get(gram)
                    if gram_hash is None:
                        gram_hash = gram_hashes[gram] = _key_hash("t" + gram) >> shift << shift
                    keys.add(gram_hash)
                postings.extend([key | record for key in keys])
            for word in words:
                doc_freq[word] += 1
        # Records are numbered in an order of their content, not of the registry's entries,
        # so that every tie broken by record number below is broken the same way however
        # the registry lists its entities.
        ids = [e.id for e in registry.entities]
        content = [(normalized[r], ids[entity_of[r]], names[r]) for r in range(len(names))]
        order = sorted(range(len(names)), key=content.__getitem__)
        del content, ids
        self._names = [names[r] for r in order]
        self._entity = array("i", (entity_of[r] for r in order))
        self._joined = [joined[r] for r in order]
        self._forms: list[NameForm] | None = [forms[r] for r in order] if eager else None
        owner_of: dict[str, int] = {}
        shared: set[str] = set()
        for record in order:
            if owner_of.setdefault(normalized[record], entity_of[record]) != entity_of[record]:
                shared.add(normalized[record])
        self.shared_names = frozenset(shared)
        """Normalised names that belong to more than one entity."""
        self.entity_count = len(registry.entities)
        self._spelt, self._spelt_at = "".join(spelt), spelt_at
        self._doc_freq = _frequencies(doc_freq)
        # What only the build needed goes before the postings are compiled, the build's
        # largest step.
        del word_hashes, gram_hashes, doc_freq, owner_of, normalized, joined, names, forms, spelt
        progress.set(self.entity_count)
        progress.step("sorting the postings")
        self._postings = _compile(postings, order, shift)
        progress.close()
        self._log_n = math.log(self.entity_count + 2)
        self._views()
        _settle(len(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def _views(self) -> None:
        # The postings and frequencies are kept as bytes, which unpickle without a second
        # copy, and read through typed views.
        hashes, records = self._postings
        self._hashes = memoryview(hashes).cast("Q")
        self._rids = memoryview(records).cast("i")
        words, counts = self._doc_freq
        self._word_hashes = memoryview(words).cast("Q")
        self._word_counts = memoryview(counts).cast("i")
        # Compiled: the look-up's keys hashed, found and scored in C (see :meth:`_rank`).
        self._table = None
        if _PostingTable is not None and not self._hashes.readonly and not self._rids.readonly:
            self._table = _PostingTable(
                self._hashes,
                self._rids,
                self._shift,
                self._doc_freq,
                (_MIN_DELETION_KEY, _MAX_DELETION_KEY, _ENOUGH, _COMMON, _COMMON_GRAM, _POOL),
                (_STEM, _NEAR, _COARSE, _EXACT),
            )
        # Score tables lent to look-ups, one per look-up under way (see :meth:`_lookup`).
        self._spare: list[_Scores] = []

    def __getstate__(self) -> dict[str, Any]:
        # Views cannot be pickled; the caches of names analysed, keys looked up and word
        # weights are rebuilt in each process.
        skip = (
            *("_analysed", "_posted", "weight", "_hashes", "_rids", "_word_hashes", "_word_counts"),
            *("_table", "_spare", "_variants", "_joined_keys", "_records", "_made"),
        )
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._views()
        _settle(len(self._names))

    @functools.cached_property
    def _analysed(self) -> Callable[[int], NameForm]:
        @functools.lru_cache(maxsize=_FORM_CACHE)
        def form(record: int) -> NameForm:
            return analyze(self._names[record], self.lexicon)

        return form

    def _form(self, record: int) -> NameForm:
        return self._analysed(record) if self._forms is None else self._forms[record]

    @functools.cached_property
    def _posted(self) -> Callable[[str], Sequence[int]]:
        # Keys repeat across queries (common words, trigrams): where their records lie is
        # kept, as a view of the record array (a copy of a common key's records would cost
        # megabytes).
        @functools.lru_cache(maxsize=_POSTING_CACHE)
        def posted(key: str) -> Sequence[int]:
            if self._table is not None:  # the same hash and bisection, in C
                low, high = self._table.find(key)
                return self._rids[low:high]
            code = _key_hash(key) >> self._shift
            low = bisect.bisect_left(self._hashes, code)
            return self._rids[low : bisect.bisect_right(self._hashes, code, low)]

        return posted

    @functools.cached_property
    def _variants(self) -> Callable[[str, str], tuple[tuple[float, Sequence[int]], ...]]:
        # A word's variant postings depend on its keys only: worked out once per key (a
        # dozen or more keys built, hashed and looked up), kept as the posted views. (The
        # pure path's: compiled, ``_kernels.PostingTable.score`` builds, hashes and finds
        # the same keys in C, the postings of those asked lately kept in its memo.)
        @functools.lru_cache(maxsize=_VARIANT_CACHE)
        def variants(key: str, coarse: str) -> tuple[tuple[float, Sequence[int]], ...]:
            """(kind, postings) of the stems, one-edit neighbours and coarse key of a
            word's key, weakest kind first: each record keeps its best kind of hit, as
            stronger kinds laid down later overwrite weaker ones. A key found in more
            than :data:`_COMMON` records says little about the word and is left out, and
            one found in none adds nothing."""
            near: list[str] = []
            if _MIN_DELETION_KEY - 1 <= len(key) <= _MAX_DELETION_KEY:
                dels = deletions(key)
                near = ["d" + key, *["k" + d for d in dels], *["d" + d for d in dels]]
            stems = ["k" + key[:-n] for n in (2, 3) if len(key) - n >= _MIN_DELETION_KEY]
            return tuple(
                [
                    (kind, found)
                    for kind, keys in ((_STEM, stems), (_NEAR, near), (_COARSE, ["c" + coarse]))
                    for found in self._find(keys)
                    if 0 < len(found) <= _COMMON
                ]
            )

        return variants

    def _find(self, keys: Sequence[str]) -> list[Sequence[int]]:
        """The records posted under each key (in no particular order)."""
        posted = self._posted
        return [posted(key) for key in keys]

    @functools.cached_property
    def weight(self) -> Callable[[str], float]:
        """Rarity weight of a normalised word in (0, 1], as a function of the word: 1 for a
        word no entity uses.

        Inverse document frequency over entities, scaled by its largest possible value;
        known given names and common name words ("Santa", "National") are capped at 0.5,
        since they are common in the world even where a registry happens to hold them once.
        Each word's weight is kept once asked: compiled, in ``canonym._kernels.Weights``,
        which the comparison reads from C without a call; else under ``functools.lru_cache``.

        >>> from canonym import Resolver
        >>> index = Resolver.default().index
        >>> index.weight("zzzzqx"), index.weight("santa") <= 0.5
        (1.0, True)
        """
        if _Weights is None:
            return functools.lru_cache(maxsize=_WEIGHT_CACHE)(self._rarity)
        return _Weights(self._rarity, _WEIGHT_CACHE)  # type: ignore[no-any-return]

    def _rarity(self, word: str) -> float:
        """:attr:`weight` of ``word``, worked out."""
        if self._table is not None:  # the same hash and bisection, in C
            df = self._table.frequency(word)
        else:
            code = _key_hash(word)
            at = bisect.bisect_left(self._word_hashes, code)
            found = at < len(self._word_hashes) and self._word_hashes[at] == code
            df = self._word_counts[at] if found else 0
        value = math.log((self.entity_count + 2) / (df + 1)) / self._log_n
        if self.lexicon.is_common(word):
            value = min(value, 0.5)
        return max(value, 0.02)

    def spellings(self, entity: int) -> dict[str, tuple[str, ...]]:
        """The names of ``entity`` (its number in the registry) folded by :func:`spelling`,
        each spelling once, by the script of the first name spelt so, shortest first. Folded
        once when the index is built and kept with it: a gazetteer's city has hundreds of
        names, and folding them for each query that reaches the city cost a tenth of the
        query.

        >>> from canonym import Resolver
        >>> index = Resolver.default().index
        >>> lima = [e.id for e in Resolver.default().registry.entities].index("lima")
        >>> index.spellings(lima)  # Лима is spelt lima too, first in Latin letters
        {'Latin': ('lima', 'ciudad de los reyes'), 'Arabic': ('lym',), 'Han': ('li ma',)}
        """
        text = self._spelt[self._spelt_at[entity] : self._spelt_at[entity + 1]]
        if not text:
            return {}
        groups = [group.split(_NAME_MARK) for group in text.split(_SCRIPT_MARK)]
        return {group[0]: tuple(group[1:]) for group in groups}

    def names_in_script(self, script: str) -> frozenset[str]:
        """The indexed names written wholly in ``script``, one of the scripts written
        without spaces between words (a group of :func:`canonym.scripts.unspaced_script`):
        the names :mod:`canonym.text` looks for inside a run of such text, where no
        space marks where a name begins. Other scripts give nothing. Built once per index.

        >>> from canonym import Resolver
        >>> index = Resolver.default().index
        >>> "利马" in index.names_in_script("Han"), index.names_in_script("Hangul")
        (True, frozenset())
        """
        return self._unspaced_names.get(script, frozenset())

    @functools.cached_property
    def _unspaced_names(self) -> dict[str, frozenset[str]]:
        by_script: dict[str, set[str]] = defaultdict(set)
        for name in self._names:
            script = unspaced_script(name)
            if script is not None:
                by_script[script].add(name)
        return {s: frozenset(names) for s, names in by_script.items()}

    def resembles(self, key: str, coarse: str) -> bool:
        """Whether some alias word has the transliteration key ``key``, the vowel-less key
        ``coarse``, a key one edit away or a key that is a stem of it: the word look-ups of
        :meth:`lookup` without its scoring (a few hashed look-ups). A word for which this
        is False resembles no word of the registry closely.
        """
        if self._table is not None:  # the same keys hashed and found in C
            return self._table.resembles(key, coarse)  # type: ignore[no-any-return]
        posted = self._posted
        return any(len(posted(k)) for k in _resembling(key, coarse))

    def exact(self, form: NameForm) -> list[int]:
        """Ids of the records whose normalised name is the one of ``form``, lowest first.

        >>> from canonym.registry import Registry
        >>> from canonym.lexicon import default_lexicon
        >>> from canonym.models import Entity
        >>> registry = Registry((Entity("vienna", "Vienna", "place", ("Wien", "Bécs")),))
        >>> index = CandidateIndex(registry, default_lexicon())
        >>> from canonym.names import analyze
        >>> [index.records_for([r])[0].name for r in index.exact(analyze("WIEN", index.lexicon))]
        ['Wien']
        """
        return self._exact(form, "".join([form.keys[i] for i in _index_words(form)]))

    def _exact(self, form: NameForm, whole: str) -> list[int]:
        """:meth:`exact`, given the keys of ``form``'s index words joined (``whole``)."""
        # A hash shared by another name (one in millions) is told apart by the keys of the
        # name's words, which equal names share (cheaper than analysing the record's name).
        if self._table is not None:  # the same postings and test, in C
            return self._table.named("n" + form.normalized, whole, self._joined)  # type: ignore[no-any-return]
        found = self._find(["n" + form.normalized])[0]
        joined = self._joined
        return sorted([r for r in found if joined[r] == whole])

    def entities_named(self, form: NameForm) -> list[int]:
        """Numbers (registry order) of the entities that have a name normalised as
        ``form``'s, lowest first."""
        return sorted({self._entity[r] for r in self.exact(form)})

    def lookup(self, form: NameForm, limit: int) -> list[int]:
        """Ids of the ``limit`` alias records most likely to be the name ``form``.

        Each content word of the query looks up its transliteration key, its vowel-less
        key, its one-edit neighbours and its stems without an ending of two or three
        letters; each hit counts the word's rarity weight times the kind of hit. When no
        word finds anything solid (a name written as one word, or split differently), the
        letter trigrams of the whole key are looked up too. The best-supported records are
        then ordered by key similarity of the whole name (rapidfuzz) and the top
        ``limit`` returned, after every record whose normalised name is the query's (up
        to :data:`_MAX_EXACT`): a name equal to the query is always compared, however many
        names of other entities, or of its own, share its keys. The few names that hold
        every content word of the query whole follow (:meth:`_holding`).
        """
        positions = _index_words(form)
        keys = [form.keys[i] for i in positions]
        whole = "".join(keys)
        exact = self._exact(form, whole)[:_MAX_EXACT] if form.words else []
        rest = self._lookup(form, limit + len(exact), positions, keys, whole)
        if exact:
            chosen = set(exact)
            found = exact + [rid for rid in rest if rid not in chosen][:limit]
        else:
            found = rest[:limit]
        # Holders of the query's words come last: they are compared, but where they tie
        # with a record found anyway, the look-up's order decides as before.
        held = self._holding(keys)
        if not held:
            return found
        chosen = set(found)
        return found + [rid for rid in held if rid not in chosen]

    def _holding(self, keys: list[str]) -> list[int]:
        """The records that hold every content word of a name (``keys``, their keys) under
        its own key, when there are at most :data:`_FEW_HOLDING` of them, lowest first.

        A short form (a surname alone, two words of a longer name) shares its words whole
        with the full name, but the whole-name similarity that orders the pool prefers
        short names a letter or two away: in a registry with thousands of one-word place
        names, those fill the ``limit`` places and the person is never compared. A word
        that few names hold is the strongest evidence the index has; those names are
        always compared, as names equal to the query are.
        """
        if not keys:
            return []
        if self._table is not None:  # the same rarest key's records, found in C
            held = self._table.rarest(keys, _FEW_HOLDING)
            if held is None:
                return []
        else:
            rarest = min(self._find(["k" + key for key in keys]), key=len)
            if len(rarest) > _FEW_HOLDING:
                return []
            held = sorted(set(rarest))
        wanted = set(keys)
        return [rid for rid in held if wanted <= set(self._form(rid).keys)]

    def _lookup(
        self, form: NameForm, limit: int, positions: list[int], keys: list[str], whole: str
    ) -> list[int]:
        """The ``limit`` best-supported records, best first (see :meth:`lookup`), looked up
        by the words of ``form`` at ``positions`` (``keys``, their keys, joined in ``whole``)."""
        spare = self._spare
        scores = spare.pop() if spare else _new_scores(len(self._names))
        try:
            return self._rank(form, limit, scores, positions, keys, whole)
        finally:
            scores.clear()
            spare.append(scores)

    def _rank(  # noqa: PLR0917 (the look-up's form, limit, scores and words)
        self, form: NameForm, limit: int, scores: _Scores, positions: list[int], keys: list[str], whole: str
    ) -> list[int]:
        if self._table is not None:  # the same keys, hits and shares, scored in C
            weight = self.weight
            weights = [weight(form.words[i]) for i in positions]
            total = self._table.score(scores, keys, [form.coarse[i] for i in positions], weights)
        else:
            total = self._score(form, positions, scores, whole)
        if not len(scores):
            return []
        if _CompiledScores is not None:  # the same pool, ratios and order in C, cut after the limit
            ranked = scores.ranked(_POOL, self._joined_keys, whole, total or 1.0, limit)
            return self._nearest_first(form, ranked, limit)
        pool = scores.pool(_POOL)
        joined = self._joined
        keys = [joined[rid] for _, rid in pool]
        similar = process.extract(whole, keys, scorer=fuzz.ratio, limit=None)
        return self._nearest_first(form, _reranked(pool, similar, total or 1.0), limit)

    @functools.cached_property
    def _joined_keys(self) -> Any:
        """The joined keys as the compiled pool's re-ranking reads them (one byte a letter,
        ``canonym._kernels.JoinedKeys``), built at the first look-up."""
        return _JoinedKeys(self._joined)

    def _score(self, form: NameForm, positions: list[int], scores: _Scores, whole: str) -> float:
        """Score the look-up of ``form``'s words at ``positions`` into ``scores``: the
        words' keys and variants, the whole key's floor and, where no record is near the
        words' total weight, its trigrams (see :meth:`lookup`); ``whole`` is the words' keys
        joined. Returns that total. (The reference of ``canonym._kernels.PostingTable.score``.)"""
        total = 0.0
        exacts = self._find(["k" + form.keys[i] for i in positions])
        common = [len(found) > _COMMON for found in exacts]
        for i, is_common, exact in zip(positions, common, exacts):
            key = form.keys[i]
            w = self.weight(form.words[i])
            total += w
            if is_common and not all(common):
                continue  # a very common word adds little to rarer ones and costs much
            groups = [(exact, _EXACT * w)]
            if len(exact) < _ENOUGH or scores.distinct(exact) < _ENOUGH:
                # Variants are only looked for where the exact key is rare: a common
                # word's many exact hits already give the candidates.
                variants = [(found, kind * w) for kind, found in self._variants(key, form.coarse[i])]
                groups = variants + groups
            scores.add(groups)
        scores.at_least(self._find(["k" + whole])[0], total)
        if scores.best() < 0.6 * total:
            grams = _trigrams(whole) if whole else []
            share = total / max(1, len(grams))
            postings = [f for f in self._find(["t" + gram for gram in grams]) if len(f) <= _COMMON_GRAM]
            scores.trigrams(postings, share, _POOL)
        return total

    def _nearest_first(self, form: NameForm, ranked: list[tuple[float, int]], limit: int) -> list[int]:
        """The ``limit`` best of ``ranked`` ((key, record) pairs, best first), where records
        whose keys tie (names with the same content words, "Wittenberg" and "Lutherstadt
        Wittenberg" once "Lutherstadt" were set aside, or a name with and without a place
        word) are taken in order of how like the query's whole normalised name theirs is:
        an entity with dozens of spellings of one name is represented by the nearest, not
        by whichever sorts first. (Capping the records of one entity instead
        lost more than it won: an entity's several names are each compared.)
        """
        if limit <= 0:
            return []
        if len(ranked) <= limit or ranked[limit][0] != ranked[limit - 1][0]:
            return [rid for _, rid in ranked[:limit]]
        # Only the run of equal keys across the limit is ordered: the runs before it are
        # taken whole, those after it not at all.
        last = ranked[limit - 1][0]
        start = limit - 1
        while start and ranked[start - 1][0] == last:
            start -= 1
        end = limit + 1
        while end < len(ranked) and ranked[end][0] == last:
            end += 1
        normalized = form.normalized
        form_of = self._form
        tied = sorted([(-_ratio(normalized, form_of(rid).normalized), rid) for _, rid in ranked[start:end]])
        return [rid for _, rid in ranked[:start]] + [rid for _, rid in tied[: limit - start]]

    def records_for(self, ids: Iterable[int]) -> list[AliasRecord]:
        """The alias records with these ids (the records made lately are kept and handed
        out again: a record is frozen, and making one through its dataclass ``__init__``
        is slow; compiled, ``canonym._kernels.Records`` makes them without it where
        :func:`canonym.models.init_only_sets` finds that the same)."""
        if self._made is not None:  # the same records, made and kept in C
            return self._made.of(ids, _RECORD_CACHE)  # type: ignore[no-any-return]
        made = self._records
        out: list[AliasRecord] = []
        for i in ids:
            record = made.get(i)
            if record is None:
                if len(made) >= _RECORD_CACHE:
                    made.clear()
                record = made[i] = AliasRecord(self._entity[i], self._names[i], self._form(i))
            out.append(record)
        return out

    @functools.cached_property
    def _records(self) -> dict[int, AliasRecord]:
        return {}

    @functools.cached_property
    def _made(self) -> Any:
        """The records made in C (``canonym._kernels.Records``, kept in :attr:`_records`),
        or None."""
        if _Records is None:
            return None
        return _Records(AliasRecord, self._entity, self._names, self._forms, self._form, self._records)


def _reranked(
    pool: list[tuple[float, int]], similar: list[tuple[str, float, int]], total: float
) -> list[tuple[float, int]]:
    """The pool's records ((-score, record) pairs) re-ranked by the whole-key similarity of
    each (rapidfuzz's (key, similarity, position in the pool) triples): (key, record) pairs,
    best (lowest key) first, the key the record's score over ``total`` less the similarity
    over 100 (the pure reference of ``canonym._kernels.Scores.ranked``).

    >>> _reranked([(-2.0, 7), (-1.0, 3)], [("a", 50.0, 0), ("b", 100.0, 1)], 2.0)
    [(-1.5, 3), (-1.5, 7)]
    """
    return sorted([(pool[idx][0] / total - sim / 100.0, pool[idx][1]) for _, sim, idx in similar])


def _new_scores(size: int) -> _Scores:
    """An empty score table for a look-up in an index of ``size`` records."""
    return _Scores(size) if _CompiledScores is None else _CompiledScores(size)  # type: ignore[no-any-return]


def _settle(names: int) -> None:
    """Freeze what is alive out of the garbage collector once a large index is ready."""
    if names >= FREEZE_FROM:
        gc.freeze()


class _Scores:
    """The records one look-up has scored so far and their scores: the reference, a
    dictionary; the compiled core keeps them in C arrays over every record
    (``canonym._kernels.Scores``), with the same methods and the same arithmetic."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.scores: dict[int, float] = {}

    def clear(self) -> None:
        self.scores.clear()

    def __len__(self) -> int:
        return len(self.scores)

    def __contains__(self, rid: int) -> bool:
        return rid in self.scores

    def distinct(self, found: Sequence[int]) -> int:
        """How many different records the postings ``found`` hold."""
        return len(set(found))

    def add(self, groups: list[tuple[Sequence[int], float]]) -> None:
        """One query word's hits: ``groups`` of (postings, value), a later group's value
        replacing an earlier one's for the same record; each record hit adds its value."""
        hits: dict[int, float] = {}
        for found, value in groups:
            hits.update(dict.fromkeys(found, value))
        scores = self.scores
        # Added in C where the records are new (0.0 + value is value), by hand where not.
        summed = {rid: scores[rid] + hits[rid] for rid in scores.keys() & hits.keys()}
        scores.update(hits)
        scores.update(summed)

    def at_least(self, found: Sequence[int], floor: float) -> None:
        """Raise the records of ``found`` to ``floor`` (unscored ones count 0)."""
        scores = self.scores
        for rid in found:
            scores[rid] = max(scores.get(rid, 0.0), floor)

    def best(self) -> float:
        """The highest score (-inf when none)."""
        return max(self.scores.values(), default=-math.inf)

    def trigrams(self, found: list[Sequence[int]], share: float, pool: int) -> None:
        """Add ``share`` once for each of the trigram postings ``found`` that holds a
        record, for the records that can reach the ``pool`` best and those scored.

        Thousands of records share a trigram or two: only those that can reach the pool
        get their shares, added one at a time as a record's hits always are."""
        scores = self.scores
        for rid, count in _shared_trigrams(found, scores, pool).items():
            value = scores.get(rid, 0.0)
            for _ in range(count):
                value += share
            scores[rid] = value

    def pool(self, size: int) -> list[tuple[float, int]]:
        """The ``size`` best records as (-score, record) pairs, best first, ties to the
        lower record: the order hits arrive in follows set iteration, which changes with
        PYTHONHASHSEED, and answers must not. (The pairs sort so with no key function.)"""
        scores = self.scores
        if len(scores) > size:
            floor = sorted(scores.values(), reverse=True)[size - 1]
            return sorted([(-s, rid) for rid, s in scores.items() if s >= floor])[:size]
        return sorted([(-s, rid) for rid, s in scores.items()])


def _shared_trigrams(found: list[Sequence[int]], scores: dict[int, float], pool: int) -> dict[int, int]:
    """How many of the trigram postings ``found`` hold each record, for the records that
    can still reach the ``pool`` best (:func:`_pool_count`) and those already scored."""
    shared = Counter(chain.from_iterable(found))
    least = _pool_count(shared, pool)
    rich = compress(shared, map(operator.ge, shared.values(), repeat(least)))
    kept = [*(scores.keys() & shared.keys()), *(r for r in rich if r not in scores)]
    return {rid: shared[rid] for rid in kept}


def _pool_count(shared: Counter[int], pool: int = _POOL) -> int:
    """The fewest shared trigrams that can still put a record among the ``pool`` best,
    whatever its other hits: as many records share at least that many."""
    kept = 0
    for count, records in sorted(Counter(shared.values()).items(), reverse=True):
        kept += records
        if kept >= pool:
            return count
    return 1


def _frequencies(counts: dict[str, int]) -> tuple[bytes, bytes]:
    """Word counts as (64-bit hashes of the words, sorted; their counts): the bytes of an
    array of unsigned 64-bit and one of 32-bit integers (a dictionary took ten times more)."""
    pairs = sorted((_key_hash(word), count) for word, count in counts.items())
    return array("Q", (h for h, _ in pairs)).tobytes(), array("i", (c for _, c in pairs)).tobytes()


def _compile(postings: array[int], order: Sequence[int], shift: int) -> tuple[bytearray, bytearray]:
    """Packed postings as (key hashes without their low ``shift`` bits, sorted; each one's
    record, renumbered by ``order``): the bytes of an array of unsigned 64-bit and one of
    32-bit integers. ``postings`` is sorted in place and emptied on the way, so that the
    postings exist about once in memory, not three times."""
    import numpy as np  # noqa: PLC0415 (only building needs it; queries and cache loads do not)

    renumber = np.empty(len(order), dtype=np.int32)
    renumber[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
    codes, records = bytearray(), bytearray()
    if not postings:
        return codes, records
    # Sorted largest first, in place (the complements sorted ascending), so that the
    # smallest come off the end: the kept arrays grow as ``postings`` shrinks, a chunk at a
    # time, and the postings never exist twice over.
    packed = np.frombuffer(postings, dtype=np.uint64)
    np.invert(packed, out=packed)
    packed.sort()
    np.invert(packed, out=packed)
    del packed
    mask = np.uint64((1 << shift) - 1)
    while postings:
        low = max(0, len(postings) - _CHUNK)
        chunk = np.frombuffer(postings, dtype=np.uint64)[low:][::-1]
        records += renumber[np.bitwise_and(chunk, mask).astype(np.int64)].tobytes()
        codes += np.right_shift(chunk, np.uint64(shift)).tobytes()
        del chunk
        del postings[low:]
    return codes, records
