"""Find, resolve and rewrite every entity mention in running text, using the document.

Three passes over a text:

1. **Spans.** :mod:`canonym.mentions` finds runs of capitalised words; each run is split
   into the spans that resolve best (longest accepted span first, so "Chacalluta–Santa
   Rosa" becomes two mentions and "La Yarada-Los Palos" stays one). Leading titles are
   reported in ``Mention.title`` and left out of the span.
2. **Names.** A span whose own confidence reaches its type's threshold is linked
   (``via="name"``). These entities are what the document is about.
3. **Document.** A span below the threshold (a surname alone, a variant spelling) is
   linked when one of its candidates is an entity the document already names
   (``via="document"``: "Gehry" after "José Gehry"), preferring the one named most often;
   or when enough of a candidate's registry ``context`` words occur in the document and its
   own confidence is at least :data:`CONTEXT_FLOOR` (``via="context"``: "Cast" in an
   article about Chile's election). A capitalised word at the start of a sentence is only
   linked through the document, never through context alone.

``Mention.score`` is always the span's own confidence from the resolver; ``via`` says what
else was needed. Nothing below :data:`CANDIDATE_FLOOR` is linked whatever the document says.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from canonym.lexicon import Lexicon
from canonym.mentions import Run, Token, candidate_runs, tokenize
from canonym.models import Entity, Match
from canonym.normalize import normalize_text

if TYPE_CHECKING:
    from canonym.resolve import Resolver

__all__ = ["CANDIDATE_FLOOR", "CONTEXT_FLOOR", "Annotated", "Mention", "annotate"]

Via = Literal["name", "document", "context"]
CANDIDATE_FLOOR = 0.3
"""Below this name-level confidence a span is never linked, whatever the document says."""
CONTEXT_FLOOR = 0.5
"""Context words alone can link a span whose own confidence is at least this."""
_CONTEXT_WORDS = 2
_MAX_SPAN = 6
_CLOSE = 0.75


@dataclass(frozen=True)
class Mention:
    """One linked mention: ``text[start:end]`` is its surface form."""

    start: int
    end: int
    text: str
    entity: Entity
    score: float
    via: Via
    title: str = ""
    match: Match | None = field(default=None, repr=False, compare=False)

    def as_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready view."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.entity.id,
            "canonical": self.entity.canonical,
            "type": self.entity.type,
            "score": round(self.score, 4),
            "via": self.via,
        }
        if self.title:
            out["title"] = self.title
        if self.match is not None and self.match.evidence.suspicious:
            out["suspicious"] = list(self.match.evidence.suspicious)
        if evidence and self.match is not None:
            out["evidence"] = self.match.evidence.as_dict()
        return out


@dataclass(frozen=True)
class Annotated:
    """A text and the mentions found in it, in order of position."""

    text: str
    mentions: tuple[Mention, ...]

    def rewrite(self) -> str:
        """The text with every mention replaced by its entity's canonical name.

        >>> from canonym import Resolver
        >>> Resolver.default().annotate("Janet Jara met José Gehry in Lima.").rewrite()
        'Jeannette Jara met José Jerí in Lima.'
        """
        return self._splice(lambda m: m.entity.canonical)

    def mark(self) -> str:
        """The text with every mention marked inline as ``[surface](id)``.

        >>> from canonym import Resolver
        >>> Resolver.default().annotate("Gehry spoke.").mark()
        'Gehry spoke.'
        >>> Resolver.default().annotate("José Gehry spoke; Gehry left.").mark()
        '[José Gehry](jose-jeri) spoke; [Gehry](jose-jeri) left.'
        """
        return self._splice(lambda m: f"[{m.text}]({m.entity.id})")

    def _splice(self, replace: Any) -> str:
        parts: list[str] = []
        position = 0
        for mention in self.mentions:
            parts.append(self.text[position : mention.start])
            parts.append(replace(mention))
            position = mention.end
        parts.append(self.text[position:])
        return "".join(parts)

    def as_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready view: ``{"text": ..., "mentions": [...]}``."""
        return {"text": self.text, "mentions": [m.as_dict(evidence=evidence) for m in self.mentions]}


@dataclass(frozen=True)
class _Span:
    """A resolved span: token range, surface and the resolver's candidates for it."""

    first: int
    last: int  # exclusive
    start: int
    end: int
    title: str
    candidates: tuple[Match, ...]
    sentence_start: bool


def _surface(text: str, tokens: tuple[Token, ...]) -> str:
    return text[tokens[0].start : tokens[-1].end]


def _explained(match: Match) -> bool:
    """Whether every word of the span (but its titles) pairs closely with the alias: a span
    with a leftover word ("Chile and", "Chacalluta–Santa") is not one mention."""
    ev = match.evidence
    return not ev.unmatched_query and all(p.similarity >= _CLOSE for p in ev.pairs)


