"""Scoring at a glance: the public names of the three modules that score a candidate.

- :mod:`canonym.similarity`: how alike two words are (:func:`word_similarity`);
- :mod:`canonym.features`: the features of a candidate, computed in one place for the
  resolver and for calibration alike (:func:`compare`, :func:`decision_features`,
  :data:`FEATURES`);
- :mod:`canonym.model`: the logistic models that turn features into a rank and a calibrated
  confidence, with their thresholds and version (:class:`Model`, :func:`default_model`).

>>> from canonym.scoring import FEATURES, word_similarity
>>> "margin" in FEATURES
True
"""

from __future__ import annotations

from canonym.features import FEATURES, Comparison, compare, decision_features
from canonym.model import LogisticModel, Model, default_model, model_from_json, sigmoid, term_value
from canonym.similarity import word_similarity

__all__ = [
    "FEATURES",
    "Comparison",
    "LogisticModel",
    "Model",
    "compare",
    "decision_features",
    "default_model",
    "model_from_json",
    "sigmoid",
    "term_value",
    "word_similarity",
]
