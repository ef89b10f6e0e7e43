"""Why a name is unknown: the best candidate and what kept it below the threshold.

"unknown" alone leaves a person at a terminal guessing whether canonym saw nothing, or saw
the right person and doubted. :func:`why_unknown` says which: no candidate at all; a role
phrase whose office nobody (or several people) the registry knows holds on the date; or the
best candidate with its confidence against the threshold and the score terms that pulled it
down most (a common surname, a name other entities share, a title that contradicts the
person's office, a suspicious spelling).

>>> from canonym import Resolver
>>> print(why_unknown(Resolver.default(), "Torres"))  # doctest: +ELLIPSIS
Luis Torres 0... < 0.82 (common surname: 150 per 100,000 people)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from canonym.resolve import MAX_NAME_CHARS
from canonym.roles import as_day, role_outcome
from canonym.surnames import frequency, surname_word

if TYPE_CHECKING:
    from canonym.resolve import Resolver

__all__ = ["why_unknown"]

_REASONS = {
    "surname_frequency": "common surname",
    "namesakes": "a name other entities share too",
    "title": "the title contradicts the person's office on the date",
    "suspicious": "a suspicious spelling",
    "exclusive": "other candidates take part of the probability",
    "rival": "a better-known entity comes close by several of its names",
}


NEAR_MISS = 0.1
"""Below this confidence the best candidate is no near miss, and is named only as the nearest."""


def why_unknown(
    resolver: Resolver,
    name: str,
    *,
    threshold: float | None = None,
    source_lang: str | None = None,
    date: datetime.date | str | None = None,
) -> str | None:
    """One line saying why ``name`` resolves to nothing, or None when it resolves.

    >>> from canonym import Resolver
    >>> r = Resolver.default()
    >>> why_unknown(r, "José Gehry") is None
    True
    >>> why_unknown(r, "the Austrian Chancellor", date="2025-11-28")
    'role: austria is not a place of the registry'
    >>> why_unknown(r, "Ngrrk")
    'no registry name shares a word or key with it'
    >>> why_unknown(r, "Lionel Messi")[:13]
    'nothing close'
    >>> why_unknown(r, "x" * 5000)
    'longer than 1,000 characters: not looked up as a name'
    """
    if len(name) > MAX_NAME_CHARS:
        return f"longer than {MAX_NAME_CHARS:,} characters: not looked up as a name"
    day = as_day(date)
    if resolver.resolve(name, threshold=threshold, source_lang=source_lang, date=day) is not None:
        return None
    role = role_outcome(name, resolver.registry, day)
    if isinstance(role, str):
        return role
    found = resolver.candidates(name, limit=1, source_lang=source_lang, date=day)
    if not found:
        return "no registry name shares a word or key with it"
    best = found[0]
    if best.score < NEAR_MISS:
        return f"nothing close (the nearest, {best.entity.canonical}, {best.score:.2f})"
    limit = resolver.thresholds[best.entity.type] if threshold is None else threshold
    terms = best.evidence.contributions
    why = []
    for key, value in sorted(terms.items(), key=lambda t: t[1]):
        if value >= 0 or key not in _REASONS:
            continue
        text = _REASONS[key]
        if key == "surname_frequency":
            word = surname_word(best, resolver.lexicon)
            per = None if word is None else frequency(word)
            if per is not None:
                text += f": {per:g} per 100,000 people"
        why.append(text)
    detail = f" ({'; '.join(why)})" if why else ""
    return f"{best.entity.canonical} {best.score:.2f} < {limit:.2f}{detail}"
