"""The contributions of a resolver's candidates are made only for those a query keeps
(:meth:`canonym.resolve.Resolver._terms`): made so, they are the terms the decision would
have made at once, in the same order, and the score is the same to the bit."""

from __future__ import annotations

import pytest

from canonym import Resolver
from canonym.model import sigmoid
from canonym.names import analyze
from canonym.scripts import comparison_language

# Names and spellings of names in both registries (a surname alone, towns that share a name
# with others, a title): the decision's prior shares and namesakes' caps, and _ranked's
# title and surname terms, are made.
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


@pytest.mark.parametrize("name", ["story", "world"])
def test_a_model_naming_a_term_as_the_resolver_does_is_answered_alike(name: str) -> None:
    # A confidence model with a term named as one the resolver adds (here "suspicious", at
    # weight 0, so no score can change) has its terms made at once (Resolver._apart): the
    # candidates must be those the terms made later give, to the bit and in the same order.
    import dataclasses  # noqa: PLC0415
    from types import MappingProxyType  # noqa: PLC0415

    from canonym.model import LogisticModel  # noqa: PLC0415

    lazy = Resolver.bundled(name)
    confidence = lazy.model.confidence
    weights = MappingProxyType({**confidence.weights, "suspicious": 0.0})
    model = dataclasses.replace(lazy.model, confidence=LogisticModel(confidence.bias, weights))
    eager = Resolver(lazy.registry, lexicon=lazy.lexicon, model=model)
    from canonym.resolve import _apart  # noqa: PLC0415

    assert not _apart(eager.model.confidence.weights) and _apart(confidence.weights)
    for text in QUERIES:
        now, later = eager.candidates(text, limit=5), lazy.candidates(text, limit=5)
        assert [(m.entity.id, m.score) for m in now] == [(m.entity.id, m.score) for m in later]
        for a, b in zip(now, later):
            assert list(a.evidence.contributions.items()) == list(b.evidence.contributions.items())
