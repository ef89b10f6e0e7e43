"""The scoring model: logistic models over feature terms, their thresholds and version.

A model turns the features of :mod:`canonym.features` into log-odds, term by term, so each
term's contribution can be shown as evidence. ``benchmarks/calibrate.py`` fits the bundled
one (``canonym/data/model.json``); :func:`model_from_json` reads a model from its text and
:func:`default_model` loads the bundled file, the only I/O of scoring.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

try:  # the terms evaluated in C, where the compiled core is installed (see setup.py)
    from canonym._kernels import Terms as _Terms
except ImportError:
    _Terms = None

__all__ = [
    "LogisticModel",
    "Model",
    "added_in_order",
    "default_model",
    "logit",
    "model_from_json",
    "sigmoid",
    "term_value",
]


def sigmoid(x: float) -> float:
    """The logistic function, safe for large arguments.

    >>> sigmoid(0.0), sigmoid(-1000.0), sigmoid(1000.0)
    (0.5, 0.0, 1.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def logit(p: float) -> float:
    """The inverse of :func:`sigmoid`, with ``p`` kept a hair inside (0, 1) so that a
    certainty gives a large finite value rather than an error.

    >>> logit(0.5), round(logit(sigmoid(2.0)), 9), logit(1.0) > 27
    (0.0, 2.0, True)
    """
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def added_in_order(values: Iterable[float]) -> float:
    """``values`` added left to right, as the compiled core adds them (``sum`` compensates
    its rounding from Python 3.12 on, which would part the two paths in the last bit).

    >>> added_in_order([0.1, 0.2, 0.3]) == (0.1 + 0.2) + 0.3
    True
    """
    total = 0.0
    for value in values:
        total += value
    return total


def _parse_factor(part: str) -> tuple[str, float | None, float | None]:
    name, _, span = part.partition("@")
    # Interned, as the feature names written in the code are: a look-up of the features
    # then finds its key by identity (the model's names come from its JSON text).
    name = sys.intern(str(name))
    if not span:
        return name, None, None
    lo, _, hi = span.partition(":")
    return name, float(lo), float(hi) if hi else None


def _factor_value(x: float, lo: float | None, hi: float | None) -> float:
    if lo is None:
        return x
    x = max(0.0, x - lo)
    return x if hi is None else min(x, hi - lo)


def term_value(term: str, features: Mapping[str, float]) -> float:
    """Value of one model term: a feature name; ``name@a:b``, the part of the feature
    between ``a`` and ``b`` (``min(max(x - a, 0), b - a)``: one segment of a piecewise
    linear effect); ``name@a``, the hinge ``max(0, x - a)``; or ``t*u``, a product.

    >>> term_value("margin@0.5:0.75", {"margin": 0.9}), term_value("exact*short", {"exact": 1, "short": 0.5})
    (0.25, 0.5)
    """
    value = 1.0
    for part in term.split("*"):
        name, lo, hi = _parse_factor(part)
        value *= _factor_value(features.get(name, 0.0), lo, hi)
    return value


@dataclass(frozen=True)
class LogisticModel:
    """``sigmoid(bias + sum(weight * term_value(term)))``, explained term by term."""

    bias: float
    weights: Mapping[str, float]

    def __getstate__(self) -> dict[str, object]:
        return {"bias": self.bias, "weights": dict(self.weights)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(bias=state["bias"], weights=MappingProxyType(state["weights"]))

    @functools.cached_property
    def _compiled(
        self,
    ) -> tuple[tuple[str, float, tuple[tuple[str, float | None, float | None], ...]], ...]:
        # Terms parsed once: (term, weight, ((feature, low, high), ...)).
        return tuple(
            (sys.intern(str(term)), w, tuple(_parse_factor(part) for part in term.split("*")))
            for term, w in self.weights.items()
        )

    @functools.cached_property
    def _kernel(self) -> Any:
        # The same terms evaluated in C (canonym._kernels.Terms), where compiled: the values,
        # the log-odds and the contributions, each with the arithmetic of the code below.
        return None if _Terms is None else _Terms(self._compiled)

    @functools.cached_property
    def log_odds(self) -> Callable[[Mapping[str, float]], float]:
        """:meth:`logit` as one function of the features: the compiled terms' own, bias
        bound, where compiled (a resolver asks it of every record it compares).

        >>> LogisticModel(-1.0, {"exact": 2.0}).log_odds({"exact": 1.0})
        1.0
        """
        if self._kernel is not None:
            return functools.partial(self._kernel.logit, self.bias)
        return self.logit

    @functools.cached_property
    def added_up(self) -> Callable[[Mapping[str, float], tuple[float, ...]], float]:
        """:meth:`summed` as one function of the features and the terms after them (see
        :attr:`log_odds`).

        >>> LogisticModel(-1.0, {"exact": 2.0}).added_up({"exact": 1.0}, (0.5,))
        1.5
        """
        if self._sums_in_c:
            return functools.partial(self._kernel.summed, self.bias)
        return self.summed

    @functools.cached_property
    def _sums_in_c(self) -> bool:
        # The kernel adds a float bias, then the terms. The contributions' dict would let a
        # term named "bias" replace the bias, and sum() keeps an int bias an int: such a
        # model's sums are made as the reference makes them.
        return self._kernel is not None and type(self.bias) is float and "bias" not in self.weights

    def _values(self, features: Mapping[str, float]) -> list[float]:
        """Each term's contribution, in the order of :attr:`weights`."""
        if self._kernel is not None:
            return self._kernel.values(features)  # type: ignore[no-any-return]
        out = []
        get = features.get
        for _, w, factors in self._compiled:
            value = w
            for name, lo, hi in factors:
                x = get(name, 0.0)
                if lo is not None:  # inlined _factor_value: this loop is the hot path
                    x -= lo
                    if x <= 0.0:
                        value = 0.0
                        break
                    if hi is not None and x > hi - lo:
                        x = hi - lo
                value *= x
            out.append(value)
        return out

    def logit(self, features: Mapping[str, float]) -> float:
        """The log-odds for these features.

        >>> LogisticModel(-1.0, {"exact": 2.0, "margin@0.5": 4.0}).logit({"exact": 1.0, "margin": 0.75})
        2.0
        """
        if self._kernel is not None:
            return self._kernel.logit(self.bias, features)  # type: ignore[no-any-return]
        return self.bias + added_in_order(self._values(features))

    def summed(self, features: Mapping[str, float], extra: tuple[float, ...] = ()) -> float:
        """``sum`` of the values of :meth:`contributions` followed by ``extra``, as
        ``sum([*contributions(features).values(), *extra])`` adds them, without making the
        contributions (a resolver asks it of every candidate, and keeps the terms of a few).

        >>> m = LogisticModel(-1.0, {"exact": 2.0, "margin@0.5": 4.0})
        >>> m.summed({"exact": 1.0, "margin": 0.75}, (0.5,))
        2.5
        """
        if self._sums_in_c:
            return self._kernel.summed(self.bias, features, extra)  # type: ignore[no-any-return]
        return sum([*self.contributions(features).values(), *extra])

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each term's share of the log-odds, plus ``bias``; they sum to :meth:`logit`.

        Terms that add nothing for these features are left out.
        """
        if self._kernel is not None:
            return self._kernel.contributions(self.bias, features)  # type: ignore[no-any-return]
        out = {"bias": self.bias}
        for (term, _, _), v in zip(self._compiled, self._values(features)):
            if v:  # a loop, not a generator: compiled, it is several times quicker
                out[term] = v
        return out


@dataclass(frozen=True)
class Model:
    """Two logistic models: ``rank`` orders candidates, ``confidence`` scores them.

    ``thresholds`` holds the default minimum confidence of an answer for each entity type;
    ``version`` names the fitted model, so that a result says which model scored it.
    """

    rank: LogisticModel
    confidence: LogisticModel
    thresholds: Mapping[str, float]
    version: str = "unversioned"

    def __getstate__(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "confidence": self.confidence,
            "thresholds": dict(self.thresholds),
            "version": self.version,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, thresholds=MappingProxyType(state["thresholds"]))


def _logistic(raw: Mapping[str, object]) -> LogisticModel:
    weights = raw["weights"]
    if not isinstance(weights, dict):
        raise ValueError("model weights must be a mapping")
    bias = raw["bias"]
    if not isinstance(bias, (int, float)):
        raise ValueError("model bias must be a number")
    return LogisticModel(float(bias), MappingProxyType({str(k): float(v) for k, v in weights.items()}))


def model_from_json(text: str) -> Model:
    """Read a model written by ``benchmarks/calibrate.py``.

    >>> m = model_from_json('{"version": "t1", "thresholds": {"place": 0.6},'
    ...     ' "rank": {"bias": 0, "weights": {}}, "confidence": {"bias": 1, "weights": {"exact": 2}}}')
    >>> m.version, m.thresholds["place"], m.confidence.logit({"exact": 1.0})
    ('t1', 0.6, 3.0)
    """
    raw = json.loads(text)
    thresholds = MappingProxyType({str(k): float(v) for k, v in raw["thresholds"].items()})
    version = str(raw.get("version", "unversioned"))
    return Model(_logistic(raw["rank"]), _logistic(raw["confidence"]), thresholds, version)


@functools.cache
def default_model() -> Model:
    """The calibrated model bundled with canonym."""
    return model_from_json(resources.files("canonym").joinpath("data/model.json").read_text("utf-8"))
