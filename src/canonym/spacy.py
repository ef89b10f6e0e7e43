"""canonym as a spaCy pipeline component: link a doc's entities to registry entities.

Installed with ``pip install "canonym[spacy]"``, the component is registered through spaCy's
``spacy_factories`` entry point, so no import is needed::

    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("canonym", config={"registries": ["world"]})
    doc = nlp("Talks in Tokio and Washington.")
    [(ent.text, ent.kb_id_, ent._.canonym["score"]) for ent in doc.ents]

When an earlier component has set ``doc.ents`` (a trained NER, an EntityRuler), each entity
is resolved by its text and keeps its span and label; one that resolves gets ``kb_id_`` and
``span._.canonym``, one that does not is kept as it was (nothing is dropped). When there are
no entities, the component finds its own mentions with :meth:`Resolver.annotate` and sets
them as ``doc.ents``, with the labels of ``labels``.

``span._.canonym`` is a plain dict (it travels with ``Doc.to_bytes`` and ``nlp.pipe(...,
n_process=N)``): ``id``, ``canonical``, ``type``, ``score`` (the calibrated confidence),
``via`` (``name``, ``document`` or ``context``: see :mod:`canonym.text`), ``title`` and
``evidence`` (:meth:`Evidence.as_dict`).

The config (all JSON values, so ``nlp.to_disk`` / ``spacy.load`` keep it):

``registries``
    bundled registry names (``story``, ``world``) and registry files, merged in order.
    ``nlp.to_disk`` copies the files into the pipeline's folder, so the saved pipeline
    loads on another machine.
``threshold``
    minimum confidence of a link (``null``: each entity type's default).
``date``
    the date the texts speak of (ISO 8601, e.g. ``"2025-11-20"``); stored with the pipeline.
``source_lang``
    the language the text was translated from (ISO 639-1), as ``canonym resolve --lang``.
``labels``
    the spaCy label given to each entity type's mentions the component finds itself.
"""

# No `from __future__ import annotations`: spaCy validates a factory's config against its
# signature's annotations at run time, so they must be real types.

import datetime
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from canonym.models import Match
from canonym.registry import BUNDLED
from canonym.resolve import Resolver
from canonym.text import Mention

__all__ = ["DEFAULT_LABELS", "EXTENSION", "CanonymComponent", "make_canonym"]

EXTENSION = "canonym"
"""The name of the Span extension the component sets: ``span._.canonym``."""
DEFAULT_LABELS: dict[str, str] = {"person": "PERSON", "place": "GPE", "organization": "ORG"}
_REGISTRY_FOLDER = "registries"


def _link(
    *,
    id: str,
    canonical: str,
    type: str,
    score: float,
    via: str,
    title: str,
    match: Match | None,
) -> dict[str, Any]:
    return {
        "id": id,
        "canonical": canonical,
        "type": type,
        "score": score,
        "via": via,
        "title": title,
        "evidence": None if match is None else match.evidence.as_dict(),
    }


def mention_link(mention: Mention) -> dict[str, Any]:
    """The ``span._.canonym`` value of a mention :meth:`Resolver.annotate` found."""
    e = mention.entity
    return _link(
        id=e.id,
        canonical=e.canonical,
        type=e.type,
        score=mention.score,
        via=mention.via,
        title=mention.title,
        match=mention.match,
    )


def match_link(match: Match) -> dict[str, Any]:
    """The ``span._.canonym`` value of an entity span resolved by its own text."""
    e = match.entity
    return _link(
        id=e.id, canonical=e.canonical, type=e.type, score=match.score, via="name", title="", match=match
    )


