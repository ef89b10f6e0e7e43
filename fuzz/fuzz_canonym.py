"""Coverage-guided fuzzing of canonym's three entry points with atheris.

    python -m pip install -e ".[fuzz]"
    python fuzz/fuzz_canonym.py fuzz/corpus -max_total_time=600

The first input byte picks the entry point: resolve a name, annotate running text, or
load a registry file. Each checks invariants, not only that nothing raises: scores lie in
[0, 1]; every mention's offsets cut its own text out of the input; rewriting and marking
return text; a registry either loads or fails with a :class:`canonym.RegistryError`.
A crash is saved by libFuzzer as ``crash-*``: add it to tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import canonym
    from canonym import Registry, RegistryError, Resolver

RESOLVER = Resolver.default()
# Registries built while fuzzing are kept small: a big one takes seconds to index.
MAX_REGISTRY_BYTES = 4096


def check_resolve(text: str) -> None:
    for match in RESOLVER.candidates(text, limit=3):
        assert 0.0 <= match.score <= 1.0, match
        assert abs(sum(match.evidence.contributions.values())) < 1e6
    found = RESOLVER.resolve(text)
    assert found is None or RESOLVER.accepts(found)


def check_annotate(text: str) -> None:
    doc = RESOLVER.annotate(text)
    last = -1
    for mention in doc.mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.start >= last, "mentions out of order or overlapping"
        last = mention.end
        assert 0.0 <= mention.score <= 1.0, mention
    assert isinstance(doc.rewrite(), str)
    assert isinstance(doc.mark(), str)


def check_registry(text: str) -> None:
    try:
        registry = Registry.from_text(text[:MAX_REGISTRY_BYTES], "<fuzz>")
    except RegistryError as exc:
        assert "\n" not in str(exc), "a registry error must be one line"
        return
    resolver = Resolver(registry)
    for entity in registry.entities:
        for match in resolver.candidates(entity.canonical, limit=2):
            assert 0.0 <= match.score <= 1.0


TARGETS = (check_resolve, check_annotate, check_registry)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    provider = atheris.FuzzedDataProvider(data[1:])
    # The high bit of the first byte allows lone surrogates, which only Python callers send.
    consume = provider.ConsumeUnicode if data[0] & 0x80 else provider.ConsumeUnicodeNoSurrogates
    text = consume(len(data))
    TARGETS[data[0] % len(TARGETS)](text)


def main() -> None:
    assert canonym.resolve("José Gehry") is not None  # the harness runs against a working build
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
