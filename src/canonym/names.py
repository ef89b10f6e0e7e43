"""Analyse a name once into the parts that comparison needs: words, keys and word roles."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from canonym.lexicon import Lexicon
from canonym.normalize import explain_normalization, suspicious_characters
from canonym.phonetic import coarse_key, translit_key

__all__ = ["NameForm", "Role", "analyze"]

Role = Literal["title", "filler", "word"]


@dataclass(frozen=True)
class NameForm:
    """A name taken apart: normalised words, their transliteration keys and their roles.

    ``title`` words (President, Gen., Sr., and a nationality before them: "Chilean
    Security Minister") lead the name and are optional when names are compared;
    ``filler`` words (particles, legal forms, place words) count for little; ``word`` is
    everything else.
    """

    text: str
    normalized: str
    steps: tuple[str, ...]
    words: tuple[str, ...]
    keys: tuple[str, ...]
    coarse: tuple[str, ...]
    roles: tuple[Role, ...]
    suspicious: tuple[str, ...] = ()
    """Why the text looks crafted to deceive (see :func:`~canonym.normalize.suspicious_characters`)."""

    @functools.cached_property
    def core(self) -> tuple[str, ...]:
        """The words that are not leading titles (worked out once: comparison reads them
        several times)."""
        return tuple([w for w, r in zip(self.words, self.roles) if r != "title"])

    @property
    def titles(self) -> tuple[str, ...]:
        """The leading title words."""
        return tuple([w for w, r in zip(self.words, self.roles) if r == "title"])


def analyze(text: str, lexicon: Lexicon) -> NameForm:
    """Normalise ``text`` and classify its words.

    >>> from canonym.lexicon import default_lexicon
    >>> form = analyze("Presidente José de la Jerí", default_lexicon())
    >>> form.words, form.roles
    (('presidente', 'jose', 'de', 'la', 'jeri'), ('title', 'word', 'filler', 'filler', 'word'))
    """
    normalized, steps = explain_normalization(text)
    words = tuple(normalized.split())
    # The leading role: title words, and nationality words followed by a title word, and
    # words that belong to the title after them ("ex-President", "U.S. President").
    lead = 0
    while lead < len(words):
        if words[lead] in lexicon.titles:
            lead += 1
        elif words[lead] in lexicon.demonyms and lead + 1 < len(words) and words[lead + 1] in lexicon.titles:
            lead += 2
        elif (
            words[lead] in lexicon.title_prefixes
            and lead + 1 < len(words)
            and words[lead + 1] in lexicon.titles
        ):
            lead += 1
        else:
            break
    roles: list[Role] = ["title"] * lead
    roles.extend(["filler" if lexicon.is_filler(w) else "word" for w in words[lead:]])
    if "word" not in roles:
        # A name made only of titles and small words ("General", "Co.") keeps them all as
        # words rather than becoming empty.
        roles = ["word"] * len(words)
    return NameForm(
        text=text,
        normalized=normalized,
        steps=steps,
        words=words,
        keys=tuple([translit_key(w) for w in words]),
        coarse=tuple([coarse_key(w) for w in words]),
        roles=tuple(roles),
        suspicious=suspicious_characters(text),
    )
