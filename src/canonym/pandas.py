"""canonym for pandas: a ``.canonym`` accessor on Series of names and of texts.

Importing this module registers the accessor, as the pandas documentation recommends for
extensions (``pip install "canonym[pandas]"``)::

    import pandas as pd
    import canonym.pandas  # noqa: F401 (registers Series.canonym)

    names = pd.Series(["Allemagne", "Tokio", "Nowhere"])
    names.canonym.resolve(registries=["world"])         # columns id, canonical, type, score
    texts = pd.Series(["José Gehry spoke in Lima."])
    texts.canonym.annotate()                            # a Series of lists of mentions

Both run the batch API underneath (:meth:`Resolver.resolve_many`,
:meth:`Resolver.annotate_many`): each distinct value is computed once, and ``workers > 1``
shares the work among processes. Rows keep their index and order; a missing value (None,
NaN) or one that is not text gets an empty answer, never an error and never a dropped row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from canonym.resolve import Resolver

__all__ = ["ACCESSOR", "CanonymAccessor"]

ACCESSOR = "canonym"
RESOLVE_COLUMNS = ("id", "canonical", "type", "score")


def _pick(resolver: Resolver | None, registries: Sequence[str]) -> Resolver:
    if resolver is not None and registries:
        raise ValueError("canonym: give either resolver= or registries=, not both")
    return resolver if resolver is not None else Resolver.from_registries(registries)


@pd.api.extensions.register_series_accessor(ACCESSOR)
class CanonymAccessor:
    """``series.canonym``: resolve names or annotate texts, one answer per row.

    >>> import pandas as pd
    >>> frame = pd.Series(["José Gehry", "Lima", None, "José Gehry"]).canonym.resolve()
    >>> frame["canonical"].fillna("-").tolist()
    ['José Jerí', 'Lima', '-', 'José Jerí']
    >>> list(frame.columns), frame["score"].dtype
    (['id', 'canonical', 'type', 'score'], dtype('float64'))
    """

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def _texts(self) -> tuple[list[int], list[str]]:
        """Positions and values of the rows that hold text."""
        positions, texts = [], []
        for position, value in enumerate(self._series.tolist()):
            if isinstance(value, str):
                positions.append(position)
                texts.append(value)
        return positions, texts

    def resolve(
        self,
        *,
        registries: Sequence[str] = (),
        resolver: Resolver | None = None,
        threshold: float | None = None,
        source_lang: str | None = None,
        workers: int = 1,
    ) -> pd.DataFrame:
        """A DataFrame with the Series' index and columns ``id``, ``canonical``, ``type``
        and ``score`` (missing values where a name does not resolve).

        ``registries`` names bundled registries and registry files (default: the bundled
        ``story``); ``resolver`` passes a built one instead.
        """
        positions, names = self._texts()
        found = _pick(resolver, registries).resolve_many(
            names, threshold=threshold, source_lang=source_lang, workers=workers
        )
        rows: list[dict[str, Any]] = [dict.fromkeys(RESOLVE_COLUMNS) for _ in range(len(self._series))]
        for position, match in zip(positions, found):
            if match is not None:
                e = match.entity
                rows[position] = {"id": e.id, "canonical": e.canonical, "type": e.type, "score": match.score}
        frame = pd.DataFrame(rows, index=self._series.index, columns=list(RESOLVE_COLUMNS))
        frame["score"] = frame["score"].astype("float64")
        return frame

    def annotate(
        self,
        *,
        registries: Sequence[str] = (),
        resolver: Resolver | None = None,
        source_lang: str | None = None,
        evidence: bool = False,
        workers: int = 1,
    ) -> pd.Series:
        """A Series with the same index: for each text, its mentions as dicts (start, end,
        text, id, canonical, type, score, via: see :meth:`Mention.as_dict`), an empty list
        for a row that holds no text.

        >>> import pandas as pd
        >>> out = pd.Series(["José Gehry spoke in Lima."]).canonym.annotate()
        >>> [(m["text"], m["id"]) for m in out[0]]
        [('José Gehry', 'jose-jeri'), ('Lima', 'lima')]
        """
        positions, texts = self._texts()
        annotated = _pick(resolver, registries).annotate_many(texts, source_lang=source_lang, workers=workers)
        values: list[list[dict[str, Any]]] = [[] for _ in range(len(self._series))]
        for position, doc in zip(positions, annotated):
            values[position] = [m.as_dict(evidence=evidence) for m in doc.mentions]
        return pd.Series(values, index=self._series.index, name="mentions", dtype=object)
