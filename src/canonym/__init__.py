"""canonym: undo what translation and transliteration do to names.

Resolve a name as machine translation spelled it to the entity an alias registry knows,
with a confidence that is a probability and the evidence behind it.

>>> import canonym
>>> m = canonym.resolve("José Gehry")
>>> m.entity.canonical
'José Jerí'
>>> canonym.resolve("Lionel Messi") is None
True
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

# First: under CANONYM_PURE=1 the modules below are then loaded from their .py source.
from canonym import _native  # noqa: F401
from canonym.models import ENTITY_TYPES, Entity, EntityType, Evidence, Match, Role, TokenPair
from canonym.normalize import apply_steps, explain_normalization, normalize_text
from canonym.registry import Registry, RegistryError
from canonym.resolve import Resolver

if TYPE_CHECKING:
    from canonym.text import Annotated, Mention

# The text layer (mention finding) is imported on first use: a one-off look-up needs none of it.
_LAZY = {"Annotated": "canonym.text", "Mention": "canonym.text"}


def __getattr__(name: str) -> Any:
    """``Annotated`` and ``Mention``, imported from the text layer when first asked for (PEP 562)."""
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'canonym' has no attribute {name!r}")


__all__ = [
    "ENTITY_TYPES",
    "Annotated",
    "Entity",
    "EntityType",
    "Evidence",
    "Match",
    "Mention",
    "Registry",
    "RegistryError",
    "Resolver",
    "Role",
    "TokenPair",
    "__version__",
    "annotate",
    "apply_steps",
    "candidates",
    "explain_normalization",
    "normalize_text",
    "resolve",
]

__version__ = "0.1.0"


def resolve(
    name: str,
    *,
    threshold: float | None = None,
    source_lang: str | None = None,
    date: datetime.date | str | None = None,
) -> Match | None:
    """Resolve ``name`` against the bundled registry: :meth:`Resolver.resolve`."""
    return Resolver.default().resolve(name, threshold=threshold, source_lang=source_lang, date=date)


def candidates(
    name: str,
    *,
    limit: int = 5,
    source_lang: str | None = None,
    date: datetime.date | str | None = None,
) -> list[Match]:
    """Ranked candidates from the bundled registry: :meth:`Resolver.candidates`."""
    return Resolver.default().candidates(name, limit=limit, source_lang=source_lang, date=date)


def annotate(text: str, *, source_lang: str | None = None) -> Annotated:
    """Every entity mention in running ``text``, against the bundled registry:
    :meth:`Resolver.annotate`.

    >>> doc = annotate("Janet Jara met José Gehry in Lima.")
    >>> [(m.text, m.entity.id) for m in doc.mentions]
    [('Janet Jara', 'jeannette-jara'), ('José Gehry', 'jose-jeri'), ('Lima', 'lima')]
    >>> doc.rewrite()
    'Jeannette Jara met José Jerí in Lima.'
    """
    return Resolver.default().annotate(text, source_lang=source_lang)