def _split(text: str, run: Run, resolver: Resolver, cache: Callable[[str], tuple[Match, ...]]) -> list[_Span]:
    """Split a run into the spans that resolve best, left to right: at each position the
    longest accepted, fully explained span; else the best-scoring explained one."""
    spans: list[_Span] = []
    tokens = run.tokens
    lexicon = resolver.lexicon
    i = 0
    unknown_before = False  # the previous word is a capitalised word that names nothing
    while i < len(tokens):
        best: tuple[int, tuple[Match, ...]] | None = None
        best_score = CANDIDATE_FLOOR
        word = tokens[i].text.lower()
        # A span starting with "and", "of" or a capitalised "In" must be a whole accepted
        # name ("The Clinic", "La Yarada-Los Palos"); otherwise the word is skipped.
        small_word = word in lexicon.function_words
        for j in range(min(len(tokens), i + _MAX_SPAN), i, -1):
            if tokens[j - 1].text.lower() in lexicon.particles and j - 1 > i:
                continue  # nor ends with one
            found = cache(_surface(text, tokens[i:j]))
            if not found or not _explained(found[0]):
                continue
            top = found[0]
            if resolver.accepts(top):
                best = (j, found)
                break
            if top.score > best_score and not small_word:
                best, best_score = (j, found), top.score
        if best is None or _is_demonym(tokens[i : best[0]], lexicon):
            unknown_before = (
                not small_word and not run.dash_before[i] and not _is_demonym(tokens[i : i + 1], lexicon)
            )
            i += 1
            continue
        j, found = best
        titled = bool(found[0].evidence.ignored)
        if not (unknown_before and not run.dash_before[i] and not tokens[i].headline and not titled):
            # After an unknown capitalised word the name is someone else's ("Melania Trump"),
            # unless a title stands between them ("Chilian Security Minister Luis Cordero").
            spans.append(_trim(text, tokens, i, j, found))
        unknown_before = False
        i = j
    return spans


def _is_demonym(tokens: tuple[Token, ...], lexicon: Lexicon) -> bool:
    """A span ending in a nationality word ("Chilean", "Venezuelans", "South American")
    describes people or things, not the country or region."""
    word = _fold(tokens[-1].text)
    return word in lexicon.demonyms or (word.endswith("s") and word[:-1] in lexicon.demonyms)


def _trim(text: str, tokens: tuple[Token, ...], i: int, j: int, found: tuple[Match, ...]) -> _Span:
    """Leave leading titles (reported) and a leading "The" the alias lacks out of the span."""
    top = found[0]
    first = i
    if (
        first < j - 1
        and _fold(tokens[first].text) == "the"
        and not top.evidence.alias_normalized.startswith("the ")
    ):
        first += 1
    title_start = first
    ignored = list(top.evidence.ignored)
    while first < j - 1 and ignored and _fold(tokens[first].text) == ignored[0]:
        ignored.pop(0)
        first += 1
    title = text[tokens[title_start].start : tokens[first - 1].end] if first > title_start else ""
    return _Span(first, j, tokens[first].start, tokens[j - 1].end, title, found, tokens[i].sentence_start)


def annotate(text: str, resolver: Resolver, *, source_lang: str | None = None) -> Annotated:
    """Every mention in ``text`` that resolves, by name or through the document."""

    def cache(surface: str) -> tuple[Match, ...]:
        return resolver._memo_candidates(surface, source_lang)

    tokens = tokenize(text, resolver.lexicon.particles)
    spans = [
        s
        for run in candidate_runs(text, tokens, resolver.lexicon)
        for s in _split(text, run, resolver, cache)
    ]
    named: Counter[str] = Counter()
    for span in spans:
        if resolver.accepts(span.candidates[0]) and not _part_of_a_name(span, span.candidates[0]):
            named[span.candidates[0].entity.id] += 1
    words = _DocumentWords(text)
    mentions = []
    for span in spans:
        linked = _link(span, named, words, resolver)
        if linked is not None:
            match, via = linked
            mentions.append(
                Mention(
                    span.start,
                    span.end,
                    text[span.start : span.end],
                    match.entity,
                    match.score,
                    via,
                    span.title,
                    match,
                )
            )
    return Annotated(text, tuple(mentions))


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    return normalize_text(word)


class _DocumentWords:
    """The document's normalised words, computed only if a context check needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None

    def get(self) -> set[str]:
        if self._words is None:
            self._words = {w for word in set(self._text.split()) for w in _fold(word).split()}
        return self._words


def _link(
    span: _Span, named: Counter[str], words: _DocumentWords, resolver: Resolver
) -> tuple[Match, Via] | None:
    top = span.candidates[0]
    if resolver.accepts(top) and not _part_of_a_name(span, top):
        return top, "name"
    usable = [m for m in span.candidates if m.score >= CANDIDATE_FLOOR and _distinctive(m, resolver)]
    in_document = [m for m in usable if named[m.entity.id]]
    if in_document:
        best = max(in_document, key=lambda m: (named[m.entity.id], m.score))
        return best, "document"
    if span.sentence_start or not usable or usable[0] is not top or top.score < CONTEXT_FLOOR:
        return None
    if _part_of_a_name(span, top):
        return None
    context = {w for phrase in top.entity.context for w in normalize_text(phrase).split()}
    if len(context & words.get()) >= _CONTEXT_WORDS:
        return top, "context"
    return None


def _part_of_a_name(span: _Span, match: Match) -> bool:
    """A single word that is only part of an organisation's or place's name ("Migration",
    "Police"): in running text, and in title-case headlines above all, such a word is far
    more often a common noun than the name, so it links only through the document. A
    person's surname alone ("Cordero") is the usual way to name a person again."""
    if span.last - span.first != 1 or match.entity.type == "person":
        return False
    return any(w for w in match.evidence.unmatched_alias if w not in ("the",))


def _distinctive(match: Match, resolver: Resolver) -> bool:
    """Whether the span matched the alias's most distinctive word (its rarest), closely:
    "Gehry" for "José Jerí" does, "Border" for "Chacalluta Border Crossing" would not."""
    alias_words = match.evidence.alias_normalized.split()
    if not alias_words:
        return False
    rarest = max(alias_words, key=resolver.index.weight)
    return any(p.similarity >= _CLOSE and rarest in p.alias.split() for p in match.evidence.pairs)
