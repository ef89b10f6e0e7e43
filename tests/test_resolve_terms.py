"""The contributions of a resolver's candidates are made only for those a query keeps
(:meth:`canonym.resolve.Resolver._terms`): made so, they are the terms the decision would
have made at once, in the same order, and the score is the same to the bit."""

from __future__ import annotations

import pytest

from canonym import Resolver
from canonym.model import sigmoid
from canonym.names import analyze
from canonym.scripts import comparison_language

# Spellings near names of both registries (a surname alone, towns that share a name with
# others, a title): the prior's shares, the namesakes' caps and the surname term apply.
QUERIES = ["Kast", "Senator Kast", "Parys", "Springfeld", "Portlend", "Nueva Yorke"]


def _decisions(resolver: Resolver, text: str, eager: bool) -> list[tuple]:
    form = analyze(text, resolver.lexicon)
    forms, runs = resolver._forms(text, form, None)
    scored = resolver._prior(resolver._score(forms, comparison_language(text, None), runs))
    shared = resolver.index.shared_names
    confidence = resolver.model.confidence
    out = []
    for position, item in enumerate(scored):
        runner_up = scored[position + 1] if position + 1 < len(scored) else None
        out.append(resolver._decide(item, runner_up, shared, None if eager else confidence.added_up))
    return out


@pytest.mark.parametrize("name", ["story", "world"])
def test_the_terms_made_later_are_those_made_at_once(name: str) -> None:
    resolver = Resolver.bundled(name)
    informed = 0
    for text in QUERIES:
        eager, lazy = _decisions(resolver, text, True), _decisions(resolver, text, False)
        assert len(eager) == len(lazy)
        for now, later in zip(eager, lazy):
            assert now[2] is not None and later[2] is None
            assert later[0] == now[0]
            assert later[1] == now[1]
            terms = resolver._terms(later)
            assert list(terms.items()) == list(resolver._terms(now).items())
            informed += "prominence" in terms or "namesakes" in terms
            if "prominence" not in terms and "namesakes" not in terms:
                assert sigmoid(sum(terms.values())) == later[0]
    if name == "world":
        assert informed  # the prior's terms were made too