def _check_date(date: Optional[str]) -> Optional[str]:  # noqa: UP045 (spaCy reads the annotation)
    if date is not None:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise ValueError(f"canonym: config date: {date!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    return date


class CanonymComponent:
    """The pipeline component; build it with ``nlp.add_pipe("canonym", config={...})``."""

    def __init__(
        self,
        name: str = "canonym",
        *,
        registries: Sequence[str] = ("story",),
        threshold: float | None = None,
        date: str | None = None,
        source_lang: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.registries = list(registries)
        self.threshold = threshold
        self.date = _check_date(date)
        self.source_lang = source_lang
        self.labels = dict(DEFAULT_LABELS if labels is None else labels)
        # spacy.load builds the component from its config before from_disk hands it the saved
        # copies of the registry files, so a file that is gone is only an error on first use.
        self._resolver: Resolver | None = None
        if all(r in BUNDLED or Path(r).exists() for r in self.registries):
            self._resolver = Resolver.from_registries(self.registries)
        if not Span.has_extension(EXTENSION):
            Span.set_extension(EXTENSION, default=None)

    @property
    def resolver(self) -> Resolver:
        """The resolver over :attr:`registries`."""
        if self._resolver is None:
            self._resolver = Resolver.from_registries(self.registries)
        return self._resolver

    def __call__(self, doc: Doc) -> Doc:
        if doc.ents:
            doc.ents = [self._link_entity(doc, ent) for ent in doc.ents]
            return doc
        annotated = self.resolver.annotate(doc.text, source_lang=self.source_lang)
        found = []
        for mention in annotated.mentions:
            if self.threshold is not None and mention.score < self.threshold:
                continue
            span = self._span(doc, mention)
            if span is not None:
                found.append((span, mention))
        # A mention whose characters cut through a spaCy token is widened to whole tokens,
        # which can make two overlap; the longer one is kept, as spaCy's own rulers do.
        kept = {(s.start, s.end) for s in filter_spans([s for s, _ in found])}
        chosen = [(s, m) for s, m in found if (s.start, s.end) in kept]
        for span, mention in chosen:
            span._.set(EXTENSION, mention_link(mention))
        doc.ents = [s for s, _ in chosen]
        return doc

    def _span(self, doc: Doc, mention: Mention) -> Span | None:
        label = self.labels.get(mention.entity.type, mention.entity.type.upper())
        for mode in ("strict", "expand"):
            span = doc.char_span(
                mention.start, mention.end, label=label, kb_id=mention.entity.id, alignment_mode=mode
            )
            if span is not None:
                return span
        return None

    def _link_entity(self, doc: Doc, ent: Span) -> Span:
        match = self.resolver.resolve(ent.text, threshold=self.threshold, source_lang=self.source_lang)
        if match is None:
            return ent
        span = Span(doc, ent.start, ent.end, label=ent.label, kb_id=match.entity.id)
        span._.set(EXTENSION, match_link(match))
        return span

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:  # noqa: ARG002 (spaCy's signature)
        for doc in docs:
            yield self(doc)

    # --- serialisation: the registry files travel with the pipeline ---------------------

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:  # noqa: ARG002 (spaCy's signature)
        """Copy the registry files (not the bundled ones) into ``path``."""
        folder = Path(path) / _REGISTRY_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for number, source in enumerate(self.registries):
            if source not in BUNDLED:
                shutil.copyfile(source, folder / f"{number}.yaml")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CanonymComponent":  # noqa: ARG002
        """Load the registry files :meth:`to_disk` saved (the config still names the originals)."""
        folder = Path(path) / _REGISTRY_FOLDER
        copies = [r if r in BUNDLED else str(folder / f"{n}.yaml") for n, r in enumerate(self.registries)]
        if any(r not in BUNDLED for r in self.registries):
            self._resolver = Resolver.from_registries(copies)
        return self


@Language.factory(
    "canonym",
    default_config={
        "registries": ["story"],
        "threshold": None,
        "date": None,
        "source_lang": None,
        "labels": DEFAULT_LABELS,
    },
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "token.ent_kb_id", "span._.canonym"],
)
def make_canonym(
    nlp: Language,  # noqa: ARG001 (spaCy's factory signature)
    name: str,
    *,
    registries: list[str],
    threshold: Optional[float],  # noqa: UP045 (spaCy reads the annotation)
    date: Optional[str],  # noqa: UP045
    source_lang: Optional[str],  # noqa: UP045
    labels: dict[str, str],
) -> CanonymComponent:
    """spaCy's factory for the ``canonym`` component (see the module's docstring).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("canonym")
    >>> [(e.text, e.label_, e.kb_id_, e._.canonym["via"]) for e in nlp("José Gehry spoke in Lima.").ents]
    [('José Gehry', 'PERSON', 'jose-jeri', 'name'), ('Lima', 'GPE', 'lima', 'name')]
    """
    return CanonymComponent(
        name, registries=registries, threshold=threshold, date=date, source_lang=source_lang, labels=labels
    )
