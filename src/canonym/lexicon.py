"""General name knowledge shipped with canonym: titles, particles, legal forms, place words,
and given names that are one name in several languages.

The word lists live in ``canonym/data/lexicon.yaml`` and ``canonym/data/given_names.yaml``
and are folded with :func:`~canonym.normalize.normalize_text` once, when first used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from canonym.cache import cached, content_key
from canonym.normalize import normalize_text
from canonym.strict_yaml import load_yaml

__all__ = ["Lexicon", "default_lexicon"]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word classes used when names are compared (all normalised, lower-case ASCII).

    Compared and hashed by identity, so functions may cache results per lexicon.
    """

    titles: frozenset[str]
    function_words: frozenset[str]
    common_words: frozenset[str]
    patronymic_endings: tuple[str, ...]
    demonyms: frozenset[str]
    particles: frozenset[str]
    legal_forms: frozenset[str]
    place_designators: frozenset[str]
    place_suffixes: frozenset[str]
    given_name_groups: MappingProxyType[str, frozenset[int]]
    title_prefixes: frozenset[str] = frozenset()
    """Words that belong to a title after them (``ex``, ``us``): see :func:`canonym.names.analyze`."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["given_name_groups"] = dict(self.given_name_groups)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["given_name_groups"] = MappingProxyType(state["given_name_groups"])
        self.__dict__.update(state)

    def same_given_name(self, a: str, b: str) -> bool:
        """Whether two normalised words are forms of one given name (Janet, Jeannette).

        >>> default_lexicon().same_given_name("janet", "jeannette")
        True
        >>> default_lexicon().same_given_name("janet", "jara")
        False
        """
        groups = self.given_name_groups.get(a)
        return groups is not None and not groups.isdisjoint(self.given_name_groups.get(b, ()))

    def is_given_name(self, word: str) -> bool:
        """Whether ``word`` is a known given name (they are common, so weak evidence)."""
        return word in self.given_name_groups

    def is_common(self, word: str) -> bool:
        """Whether ``word`` is common in names everywhere: a given name, or a word such as
        "Santa", "New" or "National" that starts or ends countless names.

        >>> default_lexicon().is_common("fuerzas"), default_lexicon().is_common("qwrtx")
        (True, False)
        """
        return word in self.given_name_groups or word in self.common_words

    def is_filler(self, word: str) -> bool:
        """Particles, legal forms, place words and patronymics: parts of a name that say little."""
        return (
            word in self.particles
            or word in self.legal_forms
            or word in self.place_designators
            or (len(word) > 6 and word.endswith(self.patronymic_endings))
        )


def _words(raw: Any, key: str) -> frozenset[str]:
    return frozenset(normalize_text(w) for w in raw.get(key) or ())


@functools.cache
def default_lexicon() -> Lexicon:
    """The lexicon bundled with canonym, loaded once.

    Both files are read with :func:`~canonym.strict_yaml.load_yaml`, so a word such as
    ``no`` or ``on`` stays the word it is (plain YAML reads them as booleans).

    >>> {"no", "on"} <= default_lexicon().function_words
    True
    """
    # Read from the index cache when it has it: reading and folding the two files took a
    # tenth of a one-off look-up. The key covers every module and data file of canonym.
    return cached(content_key([b"lexicon"]), _read_lexicon)


def _read_lexicon() -> Lexicon:
    data = resources.files("canonym").joinpath("data")
    raw = load_yaml(data.joinpath("lexicon.yaml").read_text("utf-8"), "canonym:data/lexicon.yaml")
    names = load_yaml(data.joinpath("given_names.yaml").read_text("utf-8"), "canonym:data/given_names.yaml")
    groups: dict[str, set[int]] = {}
    for number, group in enumerate(names["groups"]):
        for name in group:
            groups.setdefault(normalize_text(name), set()).add(number)
    return Lexicon(
        titles=_words(raw, "titles"),
        function_words=_words(raw, "function_words"),
        common_words=_words(raw, "common_name_words"),
        patronymic_endings=tuple(sorted(_words(raw, "patronymic_endings"))),
        demonyms=_words(raw, "demonyms"),
        particles=_words(raw, "particles"),
        legal_forms=_words(raw, "legal_forms"),
        place_designators=_words(raw, "place_designators"),
        place_suffixes=_words(raw, "place_suffixes"),
        given_name_groups=MappingProxyType({k: frozenset(v) for k, v in groups.items()}),
        title_prefixes=_words(raw, "title_prefixes"),
    )
