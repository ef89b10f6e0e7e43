"""The candidate index: which aliases could a query mean, found by key look-ups only.

Every content word of every alias is indexed under its transliteration key, its vowel-less
key and each one-character deletion of its key (SymSpell). A query word looks up the same
keys and the deletions of its own key, so aliases within one edit of a transliteration
key are found without comparing the query with every alias.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from canonym.lexicon import Lexicon
from canonym.names import NameForm, analyze
from canonym.phonetic import deletions
from canonym.registry import Registry

__all__ = ["AliasRecord", "CandidateIndex"]

# Look-up kinds and how much a hit of each kind counts towards a candidate's rank.
_EXACT, _COARSE, _NEAR, _STEM = 1.0, 0.8, 0.7, 0.6
_MIN_DELETION_KEY = 4
# Keys longer than this get no one-edit neighbours: no name word is that long, and a
# hostile one would cost time quadratic in its length.
_MAX_DELETION_KEY = 40
# How many of the best-supported records are re-ranked by whole-key similarity.
_POOL = 200
# A word whose exact key finds this many records is common: its variants are not looked up.
_ENOUGH = 50
# A word whose exact key finds more records than this is not looked up at all when the
# name has a rarer word.
_COMMON = 1000
# Trigrams found in more records than this are skipped: they are in too many names to help.
_COMMON_GRAM = 3000


@dataclass(frozen=True)
class AliasRecord:
    """One indexed name of one entity."""

    entity: int
    name: str
    form: NameForm


def _word_postings(key: str, coarse: str) -> tuple[str, ...]:
    """The posting keys of one word: its key, its coarse key and its key's deletions."""
    out = ["k" + key, "c" + coarse]
    if _MIN_DELETION_KEY <= len(key) <= _MAX_DELETION_KEY:
        out.extend("d" + d for d in deletions(key))
    return tuple(out)


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
        records: list[AliasRecord] = []
        doc_freq: dict[str, int] = defaultdict(int)
        for number, entity in enumerate(registry.entities):
            seen: set[str] = set()
            words: set[str] = set()
            for name in entity.names:
                form = analyze(name, lexicon)
                if form.normalized in seen or not form.words:
                    continue
                seen.add(form.normalized)
                words.update(form.words)
                records.append(AliasRecord(number, name, form))
            for word in words:
                doc_freq[word] += 1
        # Records are numbered in an order of their content, not of the registry's entries,
        # so that every tie broken by record number below is broken the same way however
        # the registry lists its entities.
        records.sort(key=lambda r: (r.form.normalized, registry.entities[r.entity].id, r.name))
        self.records: tuple[AliasRecord, ...] = tuple(records)
        owners: dict[str, int] = {}
        shared: set[str] = set()
        for record in records:
            if owners.setdefault(record.form.normalized, record.entity) != record.entity:
                shared.add(record.form.normalized)
        self.shared_names = frozenset(shared)
        """Normalised names that belong to more than one entity."""
        self.entity_count = len(registry.entities)
        self._doc_freq = dict(doc_freq)
        self._log_n = math.log(self.entity_count + 2)
        postings: dict[str, list[int]] = defaultdict(list)
        # Words repeat across names; their posting keys are worked out once per build, in a
        # memo that goes away with it (a module-level cache would keep them all alive).
        word_keys: dict[tuple[str, str], tuple[str, ...]] = {}
        joined: list[str] = []
        for rid, record in enumerate(records):
            keys: set[str] = set()
            positions = _index_words(record.form)
            for i in positions:
                pair = (record.form.keys[i], record.form.coarse[i])
                found = word_keys.get(pair)
                if found is None:
                    found = word_keys[pair] = _word_postings(*pair)
                keys.update(found)
            whole = "".join(record.form.keys[i] for i in positions)
            joined.append(whole)
            if len(positions) > 1:
                keys.add("k" + whole)
            keys.update("t" + g for g in _trigrams(whole))
            for key in keys:
                postings[key].append(rid)
        self._joined = tuple(joined)
        self._postings = {k: tuple(v) for k, v in postings.items()}

    def weight(self, word: str) -> float:
        """Rarity weight of a normalised word in (0, 1]: 1 for a word no entity uses.

        Inverse document frequency over entities, scaled by its largest possible value;
        known given names and common name words ("Santa", "National") are capped at 0.5,
        since they are common in the world even where a registry happens to hold them once.
        """
        df = self._doc_freq.get(word, 0)
        value = math.log((self.entity_count + 2) / (df + 1)) / self._log_n
        if self.lexicon.is_common(word):
            value = min(value, 0.5)
        return max(value, 0.02)

    def lookup(self, form: NameForm, limit: int) -> list[int]:
        """Ids of the ``limit`` alias records most likely to be the name ``form``.

        Each content word of the query looks up its transliteration key, its vowel-less
        key, its one-edit neighbours and its stems without an ending of two or three
        letters; each hit counts the word's rarity weight times the kind of hit. When no
        word finds anything solid (a name written as one word, or split differently), the
        letter trigrams of the whole key are looked up too. The best-supported records are
        then ordered by key similarity of the whole name (rapidfuzz) and the top
        ``limit`` returned.
        """
        scores: dict[int, float] = defaultdict(float)
        positions = _index_words(form)
        total = 0.0
        common = [len(self._postings.get("k" + form.keys[i], ())) > _COMMON for i in positions]
        for i, is_common in zip(positions, common):
            key = form.keys[i]
            w = self.weight(form.words[i])
            total += w
            if is_common and not all(common):
                continue  # a very common word adds little to rarer ones and costs much
            exact = self._postings.get("k" + key, ())
            hits = dict.fromkeys(exact, _EXACT * w)
            if len(hits) < _ENOUGH:
                # Variants are only looked for where the exact key is rare: a common
                # word's many exact hits already give the candidates.
                near: list[str] = []
                if _MIN_DELETION_KEY - 1 <= len(key) <= _MAX_DELETION_KEY:
                    dels = deletions(key)
                    near = ["d" + key, *("k" + d for d in dels), *("d" + d for d in dels)]
                stems = ["k" + key[:-n] for n in (2, 3) if len(key) - n >= _MIN_DELETION_KEY]
                # Each record keeps its best kind of hit: weaker kinds are laid down first
                # and stronger ones overwrite them.
                variants: dict[int, float] = {}
                for kind, keys in ((_STEM, stems), (_NEAR, near), (_COARSE, ["c" + form.coarse[i]])):
                    for lookup_key in keys:
                        found = self._postings.get(lookup_key, ())
                        if len(found) <= _COMMON:  # a key this common says little about this word
                            variants.update(dict.fromkeys(found, kind * w))
                variants.update(hits)
                hits = variants
            for rid, value in hits.items():
                scores[rid] += value
        whole = "".join(form.keys[i] for i in positions)
        for rid in self._postings.get("k" + whole, ()):
            scores[rid] = max(scores[rid], total)
        if not scores or max(scores.values()) < 0.6 * total:
            grams = _trigrams(whole) if whole else []
            share = total / max(1, len(grams))
            for gram in grams:
                found = self._postings.get("t" + gram, ())
                if len(found) <= _COMMON_GRAM:
                    for rid in found:
                        scores[rid] += share
        if not scores:
            return []
        # Ties go to the lower record id: the order hits arrive in follows set iteration,
        # which changes with PYTHONHASHSEED, and answers must not.
        # (-score, id) pairs sort best first with ties to the lower id, with no key function.
        floor = heapq.nlargest(_POOL, scores.values())[-1] if len(scores) > _POOL else -math.inf
        pool = sorted((-s, rid) for rid, s in scores.items() if s >= floor)[:_POOL]
        keys = [self._joined[rid] for _, rid in pool]
        similar = process.extract(whole, keys, scorer=fuzz.ratio, limit=None)
        total = total or 1.0
        ranked = sorted((pool[idx][0] / total - sim / 100.0, pool[idx][1]) for _, sim, idx in similar)
        return [rid for _, rid in ranked[:limit]]

    def records_for(self, ids: Iterable[int]) -> list[AliasRecord]:
        """The alias records with these ids."""
        return [self.records[i] for i in ids]
