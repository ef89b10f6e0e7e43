"""Analyse a name once into the parts that comparison needs: words, keys and word roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from canonym.lexicon import Lexicon
from canonym.normalize import explain_normalization
from canonym.phonetic import coarse_key, translit_key

__all__ = ["NameForm", "Role", "analyze"]

Role = Literal["title", "filler", "word"]


@dataclass(frozen=True)
class NameForm:
    """A name taken apart: normalised words, their transliteration keys and their roles.

    ``title`` words (President, Gen., Sr.) lead the name and are optional when names are
    compared; ``filler`` words (particles, legal forms, place words) count for little;
    ``word`` is everything else.
    """

    text: str
    normalized: str
    steps: tuple[str, ...]
    words: tuple[str, ...]
    keys: tuple[str, ...]
    coarse: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def core(self) -> tuple[str, ...]:
        """The words that are not leading titles."""
        return tuple(w for w, r in zip(self.words, self.roles) if r != "title")

    @property
    def titles(self) -> tuple[str, ...]:
        """The leading title words."""
        return tuple(w for w, r in zip(self.words, self.roles) if r == "title")


def analyze(text: str, lexicon: Lexicon) -> NameForm:
    """Normalise ``text`` and classify its words.

    >>> from canonym.lexicon import default_lexicon
    >>> form = analyze("Presidente José de la Jerí", default_lexicon())
    >>> form.words, form.roles
    (('presidente', 'jose', 'de', 'la', 'jeri'), ('title', 'word', 'filler', 'filler', 'word'))
    """
    normalized, steps = explain_normalization(text)
    words = tuple(normalized.split())
    roles: list[Role] = []
    leading = True
    for word in words:
        if leading and word in lexicon.titles:
            roles.append("title")
            continue
        leading = False
        roles.append("filler" if lexicon.is_filler(word) else "word")
    if "word" not in roles:
        # A name made only of small words ("The Clinic" is not one, but "La Paz" could be
        # "la" + a designator) keeps all of them as words rather than becoming empty.
        roles = ["word"] * len(words)
    return NameForm(
        text=text,
        normalized=normalized,
        steps=steps,
        words=words,
        keys=tuple(translit_key(w) for w in words),
        coarse=tuple(coarse_key(w) for w in words),
        roles=tuple(roles),
    )
